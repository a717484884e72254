"""`serving_endpoint` on Azure ML Kubernetes online endpoints.

azurerm 4.x has no resource for Azure ML online endpoints or deployments (only the legacy v1
`machine_learning_inference_cluster`), so plinth builds what Terraform can own:
- the compute: a private AKS cluster (see _aks), or a pool on the serving cluster named by
  `cluster:`, sized by `replicas` (one replica per node) with the catalog's serving VM size;
- the Azure ML extension on that cluster, inference only, behind an internal load balancer, TLS only;
- data capture: a capture container in the lake, registered as a datastore of the registry's
  ML workspace;
- the endpoint itself (Entra ID token auth, no public access, canary traffic split, autoscale
  bounds, data collector) as the output `<endpoint>_online_endpoint`, the exact settings the
  release step passes to `az ml online-endpoint/online-deployment create`.
"""

from __future__ import annotations

import json
from typing import Any

from constructs import Construct
from cdktf import TerraformOutput
from cdktf_cdktf_provider_azurerm.kubernetes_cluster_extension import KubernetesClusterExtension
from cdktf_cdktf_provider_azurerm.machine_learning_datastore_datalake_gen2 import (
    MachineLearningDatastoreDatalakeGen2,
)
from cdktf_cdktf_provider_azurerm.storage_container import StorageContainer

from plinth import catalog
from plinth.model import DataLake, Registry, ServingEndpoint
from plinth.naming import bucket, join
from plinth_constructs.azure._aks import Aks, Pool
from plinth_constructs.azure.accelerator_cluster import system_pool

AML_EXTENSION = "Microsoft.AzureML.Kubernetes"
TLS_SECRET = "azureml-inference-tls"


def serving_pool(comp: ServingEndpoint) -> Pool:
    if comp.accelerator:
        shape = catalog.load()[comp.accelerator].on("azure").shape(comp.per_replica, serving=True)
        vm_size = shape.type
    else:
        vm_size = comp.instance_type
    return Pool(name=comp.name, vm_size=vm_size, min_nodes=comp.min_replicas, max_nodes=comp.max_replicas,
                gpu=comp.accelerator is not None, compact=False, labels={"plinth/endpoint": comp.name})


def extension_settings(comp: ServingEndpoint, cname: str) -> dict[str, str]:
    """Azure ML extension settings: inference only, TLS only, private unless `public: true`."""
    settings = {
        "enableTraining": "False",
        "enableInference": "True",
        "inferenceRouterHA": "True",
        "allowInsecureConnections": "False",
        "sslSecret": TLS_SECRET,
        "sslCname": cname,
        "installNvidiaDevicePlugin": "True" if comp.accelerator else "False",
    }
    settings["inferenceRouterServiceType"] = "LoadBalancer"
    if not comp.public:               # `public: true` (explicit) leaves the load balancer on a public IP
        settings["internalLoadBalancerProvider"] = "azure"
    return settings


def endpoint_spec(ctx: Any, comp: ServingEndpoint, compute: str, workspace: str | None,
                  capture: str | None, vm_size: str) -> dict:
    canary = comp.canary_percent
    return {
        "name": join(ctx.bp.name, comp.name),
        "workspace": workspace,
        "compute": compute,
        "auth_mode": "aad_token",
        "public_network_access": "enabled" if comp.public else "disabled",
        "egress_public_network_access": "disabled" if comp.network_isolation else "enabled",
        "model": {"name": comp.model_name, "version": comp.model_version, "image": comp.model_image},
        "instance_type": vm_size,
        "scale_settings": {"type": "target_utilization", "min_instances": comp.min_replicas,
                           "max_instances": comp.max_replicas},
        "traffic": {"primary": 100 - canary, "canary": canary},
        "bake_minutes": comp.bake_minutes,
        "data_collector": ({"enabled": True, "sampling_rate": comp.capture_sample_percent / 100,
                            "datastore": capture, "collections": ["model_inputs", "model_outputs"]}
                           if comp.data_capture else {"enabled": False}),
        "regions": [ctx.region],
    }


class AzureServingEndpoint(Construct):
    def __init__(self, scope: Construct, id_: str, ctx: Any, comp: ServingEndpoint) -> None:
        super().__init__(scope, id_)
        bp = ctx.bp
        net = ctx.network_for(comp.network)
        pool = serving_pool(comp)
        host = ctx.component(comp.cluster)
        if host is not None:
            self.aks = host.aks
        else:
            self.aks = Aks(self, ctx, comp.name, net, system_pool(())[0], kubernetes_version="1.31")
            self.aks.pull_from(ctx.of_kind(Registry))
        self.pool = self.aks.add_pool(pool, id_=f"endpoint-{comp.name}")
        self.extension = KubernetesClusterExtension(
            self, "azureml", name=join("azureml", comp.name)[:40], cluster_id=self.aks.cluster.id,
            extension_type=AML_EXTENSION, release_train="stable", release_namespace="azureml",
            configuration_settings=extension_settings(comp, f"{join(bp.name, comp.name)}.internal"),
        )
        registry = ctx.component(comp.registry)
        capture = self._capture(ctx, comp, registry) if comp.data_capture else None
        spec = endpoint_spec(ctx, comp, self.aks.name, getattr(registry, "workspace_name", None), capture,
                             pool.vm_size)
        TerraformOutput(self, "online_endpoint", static_id=False, value=json.dumps(spec, sort_keys=True),
                        description="Azure ML online endpoint and deployments to create on this compute "
                                    "(azurerm has no resource for them): auth, access, traffic, scale, data capture.")

    def _capture(self, ctx: Any, comp: ServingEndpoint, registry: Any) -> str | None:
        lakes = ctx.of_kind(DataLake)
        lake = ctx.component(comp.capture_lake) or (lakes[0] if len(lakes) == 1 else None)
        if lake is None:
            return None
        container = StorageContainer(self, "capture", name=bucket(ctx.bp, comp.name, "capture"),
                                     storage_account_id=lake.account.id, container_access_type="private")
        self.aks.grant_kubelet(f"capture-writer-{comp.name}", "Storage Blob Data Contributor", container.id)
        workspace = getattr(registry, "workspace", None)
        if workspace is None:
            return None
        name = f"{comp.name}_capture".replace("-", "_")
        MachineLearningDatastoreDatalakeGen2(
            self, "capture-datastore", name=name, workspace_id=workspace.id, storage_container_id=container.id,
            service_data_identity="WorkspaceUserAssignedIdentity", tags=ctx.tags(comp.name))
        return name

