"""PLN_AZ_003: Azure Managed Lustre file systems (the cache tier) are encrypted with a
customer-managed key (`encryption_key { key_url, source_vault_id }`)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, is_set, result


class ManagedLustreCmk(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AZ_003", "Managed Lustre file systems are encrypted with a customer-managed key",
                         ("azurerm_managed_lustre_file_system",), CheckCategories.ENCRYPTION,
                         ("encryption_key/key_url", "encryption_key/source_vault_id"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        return result(is_set(attr(conf, "encryption_key", "key_url"))
                      and is_set(attr(conf, "encryption_key", "source_vault_id")))


check = ManagedLustreCmk()
