"""`registry` → ECR repositories `<blueprint>/<repo>` (immutable tags, scan on push, KMS, lifecycle),
replication to the serving regions (with repository creation templates there, so the replicas are
KMS-encrypted and immutable too), ENHANCED registry scanning, a SageMaker model package group, and
with `experiment_tracking` a SageMaker managed MLflow tracking server whose artifacts live in the lake.

The replication and scanning configurations are per account and region (one each per registry);
their rules are scoped to this blueprint's `<blueprint>/` prefix, but two blueprints in one account
would overwrite each other's configuration: such accounts should move them to the landing zone.
`immutable_tags: false` and `scan_on_push: false` are honoured and visible.
"""

from __future__ import annotations

import json

from cdktf_cdktf_provider_aws.ecr_lifecycle_policy import EcrLifecyclePolicy
from cdktf_cdktf_provider_aws.ecr_registry_scanning_configuration import (
    EcrRegistryScanningConfiguration,
    EcrRegistryScanningConfigurationRule,
    EcrRegistryScanningConfigurationRuleRepositoryFilter,
)
from cdktf_cdktf_provider_aws.ecr_replication_configuration import (
    EcrReplicationConfiguration,
    EcrReplicationConfigurationReplicationConfiguration,
    EcrReplicationConfigurationReplicationConfigurationRule,
    EcrReplicationConfigurationReplicationConfigurationRuleDestination,
    EcrReplicationConfigurationReplicationConfigurationRuleRepositoryFilter,
)
from cdktf_cdktf_provider_aws.ecr_repository import EcrRepository, EcrRepositoryEncryptionConfiguration
from cdktf_cdktf_provider_aws.ecr_repository_creation_template import (
    EcrRepositoryCreationTemplate,
    EcrRepositoryCreationTemplateEncryptionConfiguration,
)
from cdktf_cdktf_provider_aws.sagemaker_mlflow_tracking_server import SagemakerMlflowTrackingServer
from cdktf_cdktf_provider_aws.sagemaker_model_package_group import SagemakerModelPackageGroup
from constructs import Construct

from plinth import naming
from plinth.model import Registry
from plinth_constructs.aws import iam
from plinth_constructs.aws.context import DNS_SUFFIX, Env
from plinth_constructs.aws.tagging import standard_tags

UNTAGGED_EXPIRE_DAYS = 14
KEEP_IMAGES = 200
MLFLOW_SIZE = "Small"
ARTIFACT_ZONES = ("models", "artifacts", "checkpoints", "curated")  # preferred lake zones for MLflow


def lifecycle_policy() -> str:
    return json.dumps({"rules": [
        {"rulePriority": 1, "description": f"expire untagged images after {UNTAGGED_EXPIRE_DAYS} days",
         "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days",
                       "countNumber": UNTAGGED_EXPIRE_DAYS}, "action": {"type": "expire"}},
        {"rulePriority": 2, "description": f"keep the newest {KEEP_IMAGES} images",
         "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": KEEP_IMAGES},
         "action": {"type": "expire"}},
    ]}, sort_keys=True)


def artifact_zone(zones: tuple[str, ...]) -> str:
    return next((z for z in ARTIFACT_ZONES if z in zones), zones[0])


