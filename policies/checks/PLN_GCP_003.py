"""PLN_GCP_003: GKE encrypts Kubernetes secrets at the application layer with a Cloud KMS key
(`database_encryption { state = "ENCRYPTED", key_name = ... }`)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, is_set, result


class GkeSecretsEncryption(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_GCP_003", "GKE clusters encrypt Kubernetes secrets with a customer-managed key",
                         ("google_container_cluster",), CheckCategories.KUBERNETES,
                         ("database_encryption/state", "database_encryption/key_name"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        state = str(attr(conf, "database_encryption", "state", default="")).upper()
        return result(state == "ENCRYPTED" and is_set(attr(conf, "database_encryption", "key_name")))


check = GkeSecretsEncryption()
