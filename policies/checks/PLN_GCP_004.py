"""PLN_GCP_004: Cloud Logging buckets keep logs at least 365 days (the `_Default` bucket keeps 30
days unless configured)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, number, result

MIN_DAYS = 365


class LogBucketRetention(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_GCP_004", "Cloud Logging buckets retain logs for at least 365 days",
                         ("google_logging_project_bucket_config",), CheckCategories.LOGGING, ("retention_days",))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        days = number(conf.get("retention_days"))
        return result(days is not None and days >= MIN_DAYS)


check = LogBucketRetention()
