"""Waivers name real components and have not expired."""

from __future__ import annotations

import datetime as dt

from plinth.diagnostics import Diagnostic, did_you_mean
from plinth.model import Blueprint
from plinth.semantics._util import diag

BLUEPRINT_WIDE = "blueprint"  # waives findings on blueprint-wide resources (keys, audit trail, budget)


def check(bp: Blueprint, today: dt.date | None = None) -> list[Diagnostic]:
    today = today or dt.date.today()
    names = [c.name for c in bp.components] + [BLUEPRINT_WIDE]
    out: list[Diagnostic] = []
    for i, w in enumerate(bp.waivers):
        for j, res in enumerate(w.resources):
            if res not in names:
                out.append(diag(bp, ("waivers", i, "resources", j), f"waiver names `{res}`, which is not a component",
                                did_you_mean(res, names) or "components: " + ", ".join(f"`{n}`" for n in names),
                                "waiver.unknown"))
        try:
            expires = dt.date.fromisoformat(w.expires)
        except ValueError:
            continue  # the schema reports malformed dates
        if expires < today:
            out.append(diag(bp, ("waivers", i, "expires"), f"waiver expired on {w.expires}",
                            "fix the finding, or renew the waiver with a new review date", "waiver.expired"))
    return out
