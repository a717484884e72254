"""`plinth audit --waivers FILE`: waivers for Terraform plinth did not generate, named by Terraform
address, validated (schema, positions, expiry, unknown addresses) like a blueprint's."""

from __future__ import annotations

import json

import pytest
from gate_paths import TODAY

from plinth.cli import main

TF = 'resource "aws_s3_bucket" "logs" {\n  bucket = "my-logs"\n}\n'
WAIVERS = """waivers:
  - check: CKV_AWS_144
    resources: [aws_s3_bucket.logs]
    reason: Logs are reproducible from the source systems; no second-region copy is needed.
    owner: platform@example.com
    expires: 2027-03-31
  - control: ENC-01
    resources: [aws_s3_bucket.log]
    reason: Temporary while the KMS key is being provisioned by the security team.
    owner: platform@example.com
    expires: 2027-01-15
"""


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    from plinth.gate import run_audit
    from plinth.gate.audit_waivers import load

    root = tmp_path_factory.mktemp("audit-waivers")
    (root / "main.tf").write_text(TF)
    (root / "waivers.yaml").write_text(WAIVERS)
    waivers = load(str(root / "waivers.yaml"))
    return root, waivers, run_audit(root, ("hipaa", "pci"), TODAY, waivers)


def test_a_waiver_names_terraform_addresses(audited):
    _, _, result = audited
    [bp] = result.blueprints
    statuses = {(f.check_id, f.address): f.status for f in bp.findings if f.address == "aws_s3_bucket.logs"}
    assert statuses[("CKV_AWS_144", "aws_s3_bucket.logs")] == "waived"
    assert statuses[("CKV_AWS_145", "aws_s3_bucket.logs")] == "failed"      # the ENC-01 waiver names a typo
    waived = next(f for f in bp.findings if f.check_id == "CKV_AWS_144")
    assert (waived.waiver.owner, waived.waiver.expires, waived.waiver.location.line) == \
        ("platform@example.com", "2027-03-31", 2)


def test_an_unknown_address_is_an_error_with_a_suggestion(audited):
    root, _, result = audited
    [bp] = result.blueprints
    assert [(p.code, p.message, p.hint, str(p.location)) for p in bp.problems if p.code.startswith("waiver")] == [
        ("waiver.unknown", "waiver names `aws_s3_bucket.log`, which is not a resource of the folder",
         "did you mean `aws_s3_bucket.logs`?", f"{root}/waivers.yaml:7:5")]
    assert not bp.passed


def test_an_expired_waiver_is_an_error(audited):
    from plinth.gate import run_audit

    root, waivers, _ = audited
    [bp] = run_audit(root, ("hipaa", "pci"), __import__("datetime").date(2027, 4, 1), waivers).blueprints
    assert [(p.code, p.message) for p in bp.problems if p.code == "waiver.expired"] == [
        ("waiver.expired", "waiver for CKV_AWS_144 expired on 2027-03-31"),
        ("waiver.expired", "waiver for ENC-01 expired on 2027-01-15")]
    assert {f.status for f in bp.findings if f.check_id == "CKV_AWS_144"} == {"failed"}


def test_an_invalid_waivers_file_is_positioned_and_nothing_is_checked(tmp_path, capsys):
    (tmp_path / "main.tf").write_text(TF)
    bad = tmp_path / "w.yaml"
    bad.write_text("waivers:\n  - check: CKV_AWS_144\n    resources: [aws_s3_bucket.logs]\n    reason: short\n"
                   "    owner: nobody\n    expires: 2027-03-31\n    ownr: x\n")
    assert main(["audit", str(tmp_path), "--waivers", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:4:13: error:" in err and f"{bad}:5:12: error:" in err and f"{bad}:7:5: error: unknown key `ownr`" in err
    assert "Traceback" not in err and "nothing was checked" in err
    assert main(["audit", str(tmp_path), "--waivers", str(bad), "--format", "json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["valid"] is False and {(e["line"], e["code"]) for e in doc["errors"]} >= {(7, "schema.unknown_key")}


def test_a_missing_waivers_file_is_a_user_error(tmp_path, capsys):
    (tmp_path / "main.tf").write_text(TF)
    assert main(["audit", str(tmp_path), "--waivers", str(tmp_path / "nope.yaml")]) == 2
    err = capsys.readouterr().err
    assert "cannot read file" in err and "Traceback" not in err
