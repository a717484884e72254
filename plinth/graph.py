"""The architecture of blueprints as a diagram: Mermaid, Graphviz DOT or JSON.

Built from the typed model only (never from Terraform, never importing cdktf): networks, data lakes
and their cache, accelerator clusters with their pools, registries, serving endpoints per region,
the blueprint key and the audit trail; grouped by stack (foundation / training / serving, as the
compiler splits them) and region; edges lake → training → registry → serving, cluster → network,
capture → lake and replication → region. The output is deterministic: it depends only on the
blueprints (components are already sorted by name in the model).

    plinth graph blueprints/imaging-training.yaml            # Mermaid
    plinth graph blueprints/ --format dot | dot -Tsvg > a.svg

`mermaid_for(bp)` is the one-blueprint Mermaid text, for embedding in Markdown reports.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from plinth import catalog
from plinth.compile.plan import ROLES, role_of, stack_id
from plinth.model import AcceleratorCluster, Blueprint, DataLake, Network, NodePool, Registry, ServingEndpoint

FORMATS = ("mermaid", "dot", "json")

# What each component becomes on each cloud (see constructs/<cloud>/), for the node labels.
SERVICES: dict[str, dict[str, str]] = {
    "aws": {"key": "KMS key", "audit_trail": "CloudTrail", "network": "VPC", "data_lake": "S3",
            "accelerator_cluster": "EKS", "registry": "ECR + SageMaker model registry",
            "serving_endpoint": "SageMaker endpoint", "cache.lustre": "FSx for Lustre"},
    "gcp": {"key": "Cloud KMS", "audit_trail": "Cloud Audit Logs", "network": "VPC", "data_lake": "Cloud Storage",
            "accelerator_cluster": "GKE", "registry": "Artifact Registry",
            "serving_endpoint": "Vertex AI endpoint", "cache.lustre": "Managed Lustre",
            "cache.filestore": "Filestore", "cache.parallelstore": "Parallelstore"},
    "azure": {"key": "Key Vault", "audit_trail": "Activity Log", "network": "VNet", "data_lake": "ADLS Gen2",
              "accelerator_cluster": "AKS", "registry": "ACR + Azure ML workspace",
              "serving_endpoint": "Azure ML online endpoint", "cache.lustre": "Azure Managed Lustre"},
}

# Node kind → (Mermaid opening, Mermaid closing, Graphviz shape).
SHAPES = {
    "key": ("{{", "}}", "hexagon"),
    "audit_trail": ("[/", "/]", "parallelogram"),
    "network": ("(", ")", "box"),
    "data_lake": ("[(", ")]", "cylinder"),
    "cache": ("[(", ")]", "cylinder"),
    "data_lake_replica": ("[(", ")]", "cylinder"),
    "registry": ("[[", "]]", "box3d"),
    "registry_replica": ("[[", "]]", "box3d"),
    "accelerator_cluster": ("[", "]", "box"),
    "serving_endpoint": ("([", "])", "ellipse"),
}
_KIND_TAG = {"key": "key", "audit_trail": "audit", "network": "net", "data_lake": "lake", "cache": "cache",
             "data_lake_replica": "lakereplica", "registry": "registry", "registry_replica": "registryreplica",
             "accelerator_cluster": "cluster", "serving_endpoint": "serve"}
# Edge labels come from this vocabulary only (plus numbers), so they never need escaping.
_EDGE_LABEL = re.compile(r"^[a-z0-9 %]+$")


@dataclass
class Node:
    id: str
    kind: str
    component: str | None
    stack: str
    region: str
    label: tuple[str, ...]
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str
    dashed: bool = False
    constrain: bool = True   # False: Graphviz does not rank along it (back references, "runs in")


@dataclass
class Diagram:
    """One blueprint's architecture."""

    blueprint: str
    file: str
    cloud: str
    region: str
    compliance: tuple[str, ...]
    id: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    group_ids: dict[tuple[str, ...], str] = field(default_factory=dict)
    stack_ids: dict[str, str] = field(default_factory=dict)   # role → the compiler's stack id

    @property
    def title(self) -> str:
        return f"{self.blueprint} ({', '.join((self.cloud, self.region, *self.compliance))})"

    def groups(self) -> list[tuple[str, list[tuple[str, list[Node]]]]]:
        """[(stack role, [(region, nodes)])] in stack order, primary region first, then by name."""
        out = []
        for role in ROLES:
            in_stack = [n for n in self.nodes if n.stack == role]
            if not in_stack:
                continue
            regions = sorted({n.region for n in in_stack}, key=lambda r: (r != self.region, r))
            out.append((role, [(r, [n for n in in_stack if n.region == r]) for r in regions]))
        return out


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "_", text)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


