"""AIX-001: training and serving mixed on one cluster or one stack."""

from __future__ import annotations

from typing import Iterator

from plinth.model import AcceleratorCluster, Blueprint, ServingEndpoint
from plinth.rules.base import ERROR, Hit, Rule


def hits(bp: Blueprint) -> Iterator[Hit]:
    for c in bp.of_kind(AcceleratorCluster):
        if c.purpose == "serving" and c.checkpoints:
            yield Hit(c.name, ("components", c.name, "checkpoints"),
                      f"serving cluster `{c.name}` writes training checkpoints to `{c.checkpoints}`",
                      "train on a cluster with `purpose: training` (the default) and keep this one for serving")
    for e in bp.of_kind(ServingEndpoint):
        target = bp.component(e.cluster) if e.cluster else None
        if isinstance(target, AcceleratorCluster) and target.purpose == "training":
            yield Hit(e.name, ("components", e.name, "cluster"),
                      f"serving endpoint `{e.name}` runs on training cluster `{target.name}`",
                      "use a cluster with `purpose: serving`, or drop `cluster:` for a managed endpoint")


RULE = Rule(
    id="AIX-001",
    title="Training and serving mixed on one cluster or stack",
    severity=ERROR,
    explanation=(
        "Training is bursty: jobs scale a cluster from zero to hundreds of accelerators and back, "
        "nodes are recycled and upgraded between runs, and a failed job is simply retried. Serving "
        "must be stable: replicas stay up, scale smoothly and keep their latency. On one cluster, or "
        "in one Terraform stack, a training burst starves or evicts serving pods, a change made for "
        "training takes the endpoint down, and neither side can be scaled, costed or changed on its "
        "own. plinth compiles training clusters and serving components into separate stacks, so "
        "mixing needs a cluster that does both jobs: a serving endpoint placed on a training cluster "
        "(validation rejects this too) or a `purpose: serving` cluster that writes training "
        "checkpoints."),
    looks_at=("accelerator_cluster.purpose", "accelerator_cluster.checkpoints", "serving_endpoint.cluster"),
    hits=hits,
)
