"""`--format gitlab-sast`: GitLab's SAST security report (gl-sast-report.json), checked against the
schema's required fields, exactly for a hand-built gate result (golden copy; update with
PLINTH_UPDATE_GOLDEN=1), through `plinth check` / `plinth audit`, and the example GitLab CI job."""

from __future__ import annotations

import io
import json
import os
import shlex
from pathlib import Path

import jsonschema
import pytest
import yaml
from cli_helpers import AUDIT_DIR, ROOT, TINY_BUILD, run
from gate_result_fixture import lab_result

from plinth.gate.errors import GateError
from plinth.gate.reports import FORMATS, render
from plinth.gate.reports.gitlab_sast import SCHEMA_URL, SCHEMA_VERSION
from plinth.gate.reports.options import ReportOptions

GOLDEN = Path(__file__).parent / "golden"
EPOCH = "1790000000"                                     # 2026-09-21T14:13:20 UTC
TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$"

# The required fields and constraints of GitLab's SAST report schema that a report relies on,
# written out so the test runs offline. Source: the security report schemas, release v15.0.7,
# https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/blob/v15.0.7/dist/sast-report-format.json
# (draft-07). `location.file`, `start_line` and `end_line` are optional in the schema but make the
# location fingerprint GitLab tracks SAST vulnerabilities by (docs: development/integrations/secure.md,
# "Location" > "SAST"), so they are required here.
_TOOL = {"type": "object", "required": ["id", "name", "version", "vendor"],
         "properties": {"id": {"type": "string", "minLength": 1}, "name": {"type": "string", "minLength": 1},
                        "url": {"type": "string"}, "version": {"type": "string", "minLength": 1},
                        "vendor": {"type": "object", "required": ["name"],
                                   "properties": {"name": {"type": "string", "minLength": 1}}}}}
GL_SAST_REQUIRED = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object", "required": ["version", "vulnerabilities", "scan"],
    "properties": {
        "schema": {"type": "string"},
        "version": {"type": "string", "pattern": r"^[0-9]+\.[0-9]+\.[0-9]+$"},
        "scan": {"type": "object", "required": ["analyzer", "end_time", "scanner", "start_time", "status", "type"],
                 "properties": {
                     "analyzer": _TOOL, "scanner": _TOOL,
                     "start_time": {"type": "string", "pattern": TIME}, "end_time": {"type": "string", "pattern": TIME},
                     "status": {"enum": ["success", "failure"]}, "type": {"enum": ["sast"]},
                     "messages": {"type": "array", "items": {
                         "type": "object", "required": ["level", "value"],
                         "properties": {"level": {"enum": ["info", "warn", "fatal"]}, "value": {"type": "string"}}}}}},
        "vulnerabilities": {"type": "array", "items": {
            "type": "object", "required": ["id", "identifiers", "location"],
            "properties": {
                "id": {"type": "string", "minLength": 1},
                "name": {"type": "string", "maxLength": 255},
                "description": {"type": "string"},
                "severity": {"enum": ["Info", "Unknown", "Low", "Medium", "High", "Critical"]},
                "solution": {"type": "string"},
                "identifiers": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["type", "name", "value"],
                    "properties": {"type": {"type": "string", "minLength": 1}, "name": {"type": "string", "minLength": 1},
                                   "value": {"type": "string", "minLength": 1}, "url": {"type": "string"}}}},
                "location": {"type": "object", "required": ["file", "start_line", "end_line"],
                             "properties": {"file": {"type": "string", "minLength": 1},
                                            "start_line": {"type": "integer", "minimum": 1},
                                            "end_line": {"type": "integer", "minimum": 1}}}}}}},
}


def valid(doc: dict) -> dict:
    jsonschema.Draft7Validator(GL_SAST_REQUIRED).validate(doc)
    assert all(len(v["identifiers"]) <= 20 for v in doc["vulnerabilities"])    # GitLab keeps the first 20
    assert len({v["id"] for v in doc["vulnerabilities"]}) == len(doc["vulnerabilities"])
    return doc


