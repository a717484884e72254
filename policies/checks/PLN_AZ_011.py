"""PLN_AZ_011: storage accounts use infrastructure (double) encryption
(`infrastructure_encryption_enabled = true`; it can only be set at creation)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, result, truthy


class StorageInfrastructureEncryption(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AZ_011", "Storage accounts use infrastructure (double) encryption",
                         ("azurerm_storage_account",), CheckCategories.ENCRYPTION,
                         ("infrastructure_encryption_enabled",))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        return result(truthy(conf.get("infrastructure_encryption_enabled")) is True)


check = StorageInfrastructureEncryption()
