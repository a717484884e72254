"""Address and placement plans the constructs build from, in one place so that validation runs
the very same plans: a blueprint whose network cannot be laid out fails `plinth validate` with
its position (plinth/semantics/network_plan.py) instead of failing synthesis.

Pure Python: importing this never starts CDKTF."""

from __future__ import annotations

import ipaddress

LARGEST_PUBLIC_PREFIX = 24     # AWS public subnets only hold NAT gateways: a /24 is plenty
SMALLEST_SUBNET_PREFIX = 28    # AWS minimum
MAX_GKE_CLUSTERS_PER_NETWORK = 8   # pod/service ranges: one slot each in 100.64.0.0/10
# GCP configurable dual-region buckets exist within one continent: region prefix → (location, KMS location)
GCP_DUAL_REGION = {"us": ("US", "us"), "europe": ("EU", "europe"), "asia": ("ASIA", "asia")}
_MASTER_BASES = ("172.16.0.0", "192.168.255.0", "10.255.255.0")
_GPUDIRECT_BASES = ("192.168", "172.31", "10.254")


class PlanError(ValueError):
    """A plan that cannot be made; the message says why, for the user."""


def plan_subnets(cidr: str, zones: int, nat: bool) -> tuple[list[str], list[str]]:
    """AWS (private, public) subnet CIDRs. Private subnets get the large blocks (EKS pods take VPC
    IPs); public subnets are carved from what is left, as large as fits up to /24."""
    net = ipaddress.ip_network(cidr)
    blocks = list(net.subnets(prefixlen_diff=zones.bit_length()))
    private, free = blocks[:zones], blocks[zones:]
    if not nat:
        return [str(s) for s in private], []
    for prefix in range(max(free[0].prefixlen, LARGEST_PUBLIC_PREFIX), SMALLEST_SUBNET_PREFIX + 1):
        candidates = [s for block in free for s in block.subnets(new_prefix=prefix)]
        if len(candidates) >= zones:
            return [str(s) for s in private], [str(s) for s in candidates[:zones]]
    raise PlanError(f"{cidr} is too small for {zones} zones with NAT (public subnets need at least "
                    f"/{SMALLEST_SUBNET_PREFIX})")


def master_cidr(taken: list[str], index: int) -> str:
    """A /28 for GKE cluster #index's private control plane, outside every range in `taken`."""
    nets = [ipaddress.ip_network(t) for t in taken]
    for base in _MASTER_BASES:
        net = ipaddress.ip_network(f"{ipaddress.ip_address(base) + 16 * index}/28")
        if not any(net.overlaps(t) for t in nets):
            return str(net)
    raise PlanError(f"no free /28 for the GKE control plane of cluster #{index + 1}: the networks cover "
                    + ", ".join(b + "/28" for b in _MASTER_BASES))


def gpudirect_cidrs(cidr: str, count: int) -> list[str]:
    """One /24 per GPU NIC network, outside the main network's range."""
    main = ipaddress.ip_network(cidr)
    for base in _GPUDIRECT_BASES:
        cidrs = [ipaddress.ip_network(f"{base}.{i}.0/24") for i in range(count)]
        if not any(c.overlaps(main) for c in cidrs):
            return [str(c) for c in cidrs]
    raise PlanError(f"no free ranges for {count} GPUDirect networks outside {cidr}")


def gcp_dual_region(primary: str, replica: str) -> tuple[str, str]:
    """(bucket location, KMS location) of a configurable dual-region bucket over two GCP regions."""
    a, b = primary.split("-")[0], replica.split("-")[0]
    if a != b or a not in GCP_DUAL_REGION:
        raise PlanError(f"GCP replicates buckets only within one continent (a configurable dual-region in US, EU "
                        f"or ASIA); `{primary}` and `{replica}` are not")
    return GCP_DUAL_REGION[a]
