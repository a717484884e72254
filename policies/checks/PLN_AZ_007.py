"""PLN_AZ_007: storage accounts keep blob versions (`blob_properties.versioning_enabled = true`), so
overwritten or deleted data can be recovered."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, result, truthy


class BlobVersioning(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AZ_007", "Storage accounts keep blob versions",
                         ("azurerm_storage_account",), CheckCategories.BACKUP_AND_RECOVERY,
                         ("blob_properties/versioning_enabled",))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        return result(truthy(attr(conf, "blob_properties", "versioning_enabled")) is True)


check = BlobVersioning()
