"""PLN_GCP_002: Filestore instances (the cache tier) are encrypted with a customer-managed key."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, is_set, result


class FilestoreCmek(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_GCP_002", "Filestore instances are encrypted with a customer-managed key",
                         ("google_filestore_instance",), CheckCategories.ENCRYPTION, ("kms_key_name",))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        return result(is_set(attr(conf, "kms_key_name")))


check = FilestoreCmek()