@pytest.fixture
def fixed_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_golden(fixed_time):
    text = render(lab_result(), "gitlab-sast")
    path = GOLDEN / "lab.gl-sast.json"
    if os.environ.get("PLINTH_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    assert text == path.read_text(), "gitlab-sast report changed; if intended, rerun with PLINTH_UPDATE_GOLDEN=1"
    valid(json.loads(text))


def test_only_failed_findings_are_vulnerabilities_one_per_check_and_component(fixed_time):
    doc = json.loads(render(lab_result(), "gitlab-sast"))
    assert (doc["version"], doc["schema"]) == (SCHEMA_VERSION, SCHEMA_URL)
    found = [(v["identifiers"][0]["value"], v["location"]["file"], v["location"]["start_line"], v["severity"])
             for v in doc["vulnerabilities"]]
    # the waived (cache), exempt (access logs) and passed (CKV_AWS_18) findings are not there
    assert found == [("PLN_PRES_001", "lab.yaml", 1, "Critical"), ("CKV2_AWS_6", "lab.yaml", 6, "Critical"),
                     ("CKV_AWS_144", "lab.yaml", 6, "Low"), ("CKV_AWS_145", "lab.yaml", 6, "High")]
    enc = doc["vulnerabilities"][3]
    assert enc == {
        "id": "f83b65cc-d254-5d27-9c06-cd5df21348ed",
        "name": "Ensure that S3 buckets are encrypted with KMS by default",
        "description": "Ensure that S3 buckets are encrypted with KMS by default: fails on component `lake` of "
                       "blueprint `lab`, aws.\n\nResources:\n"
                       "- `aws_s3_bucket.lake_curated` (stack foundation, generated/lab/lab-foundation/cdk.tf.json:40:1): "
                       "Ensure that S3 buckets are encrypted with KMS by default (inspected: x)\n"
                       "- `aws_s3_bucket.lake_raw` (stack foundation, generated/lab/lab-foundation/cdk.tf.json:11:1): "
                       "Ensure that S3 buckets are encrypted with KMS by default (inspected: x)\n\n"
                       "Controls: ENC-01 Data lake and disks encrypted at rest with customer-managed keys.\n"
                       "Fails the gate: ENC-01.",
        "severity": "High",
        "solution": "Change component `lake` of blueprint `lab` at lab.yaml:6:3 so that it passes CKV_AWS_145. If the "
                    "risk is accepted, record a waiver in the blueprint (check, components, reason, owner, expiry).",
        "identifiers": [
            {"type": "plinth_check", "name": "CKV_AWS_145", "value": "CKV_AWS_145"},
            {"type": "plinth_control", "name": "ENC-01 Data lake and disks encrypted at rest with customer-managed keys",
             "value": "ENC-01"},
            {"type": "hipaa", "name": "HIPAA 45 CFR 164.312(a)(2)(iv)", "value": "45 CFR 164.312(a)(2)(iv)",
             "url": "https://www.ecfr.gov/current/title-45/section-164.312#p-164.312(a)(2)(iv)"},
            {"type": "pci_dss", "name": "PCI DSS v4.0 3.5.1", "value": "PCI DSS 3.5.1"},
            {"type": "pci_dss", "name": "PCI DSS v4.0 3.6.1", "value": "PCI DSS 3.6.1"}],
        "location": {"file": "lab.yaml", "start_line": 6, "end_line": 6}}
    assert doc["vulnerabilities"][0]["description"].splitlines()[3] == "- nothing found: no CloudTrail trail"
    assert doc["vulnerabilities"][1]["solution"].endswith("PUB-01 cannot be waived.")
    assert doc["scan"]["messages"] == [
        {"level": "info", "value": "plinth check: checkov 3.3.30, controls catalog v1"},
        {"level": "warn", "value": "lab.yaml:17:5: error: waiver for CKV_AWS_21 expired on 2026-01-31 (fix the "
                                   "finding, or renew the waiver with a new review date)"},
        {"level": "warn", "value": "checkov reported an error: boom"}]


def test_byte_identical_except_the_scan_times(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    fixed = render(lab_result(), "gitlab-sast")
    assert fixed == render(lab_result(), "gitlab-sast")
    scan = json.loads(fixed)["scan"]
    assert (scan["start_time"], scan["end_time"]) == ("2026-09-21T14:13:20", "2026-09-21T14:13:20")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    import datetime as dt

    utc = dt.timezone.utc
    window = ReportOptions(started=dt.datetime(2026, 5, 1, 9, 0, 1, 999, tzinfo=utc),
                           ended=dt.datetime(2026, 5, 1, 9, 0, 7, tzinfo=utc))
    live = json.loads(render(lab_result(), "gitlab-sast", window))
    assert (live["scan"]["start_time"], live["scan"]["end_time"]) == ("2026-05-01T09:00:01", "2026-05-01T09:00:07")
    original = json.loads(fixed)
    for doc in (live, original):
        doc["scan"].pop("start_time"), doc["scan"].pop("end_time")
    assert live == original


@pytest.mark.parametrize("epoch", ["yesterday", "-5", "1e9", "99999999999999999999"])
def test_a_malformed_source_date_epoch_is_a_user_error(epoch, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    with pytest.raises(GateError, match="SOURCE_DATE_EPOCH is .* not a number of seconds since 1970-01-01 UTC"):
        render(lab_result(), "gitlab-sast")


def test_plinth_check_writes_gl_sast_report(monkeypatch, tmp_path, fixed_time):
    target = tmp_path / "gl-sast-report.json"
    out, err = io.StringIO(), io.StringIO()
    code = run(["check", TINY_BUILD, "--format", "gitlab-sast", "--output", str(target)], out, err, monkeypatch)
    assert (code, out.getvalue(), err.getvalue()) == (1, "", f"plinth check: FAIL (tiny); report written to {target}\n")
    doc = valid(json.loads(target.read_text()))
    assert [(v["identifiers"][0]["value"], v["location"]["start_line"], v["severity"]) for v in doc["vulnerabilities"]] \
        == [("PLN_PRES_001", 2, "Critical"), ("CKV2_AWS_6", 6, "Critical"), ("CKV_AWS_144", 6, "Low"),
            ("CKV_AWS_145", 6, "Low"), ("CKV_AWS_18", 6, "Low"), ("CKV_AWS_21", 6, "Low"), ("CKV_AWS_54", 6, "Critical"),
            ("PLN_PRES_005", 6, "Low")]          # the same eight failures as the text report, advisory ones Low
    assert {v["location"]["file"] for v in doc["vulnerabilities"]} == {"tests/gate/fixtures/blueprints/tiny.yaml"}


def test_plinth_audit_points_at_terraform_lines(monkeypatch, fixed_time):
    out, err = io.StringIO(), io.StringIO()
    assert run(["audit", AUDIT_DIR, "--profile", "pci", "--format", "gitlab-sast"], out, err, monkeypatch) == 1
    doc = valid(json.loads(out.getvalue()))
    where = {(v["identifiers"][0]["value"], v["location"]["file"], v["location"]["start_line"])
             for v in doc["vulnerabilities"]}
    assert ("PLN_AWS_001", "tests/gate/fixtures/audit/main.tf", 10) in where
    assert ("CKV_AWS_145", "tests/gate/fixtures/audit/storage.tf.json", 4) in where


def test_the_format_is_offered_by_every_gate_command(capsys):
    from plinth.cli import main

    assert "gitlab-sast" in FORMATS
    for command in ("check", "audit", "build"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "gitlab-sast" in capsys.readouterr().out


def test_the_gitlab_ci_example_uploads_what_plinth_writes():
    """docs/ci/gitlab-ci.yml: the SAST artifact is the file `plinth check --format gitlab-sast`
    writes, and every plinth command in it parses with plinth's own arguments."""
    from plinth.cli import _parser

    ci = yaml.safe_load((ROOT / "docs" / "ci" / "gitlab-ci.yml").read_text())
    [job] = [j for j in ci.values() if isinstance(j, dict) and "sast" in j.get("artifacts", {}).get("reports", {})]
    assert job["artifacts"]["when"] == "always"          # the report is uploaded when the gate fails too
    commands = [shlex.split(line.split("||")[0]) for j in ci.values() if isinstance(j, dict)
                for line in j.get("script", []) if ".venv/bin/plinth" in line]
    parsed = [_parser().parse_args(argv[1:]) for argv in commands]
    assert {a.command for a in parsed} == {"validate", "synth", "check"}
    outputs = {a.format: a.output for a in parsed if a.command == "check"}
    assert job["artifacts"]["reports"] == {"sast": outputs["gitlab-sast"], "junit": outputs["junit"]}
