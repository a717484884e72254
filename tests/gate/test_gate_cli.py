"""`plinth check` and `plinth audit`: exit codes, formats, --output, user errors without tracebacks.
Called in-process (checkov is already imported by the session)."""

from __future__ import annotations

import json
import shutil

import pytest
from gate_paths import BUILDS, FIXTURES

from plinth.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_passes_a_compliant_build(capsys, at_root):
    code, out, err = run(capsys, "check", str(BUILDS / "aws-good"))
    assert code == 0, out
    assert out.splitlines()[0] == "aws-good (aws; HIPAA Security Rule) tests/gate/fixtures/blueprints/aws-good.yaml: PASS"
    assert err == ""


def test_check_fails_with_exit_1_and_finds_every_manifest(capsys, at_root):
    code, out, _ = run(capsys, "check", str(BUILDS), "--format", "json")
    assert code == 1
    assert [b["name"] for b in json.loads(out)["blueprints"]] == ["aws-good", "aws-waivers", "azure-min", "gcp-min",
                                                                   "tiny"]


def test_check_writes_the_report_to_a_file(capsys, tmp_path, at_root):
    target = tmp_path / "report.sarif"
    code, out, err = run(capsys, "check", str(BUILDS / "tiny"), "--format", "sarif", "--output", str(target))
    assert (code, out) == (1, "")
    assert err == f"plinth check: FAIL (tiny); report written to {target}\n"
    assert json.loads(target.read_text())["version"] == "2.1.0"


@pytest.mark.parametrize("argv, message", [
    (["check", "no/such/dir"], "plinth check: error: no/such/dir is not a folder"),
    (["check", "{empty}"], "plinth check: error: no synthesized blueprints under {empty} (no */manifest.json)"),
    (["check", "{broken}"], "plinth check: error: {broken}/manifest.json is not valid JSON"),
    (["check", "{badstack}"], "plinth check: error: {badstack}/tiny-foundation/cdk.tf.json is not valid JSON"),
    (["check", str(BUILDS / "tiny"), "--output", "no/such/dir/r.txt"], "plinth check: error: cannot write no/such/dir/r.txt"),
    (["audit", "{empty}"], "plinth audit: error: {empty} holds no Terraform files (.tf or .tf.json)"),
])
def test_user_errors_exit_2_with_a_message(argv, message, capsys, tmp_path):
    paths = {"empty": tmp_path / "empty", "broken": tmp_path / "broken", "badstack": tmp_path / "badstack"}
    paths["empty"].mkdir()
    paths["broken"].mkdir()
    (paths["broken"] / "manifest.json").write_text("{not json")
    shutil.copytree(BUILDS / "tiny", paths["badstack"])
    (paths["badstack"] / "tiny-foundation" / "cdk.tf.json").write_text("[1, 2")
    argv = [a.format(**paths) for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith(message.format(**paths)), err
    assert "Traceback" not in err and out == ""


def test_audit_maps_terraform_lines_to_controls(capsys, at_root):
    code, out, _ = run(capsys, "audit", str(FIXTURES / "audit"), "--profile", "pci", "--format", "json")
    assert code == 1
    [bp] = json.loads(out)["blueprints"]
    assert (bp["cloud"], bp["profiles"]) == ("aws", ["pci"])
    found = {(f["check_id"], f["address"], f["location"]["file"], f["location"]["line"]) for f in bp["findings"]
             if f["status"] == "failed"}
    assert ("PLN_AWS_001", "aws_security_group.admin", "tests/gate/fixtures/audit/main.tf", 10) in found
    assert ("CKV_AWS_24", "aws_security_group.admin", "tests/gate/fixtures/audit/main.tf", 10) in found
    assert ("CKV2_AWS_11", "aws_vpc.main", "tests/gate/fixtures/audit/main.tf", 6) in found
    assert ("CKV_AWS_145", "aws_s3_bucket.data", "tests/gate/fixtures/audit/storage.tf.json", 4) in found
    assert ("PLN_PRES_001", None, "tests/gate/fixtures/audit", 1) in found
    assert all(f["component"] is None for f in bp["findings"])


def test_audit_defaults_to_both_profiles(capsys, at_root):
    code, out, _ = run(capsys, "audit", str(FIXTURES / "audit"), "--format", "json")
    assert json.loads(out)["blueprints"][0]["profiles"] == ["hipaa", "pci"]


def test_help_texts(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "Exit 0 when every control" in " ".join(capsys.readouterr().out.split())
    with pytest.raises(SystemExit):
        main(["audit", "--help"])
    assert "--profile {hipaa,pci}" in " ".join(capsys.readouterr().out.split())
