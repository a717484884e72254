"""The one way plinth makes an AKS cluster: private API server, Entra ID with Azure RBAC, no local
accounts, etcd encrypted by KMS with a Key Vault key, node disks with a customer-managed key and
host encryption, automatic upgrades, Azure Monitor and Defender, Azure Policy, overlay CNI with
Cilium network policy. Used by `accelerator_cluster` and by `serving_endpoint`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from constructs import Construct
from cdktf_cdktf_provider_azurerm.disk_encryption_set import DiskEncryptionSet, DiskEncryptionSetIdentity
from cdktf_cdktf_provider_azurerm.kubernetes_cluster import (
    KubernetesCluster,
    KubernetesClusterAzureActiveDirectoryRoleBasedAccessControl,
    KubernetesClusterDefaultNodePool,
    KubernetesClusterDefaultNodePoolUpgradeSettings,
    KubernetesClusterIdentity,
    KubernetesClusterKeyManagementService,
    KubernetesClusterKeyVaultSecretsProvider,
    KubernetesClusterMicrosoftDefender,
    KubernetesClusterNetworkProfile,
    KubernetesClusterOmsAgent,
)
from cdktf_cdktf_provider_azurerm.kubernetes_cluster_node_pool import (
    KubernetesClusterNodePool,
    KubernetesClusterNodePoolUpgradeSettings,
)
from cdktf_cdktf_provider_azurerm.proximity_placement_group import ProximityPlacementGroup
from cdktf_cdktf_provider_azurerm.resource_group import ResourceGroup
from cdktf_cdktf_provider_azurerm.user_assigned_identity import UserAssignedIdentity

from plinth.naming import join
from plinth_constructs.azure import _common as c

GPU_TAINT = "sku=gpu:NoSchedule"
SPOT_TAINT = "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"   # AKS adds it to spot pools anyway
DEFAULT_SYSTEM_SIZE = "Standard_D4ds_v5"
MAX_PODS = 110
POD_CIDR = "192.168.0.0/16"
SERVICE_CIDR = "172.16.0.0/16"
DNS_SERVICE_IP = "172.16.0.10"
AUDIT_LOGS = ("kube-audit", "kube-audit-admin", "guard", "kube-apiserver", "kube-controller-manager",
              "kube-scheduler", "cluster-autoscaler")
_SIZE = re.compile(r"^Standard_[A-Z]+[0-9]+([a-z]*)_")


def infiniband(vm_size: str) -> bool:
    """RDMA (InfiniBand) sizes carry an `r` among their feature letters: ND96isr_H100_v5, ND96amsr_A100_v4."""
    m = _SIZE.match(vm_size)
    return bool(m and "r" in m.group(1))


@dataclass(frozen=True)
class Pool:
    name: str                     # blueprint pool name
    vm_size: str
    min_nodes: int
    max_nodes: int
    spot: bool = False
    gpu: bool = False
    compact: bool = False         # proximity placement (InfiniBand / placement: compact)
    disk_gb: int = 200
    taints: tuple[str, ...] = ()
    reservation: str | None = None
    labels: dict = field(default_factory=dict)


class Aks:
    """Builds the cluster's resources into `scope` (the component's construct)."""

    def __init__(self, scope: Construct, ctx: Any, component: str, net: Any, system: Pool, *,
                 kubernetes_version: str, public_endpoint: bool = False) -> None:
        self.scope, self.ctx, self.component, self.net = scope, ctx, component, net
        bp, tags = ctx.bp, ctx.tags(component)
        self.tags = tags
        self.name = join(bp.name, component)
        self.rg = ResourceGroup(scope, "rg", name=c.rg_name(bp.name, component), location=ctx.region, tags=tags)
        self.identity = UserAssignedIdentity(scope, "identity", name=self.name, location=ctx.region,
                                             resource_group_name=self.rg.name, tags=tags)
        pid, vault = self.identity.principal_id, ctx.base.vault
        etcd_key = c.cmk(scope, "etcd-key", ctx, join(component, "etcd"), component)
        disk_key = c.cmk(scope, "disk-key", ctx, join(component, "disks"), component)
        grants = [
            c.grant(scope, "key-user", pid, "Key Vault Crypto User", vault.id),
            c.grant(scope, "key-service-user", pid, c.CRYPTO_SERVICE_USER, vault.id),
            # KMS with a private vault: AKS adds a private endpoint to the vault for the API server.
            c.grant(scope, "vault-contributor", pid, "Key Vault Contributor", vault.id),
            c.grant(scope, "subnet-network-contributor", pid, "Network Contributor", net.subnets["nodes"].id),
        ]
        self.des = DiskEncryptionSet(
            scope, "disk-encryption", name=join(self.name, "disks"), location=ctx.region,
            resource_group_name=self.rg.name, key_vault_key_id=disk_key.versionless_id,
            auto_key_rotation_enabled=True, encryption_type="EncryptionAtRestWithCustomerKey",
            identity=DiskEncryptionSetIdentity(type="UserAssigned", identity_ids=[self.identity.id]),
            tags=tags, depends_on=grants[1:2],
        )
        grants.append(c.grant(scope, "disk-encryption-reader", pid, "Reader", self.des.id))
        self._grants = grants
        self.cluster = KubernetesCluster(
            scope, "aks", name=self.name, location=ctx.region, resource_group_name=self.rg.name,
            node_resource_group=join(self.name, "nodes"), dns_prefix=self.name,
            kubernetes_version=kubernetes_version, sku_tier="Standard",
            private_cluster_enabled=not public_endpoint, private_cluster_public_fqdn_enabled=False,
            local_account_disabled=True, role_based_access_control_enabled=True,
            azure_active_directory_role_based_access_control=KubernetesClusterAzureActiveDirectoryRoleBasedAccessControl(
                azure_rbac_enabled=True, tenant_id=ctx.client(scope).tenant_id),
            automatic_upgrade_channel="patch", node_os_upgrade_channel="NodeImage",
            identity=KubernetesClusterIdentity(type="UserAssigned", identity_ids=[self.identity.id]),
            key_management_service=KubernetesClusterKeyManagementService(
                key_vault_key_id=etcd_key.id, key_vault_network_access="Private"),
            disk_encryption_set_id=self.des.id,
            oms_agent=KubernetesClusterOmsAgent(log_analytics_workspace_id=ctx.base.workspace.id,
                                                msi_auth_for_monitoring_enabled=True),
            microsoft_defender=KubernetesClusterMicrosoftDefender(log_analytics_workspace_id=ctx.base.workspace.id),
            azure_policy_enabled=True, workload_identity_enabled=True, oidc_issuer_enabled=True,
            image_cleaner_enabled=True, image_cleaner_interval_hours=48, run_command_enabled=False,
            http_application_routing_enabled=False,
            key_vault_secrets_provider=KubernetesClusterKeyVaultSecretsProvider(
                secret_rotation_enabled=True, secret_rotation_interval="2m"),
            network_profile=KubernetesClusterNetworkProfile(
                network_plugin="azure", network_plugin_mode="overlay", network_policy="cilium",
                network_data_plane="cilium", load_balancer_sku="standard",
                outbound_type="userAssignedNATGateway" if net.nat is not None else "loadBalancer",
                pod_cidr=POD_CIDR, service_cidr=SERVICE_CIDR, dns_service_ip=DNS_SERVICE_IP),
            default_node_pool=self._default_pool(system),
            tags=tags, depends_on=grants,
        )
        self.kubelet_object_id = self.cluster.kubelet_identity.object_id
        c.diagnostics(scope, "aks-diagnostics", ctx, self.cluster.id, categories=AUDIT_LOGS)
        self._ppg: ProximityPlacementGroup | None = None

    def _zones(self) -> list[str]:
        return [str(z) for z in range(1, min(self.net.comp.zones, 3) + 1)]

    def _default_pool(self, p: Pool) -> KubernetesClusterDefaultNodePool:
        name = c.pool_name(p.name)
        return KubernetesClusterDefaultNodePool(
            name=name, temporary_name_for_rotation=("tmp" + name)[:12], vm_size=p.vm_size,
            auto_scaling_enabled=True, min_count=max(1, p.min_nodes), max_count=max(1, p.max_nodes),
            only_critical_addons_enabled=True, vnet_subnet_id=self.net.subnets["nodes"].id,
            host_encryption_enabled=True, node_public_ip_enabled=False, os_disk_type="Managed",
            os_disk_size_gb=p.disk_gb, max_pods=MAX_PODS, zones=self._zones(),
            upgrade_settings=KubernetesClusterDefaultNodePoolUpgradeSettings(max_surge="10%"),
            tags=self.tags,
        )

    def placement_group(self) -> str:
        """The network's InfiniBand proximity placement group, or one for this cluster."""
        if self.net.ppg is not None:
            target = self.net.ppg
        else:
            if self._ppg is None:
                self._ppg = ProximityPlacementGroup(self.scope, "placement", name=join(self.name, "placement"),
                                                    location=self.ctx.region, resource_group_name=self.rg.name,
                                                    tags=self.tags)
            target = self._ppg
        gid = f"placement-contributor-{target.node.id}"
        if self.scope.node.try_find_child(gid) is None:
            c.grant(self.scope, gid, self.identity.principal_id, "Contributor", target.id)
        return target.id

    def add_pool(self, p: Pool, id_: str | None = None) -> KubernetesClusterNodePool:
        taints = ([GPU_TAINT] if p.gpu else []) + ([SPOT_TAINT] if p.spot else []) + list(p.taints)
        ppg = self.placement_group() if p.compact else None
        spot = dict(priority="Spot", eviction_policy="Delete", spot_max_price=-1) if p.spot else dict(priority="Regular")
        return KubernetesClusterNodePool(
            self.scope, id_ or f"pool-{p.name}", name=c.pool_name(p.name), kubernetes_cluster_id=self.cluster.id,
            mode="User", vm_size=p.vm_size, auto_scaling_enabled=True, min_count=p.min_nodes, max_count=p.max_nodes,
            node_taints=taints or None, node_labels={"plinth/pool": p.name, **p.labels},
            vnet_subnet_id=self.net.subnets["nodes"].id, host_encryption_enabled=True,
            node_public_ip_enabled=False, os_disk_type="Managed", os_disk_size_gb=p.disk_gb, max_pods=MAX_PODS,
            proximity_placement_group_id=ppg, zones=None if ppg else self._zones(),
            capacity_reservation_group_id=p.reservation,
            upgrade_settings=None if p.spot else KubernetesClusterNodePoolUpgradeSettings(max_surge="10%"),
            tags=self.tags, **spot,
        )

    def grant_kubelet(self, id_: str, role: str, target: str) -> None:
        c.grant(self.scope, id_, self.kubelet_object_id, role, target)

    def pull_from(self, registries: Sequence[Any]) -> None:
        for reg in registries:
            self.grant_kubelet(f"acr-pull-{reg.comp.name}", "AcrPull", reg.acr.id)
