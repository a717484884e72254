"""`plinth cost`: exit codes, the budget gate (top drivers) and the budget_finding API."""

from __future__ import annotations

import json

from plinth.cli import main
from plinth.cost import budget_finding, estimate

from pathlib import Path

BLUEPRINTS = Path(__file__).resolve().parent / "blueprints"


def run(capsys, *argv):
    rc = main(["cost", *argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_over_budget_exits_1_and_names_top_drivers(capsys):
    rc, out, _ = run(capsys, str(BLUEPRINTS / "aws-small.yaml"), "--no-assumptions")
    assert rc == 1
    assert ("  OVER BUDGET: expected $1,798.57 > budget $1,000.00; top cost drivers: "
            "ep/endpoint us-east-1 $1,075.14; gpu/pool sys $280.32; gpu/pool t4 $236.30") in out.splitlines()


def test_within_budget_exits_0(capsys):
    rc, out, _ = run(capsys, str(BLUEPRINTS / "gcp-small.yaml"), str(BLUEPRINTS / "azure-small.yaml"))
    assert rc == 0
    assert "OVER BUDGET" not in out and "UNPRICED" not in out
    lines = [line.split() for line in out.splitlines()]
    assert ["tpu", "control", "plane", "compute", "managed", "Kubernetes", "control", "plane", "in", "us-central1",
            "73.00", "73.00", "73.00"] in lines
    assert ["total", "7,744.20", "8,161.48", "16,249.89"] in lines
    assert ["total", "48,558.38", "48,977.49", "49,780.58"] in lines


def test_invalid_blueprint_exits_2_with_position(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ncloud: aws\nregion: us-east-1\ncomponents:\n  x: {kind: nope}\n")
    rc, out, err = run(capsys, str(bad))
    assert rc == 2 and out == ""
    assert "bad.yaml:5:" in err


def test_json_format(capsys):
    rc, out, err = run(capsys, str(BLUEPRINTS / "aws-small.yaml"), "--format", "json")
    data = json.loads(out)
    assert rc == 1 and data["over_budget"] == ["cost-aws-small"]
    bp = data["blueprints"][0]
    assert bp["monthly"] == {"min": "1012.70", "expected": "1798.57", "max": "3038.30"}
    assert bp["by_category"]["network"] == {"min": "65.70", "expected": "65.70", "max": "65.70"}
    assert [d["driver"] for d in bp["top_drivers"]] == ["ep/endpoint us-east-1", "gpu/pool sys", "gpu/pool t4"]
    assert "over budget" in err


def test_budget_finding(small):
    bp = small["cost-aws-small"]
    finding = budget_finding(bp, estimate(bp))
    assert finding == {
        "check": "PLN_COST_001",
        "check_name": "Expected monthly cost is within the blueprint budget",
        "severity": "error",
        "blueprint": "cost-aws-small",
        "component": "ep",
        "message": ("expected monthly cost $1,798.57 exceeds the budget of $1,000.00 by $798.57; top cost drivers: "
                    "ep/endpoint us-east-1 $1,075.14, gpu/pool sys $280.32, gpu/pool t4 $236.30"),
        "file": bp.file,
        "line": 6,
        "column": 16,
        "expected_usd": "1798.57",
        "budget_usd": "1000.00",
        "over_usd": "798.57",
        "drivers": [
            {"label": "ep/endpoint us-east-1", "component": "ep", "item": "endpoint us-east-1", "expected_usd": "1075.14"},
            {"label": "gpu/pool sys", "component": "gpu", "item": "pool sys", "expected_usd": "280.32"},
            {"label": "gpu/pool t4", "component": "gpu", "item": "pool t4", "expected_usd": "236.30"},
        ],
        "unpriced": [],
    }


def test_no_finding_within_budget_or_without_budget(small):
    for name in ("cost-gcp-small", "cost-azure-small"):
        bp = small[name]
        assert budget_finding(bp, estimate(bp)) is None


def test_cost_never_imports_cdktf():
    import subprocess
    import sys

    code = ("import sys; from plinth.cli import main; main(['cost', '--format', 'json', 'blueprints/']); "
            "sys.stderr.write(str(sorted(m for m in sys.modules if m.split('.')[0] in ('cdktf', 'jsii'))))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=BLUEPRINTS.parents[2])
    assert res.stderr.splitlines()[-1] == "[]"
