"""The cron grammar of pool schedules (plinth/semantics/schedule.py): what EC2 Auto Scaling's
`recurrence` accepts passes, the rest is named precisely."""

from __future__ import annotations

import pytest

from plinth.semantics.schedule import cron_problem


@pytest.mark.parametrize("expression", ["0 20 * * MON-FRI", "*/15 * * * *", "0 6 1,15 * *", "0 0 * JAN-MAR SUN",
                                        "30 2 * * 7", "0 8-18/2 * * 1-5", "59 23 31 12 6", "0 7 * * mon"])
def test_valid_expressions_pass(expression):
    assert cron_problem(expression) is None


@pytest.mark.parametrize(("expression", "problem"), [
    ("", "has 0 fields, cron needs 5 (minute hour day month weekday)"),
    ("0 20 * *", "has 4 fields, cron needs 5 (minute hour day month weekday)"),
    ("60 * * * *", "minute field: `60` is outside 0-59"),
    ("0 0 0 * *", "day of month field: `0` is outside 1-31"),
    ("0 0 * 13 *", "month field: `13` is outside 1-12 or JAN-DEC"),
    ("0 0 * * FRY", "day of week field: `FRY` is outside 0-7 or SUN-SAT"),
    ("0 0 * * 5-1", "day of week field: `5-1`: the range runs backwards"),
    ("0 0 ? * *", "day of month field: `?` is not a value, range (a-b), list (a,b) or step (*/n)"),
    ("0 0 * * 1-", "day of week field: `1-` is not a value, range (a-b), list (a,b) or step (*/n)"),
    ("*/0 * * * *", "minute field: `*/0`: a step must be at least 1"),
])
def test_invalid_expressions_are_named(expression, problem):
    assert cron_problem(expression) == problem