class RegistryConstruct(Construct):
    def __init__(self, scope: Construct, env: Env, spec: Registry) -> None:
        super().__init__(scope, spec.name)
        self.env, self.spec = env, spec
        bp = env.bp
        self.stack = env.stacks.foundation
        self.prefix = f"{bp.name}/"
        mutability = "IMMUTABLE" if spec.immutable_tags else "MUTABLE"
        self.repositories = {}
        for repo in spec.repositories:
            r = EcrRepository(self, f"repo-{repo}", name=f"{self.prefix}{repo}", image_tag_mutability=mutability,
                              image_scanning_configuration={"scan_on_push": spec.scan_on_push},
                              encryption_configuration=[EcrRepositoryEncryptionConfiguration(
                                  encryption_type="KMS", kms_key=env.key_arn(bp.region))],
                              force_delete=False)
            EcrLifecyclePolicy(self, f"repo-{repo}-lifecycle", repository=r.name, policy=lifecycle_policy())
            self.repositories[repo] = r
        EcrRegistryScanningConfiguration(
            self, "scanning", scan_type="ENHANCED",
            rule=[EcrRegistryScanningConfigurationRule(
                scan_frequency="CONTINUOUS_SCAN", repository_filter=[
                    EcrRegistryScanningConfigurationRuleRepositoryFilter(filter=f"{self.prefix}*",
                                                                         filter_type="WILDCARD")])])
        self.replica_regions = list(bp.serving_regions) if spec.replicate else []
        if self.replica_regions:
            self._replicate(mutability)
        self.model_package_group = None
        if spec.models:
            self.model_package_group = SagemakerModelPackageGroup(
                self, "models", model_package_group_name=naming.join(bp.name, spec.name),
                model_package_group_description=f"Models of blueprint {bp.name}")
        self.tracking = self._mlflow() if spec.experiment_tracking and spec.lake else None

    def image(self, repo: str, region: str, tag: str, stack) -> str:
        """The image URI of `repo:tag` in `region` (a replica outside the primary region), for use
        in `stack`. A repository the registry does not declare still gets its conventional URI."""
        if region == self.env.bp.region and repo in self.repositories:
            return f"{self.repositories[repo].repository_url}:{tag}"
        return f"{self.env.account_id(stack)}.dkr.ecr.{region}.{DNS_SUFFIX}/{self.prefix}{repo}:{tag}"

    def repository_arn(self, repo: str, region: str, stack) -> str:
        return self.env.arn(stack, "ecr", region, f"repository/{self.prefix}{repo}")

    def _replicate(self, mutability: str) -> None:
        env = self.env
        account = env.account_id(self.stack)
        # ECR assumes this role to create the replica repositories with KMS and tags.
        creator = iam.role(
            self, "replica-creator-role", name=naming.join(env.bp.name, self.spec.name, "replicas"),
            partition=env.partition, trust_policy=iam.trust("ecr.amazonaws.com"),
            statements=[
                iam.allow(["ecr:CreateRepository", "ecr:ReplicateImage", "ecr:TagResource"],
                          [env.arn(self.stack, "ecr", r, f"repository/{self.prefix}*") for r in self.replica_regions]),
                iam.allow(["kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant"],
                          [env.key_arn(r) for r in self.replica_regions]),
            ])
        for region in self.replica_regions:
            EcrRepositoryCreationTemplate(
                self, f"replica-template-{region}", provider=env.provider(self.stack, region),
                prefix=self.prefix.rstrip("/"), applied_for=["REPLICATION"], custom_role_arn=creator.arn,
                resource_tags=standard_tags(env.bp, self.spec.name), depends_on=creator.ready,
                description=f"replicas of blueprint {env.bp.name}", image_tag_mutability=mutability,
                encryption_configuration=[EcrRepositoryCreationTemplateEncryptionConfiguration(
                    encryption_type="KMS", kms_key=env.key_arn(region))],
                lifecycle_policy=lifecycle_policy())
        rule = EcrReplicationConfigurationReplicationConfigurationRule(
            destination=[EcrReplicationConfigurationReplicationConfigurationRuleDestination(region=r, registry_id=account)
                         for r in self.replica_regions],
            repository_filter=[EcrReplicationConfigurationReplicationConfigurationRuleRepositoryFilter(
                filter=self.prefix, filter_type="PREFIX_MATCH")])
        EcrReplicationConfiguration(self, "replication", replication_configuration=(
            EcrReplicationConfigurationReplicationConfiguration(rule=[rule])))

    def _mlflow(self) -> SagemakerMlflowTrackingServer:
        env, spec, bp = self.env, self.spec, self.env.bp
        lake = env.components[spec.lake]
        bucket = lake.buckets[artifact_zone(lake.spec.zones)]
        path = f"mlflow/{spec.name}"
        role = iam.role(
            self, "mlflow-role", name=naming.join(bp.name, spec.name, "mlflow"), partition=env.partition,
            trust_policy=iam.trust("sagemaker.amazonaws.com",
                                   conditions={"StringEquals": {"aws:SourceAccount": env.account_id(self.stack)}}),
            statements=[
                iam.allow(["s3:ListBucket"], [bucket.arn], StringLike={"s3:prefix": [f"{path}/*"]}),
                iam.allow(["s3:DeleteObject", "s3:GetObject", "s3:PutObject"], [f"{bucket.arn}/{path}/*"]),
                iam.allow(["kms:Decrypt", "kms:GenerateDataKey"], [env.key_arn(bp.region)],
                          StringEquals={"kms:ViaService": f"s3.{bp.region}.{DNS_SUFFIX}"}),
                iam.allow(["sagemaker:AddTags", "sagemaker:CreateModelPackage", "sagemaker:CreateModelPackageGroup",
                           "sagemaker:DescribeModelPackageGroup", "sagemaker:UpdateModelPackage"],
                          [env.arn(self.stack, "sagemaker", bp.region, f"model-package-group/{bp.name}-*"),
                           env.arn(self.stack, "sagemaker", bp.region, f"model-package/{bp.name}-*")]),
            ])
        return SagemakerMlflowTrackingServer(
            self, "mlflow", tracking_server_name=naming.join(bp.name, spec.name), role_arn=role.arn,
            artifact_store_uri=f"s3://{bucket.name}/{path}", tracking_server_size=MLFLOW_SIZE,
            automatic_model_registration=True, weekly_maintenance_window_start="Sun:04:00")
