"""Every command takes `--format json` and then prints exactly one JSON document on stdout, also
when a blueprint is invalid or the gate cannot run. In-process; synth and build use the session's
synthesis (conftest.py)."""

from __future__ import annotations

import io
import json

import pytest
from cli_helpers import AUDIT_DIR, BAD, BAD_ERROR, ONE_EXAMPLE, TINY_BUILD, run

from plinth.commands import COMMANDS


def json_run(monkeypatch, *argv: str) -> tuple[int, object, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([*argv, "--format", "json"], out, err, monkeypatch)
    return code, json.loads(out.getvalue()), err.getvalue()


# -- the success cases, one per command ---------------------------------------------------------

def test_validate(monkeypatch):
    code, doc, err = json_run(monkeypatch, "validate", ONE_EXAMPLE)
    assert (code, doc, err) == (0, {"valid": True, "blueprints": [ONE_EXAMPLE], "errors": []}, "")


def test_synth(monkeypatch, session_synth):
    out = session_synth / "out"
    code, doc, _ = json_run(monkeypatch, "synth", ONE_EXAMPLE, "--out", str(out))
    assert code == 0
    assert doc == {"out": str(out), "check": False, "up_to_date": None, "differences": [],
                   "blueprints": {"global-inference": ["global-inference-foundation", "global-inference-serving"]},
                   "written": [str(out / "global-inference")], "removed": {}}


def test_build(monkeypatch, session_synth):
    out = session_synth / "out"
    code, doc, err = json_run(monkeypatch, "build", ONE_EXAMPLE, "--out", str(out), "--no-cache")
    assert code == 0, err
    assert {k: v for k, v in doc.items() if k != "gate"} == {
        "schema_version": 1, "tool": "plinth", "mode": "build", "passed": True, "failed": [], "out": str(out),
        "blueprints": {"global-inference": ["global-inference-foundation", "global-inference-serving"]},
        "rules_and_budget": []}
    assert (doc["gate"]["passed"], [b["name"] for b in doc["gate"]["blueprints"]]) == (True, ["global-inference"])
    assert err.splitlines() == [f"synthesized 1 blueprint(s) into {out}/", "plinth build: PASS"]


def test_build_reports_rule_and_budget_failures(monkeypatch, session_synth):
    """The budget results that text mode prints on stderr are in the document, the waived one marked."""
    code, doc, err = json_run(monkeypatch, "build", "tests/fixtures/budget/", "--out", str(session_synth / "out"),
                              "--no-cache")
    assert code == 1
    gate_failed = [b["name"] for b in doc["gate"]["blueprints"] if not b["passed"]]
    assert (doc["passed"], doc["failed"]) == (False, sorted({"over-budget", *gate_failed}))
    drivers = ("expected monthly cost $9,901.49 exceeds the budget of $10.00 by $9,891.49; top cost drivers: "
               "train/pool g $9,745.79, train/control plane $73.00, net/NAT $65.70")
    hint = "lower the expected cost, raise budget.monthly_usd, or waive PLN_COST_001"
    assert doc["rules_and_budget"] == [
        {"check": "PLN_COST_001", "kind": "budget", "status": "waived", "blueprint": "over-waived",
         "component": "train", "file": "tests/fixtures/budget/over-waived.yaml", "line": 6, "column": 23,
         "message": drivers, "hint": hint,
         "waiver": {"check": "PLN_COST_001", "resources": ["train"],
                    "reason": "approved overrun for the Q4 retraining campaign", "owner": "cfo@example.com",
                    "expires": "2099-01-31",
                    "location": {"file": "tests/fixtures/budget/over-waived.yaml", "line": 14, "column": 5}}},
        {"check": "PLN_COST_001", "kind": "budget", "status": "failed", "blueprint": "over-budget",
         "component": "train", "file": "tests/fixtures/budget/over.yaml", "line": 6, "column": 23,
         "message": drivers, "hint": hint, "waiver": None}]
    assert err.splitlines()[-1] == f"plinth build: FAIL ({', '.join(doc['failed'])})"


@pytest.mark.parametrize("argv", [["check", TINY_BUILD], ["audit", AUDIT_DIR]])
def test_gate_commands(argv, monkeypatch):
    code, doc, err = json_run(monkeypatch, *argv)
    assert code == 1
    assert (doc["mode"], doc["passed"]) == (argv[0], False)
    assert err == f"plinth {argv[0]}: FAIL ({doc['blueprints'][0]['name']})\n"


def test_lint(monkeypatch):
    code, doc, _ = json_run(monkeypatch, "lint", ONE_EXAMPLE)
    assert (code, doc["valid"], doc["blueprints"], doc["errors"], doc["exit"]) == (0, True, [ONE_EXAMPLE], [], 0)


def test_cost(monkeypatch):
    code, doc, _ = json_run(monkeypatch, "cost", ONE_EXAMPLE)
    assert (code, [b["blueprint"] for b in doc["blueprints"]], doc["over_budget"]) == (0, ["global-inference"], [])


def test_graph(monkeypatch):
    code, doc, _ = json_run(monkeypatch, "graph", ONE_EXAMPLE)
    assert (code, [b["name"] for b in doc["blueprints"]]) == (0, ["global-inference"])


@pytest.mark.parametrize("command", ["rules", "accelerators", "coverage", "schema"])
def test_catalog_commands(command, monkeypatch):
    code, doc, err = json_run(monkeypatch, command)
    assert (code, err) == (0, "") and doc


def test_every_command_is_covered():
    tested = {"validate", "synth", "build", "check", "audit", "lint", "cost", "graph", "rules", "accelerators",
              "coverage", "schema"}
    assert set(COMMANDS) == tested


# -- the failure cases: still one JSON document ---------------------------------------------------

@pytest.mark.parametrize("command", ["validate", "synth", "build", "lint", "cost", "graph"])
def test_an_invalid_blueprint_is_a_json_document(command, monkeypatch, session_synth):
    code, doc, err = json_run(monkeypatch, command, BAD)
    assert code == 2
    assert doc["valid"] is False and doc["errors"] == [BAD_ERROR]
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["check", "audit"])
def test_a_gate_that_cannot_run_is_a_json_document(command, monkeypatch, tmp_path):
    code, doc, err = json_run(monkeypatch, command, str(tmp_path / "missing"))
    assert code == 2
    assert doc["passed"] is False and [e["code"] for e in doc["errors"]] == ["gate.error"]
    assert doc["errors"][0]["message"].endswith("missing is not a folder")
    assert err.startswith(f"plinth {command}: error: ")


def test_cost_diff_with_an_unknown_ref_is_a_json_document(monkeypatch):
    code, doc, _ = json_run(monkeypatch, "cost", ONE_EXAMPLE, "--diff", "no-such-ref")
    assert code == 2
    assert doc == {"ref": "no-such-ref", "errors": [{
        "file": None, "line": None, "column": None, "message": "unknown git ref `no-such-ref`", "value": "no-such-ref",
        "hint": "give a commit, branch or tag of this repository; in a shallow CI checkout, fetch it first",
        "code": "cost.diff"}]}
