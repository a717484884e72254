"""The per-blueprint synthesis cache (plinth/synth_cache.py) is never wrong and re-synthesizes
only what changed.

That a blueprint's Terraform does not depend on the blueprints synthesized with it (what makes a
per-blueprint cache sound) is proven by tests/test_golden.py: the session synthesizes every test
blueprint in one App, and the examples among them equal generated/, synthesized as a batch of four.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plinth import build_cache, synth_cache
from plinth.commands import session
from synth_session import load_blueprints

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(build_cache, "CACHE_DIR", tmp_path / "cache")
    return tmp_path / "cache"


@pytest.fixture
def blueprints(tmp_path, monkeypatch):
    folder = tmp_path / "bps"
    folder.mkdir()
    for name in ("fraud-inference", "global-inference"):
        shutil.copy(ROOT / "blueprints" / f"{name}.yaml", folder / f"{name}.yaml")
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.fixture
def fake_synth(monkeypatch):
    """Stands in for CDKTF: records what it was asked to synthesize."""
    calls: list[list[str]] = []

    def synth(bps, outdir=None):
        calls.append([bp.name for bp in bps])
        return {bp.name: {"manifest.json": f"{bp.name} {len(bp.doc.text)}\n"} for bp in bps}

    monkeypatch.setattr("plinth.compile.synthesize", synth)
    return calls


def _load(folder: Path):
    return load_blueprints(sorted(folder.glob("*.yaml")))


def test_only_changed_blueprints_are_synthesized_again(cache, blueprints, fake_synth):
    first = session.synthesize(_load(blueprints))
    assert fake_synth == [["fraud-inference", "global-inference"]]
    assert session.synthesize(_load(blueprints)) == first
    assert fake_synth == [["fraud-inference", "global-inference"]]          # all from the cache
    path = blueprints / "global-inference.yaml"
    path.write_text(path.read_text() + "# edited\n")
    again = session.synthesize(_load(blueprints))
    assert fake_synth[-1] == ["global-inference"]
    assert list(again) == ["fraud-inference", "global-inference"]           # blueprint order kept
    assert again["global-inference"] != first["global-inference"]
    assert again["fraud-inference"] == first["fraud-inference"]


def test_no_cache_synthesizes_everything_and_outdir_bypasses_it(cache, blueprints, fake_synth, tmp_path):
    session.synthesize(_load(blueprints))
    session.synthesize(_load(blueprints), cache=False)
    session.synthesize(_load(blueprints), outdir=str(tmp_path / "cdktf.out"))
    assert fake_synth == [["fraud-inference", "global-inference"]] * 3


def test_a_damaged_entry_is_ignored(cache, blueprints, fake_synth):
    bps = _load(blueprints)
    session.synthesize(bps)
    for entry in cache.glob("synth-*.json"):
        entry.write_text('{"manifest.json": 3}')
    session.synthesize(bps)
    assert fake_synth[-1] == ["fraud-inference", "global-inference"]


def test_keys_change_with_text_path_and_engine(blueprints, monkeypatch):
    bps = _load(blueprints)
    before = synth_cache.keys(bps)
    assert synth_cache.keys(bps) == before and len(set(before.values())) == 2
    moved = blueprints.parent / "moved"
    shutil.copytree(blueprints, moved)
    assert set(synth_cache.keys(_load(moved)).values()).isdisjoint(before.values())
    monkeypatch.setattr(build_cache, "engine_digest", lambda: b"another engine")
    assert set(synth_cache.keys(bps).values()).isdisjoint(before.values())


def test_old_entries_are_pruned(cache, monkeypatch):
    monkeypatch.setattr(synth_cache, "MAX_ENTRIES", 3)
    for i in range(5):
        synth_cache.save(f"{i:064x}", {"a": str(i)})
    assert len(list(cache.glob("synth-*.json"))) == 3
    assert synth_cache.load(f"{4:064x}") == {"a": "4"}