class _Builder:
    def __init__(self, bp: Blueprint, taken: set[str]) -> None:
        self.bp = bp
        self.svc = SERVICES.get(bp.cloud, {})
        self.taken = taken
        self.d = Diagram(bp.name, bp.file, bp.cloud, bp.region, bp.compliance, self._id("bp", bp.name))
        self.ids: dict[tuple[str, str | None, str], str] = {}

    def _id(self, *parts: str) -> str:
        """A Mermaid/DOT-safe id ([A-Za-z0-9_], starting with a fixed word, never a keyword), unique
        across every diagram rendered together."""
        base = "__".join(_slug(p) for p in parts)
        out, n = base, 1
        while out in self.taken:
            n += 1
            out = f"{base}_{n}"
        self.taken.add(out)
        return out

    def node(self, kind: str, component: str | None, stack: str, region: str, label: list[str], /,
             **details: Any) -> str:
        parts = [_KIND_TAG[kind], self.bp.name] + ([component] if component else [])
        if kind in ("data_lake_replica", "registry_replica", "serving_endpoint"):
            parts.append(region)
        nid = self._id(*parts)
        self.ids[(kind, component, region)] = nid
        self.d.nodes.append(Node(nid, kind, component, stack, region, tuple(label), details))
        return nid

    def edge(self, source: str | None, target: str | None, label: str, dashed: bool = False,
             constrain: bool = True) -> None:
        if not _EDGE_LABEL.match(label):
            raise ValueError(f"edge label {label!r} needs escaping; keep edge labels to [a-z0-9 %]")
        e = Edge(source, target, label, dashed, constrain)
        if source and target and e not in self.d.edges:
            self.d.edges.append(e)

    def get(self, kind: str, component: str | None, region: str | None = None) -> str | None:
        return self.ids.get((kind, component, region or self.bp.region))

    # -- nodes -------------------------------------------------------------------------------
    def build(self) -> Diagram:
        bp, svc, primary = self.bp, self.svc, self.bp.region
        self.node("key", None, "foundation", primary, ["blueprint key", svc.get("key", "key")])
        self.node("audit_trail", None, "foundation", primary, ["audit trail", svc.get("audit_trail", "audit trail")])
        for net in bp.of_kind(Network):
            self._network(net)
        for lake in bp.of_kind(DataLake):
            self._lake(lake)
        for reg in bp.of_kind(Registry):
            self._registry(reg)
        for cluster in bp.of_kind(AcceleratorCluster):
            self._cluster(cluster)
        for ep in bp.of_kind(ServingEndpoint):
            self._endpoint(ep)
        self._edges()
        for role, regions in self.d.groups():
            self.d.stack_ids[role] = stack_id(bp, role)
            self.d.group_ids[(role,)] = self._id("stack", bp.name, role)
            for region, _ in regions:
                self.d.group_ids[(role, region)] = self._id("region", bp.name, role, region)
        return self.d

    def _network(self, net: Network) -> None:
        shape = f"{net.zones} zones" + (f", {net.fabric} fabric" if net.fabric != "none" else "")
        label = [net.name, f"{self.svc.get('network', 'network')} {net.cidr}", shape]
        if net.allow_ingress:
            n = len(net.allow_ingress)
            label.append(f"{n} ingress rule{'s' if n != 1 else ''}")
        self.node("network", net.name, role_of(net), self.bp.region, label, cidr=net.cidr, zones=net.zones,
                  fabric=net.fabric, nat=net.nat, flow_logs=net.flow_logs,
                  ingress=[{"cidr": r.cidr, "ports": list(r.ports)} for r in net.allow_ingress])

    def _lake(self, lake: DataLake) -> None:
        svc, role, primary = self.svc.get("data_lake", "object storage"), role_of(lake), self.bp.region
        label = [lake.name, f"{svc}: {', '.join(lake.zones)}"]
        if lake.size_tib is not None:
            label.append(f"{_num(lake.size_tib)} TiB")
        if lake.public_access:
            label.append("PUBLIC ACCESS")
        self.node("data_lake", lake.name, role, primary, label, zones=list(lake.zones), size_tib=lake.size_tib,
                  versioning=lake.versioning, public_access=lake.public_access,
                  replication_region=lake.replication_region)
        if lake.cache is not None:
            c = lake.cache
            self.node("cache", lake.name, role, primary,
                      [f"{lake.name} cache", f"{self.svc.get('cache.' + c.kind, c.kind)} {_num(c.capacity_tib)} TiB"],
                      kind=c.kind, capacity_tib=c.capacity_tib, throughput_mbps_per_tib=c.throughput_mbps_per_tib,
                      network=self._network_of(c.network))
        if lake.replication_region:
            self.node("data_lake_replica", lake.name, role, lake.replication_region,
                      [f"{lake.name} replica", svc], source=lake.name)

    def _registry(self, reg: Registry) -> None:
        svc, role = self.svc.get("registry", "registry"), role_of(reg)
        label = [reg.name, svc]
        if reg.repositories:
            label.append("images: " + ", ".join(reg.repositories))
        if reg.experiment_tracking:
            label.append("experiment tracking")
        self.node("registry", reg.name, role, self.bp.region, label, repositories=list(reg.repositories),
                  models=reg.models, experiment_tracking=reg.experiment_tracking, replicate=reg.replicate)
        for region in self._replica_regions(reg):
            self.node("registry_replica", reg.name, role, region, [f"{reg.name} replica", svc], source=reg.name)

    def _replica_regions(self, reg: Registry) -> list[str]:
        return [r for r in self.bp.serving_regions if r != self.bp.region] if reg.replicate else []

    def _pool(self, pool: NodePool) -> tuple[str, dict[str, Any]]:
        per_node = pool.per_node
        if pool.accelerator:
            acc = catalog.load().get(pool.accelerator)
            offer = acc.on(self.bp.cloud) if acc else None
            shape = offer.shape(per_node) if offer else None
            per_node = shape.count if shape else per_node
            what = f"{pool.accelerator} × {per_node} per node" if per_node else pool.accelerator
        else:
            what = str(pool.instance_type)
        capacity = {"on_demand": "on-demand", "spot": "spot"}.get(pool.capacity, pool.capacity)
        if pool.capacity == "reserved" and pool.reservation:
            capacity = f"reserved {pool.reservation}"
        line = f"{pool.name}: {what} × {pool.max_nodes} nodes max, {capacity}"
        return line, {"name": pool.name, "accelerator": pool.accelerator, "instance_type": pool.instance_type,
                      "per_node": per_node, "min_nodes": pool.min_nodes, "max_nodes": pool.max_nodes,
                      "capacity": pool.capacity}

    def _cluster(self, cluster: AcceleratorCluster) -> None:
        pools = [self._pool(p) for p in cluster.pools]
        label = [cluster.name, f"{self.svc.get('accelerator_cluster', 'Kubernetes')} {cluster.purpose} cluster",
                 *(line for line, _ in pools)]
        if cluster.public_endpoint:
            label.append("PUBLIC CONTROL PLANE")
        self.node("accelerator_cluster", cluster.name, role_of(cluster), self.bp.region, label,
                  purpose=cluster.purpose, kubernetes_version=cluster.kubernetes_version,
                  public_endpoint=cluster.public_endpoint, pools=[d for _, d in pools])

    def _endpoint(self, ep: ServingEndpoint) -> None:
        per = ep.per_replica
        if ep.accelerator:
            acc = catalog.load().get(ep.accelerator)
            offer = acc.on(self.bp.cloud) if acc else None
            shape = offer.shape(per, serving=True) if offer else None
            per = shape.count if shape else per
            compute = f"{ep.accelerator} × {per} per replica" if per else ep.accelerator
        else:
            compute = str(ep.instance_type)
        where = f"on cluster {ep.cluster}" if ep.cluster else self.svc.get("serving_endpoint", "endpoint")
        label = [ep.name, where, f"model {ep.model_name}, version {ep.model_version}",
                 f"{compute}, {ep.min_replicas}-{ep.max_replicas} replicas"]
        if ep.public:
            label.append("PUBLIC")
        for region in self.endpoint_regions(ep):
            self.node("serving_endpoint", ep.name, role_of(ep), region, label, model=ep.model_name,
                      version=ep.model_version, accelerator=ep.accelerator, per_replica=per,
                      instance_type=ep.instance_type, min_replicas=ep.min_replicas, max_replicas=ep.max_replicas,
                      canary_percent=ep.canary_percent, cluster=ep.cluster, public=ep.public,
                      data_capture=ep.data_capture)

    def endpoint_regions(self, ep: ServingEndpoint) -> list[str]:
        return list(ep.regions) or [self.bp.region, *self.bp.serving_regions]

    def _network_of(self, explicit: str | None) -> str | None:
        if explicit:
            return explicit
        nets = self.bp.of_kind(Network)
        return nets[0].name if len(nets) == 1 else None

    def _capture_lake(self, ep: ServingEndpoint) -> str | None:
        if not ep.data_capture:
            return None
        lakes = self.bp.of_kind(DataLake)
        return ep.capture_lake or (lakes[0].name if len(lakes) == 1 else None)

    # -- edges -------------------------------------------------------------------------------
    def _edges(self) -> None:
        bp, get = self.bp, self.get
        for lake in bp.of_kind(DataLake):
            if lake.cache is not None:
                self.edge(get("data_lake", lake.name), get("cache", lake.name), "cache")
                self.edge(get("cache", lake.name), get("network", self._network_of(lake.cache.network)),
                          "in", constrain=False)
            if lake.replication_region:
                self.edge(get("data_lake", lake.name),
                          get("data_lake_replica", lake.name, lake.replication_region), "replication", dashed=True)
        for cluster in bp.of_kind(AcceleratorCluster):
            cid = get("accelerator_cluster", cluster.name)
            if cluster.lake:
                self.edge(get("data_lake", cluster.lake), cid, "training data")
            if cluster.checkpoints:
                self.edge(cid, get("data_lake", cluster.checkpoints), "checkpoints", dashed=True, constrain=False)
            self.edge(cid, get("network", cluster.network), "in", constrain=False)
            if cluster.purpose == "training":
                for reg in bp.of_kind(Registry):
                    self.edge(cid, get("registry", reg.name), "models")
        for reg in bp.of_kind(Registry):
            for region in self._replica_regions(reg):
                self.edge(get("registry", reg.name), get("registry_replica", reg.name, region), "replication",
                          dashed=True)
        for ep in bp.of_kind(ServingEndpoint):
            capture = self._capture_lake(ep)
            for region in self.endpoint_regions(ep):
                eid = get("serving_endpoint", ep.name, region)
                self.edge(get("registry_replica", ep.registry, region) or get("registry", ep.registry), eid, "model")
                if ep.cluster:
                    self.edge(eid, get("accelerator_cluster", ep.cluster), "runs on", constrain=False)
                elif region == bp.region:
                    self.edge(eid, get("network", self._network_of(ep.network)), "in", constrain=False)
                if capture:
                    self.edge(eid, get("data_lake", capture),
                              f"capture {ep.capture_sample_percent}%", dashed=True, constrain=False)


