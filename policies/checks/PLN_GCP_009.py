"""PLN_GCP_009: Artifact Registry Docker repositories keep tags immutable
(`docker_config.immutable_tags = true`), so a released tag always names the image that was scanned
and approved. Repositories of other formats, and remote or virtual repositories (which hold no
pushed tags of their own), are out of scope. checkov has no such check (the AWS one is CKV_AWS_51)."""

from __future__ import annotations

from typing import Any

from checkov.common.models.enums import CheckCategories, CheckResult

from plinth_checklib import PlinthCheck, attr, result, truthy


class RegistryImmutableTags(PlinthCheck):
    def __init__(self) -> None:
        super().__init__("PLN_GCP_009", "Artifact Registry Docker repositories keep tags immutable",
                         ("google_artifact_registry_repository",), CheckCategories.SUPPLY_CHAIN,
                         ("format", "mode", "docker_config/immutable_tags"))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:
        if str(attr(conf, "format", default="")).upper() != "DOCKER":
            return CheckResult.PASSED
        if str(attr(conf, "mode", default="STANDARD_REPOSITORY")).upper() != "STANDARD_REPOSITORY":
            return CheckResult.PASSED
        return result(truthy(attr(conf, "docker_config", "immutable_tags")) is True)


check = RegistryImmutableTags()
