"""PLN_AZ_009: Log Analytics workspaces retain logs at least 365 days (the default is 30)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, number, result

MIN_DAYS = 365


class WorkspaceRetention(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AZ_009", "Log Analytics workspaces retain logs for at least 365 days",
                         ("azurerm_log_analytics_workspace",), CheckCategories.LOGGING, ("retention_in_days",))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        days = number(conf.get("retention_in_days"))
        return result(days is not None and days >= MIN_DAYS)


check = WorkspaceRetention()
