"""`plinth build` and main.py fail on error-severity AI rules and blown budgets, unless waived."""

from __future__ import annotations

from pathlib import Path

from plinth.commands.session import rule_and_budget_failures
from plinth.pipeline import validate_paths

FIXTURES = Path(__file__).parent / "fixtures" / "budget"
DRIVERS = ("expected monthly cost $9,901.49 exceeds the budget of $10.00 by $9,891.49; top cost drivers: "
           "train/pool g $9,745.79, train/control plane $73.00, net/NAT $65.70")


def _failures(name: str) -> list[str]:
    result = validate_paths([str(FIXTURES / name)])
    assert result.ok, result.diagnostics
    return rule_and_budget_failures(result.blueprints)


def test_over_budget_fails_naming_the_top_drivers():
    assert _failures("over.yaml") == [f"tests/fixtures/budget/over.yaml:6:23: error PLN_COST_001: {DRIVERS}"]


def test_a_waiver_turns_the_budget_failure_into_a_reported_waiver(capsys):
    assert _failures("over-waived.yaml") == []
    err = capsys.readouterr().err
    assert f"waived PLN_COST_001: {DRIVERS} (waiver: approved overrun for the Q4 retraining campaign; " \
           "owner cfo@example.com, expires 2099-01-31)" in err


def test_the_examples_have_no_rule_or_budget_failures():
    result = validate_paths(["blueprints/"])
    assert rule_and_budget_failures(result.blueprints) == []


def test_the_gate_accepts_waivers_of_rules_and_the_budget():
    """A waiver `plinth validate` accepts is no gate problem either (one rule set: gate/waivers.py)."""
    import dataclasses
    import datetime as dt

    from plinth.gate.catalog import load_catalog
    from plinth.gate.model import Location, Waiver
    from plinth.gate.waivers import validate

    waivers = [Waiver(check, None, ("train",), "approved overrun for the Q4 retraining campaign",
                      "cfo@example.com", "2027-06-30", Location("bp.yaml", 9, 5))
               for check in ("PLN_COST_001", "AIX-006")]
    assert validate(waivers, load_catalog(), "aws", ["train"], dt.date(2026, 11, 29)) == []
    unknown = dataclasses.replace(waivers[0], check="AIX-999")
    assert [p.code for p in validate([unknown], load_catalog(), "aws", ["train"], dt.date(2026, 11, 29))] == \
        ["waiver.unknown"]


def test_a_waiver_longer_than_a_year_is_a_warning():
    import dataclasses
    import datetime as dt

    from plinth.gate.catalog import load_catalog
    from plinth.gate.model import Location, Waiver
    from plinth.gate.waivers import validate

    waiver = Waiver("PLN_COST_001", None, ("train",), "approved overrun for the Q4 retraining campaign",
                    "cfo@example.com", "2099-01-31", Location("bp.yaml", 9, 5))
    [problem] = validate([waiver], load_catalog(), "aws", ["train"], dt.date(2026, 11, 29))
    assert (problem.code, problem.severity, problem.message) == (
        "waiver.long", "warning", "waiver for PLN_COST_001 runs until 2099-01-31, more than 366 days from today")
    within = dataclasses.replace(waiver, expires="2027-11-30")
    assert validate([within], load_catalog(), "aws", ["train"], dt.date(2026, 11, 29)) == []
