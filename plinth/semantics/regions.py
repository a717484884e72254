"""Regions look like the cloud's own, serving regions are extra, and data residency is kept."""

from __future__ import annotations

import re

from plinth.diagnostics import Diagnostic
from plinth.model import Blueprint, DataLake, ServingEndpoint
from plinth.semantics._util import CLOUD_NAMES, comp_path, diag

REGION_FORMS = {
    "aws": (re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-[0-9]$"), "us-east-1"),
    "gcp": (re.compile(r"^[a-z]+-[a-z]+[0-9]+$"), "us-central1"),
    "azure": (re.compile(r"^[a-z]+[0-9]?$"), "eastus"),
}


def _region_paths(bp: Blueprint) -> list[tuple[tuple, str]]:
    out: list[tuple[tuple, str]] = [(("region",), bp.region)]
    out += [(("serving_regions", i), r) for i, r in enumerate(bp.serving_regions)]
    for c in bp.components:
        if isinstance(c, DataLake) and c.replication_region:
            out.append((comp_path(c.name, "replication_region"), c.replication_region))
        if isinstance(c, ServingEndpoint):
            out += [(comp_path(c.name, "regions", i), r) for i, r in enumerate(c.regions)]
    return out


def check(bp: Blueprint) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    form, example = REGION_FORMS[bp.cloud]
    for path, region in _region_paths(bp):
        if not form.match(region):
            out.append(diag(bp, path, f"`{region}` is not a region of {CLOUD_NAMES[bp.cloud]}",
                            f"{CLOUD_NAMES[bp.cloud]} regions look like `{example}`", "region.form"))
        elif bp.allowed_regions and region not in bp.allowed_regions:
            out.append(diag(bp, path, f"region `{region}` is outside the allowed regions",
                            "allowed_regions: " + ", ".join(bp.allowed_regions), "region.residency"))
    if bp.region in bp.serving_regions:
        i = bp.serving_regions.index(bp.region)
        out.append(diag(bp, ("serving_regions", i), f"`{bp.region}` is the primary region already",
                        "serving_regions lists the extra regions only", "region.duplicate"))
    usable = {bp.region, *bp.serving_regions}
    for c in bp.of_kind(ServingEndpoint):
        for i, r in enumerate(c.regions):
            if r not in usable:
                out.append(diag(bp, comp_path(c.name, "regions", i),
                                f"endpoint region `{r}` is neither the primary region nor a serving region",
                                "add it to the blueprint's serving_regions", "region.endpoint"))
    for c in bp.of_kind(DataLake):
        if c.replication_region == bp.region:
            out.append(diag(bp, comp_path(c.name, "replication_region"),
                            "replication_region is the primary region", "replicate to another region", "region.replica"))
    return out
