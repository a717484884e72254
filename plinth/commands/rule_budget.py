"""What `plinth build` checks besides the gate: error-severity AI rules and blown budgets, each with
the blueprint's waiver when one covers it. Structured, so `build --format json` can report them;
the text lines are the same as session.rule_and_budget_failures prints and returns."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Sequence

from plinth import colour
from plinth.model import Blueprint, Waiver


@dataclass(frozen=True)
class Failure:
    """An error-severity AI rule finding or the budget check (PLN_COST_001) on one blueprint."""

    check: str
    kind: str                 # rule | budget
    blueprint: str
    component: str | None
    file: str
    line: int
    column: int
    message: str
    hint: str | None = None
    waiver: Waiver | None = None

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def text(self, paint: bool = False) -> str:
        """One line; `error` coloured when `paint`."""
        if self.waiver is None:
            return f"{self.where}: {colour.paint('error', 'error', paint)} {self.check}: {self.message}"
        w = self.waiver
        return (f"{self.where}: waived {self.check}: {self.message} (waiver: {w.reason}; owner {w.owner}, "
                f"expires {w.expires})")

    def to_json(self) -> dict[str, Any]:
        w = self.waiver
        return {"check": self.check, "kind": self.kind, "status": "waived" if w else "failed",
                "blueprint": self.blueprint, "component": self.component, "file": self.file, "line": self.line,
                "column": self.column, "message": self.message, "hint": self.hint,
                "waiver": None if w is None else {"check": w.check, "resources": list(w.resources), "reason": w.reason,
                                                  "owner": w.owner, "expires": w.expires,
                                                  "location": {"file": self.file, "line": w.line, "column": w.column}}}


def waiver_for(bp: Blueprint, check: str, component: str | None) -> Waiver | None:
    """The blueprint's waiver covering `check` on `component` (blueprint-wide: `blueprint`), if any."""
    for w in bp.waivers:
        if w.check == check and ((component or "blueprint") in w.resources or "blueprint" in w.resources):
            return w
    return None


def failures(blueprints: Sequence[Blueprint]) -> list[Failure]:
    """Every error-severity AI rule finding and blown budget, waived or not, in blueprint order."""
    from plinth import cost, rules

    out: list[Failure] = []
    for bp in blueprints:
        found = [Failure(f.rule, "rule", bp.name, f.component, f.file, f.line, f.column, f.message, f.hint)
                 for f in rules.run(bp) if f.severity == "error"]
        budget = cost.budget_finding(bp, cost.estimate(bp))
        if budget:
            found.append(Failure(budget["check"], "budget", bp.name, budget["component"] or None, budget["file"],
                                 budget["line"], budget["column"], budget["message"],
                                 "lower the expected cost, raise budget.monthly_usd, or waive PLN_COST_001"))
        out += [replace(f, waiver=waiver_for(bp, f.check, f.component)) for f in found]
    return out
