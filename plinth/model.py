"""Typed, frozen blueprint objects. Built only from schema-valid data; defaults applied here.

Past this module nothing reads dicts: constructs, semantics, the gate and cost all take these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

from plinth.diagnostics import PathT
from plinth.loader import Document


@dataclass(frozen=True)
class IngressRule:
    cidr: str
    ports: tuple[int, ...]
    description: str = ""


@dataclass(frozen=True)
class Network:
    name: str
    cidr: str
    zones: int = 2
    fabric: str = "none"
    nat: bool = True
    flow_logs: bool = True
    flow_log_retention_days: int = 365
    allow_ingress: tuple[IngressRule, ...] = ()
    kind: str = field(default="network", init=False)


@dataclass(frozen=True)
class NodePool:
    name: str
    max_nodes: int
    min_nodes: int = 0
    expected_nodes: float | None = None
    accelerator: str | None = None
    instance_type: str | None = None
    per_node: int | None = None
    topology: str | None = None
    capacity: str = "on_demand"
    reservation: str | None = None
    disk_gb: int = 200
    placement: str | None = None
    schedule: tuple[str, str] | None = None
    taints: tuple[str, ...] = ()


@dataclass(frozen=True)
class AcceleratorCluster:
    name: str
    network: str
    pools: tuple[NodePool, ...]
    purpose: str = "training"
    kubernetes_version: str = "1.31"
    public_endpoint: bool = False
    lake: str | None = None
    checkpoints: str | None = None
    kind: str = field(default="accelerator_cluster", init=False)


@dataclass(frozen=True)
class Cache:
    kind: str
    capacity_tib: float
    throughput_mbps_per_tib: int = 250
    network: str | None = None
    backup_retention_days: int = 7


@dataclass(frozen=True)
class DataLake:
    name: str
    zones: tuple[str, ...] = ("raw", "curated")
    versioning: bool = True
    public_access: bool = False
    replication_region: str | None = None
    size_tib: float | None = None
    infrequent_after_days: int = 30
    archive_after_days: int = 180
    expire_after_days: int | None = None
    cache: Cache | None = None
    kind: str = field(default="data_lake", init=False)


@dataclass(frozen=True)
class Registry:
    name: str
    repositories: tuple[str, ...] = ("training", "serving")
    models: bool = True
    experiment_tracking: bool = False
    lake: str | None = None
    immutable_tags: bool = True
    scan_on_push: bool = True
    replicate: bool = True
    kind: str = field(default="registry", init=False)


@dataclass(frozen=True)
class ServingEndpoint:
    name: str
    registry: str
    model_name: str
    min_replicas: int
    max_replicas: int
    model_version: str = "1"
    model_image: str = "serving"
    network: str | None = None
    cluster: str | None = None
    accelerator: str | None = None
    per_replica: int | None = None
    instance_type: str | None = None
    expected_replicas: float | None = None
    regions: tuple[str, ...] = ()
    canary_percent: int = 10
    bake_minutes: int = 10
    data_capture: bool = True
    capture_sample_percent: int = 20
    capture_lake: str | None = None
    network_isolation: bool = True
    public: bool = False
    kind: str = field(default="serving_endpoint", init=False)


Component = Union[Network, AcceleratorCluster, DataLake, Registry, ServingEndpoint]


@dataclass(frozen=True)
class Budget:
    monthly_usd: float
    alert_emails: tuple[str, ...] = ()
    alert_thresholds_percent: tuple[int, ...] = (50, 80, 100)


@dataclass(frozen=True)
class Backend:
    type: str = "local"
    settings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Waiver:
    resources: tuple[str, ...]
    reason: str
    owner: str
    expires: str
    check: str | None = None
    control: str | None = None
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class RuleOverride:
    """A blueprint's own severity for one AI rule (plinth/rules), with the reason."""

    rule: str
    severity: str
    reason: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Blueprint:
    name: str
    cloud: str
    region: str
    components: tuple[Component, ...]
    file: str = "<memory>"
    description: str = ""
    serving_regions: tuple[str, ...] = ()
    allowed_regions: tuple[str, ...] = ()
    compliance: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    budget: Budget | None = None
    backend: Backend = Backend()
    waivers: tuple[Waiver, ...] = ()
    rule_overrides: tuple[RuleOverride, ...] = ()
    positions: tuple[tuple[str, int, int], ...] = ()  # (component, line, column)
    doc: Document | None = field(default=None, compare=False, repr=False)

    def component(self, name: str) -> Component | None:
        return next((c for c in self.components if c.name == name), None)

    def of_kind(self, cls: type) -> list:
        return [c for c in self.components if isinstance(c, cls)]

    def position(self, component: str) -> tuple[int, int]:
        return next(((line, col) for name, line, col in self.positions if name == component), (1, 1))

    def where(self, path: PathT) -> tuple[int, int]:
        return self.doc.where(path) if self.doc else (1, 1)


def _pool(d: dict[str, Any]) -> NodePool:
    nodes = d["nodes"]
    sched = d.get("schedule")
    return NodePool(
        name=d["name"], max_nodes=nodes["max"], min_nodes=nodes.get("min", 0),
        expected_nodes=nodes.get("expected"), accelerator=d.get("accelerator"),
        instance_type=d.get("instance_type"), per_node=d.get("per_node"), topology=d.get("topology"),
        capacity=d.get("capacity", "on_demand"), reservation=d.get("reservation"),
        disk_gb=d.get("disk_gb", 200), placement=d.get("placement"),
        schedule=(sched["scale_down"], sched["scale_up"]) if sched else None,
        taints=tuple(d.get("taints", ())),
    )


