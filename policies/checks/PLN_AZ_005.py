"""PLN_AZ_005: Azure Machine Learning workspaces (models, data, run history) are encrypted with a
customer-managed key (`encryption { key_vault_id, key_id }`)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, is_set, result


class MlWorkspaceCmk(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AZ_005", "Machine Learning workspaces are encrypted with a customer-managed key",
                         ("azurerm_machine_learning_workspace",), CheckCategories.ENCRYPTION,
                         ("encryption/key_vault_id", "encryption/key_id"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        return result(is_set(attr(conf, "encryption", "key_vault_id")) and is_set(attr(conf, "encryption", "key_id")))


check = MlWorkspaceCmk()
