"""PLN_AWS_003: CloudTrail records S3 data events (object reads and writes), so access to PHI or
PAN in the data lake is in the audit trail (AWS Config: CLOUDTRAIL_S3_DATAEVENTS_ENABLED)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, as_list, attr, blocks, result

S3_OBJECT = "AWS::S3::Object"


def _basic_selectors_log_s3(conf: dict[str, Any]) -> bool:
    for selector in blocks(conf, "event_selector"):
        if str(attr(selector, "read_write_type", default="All")) != "All":
            continue
        for data in blocks(selector, "data_resource"):
            if attr(data, "type") == S3_OBJECT and as_list(data.get("values")):
                return True
    return False


def _advanced_selectors_log_s3(conf: dict[str, Any]) -> bool:
    for selector in blocks(conf, "advanced_event_selector"):
        fields = {attr(f, "field"): as_list(f.get("equals")) for f in blocks(selector, "field_selector")}
        if fields.get("eventCategory") == ["Data"] and S3_OBJECT in fields.get("resources.type", []) \
                and "readOnly" not in fields:
            return True
    return False


class CloudTrailS3DataEvents(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AWS_003", "CloudTrail records S3 object-level data events (reads and writes)",
                         ("aws_cloudtrail",), CheckCategories.LOGGING, ("event_selector", "advanced_event_selector"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        return result(_basic_selectors_log_s3(conf) or _advanced_selectors_log_s3(conf))


check = CloudTrailS3DataEvents()
