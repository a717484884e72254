"""AIX-010: lock-in awareness (provider-specific accelerators and services, with their nearest equivalents)."""

from __future__ import annotations

from typing import Iterator

from plinth import catalog
from plinth.model import AcceleratorCluster, Blueprint, DataLake, ServingEndpoint
from plinth.rules._facts import PORTABLE_FAMILY, Accel, pool_accel, pool_path, resolve
from plinth.rules.base import INFO, Hit, Rule

CLOUDS = ("aws", "gcp", "azure")
# Services that exist on one cloud only, with the nearest service plinth offers on the others.
SERVICES = {
    ("cache", "filestore"): ("gcp", "`lustre` (FSx for Lustre on aws, Azure Managed Lustre on azure)"),
    ("cache", "parallelstore"): ("gcp", "`lustre` (FSx for Lustre on aws, Azure Managed Lustre on azure)"),
}
PORTING = {
    "tpu": "TPU programs (JAX/XLA) run on GPUs through XLA, but slice topologies and tuning do not carry over",
    "trainium": "Neuron-compiled models and training code must be rebuilt for CUDA to move",
    "inferentia": "Neuron-compiled models must be recompiled for CUDA to move",
}


def nearest_gpu(cloud: str, memory_gb: float) -> catalog.Accelerator | None:
    """The GPU on `cloud` with the closest memory; ties go to more memory, then catalog order."""
    order = list(catalog.load())
    gpus = [a for a in catalog.load().values() if a.family == PORTABLE_FAMILY and a.on(cloud)]
    return min(gpus, key=lambda a: (abs(a.memory_gb - memory_gb), -a.memory_gb, order.index(a.name)), default=None)


def _message(who: str, bp: Blueprint, a: Accel) -> str:
    others = []
    for cloud in CLOUDS:
        if cloud == bp.cloud:
            continue
        g = nearest_gpu(cloud, a.acc.memory_gb)
        others.append(f"{cloud} `{g.name}` ({g.memory_gb:g} GB)" if g else f"{cloud}: none in the catalog")
    return (f"{who} uses `{a.acc.name}` ({a.acc.family}, {a.acc.memory_gb:g} GB), which only {bp.cloud} "
            "offers; nearest GPU by memory: " + ", ".join(others))


def hits(bp: Blueprint) -> Iterator[Hit]:
    for c in bp.components:
        if isinstance(c, AcceleratorCluster):
            for i, p in enumerate(c.pools):
                a = pool_accel(bp, p)
                if a and a.acc.family != PORTABLE_FAMILY:
                    key = "accelerator" if p.accelerator else "instance_type"
                    yield Hit(c.name, pool_path(c.name, i, key), _message(f"pool `{p.name}`", bp, a),
                              PORTING.get(a.acc.family))
        elif isinstance(c, ServingEndpoint):
            a = resolve(bp.cloud, c.accelerator, c.instance_type, c.per_replica, serving=True)
            if a and a.acc.family != PORTABLE_FAMILY:
                key = "accelerator" if c.accelerator else "instance_type"
                yield Hit(c.name, ("components", c.name, key), _message(f"serving endpoint `{c.name}`", bp, a),
                          PORTING.get(a.acc.family))
        elif isinstance(c, DataLake) and c.cache and ("cache", c.cache.kind) in SERVICES:
            only, instead = SERVICES[("cache", c.cache.kind)]
            yield Hit(c.name, ("components", c.name, "cache", "kind"),
                      f"cache tier `{c.cache.kind}` of data lake `{c.name}` exists on {only} only; "
                      f"nearest elsewhere: {instead}", None)


RULE = Rule(
    id="AIX-010",
    title="Lock-in: provider-specific accelerator or service",
    severity=INFO,
    explanation=(
        "TPUs (Google), Trainium and Inferentia (AWS) can be the cheapest way to train or serve a "
        "model, and they exist on one cloud only: the model, the training code and the capacity "
        "planning all have to change to move. That is often a good trade; it should be a known one. "
        "For each accelerator of another family than GPU (in a pool or an endpoint, named or implied "
        "by an `instance_type` the catalog lists), the rule names the nearest GPU on each other cloud "
        "by accelerator memory (closest memory, ties to the larger, then catalog order), as a "
        "starting point for a cost comparison, not a performance equivalent. It also names services "
        "that exist on one cloud only (the Filestore and Parallelstore cache tiers) and their nearest "
        "equivalent elsewhere. Information only; it never fails a build."),
    looks_at=("pools[].accelerator", "pools[].instance_type", "serving_endpoint.accelerator",
              "serving_endpoint.instance_type", "data_lake.cache.kind"),
    hits=hits,
)
