"""PLN_AWS_005: VPC flow logs record all traffic (`traffic_type = "ALL"`), accepted and rejected."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, result


class FlowLogAllTraffic(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AWS_005", "VPC flow logs capture all traffic (accepted and rejected)",
                         ("aws_flow_log",), CheckCategories.LOGGING, ("traffic_type",))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        return result(str(attr(conf, "traffic_type", default="")).upper() == "ALL")


check = FlowLogAllTraffic()
