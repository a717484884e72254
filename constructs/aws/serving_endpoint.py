"""`serving_endpoint` → per region (the endpoint's `regions`, default the primary region and every
serving region): a SageMaker model (network isolation, in the network's private subnets behind a
security group that only reaches the VPC on 443), an endpoint configuration (KMS, data capture to
the capture lake with KMS), an endpoint rolled out blue/green with canary traffic shifting and
automatic rollback on 5xx errors, and Application Auto Scaling between min and max replicas.

In extra regions the model runs in the network's serving VPC there (see network.py), pulls the
image from the ECR replica, and captures into a lake bucket of that region (SageMaker writes only
within its region). `network_isolation: false` is honoured and visible.

Instance types with local NVMe storage (g5, g6, p4d, p5, ...) cannot take an endpoint KMS key
(CreateEndpointConfig rejects it; their instance store is hardware-encrypted), so `kms_key_arn` is
left out for those and the configuration is tagged `volume_encryption=instance-store-hardware`.
Which families those are is the data list policies/data/sagemaker_instance_store.yaml, which the
gate's PLN_AWS_011 reads too.

An endpoint placed on a serving cluster (`cluster:`) is a Kubernetes workload: nothing is created
for it here.
"""

from __future__ import annotations

from typing import Any

import yaml

from cdktf import TerraformProvider, TerraformResourceLifecycle
from cdktf_cdktf_provider_aws.appautoscaling_policy import AppautoscalingPolicy
from cdktf_cdktf_provider_aws.appautoscaling_target import AppautoscalingTarget
from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
from cdktf_cdktf_provider_aws.sagemaker_endpoint import (
    SagemakerEndpoint,
    SagemakerEndpointDeploymentConfigAutoRollbackConfigurationAlarms,
)
from cdktf_cdktf_provider_aws.sagemaker_endpoint_configuration import (
    SagemakerEndpointConfiguration,
    SagemakerEndpointConfigurationDataCaptureConfigCaptureOptions,
    SagemakerEndpointConfigurationProductionVariants,
)
from cdktf_cdktf_provider_aws.sagemaker_model import SagemakerModel
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.vpc_security_group_egress_rule import VpcSecurityGroupEgressRule
from constructs import Construct

from plinth import catalog, naming
from plinth.model import DataLake, Network, ServingEndpoint
from plinth.paths import POLICIES
from plinth_constructs.aws import iam
from plinth_constructs.aws.context import Env, endpoint_regions
from plinth_constructs.aws.logs import log_group

VARIANT = "AllTraffic"
CAPTURE_ZONES = ("captures", "capture", "monitoring")  # preferred lake zones for data capture
MAX_WAIT_SECONDS = 3600           # SageMaker: canary wait interval and termination wait, at most an hour
TERMINATION_WAIT_SECONDS = 600
MAX_ROLLOUT_SECONDS = 28800
ROLLOUT_MARGIN_SECONDS = 1800     # room for the new fleet to come up before the rollout times out
INVOCATIONS_PER_INSTANCE = 70     # target tracking set point; tune per model
SCALE_IN_COOLDOWN, SCALE_OUT_COOLDOWN = 300, 60
# SageMaker families with NVMe instance store (shared with the gate's PLN_AWS_011, with its sources).
INSTANCE_STORE_FAMILIES = frozenset(yaml.safe_load(
    (POLICIES / "data" / "sagemaker_instance_store.yaml").read_text(encoding="utf-8"))["families"])


def serving_instance_type(spec: ServingEndpoint) -> str:
    if spec.instance_type:
        return spec.instance_type if spec.instance_type.startswith("ml.") else f"ml.{spec.instance_type}"
    shape = catalog.load()[spec.accelerator].on("aws").shape(spec.per_replica, serving=True)
    return shape.serving_type


def has_instance_store(instance_type: str) -> bool:
    return instance_type.removeprefix("ml.").split(".")[0] in INSTANCE_STORE_FAMILIES


def capture_zone(zones: tuple[str, ...]) -> str:
    return next((z for z in CAPTURE_ZONES if z in zones), zones[0])


