"""PLN_AWS_011: SageMaker endpoint configurations encrypt the ML storage volumes of their instances
with a customer-managed key (`kms_key_arn`), unless every variant runs on an instance type with
local NVMe instance storage.

Replaces CKV_AWS_98 (which asks for `kms_key_arn` everywhere). SageMaker rejects an endpoint key
when a variant's instance type has local instance storage, which is encrypted in hardware on the
instance; the families are the data list policies/data/sagemaker_instance_store.yaml (with its
sources). A variant without a literal instance type (serverless, or an expression) needs the key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, blocks, is_set, result

DATA = Path(__file__).resolve().parent.parent / "data" / "sagemaker_instance_store.yaml"
INSTANCE_STORE_FAMILIES = frozenset(yaml.safe_load(DATA.read_text(encoding="utf-8"))["families"])


def family(instance_type: Any) -> str | None:
    """`ml.g6.xlarge` → `g6`; None for anything that is not a literal SageMaker instance type."""
    if not isinstance(instance_type, str) or not instance_type.startswith("ml.") or "${" in instance_type:
        return None
    parts = instance_type.split(".")
    return parts[1] if len(parts) == 3 else None


def on_instance_store(variant: dict[str, Any]) -> bool:
    return family(attr(variant, "instance_type")) in INSTANCE_STORE_FAMILIES


class EndpointStorageKey(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AWS_011", "SageMaker endpoint storage is encrypted with a customer-managed key "
                         "(or is instance storage, encrypted in hardware)",
                         ("aws_sagemaker_endpoint_configuration",), CheckCategories.ENCRYPTION,
                         ("kms_key_arn", "production_variants/instance_type"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        if is_set(attr(conf, "kms_key_arn")):
            return CheckResult.PASSED
        variants = blocks(conf, "production_variants") + blocks(conf, "shadow_production_variants")
        return result(bool(variants) and all(on_instance_store(v) for v in variants))


check = EndpointStorageKey()
