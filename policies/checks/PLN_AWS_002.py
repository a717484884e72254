"""PLN_AWS_002: SageMaker models run inside the blueprint's VPC (`vpc_config` with subnets and
security groups), so endpoints are reachable only from private networks."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, as_list, blocks, result


class SageMakerModelInVpc(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AWS_002", "SageMaker models run in a VPC (vpc_config with subnets and security groups)",
                         ("aws_sagemaker_model",), CheckCategories.NETWORKING,
                         ("vpc_config/subnets", "vpc_config/security_group_ids"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        configs = blocks(conf, "vpc_config")
        return result(any(as_list(c.get("subnets")) and as_list(c.get("security_group_ids")) for c in configs))


check = SageMakerModelInVpc()
