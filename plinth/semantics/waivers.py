"""Waivers name real components, real checks or controls that may be waived, and have not expired."""

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
        out += _target(bp, i, w.check, w.control)
        try:
            expires = dt.date.fromisoformat(w.expires)
        except ValueError:
            continue  # the schema reports malformed dates
        if expires < today:
            out.append(diag(bp, ("waivers", i, "expires"), f"waiver expired on {w.expires}",
                            "fix the finding, or renew the waiver with a new review date", "waiver.expired"))
    return out


def _target(bp: Blueprint, i: int, check: str | None, control: str | None) -> list[Diagnostic]:
    """The same rules the gate applies (plinth/gate/waivers.py), said at the blueprint line."""
    from plinth.gate.catalog import load_catalog
    from plinth.gate.waivers import waivable_checks

    catalog = load_catalog()
    if control:
        found = catalog.control(control)
        if found is None:
            ids = [c.id for c in catalog.controls]
            return [diag(bp, ("waivers", i, "control"), f"waiver names control `{control}`, which is not in the catalog",
                         did_you_mean(control, ids) or "controls: " + ", ".join(ids), "waiver.unknown_control")]
        if found.unwaivable:
            return [diag(bp, ("waivers", i, "control"), f"control {control} ({found.title}) cannot be waived",
                         "fix the resources instead", "waiver.unwaivable")]
        return []
    known, unwaivable = waivable_checks(catalog, bp.cloud), catalog.unwaivable_checks(bp.cloud)
    if check not in known:
        return [diag(bp, ("waivers", i, "check"), f"waiver names check `{check}`, which no control or rule uses on "
                     f"{bp.cloud}", did_you_mean(check or "", known) or "see `plinth rules` and docs/controls/",
                     "waiver.unknown_check")]
    if check in unwaivable:
        return [diag(bp, ("waivers", i, "check"), f"check {check} evidences an unwaivable control; it cannot be waived",
                     "fix the resources instead", "waiver.unwaivable")]
    return []
