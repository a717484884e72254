"""The whole gate over the build fixtures (one checkov run): verdicts, exact findings, positions,
waivers, profiles, integrity."""

from __future__ import annotations

import json
import logging
import shutil

from gate_paths import BUILDS, TODAY


def failing(bp) -> set[tuple[str, str | None, str]]:
    return {(f.check_id, f.address, f.status) for f in bp.findings if f.status != "passed"}


def test_verdicts(gate_result):
    assert {b.name: b.passed for b in gate_result.blueprints} == \
        {"aws-good": True, "aws-waivers": False, "azure-min": False, "gcp-min": False, "tiny": False}
    assert gate_result.exit_code == 1
    assert gate_result.warnings == ()
    assert [b.name for b in gate_result.blueprints] == sorted(b.name for b in gate_result.blueprints)


def test_a_compliant_aws_foundation_passes_with_its_waiver(blueprint):
    bp = blueprint("aws-good")
    assert failing(bp) == {("CKV_AWS_144", "aws_s3_bucket.lake_raw", "waived"),
                           ("CKV_AWS_145", "aws_s3_bucket.plinth_access_logs", "exempt")}
    assert bp.problems == ()
    assert bp.counts()["exempt"] == 1 and bp.counts()["waived"] == 1 and bp.counts()["failed"] == 0
    statuses = {c.control_id: c.status for c in bp.controls}
    assert statuses == {
        "NET-01": "passed", "NET-02": "passed", "NET-03": "passed", "NET-04": "passed", "ENC-01": "passed",
        "ENC-02": "not_applicable", "ENC-03": "not_applicable", "ENC-04": "not_applicable", "KEY-01": "passed",
        "TLS-01": "passed", "IAM-01": "passed", "AUTH-01": "passed", "AUTH-02": "manual", "PUB-01": "passed",
        "AI-01": "not_applicable", "LOG-01": "passed", "LOG-02": "passed", "LOG-03": "passed", "LOG-04": "passed",
        "BAK-01": "waived", "VUL-01": "not_applicable", "VUL-02": "not_applicable", "MON-01": "manual",
        "INV-01": "passed", "PHY-01": "manual", "BAA-01": "manual"}


def test_evidence_resources_per_control(blueprint):
    controls = {c.control_id: c for c in blueprint("aws-good").controls}
    assert controls["LOG-01"].evidence_resources == ("aws_cloudtrail.plinth_trail",)
    assert controls["NET-04"].evidence_resources == ("aws_flow_log.net_flow", "aws_vpc.net_vpc")
    assert "aws_s3_bucket.lake_raw" not in controls["BAK-01"].evidence_resources  # it was waived
    assert [w.check for w in controls["BAK-01"].waivers] == ["CKV_AWS_144"]
    # an exempt result does not take a resource out of the evidence: the catalog says it meets the control
    assert "aws_s3_bucket.plinth_access_logs" in controls["ENC-01"].evidence_resources
    assert [(e.check, e.applies_to) for e in controls["ENC-01"].exemptions] == [("CKV_AWS_145", "access_log_target")]
    assert controls["ENC-01"].waivers == ()


def test_findings_map_to_components_stacks_and_blueprint_lines(blueprint):
    by = {(f.check_id, f.address): f for f in blueprint("gcp-min").findings}
    f = by[("CKV_GCP_25", "google_container_cluster.scoring_cluster")]
    assert (f.component, f.stack, str(f.location)) == ("scoring", "training", "tests/gate/fixtures/blueprints/gcp-min.yaml:16:3")
    assert f.tf_location.file == "tests/gate/fixtures/builds/gcp-min/gcp-min-training/cdk.tf.json"
    assert f.controls == ("NET-02",) and f.gating == ("NET-02",)
    absent = by[("PLN_PRES_001", None)]
    assert (absent.component, str(absent.location)) == ("blueprint", "tests/gate/fixtures/blueprints/gcp-min.yaml:5:1")


