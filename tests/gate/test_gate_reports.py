"""Report formats: golden copies for a small fixture (update with PLINTH_UPDATE_GOLDEN=1), SARIF
checked structurally, JUnit parsed, the Markdown control matrix read like an auditor would."""

from __future__ import annotations

import dataclasses
import json
import os
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from gate_paths import GOLDEN

from plinth.gate import FORMATS, render

SUFFIX = {"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "markdown": "md", "gitlab-sast": "gl-sast.json"}

# The parts of the SARIF 2.1.0 schema (OASIS) a consumer relies on, written out: offline, no schema store.
SARIF_SUBSET = {
    "type": "object", "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["tool", "results"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name", "rules"],
                    "properties": {"name": {"type": "string"}, "rules": {"type": "array", "items": {
                        "type": "object", "required": ["id", "shortDescription", "help"],
                        "properties": {"id": {"type": "string"},
                                       "shortDescription": {"type": "object", "required": ["text"]},
                                       "help": {"type": "object", "required": ["text"]},
                                       "defaultConfiguration": {"type": "object", "properties": {
                                           "level": {"enum": ["none", "note", "warning", "error"]}}}}}}}}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["ruleId", "ruleIndex", "message", "locations", "level"],
                    "properties": {
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": {"type": "object", "required": ["text"]},
                        "ruleIndex": {"type": "integer", "minimum": 0},
                        "suppressions": {"type": "array", "items": {"type": "object", "required": ["kind"], "properties": {
                            "kind": {"enum": ["inSource", "external"]},
                            "status": {"enum": ["accepted", "underReview", "rejected"]}}}},
                        "locations": {"type": "array", "minItems": 1, "items": {
                            "type": "object", "required": ["physicalLocation"], "properties": {"physicalLocation": {
                                "type": "object", "required": ["artifactLocation", "region"], "properties": {
                                    "artifactLocation": {"type": "object", "required": ["uri"]},
                                    "region": {"type": "object", "required": ["startLine", "startColumn"], "properties": {
                                        "startLine": {"type": "integer", "minimum": 1},
                                        "startColumn": {"type": "integer", "minimum": 1}}}}}}}}}}}}}}},
}


