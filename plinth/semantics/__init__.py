"""What a schema cannot say. Each module checks one concept and returns diagnostics."""

from __future__ import annotations

from plinth.diagnostics import Diagnostic
from plinth.model import Blueprint
from plinth.rules import overrides as rule_overrides
from plinth.semantics import (accelerators, backup, expressions, names, network_plan, references, regions, schedule,
                              secrets, waivers)

CHECKS = (expressions.check, secrets.check, references.check, regions.check, accelerators.check, names.check, waivers.check, backup.check,
          backup.check_replicable, schedule.check, network_plan.check, rule_overrides.check)


def check(bp: Blueprint) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for fn in CHECKS:
        out.extend(fn(bp))
    return sorted(dict.fromkeys(out))