def build(blueprints: Sequence[Blueprint]) -> list[Diagram]:
    """One diagram per blueprint, with ids unique across all of them."""
    taken: set[str] = set()
    return [_Builder(bp, taken).build() for bp in blueprints]


# -- Mermaid -----------------------------------------------------------------------------------

def _mermaid_text(text: str) -> str:
    for raw, entity in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("&", "#amp;")):
        text = text.replace(raw, entity)
    return text


def mermaid(diagrams: Sequence[Diagram]) -> str:
    out = ["flowchart LR"]
    for d in diagrams:
        out.append(f'  subgraph {d.id} ["{_mermaid_text(d.title)}"]')
        for role, regions in d.groups():
            out.append(f'    subgraph {d.group_ids[(role,)]} ["{d.stack_ids[role]} stack"]')
            for region, nodes in regions:
                out.append(f'      subgraph {d.group_ids[(role, region)]} ["{_mermaid_text(region)}"]')
                for n in nodes:
                    left, right, _ = SHAPES[n.kind]
                    text = "<br/>".join(_mermaid_text(line) for line in n.label)
                    out.append(f'        {n.id}{left}"{text}"{right}')
                out.append("      end")
            out.append("    end")
        out.append("  end")
    for d in diagrams:
        for e in d.edges:
            arrow = "-.->" if e.dashed else "-->"
            out.append(f"  {e.source} {arrow}|{e.label}| {e.target}")
    return "\n".join(out) + "\n"


