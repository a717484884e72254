"""The rule template: a rule is data (ID, title, default severity, explanation) plus one pure
function from a validated Blueprint to the places it finds wrong.

A rule's function never computes positions, never reads Terraform and never keeps state: it yields
`Hit`s (component, blueprint path, message, hint). `Rule.check` turns them into positioned
`RuleFinding`s, and turns an exception inside the rule into an error finding instead of a crash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from plinth.diagnostics import PathT
from plinth.model import Blueprint

ERROR, WARNING, INFO, OFF = "error", "warning", "info", "off"
SEVERITIES = (ERROR, WARNING, INFO, OFF)            # most severe first
RANK = {ERROR: 3, WARNING: 2, INFO: 1, OFF: 0}

# Findings on the blueprint as a whole (labels, regions). Same word as the gate's waivers use
# (plinth.semantics.waivers.BLUEPRINT_WIDE), so `resources: [blueprint]` covers them too.
BLUEPRINT_WIDE = "blueprint"


@dataclass(frozen=True)
class Hit:
    """One place a rule found wrong, before positions and overrides."""

    component: str          # component name, or BLUEPRINT_WIDE
    path: PathT             # blueprint path, e.g. ("components", "train", "pools", 0, "capacity")
    message: str
    hint: str | None = None


@dataclass(frozen=True)
class RuleFinding:
    """A positioned finding, as reported by `plinth lint` and the gate."""

    rule: str
    severity: str           # after the blueprint's rule_overrides
    message: str
    component: str
    path: PathT
    file: str
    line: int
    column: int
    hint: str | None = None
    default_severity: str = ""
    overridden: bool = False
    reason: str | None = None   # the override's reason, when overridden
    crashed: bool = False       # the rule raised; never overridable

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.message)

    def to_json(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "default_severity": self.default_severity,
                "message": self.message, "component": self.component,
                "path": "/" + "/".join(str(p) for p in self.path),
                "file": self.file, "line": self.line, "column": self.column, "hint": self.hint,
                "overridden": self.overridden, "reason": self.reason, "crashed": self.crashed}


@dataclass(frozen=True)
class Rule:
    """One AI-infrastructure rule. `hits` is a pure function of the blueprint."""

    id: str
    title: str
    severity: str
    explanation: str
    looks_at: tuple[str, ...]                       # blueprint fields the rule reads (for the docs)
    hits: Callable[[Blueprint], Iterable[Hit]] = field(repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.severity not in (ERROR, WARNING, INFO):
            raise ValueError(f"{self.id}: default severity must be error, warning or info")

    def check(self, bp: Blueprint) -> list[RuleFinding]:
        """Findings at the rule's default severity. A rule that raises yields one error finding."""
        try:
            found = list(self.hits(bp))
        except Exception as exc:  # noqa: BLE001 - a broken rule must not stop the others
            line, col = bp.where(())
            return [RuleFinding(self.id, ERROR, f"rule {self.id} failed: {type(exc).__name__}: {exc}",
                                BLUEPRINT_WIDE, (), bp.file, line, col,
                                "this is a bug in plinth, not in the blueprint: please report it; "
                                "the finding cannot be overridden", ERROR, crashed=True)]
        out = []
        for h in found:
            line, col = bp.where(h.path)
            out.append(RuleFinding(self.id, self.severity, h.message, h.component, h.path, bp.file, line, col,
                                   h.hint, self.severity))
        return sorted(out, key=lambda f: f.sort_key)
