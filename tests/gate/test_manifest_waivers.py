"""Waivers added to manifest.json by hand are not applied: the gate checks them against the
blueprint they came from (plinth/gate/engine.py `_edited_waivers`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _copy(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "blueprints").mkdir()
    shutil.copy(ROOT / "blueprints" / "fraud-inference.yaml", tmp_path / "blueprints")
    shutil.copytree(ROOT / "generated" / "fraud-inference", tmp_path / "generated" / "fraud-inference")
    return tmp_path / "generated" / "fraud-inference"


def _forge_waiver(build: Path) -> None:
    """Add to manifest.json a waiver the blueprint does not declare."""
    manifest = json.loads((build / "manifest.json").read_text())
    manifest["waivers"].append({"check": "CKV_GCP_62", "control": None, "resources": ["blueprint"],
                                "reason": "added by hand to hide a finding", "owner": "x@example.com",
                                "expires": "2030-01-01", "line": 1, "column": 1})
    (build / "manifest.json").write_text(json.dumps(manifest))


def test_an_untouched_manifest_passes(tmp_path, monkeypatch):
    from plinth.gate import run_gate

    [bp] = run_gate([_copy(tmp_path, monkeypatch)]).blueprints
    assert bp.passed and not [p for p in bp.problems if p.code == "manifest.waivers"]


def test_a_waiver_added_to_the_manifest_is_an_error_and_not_applied(tmp_path, monkeypatch):
    from plinth.gate import run_gate

    build = _copy(tmp_path, monkeypatch)
    _forge_waiver(build)
    [bp] = run_gate([build]).blueprints
    assert [(p.code, p.severity, p.message) for p in bp.problems if p.code == "manifest.waivers"] == [
        ("manifest.waivers", "error", "generated/fraud-inference/manifest.json lists waivers that "
         "blueprints/fraud-inference.yaml does not declare (edited after `plinth synth`?); none of them is applied")]
    assert not bp.passed
    assert not [f for f in bp.findings if f.status == "waived"]


def test_a_blueprint_with_a_byte_order_mark_is_recognised_as_unchanged(tmp_path, monkeypatch):
    from plinth.gate import run_gate

    build = _copy(tmp_path, monkeypatch)
    bp = tmp_path / "blueprints" / "fraud-inference.yaml"
    bp.write_bytes(b"\xef\xbb\xbf" + bp.read_bytes())      # the manifest digests the text without the BOM
    [result] = run_gate([build]).blueprints
    assert not [p for p in result.problems if p.code == "blueprint.changed"]


def test_manifest_waivers_of_a_changed_blueprint_are_not_applied(tmp_path, monkeypatch):
    from plinth.gate import run_gate

    build = _copy(tmp_path, monkeypatch)
    _forge_waiver(build)
    bp = tmp_path / "blueprints" / "fraud-inference.yaml"
    bp.write_text(bp.read_text() + "# edited\n")
    [result] = run_gate([build]).blueprints
    assert [(p.code, p.severity) for p in result.problems if p.code == "blueprint.changed"] == [
        ("blueprint.changed", "error")]
    assert not [f for f in result.findings if f.status == "waived"] and not result.passed


def test_a_changed_blueprint_without_waivers_is_a_warning(tmp_path, monkeypatch):
    from plinth.gate import run_gate

    build = _copy(tmp_path, monkeypatch)
    bp = tmp_path / "blueprints" / "fraud-inference.yaml"
    bp.write_text(bp.read_text() + "# edited\n")
    [result] = run_gate([build]).blueprints
    assert [(p.code, p.severity) for p in result.problems] == [("blueprint.changed", "warning")]
    assert result.passed