def mermaid_for(bp: Blueprint) -> str:
    """The Mermaid flowchart of one blueprint (no Markdown fence), e.g. for the audit report:
    "```mermaid\\n" + mermaid_for(bp) + "```"."""
    return mermaid(build([bp]))


def mermaid_for_file(path: str) -> str | None:
    """`mermaid_for` of the blueprint at `path`, or None when it is missing or invalid (a report on
    synthesized output whose source blueprint is gone simply has no diagram)."""
    from plinth.pipeline import validate_paths

    result = validate_paths([path])
    return mermaid_for(result.blueprints[0]) if result.ok and len(result.blueprints) == 1 else None


# -- Graphviz DOT ------------------------------------------------------------------------------

def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_label(lines: Sequence[str]) -> str:
    return '"' + "\\n".join(line.replace("\\", "\\\\").replace('"', '\\"') for line in lines) + '"'


def dot(diagrams: Sequence[Diagram]) -> str:
    out = ["digraph plinth {",
           '  graph [rankdir=LR, newrank=true, fontname="Helvetica", fontsize=12];',
           '  node [fontname="Helvetica", fontsize=10];',
           '  edge [fontname="Helvetica", fontsize=9];']
    for d in diagrams:
        out += [f"  subgraph cluster_{d.id} {{", f"    label={_dot_string(d.title)};"]
        for role, regions in d.groups():
            out += [f"    subgraph cluster_{d.group_ids[(role,)]} {{",
                    f"      label={_dot_string(d.stack_ids[role] + ' stack')};"]
            for region, nodes in regions:
                out += [f"      subgraph cluster_{d.group_ids[(role, region)]} {{",
                        f"        label={_dot_string(region)};"]
                for n in nodes:
                    out.append(f"        {n.id} [label={_dot_label(n.label)}, shape={SHAPES[n.kind][2]}];")
                out.append("      }")
            out.append("    }")
        out.append("  }")
    for d in diagrams:
        for e in d.edges:
            attrs = [f"label={_dot_string(e.label)}"]
            if e.dashed:
                attrs.append("style=dashed")
            if not e.constrain:
                attrs.append("constraint=false")
            out.append(f"  {e.source} -> {e.target} [{', '.join(attrs)}];")
    out.append("}")
    return "\n".join(out) + "\n"


# -- JSON --------------------------------------------------------------------------------------

def to_json(diagrams: Sequence[Diagram]) -> str:
    data = {"blueprints": [{
        "name": d.blueprint, "file": d.file, "cloud": d.cloud, "region": d.region,
        "compliance": list(d.compliance),
        "stacks": [{"role": role, "stack": d.stack_ids[role],
                    "regions": [{"region": r, "nodes": [n.id for n in nodes]} for r, nodes in regions]}
                   for role, regions in d.groups()],
        "nodes": [{"id": n.id, "kind": n.kind, "component": n.component, "stack": n.stack, "region": n.region,
                   "label": list(n.label), "details": n.details} for n in d.nodes],
        "edges": [{"from": e.source, "to": e.target, "label": e.label, "style": "dashed" if e.dashed else "solid"}
                  for e in d.edges],
    } for d in diagrams]}
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render(blueprints: Sequence[Blueprint], fmt: str = "mermaid") -> str:
    diagrams = build(blueprints)
    if fmt == "mermaid":
        return mermaid(diagrams)
    if fmt == "dot":
        return dot(diagrams)
    if fmt == "json":
        return to_json(diagrams)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
