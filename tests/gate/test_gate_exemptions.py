"""Catalog exemptions (`exemptions` in policies/controls.yaml): picked out structurally from the
Terraform, reported as `exempt` with their reason, and never hiding a normal resource's failure.
Stacks: tests/gate/fixtures/exemptions/ (lake_* belong to the data_lake `lake`, plinth_* are
blueprint-wide). One checkov run for `plinth check`, one for `plinth audit`."""

from __future__ import annotations

import json
import shutil

import pytest
from gate_paths import FIXTURES, TODAY

from plinth.gate.exemptions import access_log_targets
from plinth.gate.stacks import StackSet, load_stack

HERE = FIXTURES / "exemptions"


def _build(root, cloud: str) -> str:
    name = f"ex-{cloud}"
    stack = root / name / "ex-foundation" / "cdk.tf.json"
    stack.parent.mkdir(parents=True)
    shutil.copy(HERE / f"{cloud}.tf.json", stack)
    manifest = {"blueprint": {"name": name, "file": f"{name}.yaml"}, "cloud": cloud, "compliance": ["hipaa", "pci"],
                "stacks": {"foundation": {"file": "ex-foundation/cdk.tf.json"}},
                "components": {"lake": {"kind": "data_lake", "line": 9, "column": 3}}, "waivers": []}
    (root / name / "manifest.json").write_text(json.dumps(manifest))
    return str(root / name)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    from plinth.gate import run_gate

    root = tmp_path_factory.mktemp("exemptions")
    result = run_gate([_build(root, "aws"), _build(root, "gcp")], today=TODAY)
    return {bp.name: bp for bp in result.blueprints}


def results(bp, check: str) -> dict[str, str]:
    return {f.address.split(".", 1)[1]: f.status for f in bp.findings if f.check_id == check}


def test_access_log_targets_are_found_by_reference_and_by_literal_name():
    for cloud, kind in (("aws", "aws_s3_bucket"), ("gcp", "google_storage_bucket")):
        stacks = StackSet(cloud, (load_stack("foundation", HERE / f"{cloud}.tf.json"),))
        assert sorted(address for _, address in access_log_targets(stacks)) == \
            [f"{kind}.plinth_access_logs", f"{kind}.plinth_named_logs"]   # not the self-logger, not the scratch bucket


def test_an_access_log_target_needs_no_kms_a_normal_bucket_still_does(checked):
    bp = checked["ex-aws"]
    assert results(bp, "CKV_AWS_145") == {
        "lake_raw": "passed", "lake_curated": "passed",
        "plinth_access_logs": "exempt", "plinth_named_logs": "exempt",     # log delivery needs SSE-S3
        "plinth_scratch": "failed", "plinth_self_logger": "failed"}        # SSE-S3 without a reason: still fails
    assert set(results(bp, "CKV_AWS_19").values()) == {"passed"}          # every bucket is still encrypted
    exempt = next(f for f in bp.findings if f.check_id == "CKV_AWS_145" and f.status == "exempt")
    [e] = exempt.exemptions
    assert (e.control, e.applies_to, exempt.gating, exempt.result) == ("ENC-01", "access_log_target", (), "failed")
    assert e.reason.startswith("Amazon S3 delivers server access logs only to a destination bucket")


def test_an_access_log_target_need_not_log_itself_a_normal_bucket_must(checked):
    bp = checked["ex-aws"]
    # checkov counts any aws_s3_bucket_logging that mentions a bucket, so the reference-target
    # and the self-logger pass; the literal-name target is exempt; the scratch bucket fails
    assert results(bp, "CKV_AWS_18") == {
        "lake_raw": "passed", "lake_curated": "passed", "plinth_access_logs": "passed",
        "plinth_named_logs": "exempt", "plinth_scratch": "failed", "plinth_self_logger": "passed"}
    gcs = checked["ex-gcp"]
    assert results(gcs, "CKV_GCP_62") == {
        "lake_raw": "passed", "lake_curated": "passed", "plinth_access_logs": "exempt", "plinth_named_logs": "exempt",
        "plinth_scratch": "failed"}


def test_cross_region_replication_is_required_of_data_lake_buckets_only(checked):
    bp = checked["ex-aws"]
    assert results(bp, "CKV_AWS_144") == {
        "lake_raw": "failed", "lake_curated": "failed",
        "plinth_access_logs": "exempt", "plinth_named_logs": "exempt", "plinth_scratch": "exempt",
        "plinth_self_logger": "exempt"}
    f = next(f for f in bp.findings if f.check_id == "CKV_AWS_144" and f.address.endswith("lake_raw"))
    assert (f.component, f.gating) == ("lake", ("BAK-01",))