class ServingEndpointConstruct(Construct):
    def __init__(self, scope: Construct, env: Env, spec: ServingEndpoint) -> None:
        super().__init__(scope, spec.name)
        self.env, self.spec = env, spec
        self.endpoints: dict[str, SagemakerEndpoint] = {}
        if spec.cluster is not None:
            return
        bp = env.bp
        self.stack = env.stack_of(spec)
        self.name = naming.join(bp.name, spec.name)
        self.registry = env.components[spec.registry]
        networks = bp.of_kind(Network)
        self.network = env.components[spec.network or networks[0].name]
        lakes = bp.of_kind(DataLake)
        lake_name = spec.capture_lake or (lakes[0].name if len(lakes) == 1 else None)
        self.lake = env.components[lake_name] if spec.data_capture and lake_name else None
        self.instance_type = serving_instance_type(spec)
        self.regions = endpoint_regions(bp, spec)
        self.captures = {r: self.lake.bucket_in(r, capture_zone(self.lake.spec.zones)) for r in self.regions} \
            if self.lake else {}
        self.role = self._role()
        for region in self.regions:
            self.endpoints[region] = self._region(region)

    def _role(self) -> iam.Role:
        env, spec, bp = self.env, self.spec, self.env.bp
        repos = [self.registry.repository_arn(spec.model_image, r, self.stack) for r in self.regions]
        statements = [
            iam.allow(["ecr:GetAuthorizationToken"], ["*"]),
            iam.allow(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], repos),
            iam.allow(["ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups",
                       "ec2:DescribeSubnets", "ec2:DescribeVpcs"], ["*"]),
            iam.allow(["ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission",
                       "ec2:DeleteNetworkInterface", "ec2:DeleteNetworkInterfacePermission"],
                      [env.arn(self.stack, "ec2", r, f"{kind}/*") for r in self.regions
                       for kind in ("network-interface", "security-group", "subnet")]),
            iam.allow(["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                      [env.arn(self.stack, "logs", r, f"log-group:/aws/sagemaker/Endpoints/{self.name}:*")
                       for r in self.regions]),
            iam.allow(["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"],
                      [env.key_arn(r) for r in self.regions]),
        ]
        if self.captures:
            statements.append(iam.allow(["s3:PutObject"], [f"{bucket.arn}/{self._capture_prefix(region)}/*"
                                                           for region, bucket in self.captures.items()]))
        return iam.role(
            self, "execution-role", name=naming.join(self.name, "sagemaker"), partition=env.partition,
            trust_policy=iam.trust("sagemaker.amazonaws.com",
                                   conditions={"StringEquals": {"aws:SourceAccount": env.account_id(self.stack)}}),
            statements=statements)

    def _capture_prefix(self, region: str) -> str:
        """Per region: a DR replica can receive captures of two regions (same endpoint name)."""
        return f"datacapture/{self.spec.name}/{region}"

    def _region(self, region: str) -> SagemakerEndpoint:
        scope = self if region == self.env.bp.region else Construct(self, region)
        provider = self.env.provider(self.stack, region)
        logs = log_group(scope, "log-group", name=f"/aws/sagemaker/Endpoints/{self.name}",
                         kms_key_arn=self.env.key_arn(region), provider=provider)
        config = self._config(scope, region, self._model(scope, region, provider), provider)
        endpoint = self._endpoint(scope, config, logs, provider)
        self._autoscaling(scope, endpoint, provider)
        return endpoint

    def _model(self, scope: Construct, region: str, provider: TerraformProvider | None) -> SagemakerModel:
        spec, vpc = self.spec, self.network.regional[region]
        sg = SecurityGroup(scope, "model-sg", name=naming.join(self.name, "model"), vpc_id=vpc.vpc_id,
                           description="SageMaker model: HTTPS to the VPC (endpoints) only, no inbound",
                           provider=provider)
        VpcSecurityGroupEgressRule(scope, "model-sg-https", security_group_id=sg.id, ip_protocol="tcp",
                                   from_port=443, to_port=443, cidr_ipv4=vpc.cidr,
                                   description="HTTPS to VPC endpoints", provider=provider)
        return SagemakerModel(
            scope, "model", execution_role_arn=self.role.arn, enable_network_isolation=spec.network_isolation,
            primary_container={"image": self.registry.image(spec.model_image, region, spec.model_version, self.stack),
                               "mode": "SingleModel",
                               "environment": {"PLINTH_MODEL": spec.model_name,
                                               "PLINTH_MODEL_VERSION": spec.model_version}},
            vpc_config={"subnets": vpc.private_subnet_ids, "security_group_ids": [sg.id]},
            lifecycle=TerraformResourceLifecycle(create_before_destroy=True), depends_on=self.role.ready,
            provider=provider)

    def _config(self, scope: Construct, region: str, model: SagemakerModel,
                provider: TerraformProvider | None) -> SagemakerEndpointConfiguration:
        spec, key = self.spec, self.env.key_arn(region)
        config: dict[str, Any] = dict(
            production_variants=[SagemakerEndpointConfigurationProductionVariants(
                variant_name=VARIANT, model_name=model.name, instance_type=self.instance_type,
                initial_instance_count=spec.min_replicas, initial_variant_weight=1)],
            lifecycle=TerraformResourceLifecycle(create_before_destroy=True))
        if has_instance_store(self.instance_type):
            config["tags"] = {"volume_encryption": "instance-store-hardware"}
        else:
            config["kms_key_arn"] = key
        if region in self.captures:
            config["data_capture_config"] = {
                "enable_capture": True, "initial_sampling_percentage": spec.capture_sample_percent,
                "destination_s3_uri": f"s3://{self.captures[region].name}/{self._capture_prefix(region)}",
                "kms_key_id": key,
                "capture_options": [SagemakerEndpointConfigurationDataCaptureConfigCaptureOptions(capture_mode=mode)
                                    for mode in ("Input", "Output")]}
        return SagemakerEndpointConfiguration(scope, "config", **config, provider=provider)

    def _endpoint(self, scope: Construct, config: SagemakerEndpointConfiguration, logs: Any,
                  provider: TerraformProvider | None) -> SagemakerEndpoint:
        """Blue/green with canary traffic shifting; a 5xx alarm rolls a bad deployment back."""
        spec = self.spec
        alarm = CloudwatchMetricAlarm(
            scope, "errors-alarm", alarm_name=naming.join(self.name, "5xx"), namespace="AWS/SageMaker",
            metric_name="Invocation5XXErrors", dimensions={"EndpointName": self.name, "VariantName": VARIANT},
            statistic="Sum", period=60, evaluation_periods=2, threshold=1,
            comparison_operator="GreaterThanOrEqualToThreshold", treat_missing_data="notBreaching",
            alarm_description="Rolls back a deployment of the endpoint", provider=provider)
        wait = min(spec.bake_minutes * 60, MAX_WAIT_SECONDS)
        return SagemakerEndpoint(
            scope, "endpoint", name=self.name, endpoint_config_name=config.name,
            deployment_config={
                "blue_green_update_policy": {
                    "traffic_routing_configuration": {
                        "type": "CANARY", "wait_interval_in_seconds": wait,
                        "canary_size": {"type": "CAPACITY_PERCENT", "value": spec.canary_percent}},
                    "termination_wait_in_seconds": TERMINATION_WAIT_SECONDS,
                    "maximum_execution_timeout_in_seconds":
                        min(MAX_ROLLOUT_SECONDS, wait + TERMINATION_WAIT_SECONDS + ROLLOUT_MARGIN_SECONDS)},
                "auto_rollback_configuration": {"alarms": [
                    SagemakerEndpointDeploymentConfigAutoRollbackConfigurationAlarms(alarm_name=alarm.alarm_name)]}},
            depends_on=[logs], provider=provider)

    def _autoscaling(self, scope: Construct, endpoint: SagemakerEndpoint, provider: TerraformProvider | None) -> None:
        spec = self.spec
        target = AppautoscalingTarget(
            scope, "scaling-target", service_namespace="sagemaker",
            resource_id=f"endpoint/{endpoint.name}/variant/{VARIANT}",
            scalable_dimension="sagemaker:variant:DesiredInstanceCount",
            min_capacity=spec.min_replicas, max_capacity=spec.max_replicas, provider=provider)
        AppautoscalingPolicy(
            scope, "scaling-policy", name=naming.join(self.name, "invocations"), policy_type="TargetTrackingScaling",
            service_namespace=target.service_namespace, resource_id=target.resource_id,
            scalable_dimension=target.scalable_dimension,
            target_tracking_scaling_policy_configuration={
                "target_value": INVOCATIONS_PER_INSTANCE, "scale_in_cooldown": SCALE_IN_COOLDOWN,
                "scale_out_cooldown": SCALE_OUT_COOLDOWN,
                "predefined_metric_specification": {"predefined_metric_type": "SageMakerVariantInvocationsPerInstance"}},
            provider=provider)
