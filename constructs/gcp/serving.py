"""serving_endpoint → per region: a Vertex AI endpoint (CMEK, private via VPC peering, request-
response logging into a CMEK BigQuery dataset for drift monitoring) and a deployment resource pool
that fixes the machine, accelerators and autoscaling bounds the models are deployed on.

Canary: Terraform creates the endpoint; the models and the endpoint's `traffic_split` are set at
deploy time (google_vertex_ai_endpoint has no deployed-model resource; its traffic_split is only
meaningful once models are deployed). The rollout is therefore carried on the endpoint as labels
(`canary-percent`, `bake-minutes`, `model`, `model-version`, `serving-image`) that the release
pipeline reads: deploy the new version to the pool with `canary-percent` of the traffic, wait
`bake-minutes`, then shift the rest.

An endpoint with `cluster:` is served on that GKE serving cluster; its Kubernetes objects are
not Terraform, so the component has no GCP resources of its own.
"""

from __future__ import annotations

import re

from cdktf_cdktf_provider_google.bigquery_dataset import BigqueryDataset, BigqueryDatasetDefaultEncryptionConfiguration
from cdktf_cdktf_provider_google.vertex_ai_deployment_resource_pool import (
    VertexAiDeploymentResourcePool,
    VertexAiDeploymentResourcePoolDedicatedResources,
    VertexAiDeploymentResourcePoolDedicatedResourcesAutoscalingMetricSpecs,
    VertexAiDeploymentResourcePoolDedicatedResourcesMachineSpec,
)
from cdktf_cdktf_provider_google.vertex_ai_endpoint import (
    VertexAiEndpoint,
    VertexAiEndpointEncryptionSpec,
    VertexAiEndpointPredictRequestResponseLoggingConfig,
    VertexAiEndpointPredictRequestResponseLoggingConfigBigqueryDestination,
)
from constructs import Construct

from plinth.model import ServingEndpoint
from . import _base
from ._base import Context

GPU_METRIC = "aiplatform.googleapis.com/prediction/online/accelerator/duty_cycle"
CPU_METRIC = "aiplatform.googleapis.com/prediction/online/cpu/utilization"
TARGET_UTILIZATION = 60


def label_value(text: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "-", text.lower())[:63]


def rollout_labels(ep: ServingEndpoint) -> dict[str, str]:
    return {"canary-percent": str(ep.canary_percent), "bake-minutes": str(ep.bake_minutes),
            "model": label_value(ep.model_name), "model-version": label_value(ep.model_version),
            "serving-image": label_value(ep.model_image)}


class EndpointConstruct(Construct):
    def __init__(self, scope: Construct, ctx: Context, ep: ServingEndpoint) -> None:
        super().__init__(scope, ep.name)
        self.endpoints: dict[str, VertexAiEndpoint] = {}
        self.pools: dict[str, VertexAiDeploymentResourcePool] = {}
        self.captures: dict[str, BigqueryDataset] = {}
        if ep.cluster is not None:
            return
        bp = ctx.bp
        site = ctx.site(ctx.stack_of(ep))
        labels = _base.labels(bp, ep.name)
        net = _base.network_of(bp, ep.network)
        shape = _base.serving_shape(ep)
        for region in _base.endpoint_regions(bp, ep):
            scope_r = Construct(self, region)
            key = ctx.key("vertex", region).id
            logging = None
            if ep.data_capture:
                dataset = BigqueryDataset(
                    scope_r, "captures", dataset_id=_base.name(bp.name, ep.name, "captures", region, sep="_", limit=1024)
                    .replace("-", "_"), project=site.project, location=region,
                    description=f"request-response logs of endpoint {ep.name} for drift monitoring",
                    default_encryption_configuration=BigqueryDatasetDefaultEncryptionConfiguration(kms_key_name=key),
                    delete_contents_on_destroy=False, labels=labels)
                self.captures[region] = dataset
                logging = VertexAiEndpointPredictRequestResponseLoggingConfig(
                    enabled=True, sampling_rate=ep.capture_sample_percent / 100,
                    bigquery_destination=VertexAiEndpointPredictRequestResponseLoggingConfigBigqueryDestination(
                        output_uri=f"bq://{site.project}.{dataset.dataset_id}"))
            self.pools[region] = VertexAiDeploymentResourcePool(
                scope_r, "pool", name=_base.name(bp.name, ep.name, region), project=site.project, region=region,
                dedicated_resources=VertexAiDeploymentResourcePoolDedicatedResources(
                    machine_spec=VertexAiDeploymentResourcePoolDedicatedResourcesMachineSpec(
                        machine_type=shape.machine_type,
                        accelerator_type=_base.vertex_accelerator(shape.accelerator_type),
                        accelerator_count=shape.count if _base.vertex_accelerator(shape.accelerator_type) else None),
                    min_replica_count=ep.min_replicas, max_replica_count=ep.max_replicas,
                    autoscaling_metric_specs=[VertexAiDeploymentResourcePoolDedicatedResourcesAutoscalingMetricSpecs(
                        metric_name=GPU_METRIC if shape.family == "gpu" else CPU_METRIC, target=TARGET_UTILIZATION)]))
            self.endpoints[region] = VertexAiEndpoint(
                scope_r, "endpoint", name=_base.numeric_id(bp.name, ep.name, region), project=site.project,
                location=region, region=region, display_name=_base.name(bp.name, ep.name),
                description=f"model {ep.model_name} version {ep.model_version} of blueprint {bp.name}",
                labels={**labels, **rollout_labels(ep)},
                encryption_spec=VertexAiEndpointEncryptionSpec(kms_key_name=key),
                network=None if ep.public else
                f"projects/{site.number}/global/networks/{ctx.networks[net.name].network.name}",
                dedicated_endpoint_enabled=True if ep.public else None,
                predict_request_response_logging_config=logging)
