"""Shared helpers for the GCP constructs: labels, names, the per-stack project, shapes, keys.

Everything here is deterministic: names derive from the blueprint, hashes from names, never
from time or randomness. No blueprint string is ever placed where Terraform would read an
expression (semantics rejects `${`/`%{` before compile; names are pattern-checked by the schema).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from cdktf import TerraformStack, TerraformVariable, TerraformVariableValidationConfig
from constructs import Construct

from plinth import catalog, ipplan
from plinth.compile.stackset import StackSet
from plinth.model import AcceleratorCluster, Blueprint, Component, DataLake, Network, NodePool, Registry, ServingEndpoint

PROJECT_LABEL = "gcp-project"
"""A blueprint label naming the GCP project; without it each stack declares `var.project_id`."""

ROTATION_PERIOD = "7776000s"  # 90 days: PCI DSS 3.6.1 / 3.7.4, CKV_GCP_43
AUDIT_RETENTION_DAYS = 365    # PCI DSS 10.5.1 (12 months); HIPAA sets no period
SOFT_DELETE_SECONDS = 30 * 86400
GOOGLE_APIS_VIPS = ("199.36.153.8", "199.36.153.9", "199.36.153.10", "199.36.153.11")  # private.googleapis.com
GOOGLE_APIS_RANGES = ("199.36.153.8/30", "199.36.153.4/30")  # private. and restricted.googleapis.com
PRIVATE_RANGES = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")

# GPUDirect: extra NICs (each on its own VPC) per A3-class machine type.
GPUDIRECT_NICS = {"a3-highgpu-8g": 4, "a3-megagpu-8g": 8, "a3-ultragpu-8g": 8}
GPUDIRECT_MTU = 8244

# Cloud Storage multi-region ↔ Cloud KMS multi-region, for configurable dual-region buckets.


def labels(bp: Blueprint, component: str) -> dict[str, str]:
    """Blueprint labels plus plinth's own; plinth's keys win."""
    out = dict(bp.labels)
    out.update({
        "managed_by": "plinth",
        "blueprint": bp.name,
        "component": component,
        "compliance": "_".join(bp.compliance) or "none",
    })
    return out


def short_hash(text: str, n: int = 6) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:n]


def name(*parts: str, limit: int = 63, sep: str = "-") -> str:
    """Join parts; if too long, truncate and append a stable hash so names stay unique."""
    full = sep.join(p for p in parts if p)
    if len(full) <= limit:
        return full
    digest = short_hash(full)
    return full[: limit - len(digest) - 1].rstrip(sep) + sep + digest


def account_id(*parts: str) -> str:
    """Service-account id: 6-30 characters, [a-z][a-z0-9-]*[a-z0-9]."""
    out = name(*parts, limit=30)
    return out if len(out) >= 6 else (out + "-sa-" + short_hash(out, 2))[:30]


def numeric_id(*parts: str, digits: int = 10) -> str:
    """A stable numeric resource id (Vertex AI endpoints need one), no leading zero."""
    value = int(hashlib.sha256("/".join(parts).encode("utf-8")).hexdigest(), 16)
    low = 10 ** (digits - 1)
    return str(low + value % (9 * low))


# ----------------------------------------------------------------------------- blueprint facts

@dataclass(frozen=True)
class PoolShape:
    machine_type: str
    family: str                     # gpu | tpu | cpu
    accelerator_type: str | None    # GKE/Compute accelerator type, e.g. nvidia-l4
    count: int | None               # accelerators per node
    interconnect: str = "none"


def pool_shape(pool: NodePool) -> PoolShape:
    if pool.accelerator is None:
        return PoolShape(pool.instance_type or "e2-standard-4", "cpu", None, None)
    acc = catalog.load()[pool.accelerator]
    offer = acc.on("gcp")
    shape = offer.shape(pool.per_node)
    machine = pool.instance_type or shape.type
    return PoolShape(machine, acc.family, offer.accelerator_type, shape.count, offer.interconnect)


def serving_shape(ep: ServingEndpoint) -> PoolShape:
    if ep.accelerator is None:
        return PoolShape(ep.instance_type or "n2-standard-4", "cpu", None, None)
    acc = catalog.load()[ep.accelerator]
    offer = acc.on("gcp")
    shape = offer.shape(ep.per_replica, serving=True)
    return PoolShape(ep.instance_type or shape.type, acc.family, offer.accelerator_type, shape.count, offer.interconnect)


def vertex_accelerator(accelerator_type: str | None) -> str | None:
    """GKE/Compute accelerator names → Vertex AI's enum (nvidia-tesla-t4 → NVIDIA_TESLA_T4)."""
    if accelerator_type is None or not accelerator_type.startswith("nvidia-"):
        return None  # TPU machine types carry their chips; CPU has none
    return accelerator_type.upper().replace("-", "_")