def test_control_status_counts_and_reports(checked, at_root):
    from plinth.gate import render
    from plinth.gate.model import GateResult

    bp = checked["ex-aws"]
    controls = {c.control_id: c for c in bp.controls}
    assert controls["BAK-01"].status == "failed"                       # the lake buckets
    assert [(e.check, e.kinds) for e in controls["BAK-01"].exemptions] == [("CKV_AWS_144", ("data_lake",))]
    assert controls["ENC-01"].status == "failed"                       # the scratch and self-logging buckets
    assert bp.counts()["exempt"] == 7
    text = render(GateResult(blueprints=(bp,), checkov_version="3.3.30", catalog_version=1), "text")
    assert ("ex-aws.yaml:1:1: exempt: CKV_AWS_145 aws_s3_bucket.plinth_access_logs [foundation]: ENC-01: the "
            "resource receives other buckets' server access logs (catalog exemption)") in text


def test_plinth_audit_knows_no_components_so_kind_scoped_checks_apply_everywhere(tmp_path):
    from plinth.gate import run_audit

    shutil.copy(HERE / "aws.tf.json", tmp_path / "main.tf.json")
    [bp] = run_audit(tmp_path, ["hipaa"], today=TODAY).blueprints
    assert set(results(bp, "CKV_AWS_144").values()) == {"failed"}
    assert results(bp, "CKV_AWS_145")["plinth_access_logs"] == "exempt"   # structural: still applies


def _trail_build(root, name: str, components: dict) -> str:
    """A foundation stack whose trail selects no S3 data events (what a blueprint without a lake gets)."""
    stack = root / name / f"{name}-foundation" / "cdk.tf.json"
    stack.parent.mkdir(parents=True)
    stack.write_text(json.dumps({"resource": {"aws_cloudtrail": {"plinth_trail": {
        "name": "trail", "s3_bucket_name": "audit", "is_multi_region_trail": True, "enable_log_file_validation": True,
        "event_selector": [{"read_write_type": "All", "include_management_events": True}]}}}}))
    manifest = {"blueprint": {"name": name, "file": f"{name}.yaml"}, "cloud": "aws", "compliance": ["hipaa"],
                "stacks": {"foundation": {"file": f"{name}-foundation/cdk.tf.json"}},
                "components": components, "waivers": []}
    (root / name / "manifest.json").write_text(json.dumps(manifest))
    return str(root / name)


def test_s3_data_events_are_exempt_only_in_a_blueprint_without_a_data_lake(tmp_path):
    from plinth.gate import run_gate

    result = run_gate([_trail_build(tmp_path, "no-lake", {"net": {"kind": "network", "line": 5, "column": 3}}),
                       _trail_build(tmp_path, "with-lake", {"lake": {"kind": "data_lake", "line": 5, "column": 3}})],
                      today=TODAY)
    by_name = {bp.name: bp for bp in result.blueprints}
    assert results(by_name["no-lake"], "PLN_AWS_003") == {"plinth_trail": "exempt"}
    assert results(by_name["with-lake"], "PLN_AWS_003") == {"plinth_trail": "failed"}
    exempt = next(f for f in by_name["no-lake"].findings if f.check_id == "PLN_AWS_003")
    assert [(e.control, e.applies_to, e.kinds) for e in exempt.exemptions] == [("LOG-01", "absent_kinds", ("data_lake",))]
    assert "no data lake" in exempt.exemptions[0].reason


def test_plinth_audit_never_applies_absent_kinds(tmp_path):
    from plinth.gate.catalog import load_catalog
    from plinth.gate.exemptions import Exempter

    exemption = next(e for e in load_catalog().control("LOG-01").clouds["aws"].exemptions if e.check == "PLN_AWS_003")
    stacks = StackSet("aws", ())
    assert Exempter(load_catalog(), "aws", stacks, None, None).applies(exemption, None, None) is False
    assert Exempter(load_catalog(), "aws", stacks, None, ["network"]).applies(exemption, None, None) is True
    assert Exempter(load_catalog(), "aws", stacks, None, ["data_lake"]).applies(exemption, None, None) is False
