"""Run a pack on one validated blueprint: every rule, then the blueprint's overrides."""

from __future__ import annotations

from dataclasses import replace

from plinth.model import Blueprint
from plinth.rules import overrides
from plinth.rules.base import RuleFinding, Rule
from plinth.rules.pack import AI_PACK


def run(bp: Blueprint, pack: tuple[Rule, ...] = AI_PACK) -> list[RuleFinding]:
    """All findings, sorted by position. Never raises for a broken rule (it becomes an error
    finding, which no override can lower)."""
    lowered = overrides.effective(bp, pack)
    out: list[RuleFinding] = []
    for rule in pack:
        o = lowered.get(rule.id)
        for f in rule.check(bp):
            if o is not None and not f.crashed:
                f = replace(f, severity=o.severity, overridden=True, reason=o.reason)
            out.append(f)
    return sorted(out, key=lambda f: f.sort_key)
