"""The pack table: its exact contents, one file per rule, no drift, rules pure and crash-safe."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys

from plinth.model import RuleOverride
from plinth.paths import PACKAGE
from plinth.rules import AI_PACK, BLUEPRINT_WIDE, ERROR, Hit, Rule, run
from plinth.semantics import waivers

from _rule_helpers import FIXTURES, ROOT, load

EXPECTED_PACK = [
    ("AIX-001", "error", "Training and serving mixed on one cluster or stack"),
    ("AIX-002", "warning", "Accelerators left idle"),
    ("AIX-003", "warning", "Serving endpoint without data capture (no drift monitoring)"),
    ("AIX-004", "warning", "Multi-node training without a high-bandwidth fabric or compact placement"),
    ("AIX-005", "warning", "Data pipeline starvation: large accelerator pools reading a lake without a cache tier"),
    ("AIX-006", "error", "Spot training without a checkpoint location"),
    ("AIX-007", "warning", "No cost attribution labels"),
    ("AIX-008", "error", "Data residency: a region outside the allowed regions or jurisdiction"),
    ("AIX-009", "error", "Model weights unprotected"),
    ("AIX-010", "info", "Lock-in: provider-specific accelerator or service"),
]


def test_pack_is_exactly_these_rules():
    assert [(r.id, r.severity, r.title) for r in AI_PACK] == EXPECTED_PACK


def test_one_file_per_rule_named_by_its_id():
    files = sorted(p.stem for p in (PACKAGE / "rules").glob("aix_*.py"))
    assert files == [r.id.lower().replace("-", "_") for r in AI_PACK]
    for r in AI_PACK:
        module = sys.modules[r.hits.__module__]
        assert module.__name__ == "plinth.rules." + r.id.lower().replace("-", "_")
        assert module.RULE is r
        assert module.__doc__.startswith(f"{r.id}: ")


def test_rule_metadata_is_complete():
    for r in AI_PACK:
        assert re.fullmatch(r"AIX-[0-9]{3}", r.id)
        assert "\n" not in r.explanation and len(r.explanation) > 200, r.id  # one paragraph
        assert r.looks_at and r.title and not r.title.endswith(".")
    assert len({r.id for r in AI_PACK}) == len(AI_PACK)


def test_blueprint_wide_matches_the_gate_waivers():
    assert BLUEPRINT_WIDE == waivers.BLUEPRINT_WIDE


def test_rules_are_pure_functions_of_the_blueprint():
    bp = load(FIXTURES / "AIX-009" / "fail.yaml")
    first = run(bp)
    assert run(bp) == first
    assert run(dataclasses.replace(bp)) == first


def test_a_rule_that_raises_becomes_an_error_finding_that_no_override_lowers():
    def boom(bp):
        yield Hit("net", ("components", "net"), "never reached")
        raise KeyError("cidr")

    broken = Rule("AIX-999", "Broken", "info", "A rule with a bug.", ("network.cidr",), boom)
    bp = load(FIXTURES / "AIX-007" / "pass.yaml")
    bp = dataclasses.replace(bp, rule_overrides=(RuleOverride("AIX-999", "off", "Trying to hide a crash from the report."),))
    (f,) = run(bp, (broken,))
    assert (f.rule, f.severity, f.crashed, f.overridden) == ("AIX-999", ERROR, True, False)
    assert f.message == "rule AIX-999 failed: KeyError: 'cidr'"
    assert (f.component, f.path, f.line, f.column) == ("blueprint", (), 2, 1)  # the blueprint's first key
    assert run(bp, (broken, AI_PACK[6])) == [f]  # the other rules still run (AIX-007 passes here)


def test_rules_never_import_cdktf():
    code = ("import sys, plinth.rules, plinth.rules.docs, plinth.commands.lint, plinth.commands.rules;"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('cdktf', 'constructs', 'jsii'));"
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
