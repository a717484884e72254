"""AIX-008: data residency (regions outside the allowed regions or the primary jurisdiction)."""

from __future__ import annotations

from typing import Iterator

from plinth.model import Blueprint
from plinth.rules._facts import label
from plinth.rules._regions import jurisdiction, name, used_regions
from plinth.rules.base import ERROR, Hit, Rule

SENSITIVE_CLASSES = ("phi", "pan", "pii")  # values of the `data-class` label


def _sensitive(bp: Blueprint) -> str | None:
    """How the blueprint says its data is regulated, in words; None when it does not."""
    data_class = label(bp, "data-class")
    if data_class in SENSITIVE_CLASSES:
        return f"`data-class: {data_class}` data"
    if bp.compliance:
        return "/".join(p.upper() for p in bp.compliance) + "-scoped data"
    return None


def hits(bp: Blueprint) -> Iterator[Hit]:
    if bp.allowed_regions:
        allowed = ", ".join(bp.allowed_regions)
        for comp, path, region in used_regions(bp):
            if region not in bp.allowed_regions:
                yield Hit(comp, path, f"region `{region}` is outside the allowed regions",
                          f"allowed_regions: {allowed}")
        return
    what = _sensitive(bp)
    if what is None:
        return
    home = jurisdiction(bp.cloud, bp.region)
    for comp, path, region in used_regions(bp):
        j = jurisdiction(bp.cloud, region)
        if j != home:
            yield Hit(comp, path,
                      f"{what} reaches `{region}` ({name(j)}), outside the jurisdiction of the primary "
                      f"region `{bp.region}` ({name(home)}), and no allowed_regions are declared",
                      "declare `allowed_regions` (validation then enforces them), or keep every region "
                      f"in the primary region's jurisdiction ({name(home)})")


RULE = Rule(
    id="AIX-008",
    title="Data residency: a region outside the allowed regions or jurisdiction",
    severity=ERROR,
    explanation=(
        "Regulated data may have to stay in one country or economic area, and AI blueprints move data "
        "further than it looks: serving endpoints in other regions receive (and capture) requests, "
        "lakes replicate, and registries copy model weights, which are derived from the training "
        "data. The regions checked are the primary region, `serving_regions`, endpoint `regions` "
        "and data lake `replication_region`. With `allowed_regions` declared, each must be in the "
        "list (validation rejects this already; the rule repeats it for the gate). Without "
        "`allowed_regions`, a blueprint that says its data is regulated (a `data-class` label of "
        "phi, pan or pii, or any `compliance` profile) may not reach a region in another "
        "jurisdiction than its primary region: the EU/EEA counts as one jurisdiction, other regions "
        "count by country, and a region plinth does not know counts as its own. Declaring "
        "`allowed_regions` records the decision that crossing is allowed, and clears the finding."),
    looks_at=("allowed_regions", "region", "serving_regions", "serving_endpoint.regions",
              "data_lake.replication_region", "labels.data-class", "compliance"),
    hits=hits,
)
