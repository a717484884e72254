"""PLN_AZ_010: Key Vault keys rotate automatically (`rotation_policy { automatic { ... } }`)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, blocks, is_set, result


class KeyRotationPolicy(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AZ_010", "Key Vault keys have an automatic rotation policy",
                         ("azurerm_key_vault_key",), CheckCategories.ENCRYPTION,
                         ("rotation_policy/automatic/time_after_creation", "rotation_policy/automatic/time_before_expiry"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        for policy in blocks(conf, "rotation_policy"):
            for auto in blocks(policy, "automatic"):
                if is_set(attr(auto, "time_after_creation")) or is_set(attr(auto, "time_before_expiry")):
                    return CheckResult.PASSED
        return result(False)


check = KeyRotationPolicy()
