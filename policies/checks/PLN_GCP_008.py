"""PLN_GCP_008: Vertex AI TensorBoards (experiment tracking: metrics, and whatever the training
code logs) are encrypted with a customer-managed key (`encryption_spec.kms_key_name`)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, is_set, result


class TensorboardCmek(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_GCP_008", "Vertex AI TensorBoards are encrypted with a customer-managed key",
                         ("google_vertex_ai_tensorboard",), CheckCategories.ENCRYPTION,
                         ("encryption_spec/kms_key_name",))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        return result(is_set(attr(conf, "encryption_spec", "kms_key_name")))


check = TensorboardCmek()
