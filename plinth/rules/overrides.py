"""`rule_overrides`: a blueprint lowers a rule's severity for itself, with a reason.

Lowering only (error → warning → info → off), never raising: a blueprint cannot make the pack
stricter for itself by accident, and `off` still reports the findings, marked as overridden with
the reason beside them. An override for an unknown rule, one that does not lower the severity, a
second override of the same rule, or a blank reason is a validation error: `check` returns them
as Diagnostics for `plinth validate` (add `overrides.check` to plinth.semantics.CHECKS).
`plinth lint` calls it as well, so it refuses such blueprints even before that wiring exists.
"""

from __future__ import annotations

from plinth.diagnostics import Diagnostic, PathT, did_you_mean
from plinth.model import Blueprint, RuleOverride
from plinth.rules.base import RANK, Rule
from plinth.rules.pack import AI_PACK, by_id

MIN_REASON = 20  # characters, not counting surrounding blanks; the schema asks the same


def _diag(bp: Blueprint, o: RuleOverride, path: PathT, message: str, hint: str | None, code: str) -> Diagnostic:
    if bp.doc is not None:
        return bp.doc.diag(path, message, hint, code=code)
    return Diagnostic(bp.file, o.line or 1, o.column or 1, message, path, hint, code)


def check(bp: Blueprint, pack: tuple[Rule, ...] = AI_PACK) -> list[Diagnostic]:
    rules = by_id(pack)
    out: list[Diagnostic] = []
    seen: set[str] = set()
    for i, o in enumerate(bp.rule_overrides):
        at = ("rule_overrides", i)
        rule = rules.get(o.rule)
        if rule is None:
            out.append(_diag(bp, o, at + ("rule",), f"rule_overrides names `{o.rule}`, which is not a rule",
                             did_you_mean(o.rule, rules) or "see `plinth rules` for the rule IDs", "override.unknown"))
        elif RANK[o.severity] >= RANK[rule.severity]:
            out.append(_diag(bp, o, at + ("severity",),
                             f"override sets `{o.rule}` to `{o.severity}`, which does not lower its default "
                             f"severity `{rule.severity}`",
                             "lower the severity (error → warning → info → off) or remove the override",
                             "override.not_lower"))
        if o.rule in seen:
            out.append(_diag(bp, o, at + ("rule",), f"`{o.rule}` is overridden twice", "keep one override per rule",
                             "override.duplicate"))
        seen.add(o.rule)
        if len(o.reason.strip()) < MIN_REASON:
            out.append(_diag(bp, o, at + ("reason",), f"the reason for overriding `{o.rule}` is too short",
                             f"say why in at least {MIN_REASON} characters", "override.reason"))
    return out


def effective(bp: Blueprint, pack: tuple[Rule, ...] = AI_PACK) -> dict[str, RuleOverride]:
    """The overrides that apply: the first per rule, if valid, so `run` never raises a severity or
    drops a reason even on a blueprint that skipped validation."""
    rules = by_id(pack)
    out: dict[str, RuleOverride] = {}
    seen: set[str] = set()
    for o in bp.rule_overrides:
        rule = rules.get(o.rule)
        if (rule is not None and o.rule not in seen and RANK.get(o.severity, 99) < RANK[rule.severity]
                and len(o.reason.strip()) >= MIN_REASON):
            out[o.rule] = o
        seen.add(o.rule)
    return out
