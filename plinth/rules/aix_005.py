"""AIX-005: data pipeline starvation (a large accelerator fleet reading a lake with no cache tier)."""

from __future__ import annotations

from typing import Iterator

from plinth.model import AcceleratorCluster, Blueprint, DataLake
from plinth.rules._facts import accelerators_at_max
from plinth.rules.base import WARNING, Hit, Rule

THRESHOLD = 16  # accelerators at nodes.max, summed over the cluster's pools


def hits(bp: Blueprint) -> Iterator[Hit]:
    for c in bp.of_kind(AcceleratorCluster):
        lake = bp.component(c.lake) if c.lake else None
        if not isinstance(lake, DataLake) or lake.cache is not None:
            continue
        total = sum(accelerators_at_max(bp, p) for p in c.pools)
        if total >= THRESHOLD:
            yield Hit(c.name, ("components", c.name, "lake"),
                      f"cluster `{c.name}` reads lake `{lake.name}` with up to {total} accelerators "
                      "and no cache tier",
                      f"add `cache: {{kind: lustre, capacity_tib: ...}}` to data lake `{lake.name}`")


RULE = Rule(
    id="AIX-005",
    title="Data pipeline starvation: large accelerator pools reading a lake without a cache tier",
    severity=WARNING,
    explanation=(
        f"Object storage is cheap and durable but slow per request; a fleet of accelerators reading "
        f"training data straight from it waits on I/O, and an accelerator waiting on data costs the "
        f"same as one computing. A cluster whose accelerator pools add up to {THRESHOLD} or more "
        f"accelerators at `nodes.max` and that reads a data lake (`lake:`) needs a cache tier on that "
        f"lake: a parallel file system (Lustre, or Filestore/Parallelstore on GCP) that feeds the "
        f"accelerators at hundreds of MB/s per TiB. Accelerators per node come from `per_node`, or "
        f"else from the catalog's largest shape, as the compiler picks them. The issue also names a "
        f"lake in another region than its cluster; in today's model every cluster and lake is placed "
        f"in the blueprint's primary region (`replication_region` is a disaster-recovery copy that "
        f"nothing reads), so that case cannot occur and is not checked."),
    looks_at=("accelerator_cluster.lake", "pools[].accelerator", "pools[].instance_type", "pools[].per_node",
              "pools[].nodes.max", "data_lake.cache"),
    hits=hits,
)
