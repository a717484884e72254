"""Per-blueprint gate results (plinth/gate/gate_cache.py): exact round trip, no checkov run for
unchanged blueprints, and any change of a stack, the manifest, the blueprint or the date re-gates."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from plinth import build_cache
from plinth.gate import checkov_engine, gate_cache, result_codec

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 11, 29)


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """The committed examples and their blueprints, in a folder of their own."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "blueprints", tmp_path / "blueprints")
    for name in ("fraud-inference", "global-inference"):
        shutil.copytree(ROOT / "generated" / name, tmp_path / "generated" / name)
    monkeypatch.setattr(build_cache, "CACHE_DIR", tmp_path / "cache")
    return tmp_path


@pytest.fixture
def checkov_runs(monkeypatch):
    runs: list[list[str]] = []
    real = checkov_engine.run_checkov

    def spy(files, ids, hcl_root=None):
        runs.append(sorted({Path(f).parent.parent.name for f in files}))
        return real(files, ids, hcl_root)

    monkeypatch.setattr(checkov_engine, "run_checkov", spy)
    return runs


def _gate(tree: Path, today: dt.date = DAY):
    from plinth.gate import run_gate

    return run_gate([tree / "generated" / "fraud-inference", tree / "generated" / "global-inference"], today, cache=True)


def test_results_round_trip_exactly(tree):
    from plinth.gate import run_gate

    result = run_gate([tree / "generated" / "fraud-inference", tree / "generated" / "global-inference"], DAY)
    for bp in result.blueprints:
        assert result_codec.decode(result_codec.encode(bp)) == bp
        assert any(f.exemptions for f in bp.findings) or bp.name == "fraud-inference"


def test_unchanged_blueprints_are_not_gated_again(tree, checkov_runs):
    first = _gate(tree)
    assert checkov_runs == [["fraud-inference", "global-inference"]]
    again = _gate(tree)
    assert checkov_runs == [["fraud-inference", "global-inference"]]      # no second checkov run
    assert again.blueprints == first.blueprints


@pytest.mark.parametrize("change", ["stack", "manifest", "blueprint"])
def test_a_change_re_gates_that_blueprint_only(tree, checkov_runs, change):
    _gate(tree)
    target = {"stack": tree / "generated" / "global-inference" / "global-inference-serving" / "cdk.tf.json",
              "manifest": tree / "generated" / "global-inference" / "manifest.json",
              "blueprint": tree / "blueprints" / "global-inference.yaml"}[change]
    target.write_text(target.read_text() + "\n")
    result = _gate(tree)
    assert checkov_runs[-1] == ["global-inference"]
    problems = {p.code for bp in result.blueprints for p in bp.problems}
    assert problems & {"stack.changed", "blueprint.changed"} or change == "manifest"


def test_a_new_day_re_gates_everything(tree, checkov_runs):
    _gate(tree)
    _gate(tree, DAY + dt.timedelta(days=1))
    assert checkov_runs == [["fraud-inference", "global-inference"]] * 2


def test_a_damaged_entry_is_ignored(tree, checkov_runs):
    _gate(tree)
    for entry in (tree / "cache").glob("gate-*.json"):
        entry.write_text('{"__type__": "Nothing"}')
    _gate(tree)
    assert len(checkov_runs) == 2
    assert gate_cache.load(None) is None


def test_a_run_with_checkov_warnings_is_not_kept(tree, monkeypatch, checkov_runs):
    from plinth.gate import engine

    real = engine.checkov_observations
    monkeypatch.setattr(engine, "checkov_observations", lambda units, catalog, hcl=None: real(units, catalog, hcl)
                        + ["checkov reported an error: a check crashed"])
    _gate(tree)
    _gate(tree)
    assert len(checkov_runs) == 2
    assert not list((tree / "cache").glob("gate-*.json"))


def test_files_that_change_during_the_run_are_not_kept(tree, monkeypatch, checkov_runs):
    from plinth.gate import engine

    stack = tree / "generated" / "global-inference" / "global-inference-serving" / "cdk.tf.json"
    real = engine.checkov_observations

    def concurrent_synth(units, catalog, hcl=None):
        out = real(units, catalog, hcl)
        stack.write_text(stack.read_text() + "\n")       # another process rewrote the output meanwhile
        return out

    monkeypatch.setattr(engine, "checkov_observations", concurrent_synth)
    _gate(tree)
    kept = sorted(p.name for p in (tree / "cache").glob("gate-*.json"))
    assert len(kept) == 1                                 # fraud-inference only
