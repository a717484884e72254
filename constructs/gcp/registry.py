"""registry → Artifact Registry Docker repositories (CMEK, vulnerability scanning, immutable tags,
cleanup policies) in the primary region and, with `replicate`, in every serving region (Artifact
Registry has no cross-region replication: the release pipeline pushes to each); a GENERIC
repository for model artifacts (the model registry: Vertex AI Model Registry has no Terraform
resource); and, with `experiment_tracking`, a Vertex AI TensorBoard with CMEK."""

from __future__ import annotations

from cdktf_cdktf_provider_google.artifact_registry_repository import (
    ArtifactRegistryRepository,
    ArtifactRegistryRepositoryCleanupPolicies,
    ArtifactRegistryRepositoryCleanupPoliciesCondition,
    ArtifactRegistryRepositoryCleanupPoliciesMostRecentVersions,
    ArtifactRegistryRepositoryDockerConfig,
    ArtifactRegistryRepositoryVulnerabilityScanningConfig,
)
from cdktf_cdktf_provider_google.vertex_ai_tensorboard import VertexAiTensorboard, VertexAiTensorboardEncryptionSpec
from constructs import Construct

from plinth.model import Registry
from . import _base
from ._base import Context

KEEP_VERSIONS = 20
UNTAGGED_AFTER = "1209600s"  # 14 days


def cleanup_policies() -> list[ArtifactRegistryRepositoryCleanupPolicies]:
    """Delete untagged images after 14 days; always keep the 20 newest versions of each package."""
    return [
        ArtifactRegistryRepositoryCleanupPolicies(
            id="delete-untagged", action="DELETE",
            condition=ArtifactRegistryRepositoryCleanupPoliciesCondition(tag_state="UNTAGGED", older_than=UNTAGGED_AFTER)),
        ArtifactRegistryRepositoryCleanupPolicies(
            id="keep-recent", action="KEEP",
            most_recent_versions=ArtifactRegistryRepositoryCleanupPoliciesMostRecentVersions(keep_count=KEEP_VERSIONS)),
    ]


class RegistryConstruct(Construct):
    def __init__(self, scope: Construct, ctx: Context, reg: Registry) -> None:
        super().__init__(scope, reg.name)
        bp = ctx.bp
        stack = ctx.stack_of(reg)
        site = ctx.site(stack)
        labels = _base.labels(bp, reg.name)
        self.repositories: dict[tuple[str, str], ArtifactRegistryRepository] = {}  # (repo, region) → resource
        for region in _base.registry_regions(bp, reg):
            key = ctx.key("artifacts", region)
            deps = ctx.key_deps("artifacts", region, stack)
            for repo in reg.repositories:
                self.repositories[(repo, region)] = ArtifactRegistryRepository(
                    self, f"{repo}-{region}", repository_id=_base.name(bp.name, reg.name, repo), project=site.project,
                    location=region, format="DOCKER", mode="STANDARD_REPOSITORY",
                    description=f"container images `{repo}` of blueprint {bp.name}",
                    kms_key_name=key.id,
                    docker_config=ArtifactRegistryRepositoryDockerConfig(immutable_tags=reg.immutable_tags),
                    vulnerability_scanning_config=ArtifactRegistryRepositoryVulnerabilityScanningConfig(
                        enablement_config="INHERITED" if reg.scan_on_push else "DISABLED"),
                    cleanup_policies=cleanup_policies(), cleanup_policy_dry_run=False,
                    labels=labels, depends_on=deps or None)
            if reg.models:
                self.repositories[("models", region)] = ArtifactRegistryRepository(
                    self, f"models-{region}", repository_id=_base.name(bp.name, reg.name, "models"), project=site.project,
                    location=region, format="GENERIC", mode="STANDARD_REPOSITORY",
                    description=f"model artifacts (model registry) of blueprint {bp.name}",
                    kms_key_name=key.id, labels=labels, depends_on=deps or None)
        self.tensorboard = None
        if reg.experiment_tracking:
            self.tensorboard = VertexAiTensorboard(
                self, "tensorboard", display_name=_base.name(bp.name, reg.name), project=site.project, region=bp.region,
                description=f"experiment tracking of blueprint {bp.name}",
                encryption_spec=VertexAiTensorboardEncryptionSpec(kms_key_name=ctx.key("vertex", bp.region).id),
                labels=labels, depends_on=ctx.key_deps("vertex", bp.region, stack) or None)