@pytest.fixture(scope="module")
def tiny_only(gate_result):
    return dataclasses.replace(gate_result, blueprints=tuple(b for b in gate_result.blueprints if b.name == "tiny"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(fmt, tiny_only, at_root, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")   # the GitLab report's scan times
    text = render(tiny_only, fmt)
    path = GOLDEN / f"tiny.{SUFFIX[fmt]}"
    if os.environ.get("PLINTH_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    assert path.is_file(), "run with PLINTH_UPDATE_GOLDEN=1 to create the golden copies"
    assert text == path.read_text(), f"{fmt} report changed; if intended, rerun with PLINTH_UPDATE_GOLDEN=1"


@pytest.mark.parametrize("fmt", FORMATS)
def test_reports_are_deterministic(fmt, gate_result, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")   # GitLab's scan times are the run's otherwise
    assert render(gate_result, fmt) == render(gate_result, fmt)


def test_json_report_is_exact_for_the_small_fixture(tiny_only, at_root):
    doc = json.loads(render(tiny_only, "json"))
    [bp] = doc["blueprints"]
    assert {k: doc[k] for k in ("schema_version", "mode", "passed", "checkov_version", "catalog_version")} == \
        {"schema_version": 1, "mode": "check", "passed": False, "checkov_version": "3.3.30", "catalog_version": 1}
    assert (bp["name"], bp["profiles"], bp["gating_profiles"], bp["counts"]) == \
        ("tiny", [], ["baseline"], {"passed": 8, "failed": 8, "waived": 0, "exempt": 0})
    pab = next(f for f in bp["findings"] if f["check_id"] == "CKV_AWS_54")
    assert pab == {
        "check_id": "CKV_AWS_54", "check_name": "Ensure S3 bucket has block public policy enabled", "engine": "checkov",
        "result": "failed", "status": "failed", "controls": ["PUB-01"], "gating": ["PUB-01"], "stack": "foundation",
        "address": "aws_s3_bucket_public_access_block.lake_raw_pab", "component": "lake",
        "location": {"file": "tests/gate/fixtures/blueprints/tiny.yaml", "line": 6, "column": 3},
        "tf_location": {"file": "tests/gate/fixtures/builds/tiny/tiny-foundation/cdk.tf.json", "line": 28, "column": 1},
        "message": "Ensure S3 bucket has block public policy enabled (inspected: block_public_policy)",
        "waiver": None, "waived_controls": [], "exemptions": []}


def test_sarif_is_structurally_valid_and_points_at_blueprints(gate_result):
    doc = json.loads(render(gate_result, "sarif"))
    jsonschema.Draft202012Validator(SARIF_SUBSET).validate(doc)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("tests/gate/fixtures/blueprints/") and uri.endswith(".yaml")
    rule = next(r for r in rules if r["id"] == "CKV2_AWS_6")
    assert "PUB-01 No public data" in rule["help"]["text"] and "164.312(a)(1)" in rule["help"]["text"]
    assert rule["properties"]["pci"] == ["1.4.4", "7.2.1"]
    waived = next(r for r in run["results"] if r["ruleId"] == "CKV_AWS_144" and r["properties"]["blueprint"] == "aws-good")
    assert waived["level"] == "note" and waived["suppressions"][0]["status"] == "accepted"
    exempt = next(r for r in run["results"] if r["ruleId"] == "CKV_AWS_145" and r["properties"]["blueprint"] == "aws-good")
    assert (exempt["level"], exempt["properties"]["status"]) == ("note", "exempt")
    assert exempt["suppressions"][0]["justification"].startswith(
        "catalog exemption (ENC-01, where the resource receives other buckets' server access logs): Amazon S3 delivers")
    expired = next(r for r in run["results"] if r["ruleId"] == "plinth.waiver.expired")
    assert expired["locations"][0]["physicalLocation"]["region"] == {"startLine": 24, "startColumn": 5}


def test_junit_has_a_case_per_control_and_fails_only_in_profile_controls(gate_result):
    root = ET.fromstring(render(gate_result, "junit"))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    good = suites["aws-good"]
    assert (good.get("failures"), good.get("errors")) == ("0", "0")
    waivers = suites["aws-waivers"]
    failed = sorted(c.get("name").split()[0] for c in waivers.iter("testcase") if c.find("failure") is not None)
    assert failed == ["ENC-01", "LOG-01", "NET-01", "PUB-01", "TLS-01"]
    assert waivers.get("errors") == "5"
    bak = next(c for c in waivers.iter("testcase") if c.get("name").startswith("BAK-01"))
    assert bak.find("skipped").get("message").startswith("advisory")


def test_markdown_control_matrix_reads_without_the_tool(gate_result):
    text = render(gate_result, "markdown")
    assert "## aws-good" in text and "| Verdict | **PASS** |" in text
    row = next(line for line in text.splitlines() if line.startswith("| **BAK-01**") and "waived" in line)
    assert "164.308(a)(7)(ii)(A)" in row
    assert "CKV_AWS_144: The raw zone holds copies of the source systems' exports, which are the recovery path." in row
    assert "security@example.com, until 2027-03-31" in row
    row = next(line for line in text.splitlines() if line.startswith("| **ENC-01**") and "✅ passed" in line
               and "plinth_access_logs" in line)
    assert "CKV_AWS_145 on `aws_s3_bucket.plinth_access_logs` (exempt)" in row
    assert "CKV_AWS_145 exempt by the catalog where the resource receives other buckets' server access logs" in row
    section = text.split("## aws-good", 1)[1].split("### Catalog exemptions", 1)[1].split("###", 1)[0]
    assert ("| CKV_AWS_145 | `aws_s3_bucket.plinth_access_logs` | foundation | ENC-01 | the resource receives other "
            "buckets' server access logs | Amazon S3 delivers server access logs only to a destination bucket") in section
    assert "- **BAA-01 Business associate and service provider agreements** (manual)" in text
    assert "| error | `tests/gate/fixtures/blueprints/aws-waivers.yaml:24:5` | waiver for CKV_AWS_145 expired" in text


def test_text_report_shows_the_blueprint_line(gate_result, at_root):
    text = render(gate_result, "text")
    assert ("tests/gate/fixtures/blueprints/aws-waivers.yaml:8:3: error: PLN_AWS_001 aws_security_group.net_sg "
            "[foundation]: Security groups admit no internet traffic to SSH, RDP or all ports (null-safe)") in text
    assert "     8 |   net:\n       |   ^" in text
    assert text.endswith("plinth check: 1 of 5 passed (checkov 3.3.30, catalog v1)\n")


def test_unknown_format_is_a_user_error(gate_result):
    from plinth.gate import GateError

    with pytest.raises(GateError, match="unknown report format 'yaml'"):
        render(gate_result, "yaml")
