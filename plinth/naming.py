"""Cloud resource names derived from a blueprint, and each cloud's limits on them.

One place decides names, so the validator can check them before the constructs create them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plinth.model import AcceleratorCluster, Blueprint, DataLake, Registry, ServingEndpoint


@dataclass(frozen=True)
class NameRule:
    what: str
    limit: int
    minimum: int = 1


S3_PREFIX = NameRule("S3 bucket name prefix", 37)  # S3 appends a unique 26-character suffix
GCS_BUCKET = NameRule("GCS bucket name", 63)
AZ_STORAGE = NameRule("Azure storage account name", 24, 3)
AZ_ACR = NameRule("Azure container registry name", 50, 5)
K8S_CLUSTER = NameRule("cluster name", 40)
ENDPOINT = NameRule("endpoint name", 63)


def join(*parts: str) -> str:
    return "-".join(p for p in parts if p)


def compact(*parts: str) -> str:
    """Names that allow no hyphens (Azure storage, ACR)."""
    return re.sub(r"[^a-z0-9]", "", "".join(parts).lower())


def bucket(bp: Blueprint, component: str, zone: str) -> str:
    """AWS: an S3 bucket_prefix; GCP: the bucket name; Azure: a container name."""
    if bp.cloud == "aws":
        return join(bp.name, component, zone) + "-"
    return join(bp.name, component, zone)


def names(bp: Blueprint) -> list[tuple[str, tuple, str, NameRule]]:
    """Every cloud-limited name: (component, blueprint path to blame, name, rule)."""
    out: list[tuple[str, tuple, str, NameRule]] = []
    for comp in bp.components:
        here = ("components", comp.name)
        if isinstance(comp, DataLake):
            for i, zone in enumerate(comp.zones):
                rule = {"aws": S3_PREFIX, "gcp": GCS_BUCKET, "azure": None}[bp.cloud]
                if rule:
                    out.append((comp.name, here + ("zones", i), bucket(bp, comp.name, zone), rule))
            if bp.cloud == "azure":
                out.append((comp.name, here, compact(bp.name, comp.name), AZ_STORAGE))
        elif isinstance(comp, Registry) and bp.cloud == "azure":
            out.append((comp.name, here, compact(bp.name, comp.name), AZ_ACR))
        elif isinstance(comp, AcceleratorCluster):
            out.append((comp.name, here, join(bp.name, comp.name), K8S_CLUSTER))
        elif isinstance(comp, ServingEndpoint):
            out.append((comp.name, here, join(bp.name, comp.name), ENDPOINT))
    if bp.cloud == "aws":
        out.append(("", ("name",), bucket(bp, "audit", "logs"), S3_PREFIX))
    if bp.cloud == "gcp":
        out.append(("", ("name",), join(bp.name, "audit-logs"), GCS_BUCKET))
    if bp.cloud == "azure":
        out.append(("", ("name",), compact(bp.name, "logs"), AZ_STORAGE))
    return out