def test_waiver_problems_are_errors_at_the_waiver_line(blueprint):
    bp = blueprint("aws-waivers")
    assert [(p.location.line, p.severity, p.code) for p in bp.problems] == [
        (24, "error", "waiver.expired"), (26, "error", "waiver.unwaivable"), (28, "error", "waiver.unwaivable"),
        (30, "error", "waiver.unknown"), (32, "error", "waiver.unknown"), (34, "warning", "waiver.unused")]


def test_valid_waivers_apply_and_invalid_ones_do_not(blueprint):
    bp = blueprint("aws-waivers")
    assert failing(bp) == {
        ("PLN_PRES_001", None, "failed"), ("PLN_AWS_001", "aws_security_group.net_sg", "failed"),
        ("CKV2_AWS_6", "aws_s3_bucket.lake_raw", "failed"),
        ("CKV_AWS_144", "aws_s3_bucket.lake_raw", "waived"),          # check waiver
        ("CKV_AWS_18", "aws_s3_bucket.lake_raw", "waived"),           # control waiver (LOG-02)
        ("CKV_AWS_145", "aws_s3_bucket.lake_raw", "failed"),          # its waiver expired
        ("CKV_AWS_21", "aws_s3_bucket.lake_raw", "failed"),           # its waiver names `lakee`
        ("PLN_PRES_005", "aws_s3_bucket.lake_raw", "failed")}
    waived = next(f for f in bp.findings if f.check_id == "CKV_AWS_18")
    assert (waived.waiver.control, waived.waiver.location.line, waived.waived_controls) == ("LOG-02", 22, ("LOG-02",))


def test_controls_outside_the_profile_are_reported_but_do_not_gate(blueprint):
    bp = blueprint("aws-waivers")                                    # pci: BAK-01 cites HIPAA only
    versioning = next(f for f in bp.findings if f.check_id == "CKV_AWS_21")
    assert (versioning.status, versioning.gating) == ("failed", ())
    bak = next(c for c in bp.controls if c.control_id == "BAK-01")
    assert (bak.status, bak.in_profile) == ("failed", False)


def test_without_a_profile_only_unwaivable_controls_gate(blueprint):
    bp = blueprint("tiny")
    assert bp.gating_profiles == ("baseline",)
    gating = {f.check_id: f.gating for f in bp.findings if f.status == "failed"}
    assert gating == {"PLN_PRES_001": ("LOG-01",), "CKV2_AWS_6": ("PUB-01",), "CKV_AWS_54": ("PUB-01",),
                      "CKV_AWS_144": (), "CKV_AWS_145": (), "CKV_AWS_18": (), "CKV_AWS_21": (), "PLN_PRES_005": ()}
    assert {c.control_id for c in bp.controls if c.in_profile} == {"NET-01", "PUB-01", "LOG-01"}


def test_azure_https_false_negative_is_caught_end_to_end(blueprint):
    bp = blueprint("azure-min")
    assert ("PLN_AZ_001", "azurerm_storage_account.lake_account", "failed") in failing(bp)
    assert {c.control_id: c.status for c in bp.controls}["TLS-01"] == "failed"


def test_a_changed_stack_fails_the_gate(tmp_path, at_root):
    from plinth.gate import run_gate

    build = tmp_path / "aws-good"
    shutil.copytree(BUILDS / "aws-good", build)
    stack = build / "aws-good-foundation" / "cdk.tf.json"
    stack.write_text(stack.read_text().replace('"retention_in_days": 400', '"retention_in_days": 401'))
    result = run_gate([build], today=TODAY)
    [bp] = result.blueprints
    assert [p.code for p in bp.problems] == ["stack.changed"]
    assert not bp.passed and result.exit_code == 1


