"""accelerator_cluster → a private, regional GKE Standard cluster and one node pool per blueprint pool.

Cluster: private nodes, private endpoint (unless `public_endpoint`), master authorized networks,
REGULAR release channel, shielded nodes, Workload Identity, secrets encrypted with the `gke` CMEK,
Dataplane V2 (network policy), intranode visibility, Binary Authorization (project policy),
Google Groups for RBAC, logging and monitoring of every component, no client certificate, no ABAC.

Pools: a dedicated least-privilege node service account, COS_CONTAINERD, shielded VMs (secure
boot, integrity monitoring), GKE metadata server, CMEK boot disks, auto repair/upgrade, autoscaling
from `min` (0 allowed) to `max`; GPU pools attach their accelerators with the latest driver,
spot/reservations as asked, compact placement for fabric pools, GPUDirect NICs on A3 machines;
TPU pools take the catalog's machine type and a compact placement with the slice topology.
"""

from __future__ import annotations

from typing import Any

from cdktf import Fn, TerraformResourceLifecycle, Token
from cdktf_cdktf_provider_google.artifact_registry_repository_iam_member import ArtifactRegistryRepositoryIamMember
from cdktf_cdktf_provider_google.container_cluster import (
    ContainerCluster,
    ContainerClusterAddonsConfig,
    ContainerClusterAddonsConfigGcpFilestoreCsiDriverConfig,
    ContainerClusterAddonsConfigGcsFuseCsiDriverConfig,
    ContainerClusterAddonsConfigLustreCsiDriverConfig,
    ContainerClusterAddonsConfigParallelstoreCsiDriverConfig,
    ContainerClusterAuthenticatorGroupsConfig,
    ContainerClusterBinaryAuthorization,
    ContainerClusterCostManagementConfig,
    ContainerClusterDatabaseEncryption,
    ContainerClusterIpAllocationPolicy,
    ContainerClusterLoggingConfig,
    ContainerClusterMasterAuth,
    ContainerClusterMasterAuthClientCertificateConfig,
    ContainerClusterMasterAuthorizedNetworksConfig,
    ContainerClusterMasterAuthorizedNetworksConfigCidrBlocks,
    ContainerClusterMonitoringConfig,
    ContainerClusterMonitoringConfigManagedPrometheus,
    ContainerClusterNetworkPolicy,
    ContainerClusterNodeConfig,
    ContainerClusterNodeConfigShieldedInstanceConfig,
    ContainerClusterNodeConfigWorkloadMetadataConfig,
    ContainerClusterPrivateClusterConfig,
    ContainerClusterReleaseChannel,
    ContainerClusterSecurityPostureConfig,
    ContainerClusterWorkloadIdentityConfig,
)
from cdktf_cdktf_provider_google.container_node_pool import (
    ContainerNodePool,
    ContainerNodePoolAutoscaling,
    ContainerNodePoolManagement,
    ContainerNodePoolNetworkConfig,
    ContainerNodePoolNetworkConfigAdditionalNodeNetworkConfigs,
    ContainerNodePoolNodeConfig,
    ContainerNodePoolNodeConfigGuestAccelerator,
    ContainerNodePoolNodeConfigGuestAcceleratorGpuDriverInstallationConfig,
    ContainerNodePoolNodeConfigGvnic,
    ContainerNodePoolNodeConfigKubeletConfig,
    ContainerNodePoolNodeConfigReservationAffinity,
    ContainerNodePoolNodeConfigShieldedInstanceConfig,
    ContainerNodePoolNodeConfigTaint,
    ContainerNodePoolNodeConfigWorkloadMetadataConfig,
    ContainerNodePoolPlacementPolicy,
)
from cdktf_cdktf_provider_google.project_iam_member import ProjectIamMember
from cdktf_cdktf_provider_google.service_account import ServiceAccount
from cdktf_cdktf_provider_google.storage_bucket_iam_member import StorageBucketIamMember
from constructs import Construct

from plinth.model import AcceleratorCluster, DataLake, NodePool
from . import _base
from ._base import Context

