"""PLN_AZ_008: network flow logs are not deleted before 365 days. A retention policy that is
enabled must keep at least 365 days (0 means forever); a disabled policy deletes nothing."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, blocks, number, truthy

MIN_DAYS = 365


class FlowLogRetention(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AZ_008", "Network flow logs are retained for at least 365 days",
                         ("azurerm_network_watcher_flow_log",), CheckCategories.LOGGING,
                         ("retention_policy/enabled", "retention_policy/days"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        for policy in blocks(conf, "retention_policy"):
            if truthy(policy.get("enabled")) is False:
                continue
            days = number(attr(policy, "days"))
            if days is None or 0 < days < MIN_DAYS:
                return CheckResult.FAILED
        return CheckResult.PASSED


check = FlowLogRetention()