def test_the_gate_leaves_logging_alone(gate_result):
    root = logging.getLogger()
    handlers = list(root.handlers)
    from plinth.gate.checkov_engine import run_checkov

    run_checkov([BUILDS / "tiny" / "tiny-foundation" / "cdk.tf.json"], ["CKV_AWS_21"])
    assert root.handlers == handlers


def test_manifests_of_the_fixtures_follow_the_contract():
    for manifest in BUILDS.glob("*/manifest.json"):
        data = json.loads(manifest.read_text())
        assert set(data) >= {"plinth_version", "blueprint", "cloud", "compliance", "labels", "stacks", "components",
                             "waivers"}


def test_gating_synthesized_output_in_memory(at_root):
    """What main.py and `plinth build` call with the output of plinth.compile.synthesize."""
    from plinth.gate import run_gate_rendered

    root = BUILDS / "tiny"
    rendered = {"tiny": {str(p.relative_to(root)): p.read_text() for p in root.rglob("*") if p.is_file()}}
    result = run_gate_rendered(rendered, today=TODAY)
    [bp] = result.blueprints
    assert (bp.name, bp.passed) == ("tiny", False)
    files = {f.tf_location.file for f in bp.findings if f.tf_location}
    assert files == {"generated/tiny/tiny-foundation/cdk.tf.json"}


def test_a_blueprint_changed_after_synth_is_a_warning(tmp_path, at_root):
    from plinth.gate import run_gate

    build = tmp_path / "tiny"
    shutil.copytree(BUILDS / "tiny", build)
    manifest = json.loads((build / "manifest.json").read_text())
    manifest["blueprint"]["sha256"] = "f" * 64
    (build / "manifest.json").write_text(json.dumps(manifest))
    [bp] = run_gate([build], today=TODAY).blueprints
    assert [(p.code, p.severity) for p in bp.problems] == [("blueprint.changed", "warning")]


def test_a_stack_checkov_cannot_parse_fails_the_gate(tmp_path, at_root):
    import hashlib

    from plinth.gate import run_gate

    build = tmp_path / "tiny"
    shutil.copytree(BUILDS / "tiny", build)
    stack = build / "tiny-foundation" / "cdk.tf.json"
    data = json.loads(stack.read_text())
    data["data"] = "not a block"
    stack.write_text(json.dumps(data))
    manifest = json.loads((build / "manifest.json").read_text())
    manifest["stacks"]["foundation"]["sha256"] = hashlib.sha256(stack.read_bytes()).hexdigest()
    (build / "manifest.json").write_text(json.dumps(manifest))
    [bp] = run_gate([build], today=TODAY).blueprints
    assert [(p.code, p.severity) for p in bp.problems] == [("stack.unparsed", "error")]
    assert not bp.passed


def test_in_process_checkov_agrees_with_the_checkov_cli(at_root):
    """The gate calls checkov's Python API (faster, see bench_checkov.py); it must see what the CLI sees."""
    import subprocess
    import sys
    from pathlib import Path

    from plinth.gate.catalog import load_catalog
    from plinth.gate.checkov_engine import run_checkov

    stack = BUILDS / "aws-waivers" / "aws-waivers-foundation" / "cdk.tf.json"
    catalog = load_catalog()
    ids = sorted(set(catalog.check_ids(kind="checkov")) | set(catalog.check_ids(kind="custom")))
    cli = subprocess.run([str(Path(sys.executable).with_name("checkov")), "-f", str(stack), "--framework",
                          "terraform_json", "--skip-download", "-o", "json", "--external-checks-dir",
                          "policies/checks", "--check", ",".join(ids)], capture_output=True, text=True, check=False)
    report = json.loads(cli.stdout)
    from_cli = {(r["check_id"], r["resource"], kind == "passed_checks")
                for kind in ("passed_checks", "failed_checks") for r in report["results"].get(kind, [])}
    in_process = {(r.check_id, r.resource, r.passed) for r in run_checkov([stack], ids).results}
    assert in_process == from_cli and len(in_process) > 10
