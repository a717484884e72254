"""AIX-002: accelerators left idle (on-demand training pools that never scale to zero)."""

from __future__ import annotations

from typing import Iterator

from plinth.model import Blueprint
from plinth.rules._facts import pool_accel, pool_path, training_clusters
from plinth.rules.base import WARNING, Hit, Rule


def hits(bp: Blueprint) -> Iterator[Hit]:
    for c in training_clusters(bp):
        for i, p in enumerate(c.pools):
            a = pool_accel(bp, p)
            if a is None or p.capacity != "on_demand" or p.min_nodes == 0 or p.schedule is not None:
                continue
            nodes = f"{p.min_nodes} node{'s' if p.min_nodes != 1 else ''}"
            yield Hit(c.name, pool_path(c.name, i, "nodes", "min"),
                      f"on-demand pool `{p.name}` keeps {nodes} ({p.min_nodes * a.shape.count} × {a.acc.name}) "
                      "running when no job needs them",
                      "set `nodes.min: 0` so the pool scales to zero between jobs, or add "
                      "`schedule: {scale_down: ..., scale_up: ...}`")


RULE = Rule(
    id="AIX-002",
    title="Accelerators left idle",
    severity=WARNING,
    explanation=(
        "Accelerators bill by the hour whether or not a job runs on them. An on-demand accelerator "
        "pool in a training cluster with `nodes.min` above zero keeps that many nodes running through "
        "nights, weekends and the gaps between experiments; with eight H100s per node that is the "
        "largest line of most AI bills. Let training pools scale to zero (the autoscaler brings nodes "
        "back when jobs are queued) or give the pool a `schedule` that scales it to zero outside "
        "working hours. Reserved pools are not flagged (the reservation is paid for either way), nor "
        "are spot pools (see AIX-006), nor serving clusters, whose minimum is deliberate warm capacity. "
        "A pool counts as an accelerator pool when it names an `accelerator` or an `instance_type` "
        "that the accelerator catalog lists."),
    looks_at=("accelerator_cluster.purpose", "pools[].accelerator", "pools[].instance_type",
              "pools[].capacity", "pools[].nodes.min", "pools[].schedule"),
    hits=hits,
)
