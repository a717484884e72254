"""PLN_AZ_001: storage accounts accept HTTPS only.

Closes CKV_AZURE_3's false negative: it reads the pre-4.x attribute `enable_https_traffic_only` and
passes when that attribute is missing, so azurerm 4.x `https_traffic_only_enabled = false` passes
it. Both attributes are read here; the provider default (true) passes.
"""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, result, truthy


class StorageHttpsOnly(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AZ_001", "Storage accounts accept HTTPS traffic only (azurerm 3.x and 4.x attributes)",
                         ("azurerm_storage_account",), CheckCategories.NETWORKING,
                         ("https_traffic_only_enabled", "enable_https_traffic_only"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        settings = [truthy(conf.get(k)) for k in ("https_traffic_only_enabled", "enable_https_traffic_only")]
        return result(False not in settings)


check = StorageHttpsOnly()