def clusters_on(bp: Blueprint, net: Network) -> list[AcceleratorCluster]:
    return [c for c in bp.of_kind(AcceleratorCluster) if c.network == net.name]


def network_of(bp: Blueprint, explicit: str | None) -> Network | None:
    if explicit:
        comp = bp.component(explicit)
        return comp if isinstance(comp, Network) else None
    nets = bp.of_kind(Network)
    return nets[0] if len(nets) == 1 else None


def gpudirect_pool(net: Network, pool: NodePool) -> bool:
    shape = pool_shape(pool)
    return net.fabric == "gpudirect" and shape.family == "gpu" and shape.machine_type in GPUDIRECT_NICS


def gpudirect_nics(bp: Blueprint, net: Network) -> int:
    """How many per-GPU VPCs the network needs: the most any of its A3-class pools uses (default 4)."""
    if net.fabric != "gpudirect":
        return 0
    counts = [GPUDIRECT_NICS[pool_shape(p).machine_type]
              for c in clusters_on(bp, net) for p in c.pools if gpudirect_pool(net, p)]
    return max(counts, default=4)


def compact_pool(net: Network, pool: NodePool) -> bool:
    """Pools placed with a compact (collocated) resource policy. TPU slices use tpu_topology instead."""
    if pool.placement == "none":
        return False
    if pool_shape(pool).family == "tpu":
        return False
    if pool.placement == "compact":
        return True
    return net.fabric != "none" and pool_shape(pool).family == "gpu" and pool.max_nodes > 1


def single_zone_pool(net: Network, pool: NodePool) -> bool:
    return compact_pool(net, pool) or pool_shape(pool).family == "tpu"


def endpoint_regions(bp: Blueprint, ep: ServingEndpoint) -> list[str]:
    return list(ep.regions) or [bp.region, *bp.serving_regions]


def registry_regions(bp: Blueprint, reg: Registry) -> list[str]:
    return [bp.region, *(bp.serving_regions if reg.replicate else ())]


def managed_endpoints(bp: Blueprint) -> list[ServingEndpoint]:
    """Endpoints served by Vertex AI (not placed on a GKE serving cluster)."""
    return [e for e in bp.of_kind(ServingEndpoint) if e.cluster is None]


def lake_location(bp: Blueprint, lake: DataLake) -> tuple[str, str, list[str]]:
    """(bucket location, KMS key location, dual-region data locations) for a lake's buckets."""
    if not lake.replication_region:
        return bp.region, bp.region, []
    gcs, kms = ipplan.gcp_dual_region(bp.region, lake.replication_region)
    return gcs, kms, [bp.region.upper(), lake.replication_region.upper()]


def master_cidr(bp: Blueprint, index: int) -> str:
    """A /28 for a private control plane, outside every network of the blueprint."""
    return ipplan.master_cidr([n.cidr for n in bp.of_kind(Network)], index)


