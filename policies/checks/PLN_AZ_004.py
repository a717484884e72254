"""PLN_AZ_004: container registries are encrypted with a customer-managed key
(`encryption { key_vault_key_id, identity_client_id }`)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, is_set, result, truthy


class RegistryCmk(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AZ_004", "Container registries are encrypted with a customer-managed key",
                         ("azurerm_container_registry",), CheckCategories.ENCRYPTION,
                         ("encryption/key_vault_key_id", "encryption/identity_client_id"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        if truthy(attr(conf, "encryption", "enabled")) is False:  # azurerm 3.x
            return CheckResult.FAILED
        return result(is_set(attr(conf, "encryption", "key_vault_key_id"))
                      and is_set(attr(conf, "encryption", "identity_client_id")))


check = RegistryCmk()
