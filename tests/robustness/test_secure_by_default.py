"""Secure by default, as a property: a schema-valid AWS blueprint with `compliance: [hipaa]` and no
explicitly insecure option either fails validation with positioned errors, or synthesizes to
Terraform that passes the gate.

Hypothesis (derandomized) draws a handful of such blueprints; they are validated one by one, and the
valid ones synthesized together in one call (`synth_cached`, shared with the rest of the session:
this is the only test here that starts CDKTF) and gated with `run_gate_rendered`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from plinth.pipeline import validate_paths
from robust_support import ROOT, dump, position_problems
from schema_strategies import aws_hipaa_blueprints

EXAMPLES = 5

def _root_conftest(config: pytest.Config):
    """tests/conftest.py as pytest loaded it: its synth cache is the session's."""
    target = (ROOT / "tests" / "conftest.py").resolve()
    for plugin in config.pluginmanager.get_plugins():
        if getattr(plugin, "__file__", None) and Path(plugin.__file__).resolve() == target:
            return plugin
    raise LookupError("tests/conftest.py is not loaded")


def _draw_blueprints() -> list[dict]:
    drawn: list[dict] = []

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
    @given(aws_hipaa_blueprints(name="placeholder"))
    def draw(blueprint: dict) -> None:
        if blueprint not in drawn:
            drawn.append(blueprint)

    draw()
    for i, bp in enumerate(drawn):
        bp["name"] = f"secure-{i + 1}"
    return drawn


# Anything failing the gate is a regression. (A blueprint with no data lake used to fail
# PLN_AWS_003: its trail has no S3 data to select. The catalog now exempts that check, with its
# reason, exactly when the blueprint has no data_lake: tests/gate/test_exemptions.py.)


def test_secure_by_default_blueprints_pass_the_gate(tmp_path: Path, pytestconfig: pytest.Config) -> None:
    from plinth.gate import run_gate_rendered
    from plinth.gate.model import FAILED

    blueprints = _draw_blueprints()
    assert len(blueprints) >= 3, "hypothesis drew too few distinct blueprints"
    valid: list[Path] = []
    for bp in blueprints:
        path = tmp_path / f"{bp['name']}.yaml"
        text = dump(bp)
        path.write_text(text, encoding="utf-8")
        result = validate_paths([str(path)])
        if result.ok:
            valid.append(path)
        else:
            assert position_problems(result.diagnostics, text, str(path)) == []
    assert valid, "no generated blueprint validated: the strategy is off, not plinth"

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        rendered = _root_conftest(pytestconfig).synth_cached(valid)
    finally:
        os.chdir(cwd)
    assert sorted(rendered) == sorted(p.stem for p in valid)
    gate = run_gate_rendered(rendered)
    failures = []
    for result in gate.blueprints:
        if result.passed:
            continue
        found = sorted({(f.check_id, f.address or "-", ",".join(f.gating)) for f in result.findings
                        if f.status == FAILED and f.gating})
        problems = [f"{p.code}: {p.message}" for p in result.problems if p.severity == "error"]
        source = (tmp_path / f"{result.name}.yaml").read_text()
        failures.append(f"{result.name}:\n" + "\n".join(f"  {c} {a} [{g}]" for c, a, g in found)
                        + "".join(f"\n  problem {p}" for p in problems) + "\n  blueprint:\n"
                        + "".join(f"    {line}\n" for line in source.splitlines()))
    if failures:
        print("\n".join(failures), file=sys.stderr)
    assert failures == [], "\n" + "\n".join(failures)
