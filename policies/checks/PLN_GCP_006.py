"""PLN_GCP_006: Cloud Logging buckets are locked (`locked = true`), so retention cannot be shortened
and logs cannot be deleted before it ends."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, result, truthy


class LogBucketLocked(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_GCP_006", "Cloud Logging buckets are locked against retention changes",
                         ("google_logging_project_bucket_config",), CheckCategories.LOGGING, ("locked",))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        return result(truthy(conf.get("locked")) is True)


check = LogBucketLocked()
