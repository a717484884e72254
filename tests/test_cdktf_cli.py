"""The real cdktf CLI (pinned in package.json) runs main.py: the same Terraform as `plinth synth`,
and the same gate, so `cdktf deploy` stops a non-compliant blueprint before `terraform init`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CDKTF = ROOT / "node_modules" / ".bin" / "cdktf"
COMPLIANT = ROOT / "blueprints" / "global-inference.yaml"
NONCOMPLIANT = ROOT / "tests" / "fixtures" / "noncompliant" / "public-lake.yaml"

pytestmark = pytest.mark.skipif(not CDKTF.exists(), reason="cdktf CLI not installed (run `make install`)")


def _cdktf(args: list[str], blueprint: Path, tmp: Path, **extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PLINTH_BLUEPRINTS=str(blueprint), CI="1", NO_COLOR="1", CHECKPOINT_DISABLE="1",
               TF_CLI_CONFIG_FILE=str(ROOT / "tests" / "fixtures" / "terraformrc"),
               TF_PLUGIN_CACHE_DIR=str(tmp / "plugins"), TF_IN_AUTOMATION="1", PLINTH_NO_FAST_EXIT="", **extra)
    (tmp / "plugins").mkdir(exist_ok=True)
    return subprocess.run([str(CDKTF), *args, "--output", str(tmp / "out")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def test_cdktf_synth_gives_the_same_terraform_as_plinth(examples, tmp_path):
    proc = _cdktf(["synth"], COMPLIANT, tmp_path, CDKTF_LOG_LEVEL="debug")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "plinth gate: PASS" in proc.stdout + proc.stderr     # the app's stdout: shown at debug level
    files = examples["global-inference"]
    stacks = sorted(p.name for p in (tmp_path / "out" / "stacks").iterdir())
    assert stacks == ["global-inference-foundation", "global-inference-serving"]
    for sid in stacks:
        theirs = json.loads((tmp_path / "out" / "stacks" / sid / "cdk.tf.json").read_text())
        ours = json.loads(files[f"{sid}/cdk.tf.json"])
        assert theirs == ours, sid


def test_a_passing_gate_leaves_cdktf_output_clean(tmp_path):
    """cdktf labels everything an app writes on stderr [ERROR], so a pass goes to stdout (which cdktf
    shows in CI and at debug level): a passing run has no [ERROR] line."""
    proc = _cdktf(["synth"], COMPLIANT, tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "[ERROR]" not in output and "ERROR" not in output
    assert "Generated Terraform code for the stacks" in output


def test_cdktf_deploy_stops_a_noncompliant_blueprint_before_terraform_init(tmp_path):
    proc = _cdktf(["deploy", "--auto-approve", "leaky-lake-foundation"], NONCOMPLIANT, tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "plinth gate: FAIL" in output
    assert "PUB-01" in output
    assert "Initializing" not in output and "terraform init" not in output.lower()
    assert not (tmp_path / "out" / "stacks").exists()   # nothing left for a later step to apply


@pytest.mark.skipif(shutil.which("terraform") is None, reason="no terraform CLI on this machine")
def test_cdktf_deploy_gets_past_the_gate_for_a_compliant_blueprint(tmp_path):
    """Offline, deploy then fails at `terraform init` on the unreachable registry: past the gate."""
    proc = _cdktf(["deploy", "--auto-approve", "global-inference-foundation"], COMPLIANT, tmp_path,
                  CDKTF_LOG_LEVEL="debug")
    output = proc.stdout + proc.stderr
    assert "plinth gate: PASS" in output
    assert proc.returncode != 0
    assert "Failed to query available provider packages" in output or "registry.terraform.io" in output, output[-3000:]
