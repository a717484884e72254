"""A renamed or deleted blueprint leaves no folder behind: `plinth synth` removes it and
`plinth synth --check` reports it (plinth/compile/output.py `orphans`)."""

from __future__ import annotations

import json
from pathlib import Path

from plinth.compile import output


def _rendered(name: str, source: str) -> dict[str, str]:
    manifest = json.dumps({"blueprint": {"name": name, "file": source}})
    return {"manifest.json": manifest, f"{name}-foundation/cdk.tf.json": "{}\n"}


def test_renamed_and_deleted_blueprints_are_orphans(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bps").mkdir()
    for f in ("a.yaml", "b.yaml"):
        (tmp_path / "bps" / f).write_text("x")
    out = tmp_path / "generated"
    output.write(out, {"old-a": _rendered("old-a", "bps/a.yaml"), "b": _rendered("b", "bps/b.yaml"),
                       "gone": _rendered("gone", "bps/gone.yaml")})
    now = {"new-a": _rendered("new-a", "bps/a.yaml")}
    assert output.orphans(out, now) == {out / "old-a": "bps/a.yaml now produces new-a/",
                                        out / "gone": "its blueprint bps/gone.yaml no longer exists"}
    assert output.differences(out, now)[:2] == [
        f"{out}/gone/: stale (its blueprint bps/gone.yaml no longer exists)",
        f"{out}/old-a/: stale (bps/a.yaml now produces new-a/)"]
    output.write(out, now)
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["b", "new-a"]   # b was not asked for: kept
    assert output.differences(out, now) == []


def test_folders_without_a_manifest_are_left_alone(tmp_path):
    out = tmp_path / "generated"
    (out / "notes").mkdir(parents=True)
    assert output.orphans(out, {}) == {}
    assert output.orphans(tmp_path / "missing", {}) == {}


def test_an_unchanged_tree_is_not_rewritten(tmp_path):
    out = tmp_path / "generated"
    rendered = {"a": _rendered("a", "a.yaml")}
    output.write(out, rendered)
    stack = out / "a" / "a-foundation" / "cdk.tf.json"
    before = stack.stat().st_ino, stack.stat().st_mtime_ns
    assert output.write(out, rendered) == [out / "a"]
    assert (stack.stat().st_ino, stack.stat().st_mtime_ns) == before
    stray = out / "a" / "extra.txt"
    stray.write_text("x")
    output.write(out, rendered)
    assert not stray.exists() and stack.stat().st_ino != before[0]    # a tree with more files is replaced


def test_from_another_folder_nothing_is_taken_for_gone(tmp_path, monkeypatch):
    """Manifests written from the project folder name `bps/b.yaml`; a run from elsewhere names its
    blueprints by other paths and must not read `bps/b.yaml` as deleted."""
    (tmp_path / "bps").mkdir()
    for f in ("a.yaml", "b.yaml"):
        (tmp_path / "bps" / f).write_text("x")
    out = tmp_path / "generated"
    monkeypatch.chdir(tmp_path)
    output.write(out, {"a": _rendered("a", "bps/a.yaml"), "b": _rendered("b", "bps/b.yaml")})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert output.orphans(out, {"a": _rendered("a", str(tmp_path / "bps" / "a.yaml"))}) == {}
