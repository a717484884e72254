"""PLN_AWS_010: ECR repository creation templates (which define the repositories AWS creates for
replication and pull-through caches, outside Terraform) encrypt with KMS."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, result


class CreationTemplateKms(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_AWS_010", "ECR repository creation templates encrypt repositories with KMS",
                         ("aws_ecr_repository_creation_template",), CheckCategories.ENCRYPTION,
                         ("encryption_configuration/encryption_type",))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        kind = str(attr(conf, "encryption_configuration", "encryption_type", default="AES256")).upper()
        return result(kind in ("KMS", "KMS_DSSE"))


check = CreationTemplateKms()
