"""PLN_GCP_007: Artifact Registry repositories do not turn vulnerability scanning off
(`vulnerability_scanning_config.enablement_config = "DISABLED"`)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, result


class RegistryScanning(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_GCP_007", "Artifact Registry repositories keep vulnerability scanning on",
                         ("google_artifact_registry_repository",), CheckCategories.SUPPLY_CHAIN,
                         ("vulnerability_scanning_config/enablement_config",))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        setting = str(attr(conf, "vulnerability_scanning_config", "enablement_config", default="")).upper()
        return result(setting != "DISABLED")


check = RegistryScanning()
