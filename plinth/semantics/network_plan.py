"""Networks that can be laid out: the same plans the constructs build from (plinth/ipplan.py),
run at validate time, so a range that is too small, a CIDR with host bits set, or a GCP lake
replicated across continents fails with its position instead of failing synthesis.

(GPUDirect ranges are not checked: a /16-/24 network can overlap at most one of the three
candidate bases, so that plan cannot fail for a schema-valid blueprint.)"""

from __future__ import annotations

import ipaddress

from plinth import ipplan
from plinth.diagnostics import Diagnostic
from plinth.model import AcceleratorCluster, Blueprint, DataLake, Network
from plinth.semantics._util import comp_path, diag

def _host_bits(bp: Blueprint, net: Network) -> Diagnostic | None:
    try:
        ipaddress.ip_network(net.cidr)
    except ValueError:
        start = ipaddress.ip_network(net.cidr, strict=False)
        return diag(bp, comp_path(net.name, "cidr"), f"`{net.cidr}` has host bits set",
                    f"the range starts at `{start}`: write that", "network.host_bits")
    return None


def _aws(bp: Blueprint, net: Network) -> list[Diagnostic]:
    """The primary VPC's plan. (Serving-region VPCs use 2 zones without NAT: any /16-/24 fits.)"""
    try:
        ipplan.plan_subnets(net.cidr, net.zones, net.nat)
    except ipplan.PlanError as err:
        return [diag(bp, comp_path(net.name, "cidr"), f"network `{net.name}`: {err}",
                     "use a larger range (a /20 or wider), fewer `zones`, or `nat: false`", "network.too_small")]
    return []


def _gcp(bp: Blueprint) -> list[Diagnostic]:
    out = []
    for net in bp.of_kind(Network):
        clusters = [c for c in bp.of_kind(AcceleratorCluster) if c.network == net.name]
        if len(clusters) > ipplan.MAX_GKE_CLUSTERS_PER_NETWORK:
            out.append(diag(bp, comp_path(clusters[ipplan.MAX_GKE_CLUSTERS_PER_NETWORK].name, "network"),
                            f"network `{net.name}` has {len(clusters)} clusters; GKE pod and service ranges fit "
                            f"{ipplan.MAX_GKE_CLUSTERS_PER_NETWORK}", "put some clusters on a second network",
                            "network.clusters"))
    taken = [n.cidr for n in bp.of_kind(Network)]
    for i, cluster in enumerate(bp.of_kind(AcceleratorCluster)):
        try:
            ipplan.master_cidr(taken, i)
        except ipplan.PlanError as err:
            out.append(diag(bp, comp_path(cluster.name), f"cluster `{cluster.name}`: {err}",
                            "move a network off one of those ranges", "network.control_plane"))
    for lake in bp.of_kind(DataLake):
        if lake.replication_region and lake.replication_region != bp.region:
            try:
                ipplan.gcp_dual_region(bp.region, lake.replication_region)
            except ipplan.PlanError as err:
                out.append(diag(bp, comp_path(lake.name, "replication_region"), f"data_lake `{lake.name}`: {err}",
                                "pick a replication_region on the primary region's continent", "lake.dual_region"))
    return out


def check(bp: Blueprint) -> list[Diagnostic]:
    out = []
    valid = []
    for net in bp.of_kind(Network):
        problem = _host_bits(bp, net)
        if problem:
            out.append(problem)
        else:
            valid.append(net)
    if out:
        return out
    if bp.cloud == "aws":
        for net in valid:
            out += _aws(bp, net)
    if bp.cloud == "gcp":
        out += _gcp(bp)
    return out
