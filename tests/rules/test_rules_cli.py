"""`plinth rules` and `plinth lint`: output and exit codes."""

from __future__ import annotations

import json

import pytest

from plinth.cli import main
from plinth.rules import AI_PACK
from plinth.rules.docs import render

from _rule_helpers import FIXTURES, ROOT


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)   # file names print relative to the cwd, as users run it


def test_rules_text_lists_every_rule(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    heads = [line for line in out.splitlines() if line.startswith("AIX-")]
    assert heads == [f"{r.id}  {r.severity:<7}  {r.title}" for r in AI_PACK]
    assert "    Spot (preemptible) accelerators cost a fraction" in out


def test_rules_json_and_markdown(capsys):
    assert main(["rules", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(d["id"], d["severity"], d["title"], d["explanation"]) for d in data] == [
        (r.id, r.severity, r.title, r.explanation) for r in AI_PACK]
    assert main(["rules", "--format", "markdown"]) == 0
    assert capsys.readouterr().out == render()


def test_lint_examples_pass_with_one_info(capsys):
    assert main(["lint"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "blueprints/global-inference.yaml:31:18: info AIX-010: serving endpoint `embed` uses `aws-inferentia2` "
        "(inferentia, 32 GB), which only aws offers; nearest GPU by memory: gcp `nvidia-l4` (24 GB), "
        "azure `nvidia-t4` (16 GB)")
    assert out.splitlines()[-1] == "0 errors, 1 info in 4 blueprints"


def test_lint_error_finding_exits_1_with_source_caret_and_hint(capsys):
    path = "tests/rules/fixtures/AIX-006/fail.yaml"
    assert main(["lint", path]) == 1
    assert capsys.readouterr().out == (
        f"{path}:22:19: error AIX-006: spot pool `l4` of training cluster `train` has no checkpoint location\n"
        "    22 |         capacity: spot\n"
        "       |                   ^\n"
        "       = hint: set `checkpoints: lake` on cluster `train`\n"
        "\n"
        "1 error in 1 blueprint\n")


def test_lint_overridden_findings_show_the_reason(capsys):
    assert main(["lint", "tests/rules/overrides/lowered.yaml"]) == 0
    out = capsys.readouterr().out
    assert "tests/rules/overrides/lowered.yaml:20:84: warning AIX-006: spot pool" in out
    assert ("       = overridden (error → warning): Jobs here are ten-minute smoke tests; restarting one "
            "costs less than storing checkpoints.") in out
    assert out.splitlines()[-1] == "0 errors, 1 warning, 1 off in 1 blueprint"


def test_lint_invalid_blueprint_exits_2(capsys):
    assert main(["lint", "tests/rules/overrides/invalid.yaml", "tests/rules/fixtures/AIX-007/pass.yaml"]) == 2
    out, err = capsys.readouterr()
    assert out == "0 errors in 1 blueprint\n"
    assert "tests/rules/overrides/invalid.yaml:7:12: error: rule_overrides names `AIX-011`, which is not a rule" in err
    assert err.rstrip().endswith("5 invalid blueprint errors: not linted")


def test_lint_json(capsys):
    assert main(["lint", "--format", "json", str(FIXTURES.relative_to(ROOT) / "AIX-004" / "fail.yaml")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["exit"] == 0 and data["errors"] == []
    assert data["blueprints"] == ["tests/rules/fixtures/AIX-004/fail.yaml"]
    assert data["findings"][2] == {
        "rule": "AIX-004", "severity": "warning", "default_severity": "warning",
        "message": "multi-node pool `spread` (nvidia-h100-80gb, up to 2 nodes) has `placement: none`: "
                   "its nodes may land far apart",
        "component": "train", "path": "/components/train/pools/1/placement",
        "file": "tests/rules/fixtures/AIX-004/fail.yaml", "line": 18, "column": 20,
        "hint": "remove `placement: none` (fabric pools default to compact placement)",
        "overridden": False, "reason": None, "crashed": False}
