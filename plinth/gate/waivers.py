"""Blueprint waivers: validated against the catalog, then applied to failed findings.

A waiver names a check or a control, and components (`blueprint` for blueprint-wide resources).
It covers a failed finding of one of those components: all of the finding's controls when it
names the check, that one control when it names a control. A waiver that has expired, names
nothing real, or targets an unwaivable control is an error and covers nothing. Waived findings
stay in every report, with the waiver.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Iterable, Sequence

from plinth.diagnostics import did_you_mean
from plinth.gate.catalog import Catalog
from plinth.gate.manifest import BLUEPRINT_WIDE
from plinth.gate.model import EXEMPT, FAILED, PASSED, WAIVED, Finding, Problem, Waiver


# Checks outside the catalog that blueprints may waive too: the AI-infrastructure rules and the
# budget check, which `plinth build` and main.py apply (plinth/commands/session.py).
BUDGET_CHECK = "PLN_COST_001"
MAX_TERM_DAYS = 366   # longer waivers are a warning: accepted risks are reviewed at least yearly


def waivable_checks(catalog: Catalog, cloud: str) -> set[str]:
    """Every check ID a waiver may name on `cloud` (whether or not it is unwaivable)."""
    from plinth.rules import AI_PACK

    return set(catalog.check_ids((cloud,))) | {rule.id for rule in AI_PACK} | {BUDGET_CHECK}


def validate(waivers: Sequence[Waiver], catalog: Catalog, cloud: str, components: Iterable[str],
             today: dt.date, called: str = "component") -> list[Problem]:
    """Every problem with every waiver (errors fail the gate)."""
    names = set(components) | {BLUEPRINT_WIDE}
    known_checks = waivable_checks(catalog, cloud)
    unwaivable_checks = catalog.unwaivable_checks(cloud)
    out: list[Problem] = []

    def err(w: Waiver, code: str, message: str, hint: str | None = None) -> None:
        out.append(Problem(code, message, w.location, "error", hint))

    for w in waivers:
        try:
            expires = dt.date.fromisoformat(w.expires)
        except ValueError:
            err(w, "waiver.date", f"waiver for {w.target} has an invalid expiry {w.expires!r}", "use YYYY-MM-DD")
        else:
            if expires > today + dt.timedelta(days=MAX_TERM_DAYS):
                out.append(Problem("waiver.long", f"waiver for {w.target} runs until {w.expires}, more than "
                                                  f"{MAX_TERM_DAYS} days from today", w.location, "warning",
                                   "accepted risks are reviewed at least yearly (HIPAA 164.308(a)(1)(ii)(A), "
                                   "PCI DSS 12.3.1): set an expiry within a year and renew it when reviewed"))
            if expires < today:
                err(w, "waiver.expired", f"waiver for {w.target} expired on {w.expires}",
                    "fix the finding, or renew the waiver with a new review date")
        if bool(w.check) == bool(w.control):
            err(w, "waiver.target", "a waiver names exactly one of `check` or `control`")
        elif w.control:
            control = catalog.control(w.control)
            if control is None:
                err(w, "waiver.unknown", f"waiver names control {w.control}, which is not in the catalog",
                    "controls: " + ", ".join(c.id for c in catalog.controls))
            elif control.unwaivable:
                err(w, "waiver.unwaivable", f"control {w.control} ({control.title}) cannot be waived",
                    "fix the resources instead")
        elif w.check not in known_checks:
            err(w, "waiver.unknown", f"waiver names check {w.check}, which no control uses on {cloud}")
        elif w.check in unwaivable_checks:
            ids = ", ".join(c for c in catalog.controls_for_check(w.check, cloud)
                            if catalog.control(c).unwaivable)  # type: ignore[union-attr]
            err(w, "waiver.unwaivable", f"check {w.check} evidences unwaivable control {ids}; it cannot be waived",
                "fix the resources instead")
        for name in w.resources:
            if name not in names:
                err(w, "waiver.unknown", f"waiver names `{name}`, which is not a {called}",
                    did_you_mean(name, sorted(names)) or
                    f"{called.split()[0]}s: " + ", ".join(f"`{n}`" for n in sorted(names)[:20])
                    + (", …" if len(names) > 20 else ""))
    return out


def _covers(w: Waiver, finding: Finding) -> tuple[str, ...]:
    """The finding's controls `w` covers (empty when it does not apply). A waiver names components
    (blueprints) or Terraform addresses (plinth audit)."""
    if (finding.component or BLUEPRINT_WIDE) not in w.resources and finding.address not in w.resources:
        return ()
    open_controls = tuple(c for c in finding.controls if c not in finding.exempt_controls)
    if w.check:
        return open_controls if w.check == finding.check_id else ()
    return (w.control,) if w.control in open_controls else ()  # type: ignore[return-value]


def apply(findings: Sequence[Finding], waivers: Sequence[Waiver], gating: set[str]) -> tuple[list[Finding], list[Waiver]]:
    """Findings with status, gating controls and waiver set; plus the waivers that matched nothing.
    A failed finding whose every control a catalog exemption excuses is `exempt`, and no waiver
    applies to it (a waiver covers only the controls an exemption leaves open)."""
    used: set[int] = set()
    out = []
    for f in findings:
        if f.result == PASSED:
            out.append(dataclasses.replace(f, status=PASSED, gating=()))
            continue
        if f.exempt_controls and all(c in f.exempt_controls for c in f.controls):
            out.append(dataclasses.replace(f, status=EXEMPT, gating=()))
            continue
        covered: set[str] = set()
        waiver = None
        for i, w in enumerate(waivers):
            controls = _covers(w, f)
            if controls:
                used.add(i)
                covered.update(controls)
                waiver = waiver or w
        unwaived = [c for c in f.controls if c not in covered and c not in f.exempt_controls]
        out.append(dataclasses.replace(
            f, status=FAILED if unwaived else WAIVED, waiver=waiver,
            waived_controls=tuple(c for c in f.controls if c in covered),
            gating=tuple(c for c in unwaived if c in gating)))
    unused = [w for i, w in enumerate(waivers) if i not in used]
    return out, unused
