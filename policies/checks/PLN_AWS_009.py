"""PLN_AWS_009: the ECR registry scans images with Amazon Inspector (`scan_type = "ENHANCED"`), which
rescans continuously as new vulnerabilities are published; BASIC scans only on push."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, blocks, result

FREQUENCIES = ("CONTINUOUS_SCAN", "SCAN_ON_PUSH")


class RegistryEnhancedScanning(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AWS_009", "ECR registry scanning is ENHANCED (Amazon Inspector) with a scanning rule",
                         ("aws_ecr_registry_scanning_configuration",), CheckCategories.SUPPLY_CHAIN,
                         ("scan_type", "rule/scan_frequency"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        if str(attr(conf, "scan_type", default="")).upper() != "ENHANCED":
            return CheckResult.FAILED
        return result(any(str(attr(r, "scan_frequency", default="")).upper() in FREQUENCIES
                          for r in blocks(conf, "rule")))


check = RegistryEnhancedScanning()
