"""Per rule, tests/rules/fixtures/<RULE-ID>/{pass,fail}.yaml, found automatically:
pass.yaml has no findings at all, fail.yaml has exactly the findings in expected.json, all of
that rule. Regenerate expected.json (then read the diff!) with:

    PLINTH_UPDATE_RULE_FIXTURES=1 .venv/bin/python -m pytest tests/rules
"""

from __future__ import annotations

import json
import os

import pytest

from plinth.rules import AI_PACK, run

from _rule_helpers import FIXTURES, load, row

UPDATE = os.environ.get("PLINTH_UPDATE_RULE_FIXTURES") == "1"
RULE_DIRS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def test_every_rule_has_fixtures_and_every_fixture_a_rule():
    assert RULE_DIRS == [r.id for r in AI_PACK]
    for name in RULE_DIRS:
        assert sorted(p.name for p in (FIXTURES / name).iterdir()) == ["expected.json", "fail.yaml", "pass.yaml"]


@pytest.mark.parametrize("rule_id", RULE_DIRS)
def test_pass_fixture_has_no_findings(rule_id):
    assert [row(f) for f in run(load(FIXTURES / rule_id / "pass.yaml"))] == []


@pytest.mark.parametrize("rule_id", RULE_DIRS)
def test_fail_fixture_has_exactly_the_expected_findings(rule_id):
    got = [row(f) for f in run(load(FIXTURES / rule_id / "fail.yaml"))]
    expected_file = FIXTURES / rule_id / "expected.json"
    if UPDATE:
        expected_file.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n")
    expected = json.loads(expected_file.read_text())
    assert got == expected
    assert expected, "a fail fixture must fail"
    assert {r["rule"] for r in expected} == {rule_id}, "a fixture tests one rule only"
