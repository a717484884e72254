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

# The gate fails generated blueprints on checks the AWS constructs do not satisfy yet (found by this
# test; the committed examples fail them too: `plinth check generated`). Remove the marker once the
# constructs pass: the test is non-strict, so it will just start passing.
KNOWN_GATE_FAILURES = (
    "the gate fails every drawn secure-by-default AWS HIPAA blueprint: CKV_AWS_144 (BAK-01: no cross-region "
    "replication on the plinth access-logs and audit buckets, nor on the lake's zone buckets), CKV_AWS_145 "
    "(ENC-01: the access-logs bucket is not KMS-encrypted), CKV_AWS_98 (ENC-03: the SageMaker endpoint "
    "configuration has no kms_key_arn) and, for a blueprint with no data_lake, PLN_AWS_003 (LOG-01: the "
    "CloudTrail trail records no S3 data events)")


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


# Known gap, asserted exactly rather than hidden: a blueprint with no data lake has no object data
# for CloudTrail data events to select, so PLN_AWS_003 (LOG-01) fails on its trail. Anything else
# failing the gate is a regression.
NO_LAKE_GAP = [("PLN_AWS_003", "LOG-01")]


def _has_lake(source: str) -> bool:
    return "kind: data_lake" in source


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
        if not _has_lake(source) and [(c, g) for c, _, g in found] == NO_LAKE_GAP and not problems:
            continue
        failures.append(f"{result.name}:\n" + "\n".join(f"  {c} {a} [{g}]" for c, a, g in found)
                        + "".join(f"\n  problem {p}" for p in problems) + "\n  blueprint:\n"
                        + "".join(f"    {line}\n" for line in source.splitlines()))
    if failures:
        print("\n".join(failures), file=sys.stderr)
    assert failures == [], "\n" + "\n".join(failures)
