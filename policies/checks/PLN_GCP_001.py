"""PLN_GCP_001: Cloud Storage buckets encrypt objects with a customer-managed key
(`encryption.default_kms_key_name`)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, is_set, result


class BucketCmek(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_GCP_001", "Cloud Storage buckets are encrypted with a customer-managed key",
                         ("google_storage_bucket",), CheckCategories.ENCRYPTION,
                         ("encryption/default_kms_key_name",))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        return result(is_set(attr(conf, "encryption", "default_kms_key_name")))


check = BucketCmek()