def _component(name: str, d: dict[str, Any]) -> Component:
    kind = d["kind"]
    if kind == "network":
        fl = d.get("flow_logs", {})
        return Network(
            name=name, cidr=d["cidr"], zones=d.get("zones", 2), fabric=d.get("fabric", "none"),
            nat=d.get("nat", True), flow_logs=fl.get("enabled", True),
            flow_log_retention_days=fl.get("retention_days", 365),
            allow_ingress=tuple(IngressRule(r["cidr"], tuple(r["ports"]), r.get("description", ""))
                                for r in d.get("allow_ingress", ())),
        )
    if kind == "accelerator_cluster":
        return AcceleratorCluster(
            name=name, network=d["network"], pools=tuple(_pool(p) for p in d["pools"]),
            purpose=d.get("purpose", "training"), kubernetes_version=d.get("kubernetes_version", "1.31"),
            public_endpoint=d.get("public_endpoint", False), lake=d.get("lake"), checkpoints=d.get("checkpoints"),
        )
    if kind == "data_lake":
        lc = d.get("lifecycle", {})
        c = d.get("cache")
        cache = Cache(kind=c["kind"], capacity_tib=c["capacity_tib"],
                      throughput_mbps_per_tib=c.get("throughput_mbps_per_tib", 250),
                      network=c.get("network"), backup_retention_days=c.get("backup_retention_days", 7)) if c else None
        return DataLake(
            name=name, zones=tuple(d.get("zones", ("raw", "curated"))), versioning=d.get("versioning", True),
            public_access=d.get("public_access", False), replication_region=d.get("replication_region"),
            size_tib=d.get("size_tib"), infrequent_after_days=lc.get("infrequent_after_days", 30),
            archive_after_days=lc.get("archive_after_days", 180), expire_after_days=lc.get("expire_after_days"),
            cache=cache,
        )
    if kind == "registry":
        return Registry(
            name=name, repositories=tuple(d.get("repositories", ("training", "serving"))),
            models=d.get("models", True), experiment_tracking=d.get("experiment_tracking", False),
            lake=d.get("lake"), immutable_tags=d.get("immutable_tags", True),
            scan_on_push=d.get("scan_on_push", True), replicate=d.get("replicate", True),
        )
    model, reps = d["model"], d["replicas"]
    rollout, cap = d.get("rollout", {}), d.get("data_capture", {})
    return ServingEndpoint(
        name=name, registry=d["registry"], model_name=model["name"], model_version=model.get("version", "1"),
        model_image=model.get("image", "serving"), min_replicas=reps["min"], max_replicas=reps["max"],
        expected_replicas=reps.get("expected"), network=d.get("network"), cluster=d.get("cluster"),
        accelerator=d.get("accelerator"), per_replica=d.get("per_replica"), instance_type=d.get("instance_type"),
        regions=tuple(d.get("regions", ())), canary_percent=rollout.get("canary_percent", 10),
        bake_minutes=rollout.get("bake_minutes", 10), data_capture=cap.get("enabled", True),
        capture_sample_percent=cap.get("sample_percent", 20), capture_lake=cap.get("lake"),
        network_isolation=d.get("network_isolation", True), public=d.get("public", False),
    )


def build(doc: Document) -> Blueprint:
    """Schema-valid document → Blueprint. Components are ordered by name (deterministic)."""
    d = doc.data
    comps = d["components"]
    budget = d.get("budget")
    backend = d.get("backend", {"type": "local"})
    waivers = []
    for i, w in enumerate(d.get("waivers", ())):
        line, col = doc.where(("waivers", i))
        waivers.append(Waiver(resources=tuple(w["resources"]), reason=w["reason"], owner=w["owner"],
                              expires=w["expires"], check=w.get("check"), control=w.get("control"),
                              line=line, column=col))
    overrides = tuple(RuleOverride(o["rule"], o["severity"], o["reason"], *doc.where(("rule_overrides", i)))
                      for i, o in enumerate(d.get("rule_overrides", ())))
    return Blueprint(
        name=d["name"], cloud=d["cloud"], region=d["region"], file=doc.file,
        description=d.get("description", ""),
        components=tuple(_component(n, comps[n]) for n in sorted(comps)),
        serving_regions=tuple(d.get("serving_regions", ())), allowed_regions=tuple(d.get("allowed_regions", ())),
        compliance=tuple(sorted(d.get("compliance", ()))), labels=tuple(sorted(d.get("labels", {}).items())),
        budget=Budget(budget["monthly_usd"], tuple(budget.get("alert_emails", ())),
                      tuple(budget.get("alert_thresholds_percent", (50, 80, 100)))) if budget else None,
        backend=Backend(backend["type"], tuple(sorted((k, str(v)) for k, v in backend.items() if k != "type"))),
        waivers=tuple(waivers),
        rule_overrides=overrides,
        positions=tuple((n, *doc.where(("components", n), key=True)) for n in sorted(comps)),
        doc=doc,
    )
