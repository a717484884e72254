"""AIX-004: multi-node training without the high-bandwidth fabric or placement its accelerator needs."""

from __future__ import annotations

from typing import Iterator

from plinth.model import Blueprint, Network
from plinth.rules._facts import has_fabric, pool_accel, pool_path, training_clusters
from plinth.rules.base import WARNING, Hit, Rule


def hits(bp: Blueprint) -> Iterator[Hit]:
    for c in training_clusters(bp):
        net = bp.component(c.network)
        fabric = net.fabric if isinstance(net, Network) else "none"
        for i, p in enumerate(c.pools):
            a = pool_accel(bp, p)
            if a is None or p.max_nodes <= 1 or not has_fabric(bp.cloud, a):
                continue
            what = f"multi-node pool `{p.name}` ({a.acc.name}, up to {p.max_nodes} nodes)"
            if fabric == "none":
                yield Hit(c.name, ("components", c.name, "network"),
                          f"{what} runs on network `{c.network}`, which has no {a.offering.interconnect} fabric",
                          f"set `fabric: {a.offering.interconnect}` on network `{c.network}`")
            if p.placement == "none":
                yield Hit(c.name, pool_path(c.name, i, "placement"),
                          f"{what} has `placement: none`: its nodes may land far apart",
                          "remove `placement: none` (fabric pools default to compact placement)")


RULE = Rule(
    id="AIX-004",
    title="Multi-node training without a high-bandwidth fabric or compact placement",
    severity=WARNING,
    explanation=(
        "Distributed training exchanges gradients (and, with model parallelism, activations) between "
        "nodes at every step. Accelerators built for it come with a fabric: EFA on AWS, InfiniBand on "
        "Azure, GPUDirect on GCP. Over the ordinary network the same job spends most of each step "
        "waiting and runs several times slower on the most expensive hardware there is. A training "
        "pool that can grow beyond one node (`nodes.max` > 1), running an accelerator whose catalog "
        "interconnect on this cloud is efa, infiniband or gpudirect, needs its network's `fabric` "
        "set and compact placement (cluster placement group, compact placement policy, proximity "
        "placement group), which is the default unless the pool says `placement: none`. Shapes "
        "without the fabric are not flagged: AWS shapes without EFA cards and Azure NC sizes. If the "
        "pool only runs independent single-node jobs (sweeps, evaluation), override the rule and say so."),
    looks_at=("network.fabric", "accelerator_cluster.network", "pools[].accelerator", "pools[].instance_type",
              "pools[].per_node", "pools[].nodes.max", "pools[].placement"),
    hits=hits,
)
