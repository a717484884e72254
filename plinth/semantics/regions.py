"""Regions are known regions of the blueprint's cloud, serving regions are extra, and data residency is kept.

The known regions are plinth/data/regions.yaml (each cloud's public list, with its source). A region
of another cloud says which cloud it belongs to; an unknown one gets a did-you-mean."""

from __future__ import annotations

from typing import Iterable

from plinth import catalog
from plinth.diagnostics import Diagnostic, PathT
from plinth.model import Blueprint, DataLake, ServingEndpoint
from plinth.semantics._util import CLOUD_NAMES, comp_path, diag

EXAMPLES = {"aws": "us-east-1", "gcp": "us-central1", "azure": "eastus"}
ARTICLES = {"aws": "an", "gcp": "a", "azure": "an"}
REGIONS_FILE = "plinth/data/regions.yaml"


def _distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, prev2[j - 2] + 1)
            row.append(cost)
        prev2, prev = prev, row
    return prev[-1]


def nearest(word: str, choices: Iterable[str]) -> list[str]:
    """The choices fewest typing edits from `word`, when that is a typo's distance (1 edit per 4
    characters, at most 3): one, or several tied."""
    limit = max(1, min(3, len(word) // 4))
    scored = sorted((_distance(word.lower(), c.lower()), c) for c in set(choices))
    return [c for d, c in scored if d == scored[0][0] and d <= limit] if scored else []


def closest(word: str, choices: Iterable[str]) -> str | None:
    """A did-you-mean naming the nearest choice, or the two tied nearest ones. Edit distance, not
    difflib's similarity: `us-eest-1` is one edit from both `us-east-1` and `us-west-1`, and
    `mars-north1` is close to nothing (difflib's ratio offers `asia-northeast1`)."""
    best = nearest(word, choices)
    if not 1 <= len(best) <= 2:
        return None
    return "did you mean " + " or ".join(f"`{c}`" for c in best) + "?"


def known(cloud: str, region: str) -> bool:
    """Whether `region` is in `cloud`'s list in plinth/data/regions.yaml."""
    return region in catalog.load_regions()[cloud].regions


def _region_paths(bp: Blueprint) -> list[tuple[PathT, str]]:
    """Every region the blueprint places something in (what residency applies to)."""
    out: list[tuple[PathT, str]] = [(("region",), bp.region)]
    out += [(("serving_regions", i), r) for i, r in enumerate(bp.serving_regions)]
    for c in bp.components:
        if isinstance(c, DataLake) and c.replication_region:
            out.append((comp_path(c.name, "replication_region"), c.replication_region))
        if isinstance(c, ServingEndpoint):
            out += [(comp_path(c.name, "regions", i), r) for i, r in enumerate(c.regions)]
    return out


def _unknown(bp: Blueprint, path: PathT, region: str, cloud: str, whose: str) -> Diagnostic | None:
    """An error when `region` is not a known region of `cloud`; `whose` says why it must be one."""
    if known(cloud, region):
        return None
    name, example = CLOUD_NAMES[cloud], EXAMPLES[cloud]
    other = catalog.region_cloud(region)
    if other is not None:
        return diag(bp, path, f"`{region}` is {ARTICLES[other]} {CLOUD_NAMES[other]} region; {whose}",
                    f"{name} regions look like `{example}`", "region.form")
    hint = closest(region, catalog.load_regions()[cloud].regions) or \
        f"{name} regions look like `{example}`; {REGIONS_FILE} lists the known ones"
    return diag(bp, path, f"`{region}` is not a known {name} region", hint, "region.unknown")


def check(bp: Blueprint) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    whose = f"this blueprint's cloud is {bp.cloud}"
    unknown: set[str] = set()  # reported once where written; no residency or endpoint error on top
    allowed = [(("allowed_regions", i), r) for i, r in enumerate(bp.allowed_regions)]
    for path, region in [*_region_paths(bp), *allowed]:
        problem = _unknown(bp, path, region, bp.cloud, whose)
        if problem:
            out.append(problem)
            unknown.add(region)
    backend = dict(bp.backend.settings)
    if bp.backend.type == "s3" and "region" in backend:  # the state bucket is on AWS, whatever the cloud
        problem = _unknown(bp, ("backend", "region"), backend["region"], "aws", "the s3 backend's bucket is on AWS")
        if problem:
            out.append(problem)
    elif bp.backend.type == "s3" and bp.cloud != "aws":  # its region defaults to the blueprint's
        out.append(diag(bp, ("backend",), f"the s3 backend's bucket is on AWS, but its region defaults to the "
                                          f"blueprint's (`{bp.region}`, {ARTICLES[bp.cloud]} {CLOUD_NAMES[bp.cloud]} region)",
                        "set `region:` in `backend` to the AWS region of the state bucket", "region.form", key=True))
    for path, region in _region_paths(bp):
        if bp.allowed_regions and region not in bp.allowed_regions and region not in unknown:
            out.append(diag(bp, path, f"region `{region}` is outside the allowed regions",
                            "allowed_regions: " + ", ".join(bp.allowed_regions), "region.residency"))
    if bp.region in bp.serving_regions:
        i = bp.serving_regions.index(bp.region)
        out.append(diag(bp, ("serving_regions", i), f"`{bp.region}` is the primary region already",
                        "serving_regions lists the extra regions only", "region.duplicate"))
    usable = {bp.region, *bp.serving_regions}
    for c in bp.of_kind(ServingEndpoint):
        for i, r in enumerate(c.regions):
            if r not in usable and r not in unknown:
                out.append(diag(bp, comp_path(c.name, "regions", i),
                                f"endpoint region `{r}` is neither the primary region nor a serving region",
                                "add it to the blueprint's serving_regions", "region.endpoint"))
    for c in bp.of_kind(DataLake):
        if c.replication_region == bp.region:
            out.append(diag(bp, comp_path(c.name, "replication_region"),
                            "replication_region is the primary region", "replicate to another region", "region.replica"))
    return out
