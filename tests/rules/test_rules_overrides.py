"""rule_overrides: lower with a reason (shown beside the finding); everything else is a validation error."""

from __future__ import annotations

import dataclasses

from plinth.model import RuleOverride
from plinth.pipeline import validate_paths
from plinth.rules import overrides, run

from _rule_helpers import FIXTURES, HERE, build_unchecked, load, row

OVR = HERE / "overrides"


def test_model_keeps_overrides_with_positions():
    bp = load(OVR / "lowered.yaml")
    assert bp.rule_overrides == (
        RuleOverride("AIX-006", "warning",
                     "Jobs here are ten-minute smoke tests; restarting one costs less than storing checkpoints.", 8, 5),
        RuleOverride("AIX-007", "off", "Shared sandbox account; billed to the platform team as a whole.", 11, 5),
    )


def test_lowered_findings_keep_their_reason():
    bp = load(OVR / "lowered.yaml")
    assert overrides.check(bp) == []
    assert [row(f) | {"default": f.default_severity} for f in run(bp)] == [
        {"rule": "AIX-007", "severity": "off", "default": "warning", "component": "blueprint", "line": 6,
         "column": 9, "message": "labels lack `cost-center`: cost per experiment and per prediction cannot be attributed",
         "hint": "add `cost-center: ...` to `labels`",
         "reason": "Shared sandbox account; billed to the platform team as a whole."},
        {"rule": "AIX-006", "severity": "warning", "default": "error", "component": "smoke", "line": 20,
         "column": 84, "message": "spot pool `l4` of training cluster `smoke` has no checkpoint location",
         "hint": "add a data_lake and name it in the cluster's `checkpoints:`",
         "reason": "Jobs here are ten-minute smoke tests; restarting one costs less than storing checkpoints."},
    ]


def test_invalid_overrides_are_validation_errors():
    bp = build_unchecked(OVR / "invalid.yaml")   # schema-valid: the pack decides what is a rule
    assert [(d.line, d.column, d.code, d.message, d.hint) for d in overrides.check(bp)] == [
        (7, 12, "override.unknown", "rule_overrides names `AIX-011`, which is not a rule", "did you mean `AIX-010`?"),
        (8, 31, "override.not_lower", "override sets `AIX-010` to `warning`, which does not lower its default severity `info`",
         "lower the severity (error → warning → info → off) or remove the override"),
        (9, 31, "override.not_lower", "override sets `AIX-007` to `warning`, which does not lower its default severity `warning`",
         "lower the severity (error → warning → info → off) or remove the override"),
        (10, 12, "override.duplicate", "`AIX-007` is overridden twice", "keep one override per rule"),
        (11, 45, "override.reason", "the reason for overriding `AIX-003` is too short", "say why in at least 20 characters"),
    ]


def test_invalid_overrides_are_never_applied():
    bp = build_unchecked(OVR / "invalid.yaml")
    assert overrides.effective(bp) == {}
    bp = load(FIXTURES / "AIX-006" / "fail.yaml")
    raised = dataclasses.replace(bp, rule_overrides=(RuleOverride("AIX-007", "error", "Raising is never allowed here."),))
    assert run(raised) == run(bp)


def test_schema_requires_a_reason_of_a_sentence_and_known_keys():
    result = validate_paths([str(OVR / "no_reason.yaml")])
    assert [(d.line, d.column, d.message) for d in result.diagnostics] == [
        (7, 5, "missing required key `reason` in `rule_overrides[0]`"),
        (8, 45, "`reason` is 9 characters long; it must be at least 20"),
        (9, 31, "`nope` is not a valid `severity`"),
        (9, 88, "unknown key `expires`"),
    ]
