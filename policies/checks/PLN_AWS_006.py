"""PLN_AWS_006: a SageMaker model package group policy grants nothing to everyone (`"*"`).
An unparseable policy (an expression) cannot be proven private and fails."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, json_document, principal_is_public, result, statements


class ModelPackageGroupPolicyNotPublic(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AWS_006", "SageMaker model package group policy does not allow any principal (*)",
                         ("aws_sagemaker_model_package_group_policy",), CheckCategories.IAM,
                         ("resource_policy",))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        document = json_document(conf.get("resource_policy"))
        if document is None:
            return CheckResult.FAILED
        public = any(s.get("Effect", "Allow") == "Allow" and principal_is_public(s.get("Principal"))
                     and "Condition" not in s for s in statements(document))
        return result(not public)


check = ModelPackageGroupPolicyNotPublic()
