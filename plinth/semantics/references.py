"""References between components resolve, point at the right kind, and keep training and serving apart."""

from __future__ import annotations

from plinth.diagnostics import Diagnostic, did_you_mean
from plinth.model import AcceleratorCluster, Blueprint, DataLake, Network, Registry, ServingEndpoint
from plinth.semantics._util import comp_path, diag

_KIND_WORD = {Network: "network", DataLake: "data_lake", Registry: "registry", AcceleratorCluster: "accelerator_cluster"}


def _ref(bp: Blueprint, path: tuple, target: str | None, want: type) -> list[Diagnostic]:
    if target is None:
        return []
    comp = bp.component(target)
    if comp is None:
        names = [c.name for c in bp.of_kind(want)]
        hint = did_you_mean(target, names) or (
            f"{_KIND_WORD[want]} components here: " + ", ".join(f"`{n}`" for n in names) if names
            else f"add a component of kind `{_KIND_WORD[want]}`")
        return [diag(bp, path, f"`{target}` is not a component of this blueprint", hint, "ref.unknown")]
    if not isinstance(comp, want):
        return [diag(bp, path, f"`{target}` is a {comp.kind}, but `{path[-1]}` needs a {_KIND_WORD[want]}",
                     None, "ref.kind")]
    return []


def _sole_network(bp: Blueprint, path: tuple, explicit: str | None, what: str) -> list[Diagnostic]:
    """A component that needs a network may omit it only when there is exactly one."""
    if explicit is not None:
        return []
    nets = bp.of_kind(Network)
    if len(nets) == 1:
        return []
    if not nets:
        return [diag(bp, path, f"{what} needs a private network, and the blueprint has none",
                     "add a component with `kind: network`", "ref.no_network")]
    return [diag(bp, path, f"{what} must say which network it uses",
                 "set `network:` to one of " + ", ".join(f"`{n.name}`" for n in nets), "ref.ambiguous_network")]


def check(bp: Blueprint) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for c in bp.components:
        if isinstance(c, AcceleratorCluster):
            out += _ref(bp, comp_path(c.name, "network"), c.network, Network)
            out += _ref(bp, comp_path(c.name, "lake"), c.lake, DataLake)
            out += _ref(bp, comp_path(c.name, "checkpoints"), c.checkpoints, DataLake)
        elif isinstance(c, DataLake) and c.cache is not None:
            out += _ref(bp, comp_path(c.name, "cache", "network"), c.cache.network, Network)
            out += _sole_network(bp, comp_path(c.name, "cache"), c.cache.network, "the cache tier")
        elif isinstance(c, Registry):
            out += _ref(bp, comp_path(c.name, "lake"), c.lake, DataLake)
            if c.experiment_tracking and c.lake is None:
                out.append(diag(bp, comp_path(c.name, "experiment_tracking"),
                                "experiment tracking needs a data lake for its artifacts",
                                "set `lake:` on the registry", "ref.tracking_lake"))
        elif isinstance(c, ServingEndpoint):
            out += _ref(bp, comp_path(c.name, "registry"), c.registry, Registry)
            out += _ref(bp, comp_path(c.name, "network"), c.network, Network)
            out += _ref(bp, comp_path(c.name, "data_capture", "lake"), c.capture_lake, DataLake)
            out += _ref(bp, comp_path(c.name, "cluster"), c.cluster, AcceleratorCluster)
            out += _sole_network(bp, comp_path(c.name), c.network, "a serving endpoint")
            if c.data_capture and c.capture_lake is None and len(bp.of_kind(DataLake)) != 1:
                out.append(diag(bp, comp_path(c.name, "data_capture"),
                                "data capture needs a data lake to write to",
                                "set `data_capture: {lake: <data_lake>}` or add a data_lake", "ref.capture_lake"))
            target = bp.component(c.cluster) if c.cluster else None
            if isinstance(target, AcceleratorCluster) and target.purpose != "serving":
                out.append(diag(bp, comp_path(c.name, "cluster"),
                                f"serving endpoint `{c.name}` is placed on training cluster `{target.name}`",
                                "training is bursty and serving must be stable: use a cluster with "
                                "`purpose: serving`, or drop `cluster:` for a managed endpoint", "ref.serving_on_training"))
        if isinstance(c, ServingEndpoint) and c.min_replicas > c.max_replicas:
            out.append(diag(bp, comp_path(c.name, "replicas", "min"),
                            f"replicas.min ({c.min_replicas}) is above replicas.max ({c.max_replicas})", None, "range.replicas"))
        if isinstance(c, AcceleratorCluster):
            for i, p in enumerate(c.pools):
                if p.min_nodes > p.max_nodes:
                    out.append(diag(bp, comp_path(c.name, "pools", i, "nodes", "min"),
                                    f"nodes.min ({p.min_nodes}) is above nodes.max ({p.max_nodes})", None, "range.nodes"))
            seen: set[str] = set()
            for i, p in enumerate(c.pools):
                if p.name in seen:
                    out.append(diag(bp, comp_path(c.name, "pools", i, "name"), f"pool name `{p.name}` is used twice",
                                    "give each pool its own name", "ref.pool_duplicate"))
                seen.add(p.name)
    return out