CLOUD_PLATFORM = ["https://www.googleapis.com/auth/cloud-platform"]  # access is decided by IAM, not scopes
NODE_ROLE = "roles/container.defaultNodeServiceAccount"  # logs, metrics, metadata: the least a node needs
LOGGING = ["SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER"]
MONITORING = ["SYSTEM_COMPONENTS", "APISERVER", "SCHEDULER", "CONTROLLER_MANAGER", "STORAGE", "HPA", "POD",
              "DAEMONSET", "DEPLOYMENT", "STATEFULSET", "KUBELET", "CADVISOR"]
TAINT_EFFECT = {"NoSchedule": "NO_SCHEDULE", "NoExecute": "NO_EXECUTE", "PreferNoSchedule": "PREFER_NO_SCHEDULE"}
SECURE_BOOT = dict(enable_secure_boot=True, enable_integrity_monitoring=True)


def taint(text: str) -> ContainerNodePoolNodeConfigTaint:
    """`key=value:Effect` (schema-checked) → a GKE taint."""
    kv, effect = text.rsplit(":", 1)
    key, value = kv.split("=", 1)
    return ContainerNodePoolNodeConfigTaint(key=key, value=value, effect=TAINT_EFFECT[effect])


class ClusterConstruct(Construct):
    def __init__(self, scope: Construct, ctx: Context, cluster: AcceleratorCluster, index: int) -> None:
        super().__init__(scope, cluster.name)
        bp = ctx.bp
        stack = ctx.stack_of(cluster)
        site = ctx.site(stack)
        project = site.project
        labels = _base.labels(bp, cluster.name)
        network = ctx.networks[cluster.network]
        net = network.spec
        gke_key = ctx.key("gke", bp.region).id
        shapes = {p.name: _base.pool_shape(p) for p in cluster.pools}
        gpudirect = any(_base.gpudirect_pool(net, p) for p in cluster.pools)

        self.node_sa = ServiceAccount(self, "node-sa", account_id=_base.account_id(bp.name, cluster.name, "nodes"),
                                      project=project, display_name=f"GKE nodes of {bp.name}/{cluster.name}",
                                      description="plinth: least-privilege node identity (logs, metrics, image pulls)")
        node_member = f"serviceAccount:{self.node_sa.email}"
        ProjectIamMember(self, "node-sa-role", project=project, role=NODE_ROLE, member=node_member)
        for reg_name, registry in sorted(ctx.registries.items()):
            for (repo, region), resource in sorted(registry.repositories.items()):
                ArtifactRegistryRepositoryIamMember(
                    self, f"pull-{reg_name}-{repo}-{region}", project=project, location=region,
                    repository=resource.name, role="roles/artifactregistry.reader", member=node_member)
        self._workload_identity(ctx, cluster, project)

        caches = {lake.cache.kind for lake in (bp.component(cluster.lake), bp.component(cluster.checkpoints))
                  if isinstance(lake, DataLake) and lake.cache}
        authorized = [ContainerClusterMasterAuthorizedNetworksConfigCidrBlocks(
            cidr_block=net.cidr, display_name=f"network {net.name}")]
        if cluster.public_endpoint:
            authorized.append(ContainerClusterMasterAuthorizedNetworksConfigCidrBlocks(
                cidr_block="0.0.0.0/0", display_name="internet (public_endpoint: true)"))
        monitoring = MONITORING + (["DCGM"] if any(s.family == "gpu" for s in shapes.values()) else [])

        self.cluster = ContainerCluster(
            self, "cluster", name=_base.name(bp.name, cluster.name, limit=40), project=project, location=bp.region,
            description=f"plinth {cluster.purpose} cluster {cluster.name} of blueprint {bp.name}",
            node_locations=Token.as_list(Fn.slice(site.zones, 0, net.zones)),
            network=network.network.id, subnetwork=network.subnet.id,
            networking_mode="VPC_NATIVE",
            ip_allocation_policy=ContainerClusterIpAllocationPolicy(
                cluster_secondary_range_name=f"{cluster.name}-pods",
                services_secondary_range_name=f"{cluster.name}-services"),
            remove_default_node_pool=True, initial_node_count=1,
            node_config=ContainerClusterNodeConfig(
                service_account=self.node_sa.email, oauth_scopes=CLOUD_PLATFORM, image_type="COS_CONTAINERD",
                boot_disk_kms_key=gke_key,
                shielded_instance_config=ContainerClusterNodeConfigShieldedInstanceConfig(**SECURE_BOOT),
                workload_metadata_config=ContainerClusterNodeConfigWorkloadMetadataConfig(mode="GKE_METADATA"),
                resource_labels=labels),
            min_master_version=cluster.kubernetes_version,
            release_channel=ContainerClusterReleaseChannel(channel="REGULAR"),
            private_cluster_config=ContainerClusterPrivateClusterConfig(
                enable_private_nodes=True, enable_private_endpoint=not cluster.public_endpoint,
                master_ipv4_cidr_block=_base.master_cidr(bp, index)),
            master_authorized_networks_config=ContainerClusterMasterAuthorizedNetworksConfig(
                cidr_blocks=authorized, gcp_public_cidrs_access_enabled=False),
            master_auth=ContainerClusterMasterAuth(
                client_certificate_config=ContainerClusterMasterAuthClientCertificateConfig(issue_client_certificate=False)),
            enable_legacy_abac=False,
            enable_shielded_nodes=True,
            enable_intranode_visibility=True,
            workload_identity_config=ContainerClusterWorkloadIdentityConfig(workload_pool=f"{project}.svc.id.goog"),
            database_encryption=ContainerClusterDatabaseEncryption(state="ENCRYPTED", key_name=gke_key),
            datapath_provider="ADVANCED_DATAPATH",
            network_policy=ContainerClusterNetworkPolicy(enabled=False),  # Dataplane V2 enforces NetworkPolicy
            enable_multi_networking=True if gpudirect else None,
            binary_authorization=ContainerClusterBinaryAuthorization(evaluation_mode="PROJECT_SINGLETON_POLICY_ENFORCE"),
            authenticator_groups_config=ContainerClusterAuthenticatorGroupsConfig(security_group=site.variable(
                "gke_security_group", "Google Group for Kubernetes RBAC: gke-security-groups@<your domain>",
                "^gke-security-groups@[a-z0-9.-]+$", "gke_security_group must be gke-security-groups@<your domain>.")),
            security_posture_config=ContainerClusterSecurityPostureConfig(mode="BASIC",
                                                                         vulnerability_mode="VULNERABILITY_BASIC"),
            logging_config=ContainerClusterLoggingConfig(enable_components=LOGGING),
            monitoring_config=ContainerClusterMonitoringConfig(
                enable_components=monitoring,
                managed_prometheus=ContainerClusterMonitoringConfigManagedPrometheus(enabled=True)),
            addons_config=ContainerClusterAddonsConfig(
                gcs_fuse_csi_driver_config=ContainerClusterAddonsConfigGcsFuseCsiDriverConfig(enabled=True),
                gcp_filestore_csi_driver_config=ContainerClusterAddonsConfigGcpFilestoreCsiDriverConfig(
                    enabled="filestore" in caches),
                parallelstore_csi_driver_config=ContainerClusterAddonsConfigParallelstoreCsiDriverConfig(
                    enabled="parallelstore" in caches),
                lustre_csi_driver_config=ContainerClusterAddonsConfigLustreCsiDriverConfig(enabled="lustre" in caches)),
            cost_management_config=ContainerClusterCostManagementConfig(enabled=True),
            resource_labels=labels,
            deletion_protection=True,
            # the default pool only exists while the cluster is created; plinth's pools replace it
            lifecycle=TerraformResourceLifecycle(ignore_changes=["node_config", "initial_node_count"]),
        )
        self.pools = {p.name: self._pool(ctx, site, p, shapes[p.name], network, gke_key, labels)
                      for p in cluster.pools}

    def _workload_identity(self, ctx: Context, cluster: AcceleratorCluster, project: str) -> None:
        """A Google service account for the cluster's workloads, with the lake access it needs.
        Bind it to a Kubernetes service account with roles/iam.workloadIdentityUser at deploy time."""
        grants = [(cluster.lake, "roles/storage.objectViewer"), (cluster.checkpoints, "roles/storage.objectUser")]
        grants = [(lake, role) for lake, role in grants if lake]
        if not grants:
            return
        bp = ctx.bp
        self.workload_sa = ServiceAccount(self, "workload-sa", account_id=_base.account_id(bp.name, cluster.name, "wl"),
                                          project=project, display_name=f"workloads of {bp.name}/{cluster.name}",
                                          description="plinth: Workload Identity for training/serving pods")
        for lake_name, role in grants:
            for zone, bucket in sorted(ctx.lakes[lake_name].buckets.items()):
                StorageBucketIamMember(self, f"{lake_name}-{zone}-{role.split('.')[-1]}", bucket=bucket.name, role=role,
                                       member=f"serviceAccount:{self.workload_sa.email}")

    def _pool(self, ctx: Context, site, pool: NodePool, shape: _base.PoolShape, network: Any, gke_key: str,
              labels: dict[str, str]) -> ContainerNodePool:
        net = network.spec
        gpu = shape.family == "gpu"
        placement = None
        if _base.compact_pool(net, pool):
            policy = network.placement[(self.node.id, pool.name)]
            placement = ContainerNodePoolPlacementPolicy(type="COMPACT", policy_name=policy.name)
        elif shape.family == "tpu" and pool.topology:
            placement = ContainerNodePoolPlacementPolicy(type="COMPACT", tpu_topology=pool.topology)
        reservation = None
        if pool.capacity == "reserved":
            reservation = ContainerNodePoolNodeConfigReservationAffinity(
                consume_reservation_type="SPECIFIC_RESERVATION", key="compute.googleapis.com/reservation-name",
                values=[pool.reservation])
        extra_nics = None
        if _base.gpudirect_pool(net, pool):
            nics = _base.GPUDIRECT_NICS[shape.machine_type]
            extra_nics = ContainerNodePoolNetworkConfig(
                enable_private_nodes=True,
                additional_node_network_configs=[
                    ContainerNodePoolNetworkConfigAdditionalNodeNetworkConfigs(network=gnet.name, subnetwork=gsub.name)
                    for gnet, gsub in network.gpu_networks[:nics]])
        return ContainerNodePool(
            self, f"pool-{pool.name}", name=pool.name, project=site.project, location=ctx.bp.region,
            cluster=self.cluster.name,
            node_locations=[Fn.element(site.zones, 0)] if _base.single_zone_pool(net, pool) else None,
            autoscaling=ContainerNodePoolAutoscaling(
                total_min_node_count=pool.min_nodes, total_max_node_count=pool.max_nodes,
                location_policy="ANY" if pool.capacity == "spot" else "BALANCED"),
            management=ContainerNodePoolManagement(auto_repair=True, auto_upgrade=True),
            placement_policy=placement,
            network_config=extra_nics,
            node_config=ContainerNodePoolNodeConfig(
                machine_type=shape.machine_type,
                image_type="COS_CONTAINERD",
                disk_size_gb=pool.disk_gb,
                boot_disk_kms_key=gke_key,
                service_account=self.node_sa.email,
                oauth_scopes=CLOUD_PLATFORM,
                spot=pool.capacity == "spot",
                reservation_affinity=reservation,
                guest_accelerator=[ContainerNodePoolNodeConfigGuestAccelerator(
                    type=shape.accelerator_type, count=shape.count,
                    gpu_driver_installation_config=ContainerNodePoolNodeConfigGuestAcceleratorGpuDriverInstallationConfig(
                        gpu_driver_version="LATEST"))] if gpu else None,
                gvnic=ContainerNodePoolNodeConfigGvnic(enabled=True) if gpu else None,
                shielded_instance_config=ContainerNodePoolNodeConfigShieldedInstanceConfig(**SECURE_BOOT),
                workload_metadata_config=ContainerNodePoolNodeConfigWorkloadMetadataConfig(mode="GKE_METADATA"),
                kubelet_config=ContainerNodePoolNodeConfigKubeletConfig(insecure_kubelet_readonly_port_enabled="FALSE"),
                metadata={"disable-legacy-endpoints": "true"},
                taint=[taint(t) for t in pool.taints] or None,
                resource_labels=labels,
            ),
        )
