"""The build cache is never wrong: every input change gives a new key, and a hit is refused once
the recorded output has changed on disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from plinth import build_cache

DAY = dt.date(2026, 11, 29)


@pytest.fixture
def tree(tmp_path, monkeypatch):
    for folder in ("plinth", "constructs/aws", "schemas", "policies"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "plinth" / "engine.py").write_text("x = 1\n")
    (tmp_path / "constructs" / "aws" / "bucket.py").write_text("y = 1\n")
    (tmp_path / "schemas" / "b.schema.json").write_text("{}\n")
    (tmp_path / "policies" / "controls.yaml").write_text("a: 1\n")
    (tmp_path / "requirements.lock").write_text("cdktf==0.21.0\n")
    (tmp_path / "package-lock.json").write_text("{}\n")
    (tmp_path / "bp.yaml").write_text("name: a\n")
    monkeypatch.setattr(build_cache, "ROOT", tmp_path)
    monkeypatch.setattr(build_cache, "CACHE_DIR", tmp_path / ".plinth-cache")
    return tmp_path


def _key(tree: Path, **options) -> str:
    return build_cache.key([tree / "bp.yaml"], {"out": "generated", **options}, DAY)


@pytest.mark.parametrize("changed", ["bp.yaml", "plinth/engine.py", "constructs/aws/bucket.py",
                                     "schemas/b.schema.json", "policies/controls.yaml", "requirements.lock",
                                     "package-lock.json"])
def test_any_input_change_changes_the_key(tree, changed):
    before = _key(tree)
    assert _key(tree) == before                       # stable when nothing changes
    (tree / changed).write_text((tree / changed).read_text() + "# changed\n")
    assert _key(tree) != before


def test_a_new_source_file_options_and_the_date_change_the_key(tree):
    before = _key(tree)
    assert _key(tree, format="json") != before
    assert build_cache.key([tree / "bp.yaml"], {"out": "generated"}, DAY + dt.timedelta(days=1)) != before
    (tree / "plinth" / "new_module.py").write_text("")
    assert _key(tree) != before


def test_a_hit_is_refused_when_the_output_changed(tree):
    out = tree / "generated"
    (out / "a" / "a-foundation").mkdir(parents=True)
    stack = out / "a" / "a-foundation" / "cdk.tf.json"
    stack.write_text("{}\n")
    key = _key(tree)
    build_cache.store(key, out, ["a"], 0, "PASS\n", "")
    assert build_cache.lookup(key, out)["stdout"] == "PASS\n"
    stack.write_text('{"edited": true}\n')
    assert build_cache.lookup(key, out) is None
    assert build_cache.lookup("0" * 64, out) is None


def test_an_installed_version_change_changes_the_key(tree, monkeypatch):
    """A hand-installed upgrade that the lock file does not show still invalidates."""
    before = _key(tree)
    versions = build_cache._installed_versions()
    assert versions["cdktf"] and versions["checkov"]
    monkeypatch.setattr(build_cache, "_installed_versions", lambda: {**versions, "cdktf": "0.99.0"})
    assert _key(tree) != before


def test_a_cache_folder_whose_parent_is_missing_is_created_or_skipped(tree, monkeypatch):
    out = tree / "generated"
    (out / "a").mkdir(parents=True)
    monkeypatch.setattr(build_cache, "CACHE_DIR", tree / "deep" / "er" / "cache")
    build_cache.store("k" * 64, out, ["a"], 0, "PASS\n", "")
    assert build_cache.lookup("k" * 64, out)["stdout"] == "PASS\n"
    monkeypatch.setattr(build_cache, "CACHE_DIR", Path("/proc/plinth-cannot-write-here"))
    build_cache.store("k" * 64, out, ["a"], 0, "PASS\n", "")      # skipped, not an error
