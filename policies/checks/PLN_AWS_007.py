"""PLN_AWS_007: launch templates (EKS node groups) encrypt every EBS volume with a customer-managed
KMS key. checkov's EBS checks do not read launch templates."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, blocks, is_set, result, truthy


class LaunchTemplateEbsCmk(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AWS_007", "Launch template EBS volumes are encrypted with a customer-managed key",
                         ("aws_launch_template",), CheckCategories.ENCRYPTION,
                         ("block_device_mappings/ebs/encrypted", "block_device_mappings/ebs/kms_key_id"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        volumes = [ebs for mapping in blocks(conf, "block_device_mappings") for ebs in blocks(mapping, "ebs")]
        if not volumes:
            return CheckResult.FAILED  # the AMI's default root volume is not provably encrypted
        return result(all(truthy(v.get("encrypted")) is True and is_set(attr(v, "kms_key_id")) for v in volumes))


check = LaunchTemplateEbsCmk()
