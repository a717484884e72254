"""`accelerator_cluster`: a private AKS cluster (see _aks) with the blueprint's pools. Accelerator
pools take their VM size from the catalog, scale from `nodes.min` (0 allowed) to `nodes.max`, carry
the GPU taint, run on spot with eviction `Delete` when asked, and sit in a proximity placement
group when their size has InfiniBand (or `placement: compact`)."""

from __future__ import annotations

from typing import Any

from constructs import Construct

from plinth import catalog
from plinth.model import AcceleratorCluster, NodePool, Registry
from plinth_constructs.azure._aks import DEFAULT_SYSTEM_SIZE, Aks, Pool, infiniband


def pool_of(p: NodePool) -> Pool:
    ib = False
    if p.accelerator:
        offer = catalog.load()[p.accelerator].on("azure")
        vm_size = offer.shape(p.per_node).type
        ib = offer.interconnect == "infiniband" and infiniband(vm_size)
    else:
        vm_size = p.instance_type
    compact = p.placement == "compact" or (p.placement is None and ib and p.max_nodes > 1)
    return Pool(name=p.name, vm_size=vm_size, min_nodes=p.min_nodes, max_nodes=p.max_nodes,
                spot=p.capacity == "spot", gpu=p.accelerator is not None, compact=compact, disk_gb=p.disk_gb,
                taints=p.taints, reservation=p.reservation)


def system_pool(pools: tuple[NodePool, ...]) -> tuple[Pool, tuple[NodePool, ...]]:
    """The first on-demand CPU pool becomes AKS's system pool; without one, plinth adds a small one."""
    for p in pools:
        if p.accelerator is None and p.capacity != "spot":
            return pool_of(p), tuple(q for q in pools if q is not p)
    return Pool(name="system", vm_size=DEFAULT_SYSTEM_SIZE, min_nodes=1, max_nodes=3), pools


class AzureAcceleratorCluster(Construct):
    def __init__(self, scope: Construct, id_: str, ctx: Any, comp: AcceleratorCluster) -> None:
        super().__init__(scope, id_)
        net = ctx.network_for(comp.network)
        system, others = system_pool(comp.pools)
        self.aks = Aks(self, ctx, comp.name, net, system, kubernetes_version=comp.kubernetes_version,
                       public_endpoint=comp.public_endpoint)
        self.cluster = self.aks.cluster
        self.pools = {p.name: self.aks.add_pool(pool_of(p)) for p in others}
        self.aks.pull_from(ctx.of_kind(Registry))
        lake, checkpoints = ctx.component(comp.lake), ctx.component(comp.checkpoints)
        if lake is not None and lake is not checkpoints:
            self.aks.grant_kubelet("lake-reader", "Storage Blob Data Reader", lake.account.id)
        if checkpoints is not None:
            self.aks.grant_kubelet("checkpoints-writer", "Storage Blob Data Contributor", checkpoints.account.id)
