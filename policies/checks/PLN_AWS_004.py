"""PLN_AWS_004: SageMaker endpoint data capture (captured requests and responses, which may hold
PHI or PAN) is encrypted with a customer-managed KMS key."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, blocks, is_set, result, truthy


class EndpointDataCaptureCmk(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AWS_004", "SageMaker endpoint data capture is encrypted with a customer-managed key",
                         ("aws_sagemaker_endpoint_configuration",), CheckCategories.ENCRYPTION,
                         ("data_capture_config/kms_key_id",))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        captures = [c for c in blocks(conf, "data_capture_config") if truthy(c.get("enable_capture")) is not False]
        if not captures:
            return CheckResult.PASSED  # nothing is captured
        return result(all(is_set(attr(c, "kms_key_id")) for c in captures))


check = EndpointDataCaptureCmk()
