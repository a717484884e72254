"""AIX-007: no cost attribution (team / cost-center labels missing)."""

from __future__ import annotations

from typing import Iterator

from plinth.model import Blueprint
from plinth.rules._facts import label
from plinth.rules.base import BLUEPRINT_WIDE, WARNING, Hit, Rule

REQUIRED = ("team", "cost-center")


def hits(bp: Blueprint) -> Iterator[Hit]:
    missing = [k for k in REQUIRED if not label(bp, k)]
    if missing:
        words = " and ".join(f"`{k}`" for k in missing)
        yield Hit(BLUEPRINT_WIDE, ("labels",),
                  f"labels lack {words}: cost per experiment and per prediction cannot be attributed",
                  "add " + ", ".join(f"`{k}: ...`" for k in missing) + " to `labels`")


RULE = Rule(
    id="AIX-007",
    title="No cost attribution labels",
    severity=WARNING,
    explanation=(
        "AI infrastructure is usually the largest and fastest-growing part of a cloud bill, and the "
        "question is always whose it is: which team's experiments, which product's predictions. "
        "plinth applies the blueprint's labels as tags or labels to every resource, so the cloud's "
        "billing export can split cost by them, but only if they are there. Every blueprint needs a "
        "non-empty `team` and `cost-center` label."),
    looks_at=("labels.team", "labels.cost-center"),
    hits=hits,
)
