"""Gate findings point at the blueprint key that decided them (policies/settings.yaml) when the
blueprint writes it, else at the component."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BP = "insecure-demo"
SOURCE = "tests/aws/blueprints/insecure.yaml"


def _line_of(text: str) -> int:
    return next(i for i, line in enumerate((ROOT / SOURCE).read_text().splitlines(), 1) if line.strip().startswith(text))


def test_findings_point_at_the_setting(aws, monkeypatch):
    from plinth.gate import run_gate

    monkeypatch.chdir(ROOT)
    [result] = run_gate([aws.outdir / BP]).blueprints
    where = {(f.check_id, f.component): (f.location.line, f.location.column) for f in result.findings
             if f.status == "failed"}
    assert where[("CKV_AWS_21", "lake")] == (_line_of("versioning: false"), 5)
    assert where[("CKV2_AWS_6", "lake")] == (_line_of("public_access: true"), 5)
    assert where[("CKV_AWS_163", "models")] == (_line_of("scan_on_push: false"), 5)
    assert where[("CKV_AWS_38", "train")] == (_line_of("public_endpoint: true"), 5)
    assert where[("CKV2_AWS_11", "net")] == (_line_of("flow_logs:"), 5)
    # a check no setting decides stays at the component
    assert where[("PLN_AWS_008", "lake")][0] == _line_of("cache:")   # backup_retention_days is inline: its key


def test_a_changed_blueprint_falls_back_to_the_component(aws, monkeypatch, tmp_path):
    import shutil

    from plinth.gate import run_gate

    copy = tmp_path / BP
    shutil.copytree(aws.outdir / BP, copy)
    (tmp_path / "tests" / "aws" / "blueprints").mkdir(parents=True)
    (tmp_path / SOURCE).write_text((ROOT / SOURCE).read_text() + "# edited after synth\n")
    monkeypatch.chdir(tmp_path)
    [result] = run_gate([copy]).blueprints
    lake = next(f for f in result.findings if f.check_id == "CKV_AWS_21" and f.component == "lake")
    assert lake.location.line == _line_of("lake:")
