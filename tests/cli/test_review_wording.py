"""Wording found in a user review: the empty-folder message names both blueprint extensions, and the
text report of `plinth audit` on a folder of several clouds names each cloud once."""

from __future__ import annotations

import io
import json

from cli_helpers import run

from plinth.gate.model import BlueprintResult, GateResult
from plinth.gate.reports import text

TWO_CLOUDS = """\
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

resource "google_storage_bucket" "data" {
  name     = "data"
  location = "US"
}
"""


def plinth(monkeypatch, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err, monkeypatch)
    return code, out.getvalue(), err.getvalue()


def test_an_empty_folder_names_both_blueprint_extensions(monkeypatch, tmp_path):
    code, out, err = plinth(monkeypatch, "validate", str(tmp_path))
    assert code == 2 and out == ""
    assert err.splitlines()[0] == f"{tmp_path}:1:1: error: no blueprints (*.yaml or *.yml) in this folder"
    code, out, _ = plinth(monkeypatch, "validate", str(tmp_path), "--format", "json")
    assert [e["message"] for e in json.loads(out)["errors"]] == ["no blueprints (*.yaml or *.yml) in this folder"]


def test_a_yml_blueprint_is_found(monkeypatch, tmp_path):
    (tmp_path / "net.yml").write_text("name: net-only\ncloud: aws\nregion: us-east-1\n"
                                      "components:\n  net: {kind: network, cidr: 10.0.0.0/16}\n")
    code, _, err = plinth(monkeypatch, "validate", str(tmp_path))
    assert (code, err) == (0, "")


def test_audit_of_several_clouds_names_each_cloud_once(monkeypatch, tmp_path):
    (tmp_path / "main.tf").write_text(TWO_CLOUDS)
    code, out, _ = plinth(monkeypatch, "audit", str(tmp_path))
    assert code == 1
    headers = [line for line in out.splitlines() if line.startswith(f"{tmp_path} (")]
    assert headers == [f"{tmp_path} (aws; HIPAA Security Rule, PCI DSS v4.0): FAIL",
                       f"{tmp_path} (gcp; HIPAA Security Rule, PCI DSS v4.0): FAIL"]
    # the units keep their distinct names in the machine-readable reports
    _, out, _ = plinth(monkeypatch, "audit", str(tmp_path), "--format", "json")
    assert [(b["name"], b["cloud"]) for b in json.loads(out)["blueprints"]] == [
        (f"{tmp_path} (aws)", "aws"), (f"{tmp_path} (gcp)", "gcp")]


def test_text_report_titles():
    def title(name: str, file: str, cloud: str = "aws") -> str:
        bp = BlueprintResult(name=name, file=file, cloud=cloud, profiles=("hipaa",), gating_profiles=("hipaa",),
                             stacks=(), findings=(), controls=(), problems=())
        report = text.render(GateResult(blueprints=(bp,), checkov_version="x", catalog_version=1, mode="audit"))
        return report.splitlines()[0]

    assert title("lab", "blueprints/lab.yaml") == "lab (aws; HIPAA Security Rule) blueprints/lab.yaml: PASS"
    assert title("infra", "infra") == "infra (aws; HIPAA Security Rule): PASS"                 # audit, one cloud
    assert title("infra (gcp)", "infra", "gcp") == "infra (gcp; HIPAA Security Rule): PASS"   # audit, several
