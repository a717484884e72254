"""The structured AI-rule and budget results `plinth build` reports say what
session.rule_and_budget_failures (main.py, the cdktf app) says, line for line."""

from __future__ import annotations

from plinth.commands import rule_budget
from plinth.commands.session import rule_and_budget_failures
from plinth.pipeline import validate_paths


def test_the_same_lines_as_the_session(capsys):
    blueprints = validate_paths(["tests/fixtures/budget/", "blueprints/"]).blueprints
    expected = rule_and_budget_failures(blueprints)
    waived_lines = capsys.readouterr().err.splitlines()
    found = rule_budget.failures(blueprints)
    assert [f.text() for f in found if not f.waived] == expected
    assert [f.text() for f in found if f.waived] == waived_lines
    assert [(f.check, f.blueprint, f.waived) for f in found] == [("PLN_COST_001", "over-waived", True),
                                                                  ("PLN_COST_001", "over-budget", False)]


def test_a_rule_finding_names_its_rule_and_component():
    from plinth.rules import run as run_rules

    [bp] = validate_paths(["tests/rules/fixtures/AIX-008/fail.yaml"]).blueprints
    errors = [f for f in run_rules(bp) if f.severity == "error"]
    found = rule_budget.failures([bp])
    assert [(f.check, f.kind, f.component, f.line, f.column, f.message, f.hint) for f in found] == \
        [(e.rule, "rule", e.component, e.line, e.column, e.message, e.hint) for e in errors]
    assert len(found) == 2 and found[0].to_json()["status"] == "failed"