def secondary_ranges(bp: Blueprint, net: Network) -> dict[str, tuple[str, str]]:
    """cluster name → (pods range, services range), from 100.64.0.0/10 (RFC 6598), one slot per cluster."""
    out = {}
    for i, c in enumerate(sorted(clusters_on(bp, net), key=lambda c: c.name)):
        if i >= ipplan.MAX_GKE_CLUSTERS_PER_NETWORK:
            raise ipplan.PlanError(f"more than {ipplan.MAX_GKE_CLUSTERS_PER_NETWORK} clusters on network `{net.name}`")
        out[c.name] = (f"100.{64 + 2 * i}.0.0/15", f"100.96.{16 * i}.0/20")
    return out


def gpudirect_cidrs(net: Network, count: int) -> list[str]:
    """One /24 per GPU NIC network, outside the main network's range."""
    return ipplan.gpudirect_cidrs(net.cidr, count)


# ----------------------------------------------------------------------------- stacks and project

class Site:
    """What every stack of a blueprint shares: the `plinth` construct, project id and number, zones."""

    def __init__(self, bp: Blueprint, stack: TerraformStack) -> None:
        self.bp = bp
        self.stack = stack
        self.scope = Construct(stack, "plinth")
        project = dict(bp.labels).get(PROJECT_LABEL)
        if project:
            self.project: str = project
        else:
            var = TerraformVariable(stack, "project_id", type="string", nullable=False,
                                    description="GCP project id that this stack deploys into",
                                    validation=[TerraformVariableValidationConfig(
                                        condition='${can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))}',
                                        error_message="project_id must be a GCP project id.")])
            self.project = var.string_value
        self._number: str | None = None
        self._zones: Any = None
        self._vars: dict[str, TerraformVariable] = {}

    @property
    def number(self) -> str:
        """The project number (a data source, read once per stack)."""
        if self._number is None:
            from cdktf_cdktf_provider_google.data_google_project import DataGoogleProject

            self._number = DataGoogleProject(self.scope, "project", project_id=self.project).number
        return self._number

    @property
    def zones(self) -> Any:
        """The region's zones that are UP, in the provider's (sorted) order."""
        if self._zones is None:
            from cdktf_cdktf_provider_google.data_google_compute_zones import DataGoogleComputeZones

            self._zones = DataGoogleComputeZones(self.scope, "zones", region=self.bp.region, status="UP").names
        return self._zones

    def variable(self, var_id: str, description: str, pattern: str, message: str) -> str:
        """A required string variable of this stack (declared once), validated by a regex."""
        if var_id not in self._vars:
            self._vars[var_id] = TerraformVariable(
                self.stack, var_id, type="string", nullable=False, description=description,
                validation=[TerraformVariableValidationConfig(condition=f'${{can(regex("{pattern}", var.{var_id}))}}',
                                                     error_message=message)])
        return self._vars[var_id].string_value


@dataclass
class Context:
    """One blueprint's compile state: stacks, sites, and what constructs hand to each other."""

    bp: Blueprint
    stacks: StackSet
    sites: dict[str, Site] = field(default_factory=dict)
    keys: dict[tuple[str, str], Any] = field(default_factory=dict)        # (purpose, location) → KmsCryptoKey
    key_grants: dict[tuple[str, str], list] = field(default_factory=dict)  # → IAM members to depend on
    networks: dict[str, Any] = field(default_factory=dict)                 # name → NetworkConstruct
    lakes: dict[str, Any] = field(default_factory=dict)
    registries: dict[str, Any] = field(default_factory=dict)
    access_log_bucket: Any = None

    def site(self, stack: TerraformStack) -> Site:
        sid = stack.node.id
        if sid not in self.sites:
            self.sites[sid] = Site(self.bp, stack)
        return self.sites[sid]

    def stack_of(self, component: Component) -> TerraformStack:
        return self.stacks.stack_for(component)

    def key(self, purpose: str, location: str) -> Any:
        try:
            return self.keys[(purpose, location)]
        except KeyError:
            raise KeyError(f"no `{purpose}` key planned in {location}; see keys.plan()") from None

    def key_deps(self, purpose: str, location: str, stack: TerraformStack) -> list:
        """The key's IAM grants, as depends_on for resources in the foundation stack (none across stacks)."""
        return list(self.key_grants.get((purpose, location), [])) if stack is self.stacks.foundation else []
