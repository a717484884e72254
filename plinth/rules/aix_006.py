"""AIX-006: spot training without a checkpoint location."""

from __future__ import annotations

from typing import Iterator

from plinth.model import Blueprint, DataLake
from plinth.rules._facts import pool_accel, pool_path, training_clusters
from plinth.rules.base import ERROR, Hit, Rule


def hits(bp: Blueprint) -> Iterator[Hit]:
    lakes = [lk.name for lk in bp.of_kind(DataLake)]
    for c in training_clusters(bp):
        if c.checkpoints:
            continue
        suggest = c.lake or (lakes[0] if lakes else None)
        hint = (f"set `checkpoints: {suggest}` on cluster `{c.name}`" if suggest
                else "add a data_lake and name it in the cluster's `checkpoints:`")
        for i, p in enumerate(c.pools):
            if p.capacity == "spot" and pool_accel(bp, p) is not None:
                yield Hit(c.name, pool_path(c.name, i, "capacity"),
                          f"spot pool `{p.name}` of training cluster `{c.name}` has no checkpoint location",
                          hint)


RULE = Rule(
    id="AIX-006",
    title="Spot training without a checkpoint location",
    severity=ERROR,
    explanation=(
        "Spot (preemptible) accelerators cost a fraction of on-demand ones because the cloud takes "
        "them back at short notice, and for large accelerator types it does so often. A training job "
        "that cannot resume starts over after every interruption, so a long run on spot can cost more "
        "than on-demand and never finish. A training cluster with a spot accelerator pool must name a "
        "data lake in `checkpoints:` so that jobs write checkpoints there and resume from the last "
        "one; plinth grants the training jobs write access to it."),
    looks_at=("accelerator_cluster.purpose", "accelerator_cluster.checkpoints", "pools[].capacity",
              "pools[].accelerator", "pools[].instance_type"),
    hits=hits,
)
