"""`plinth cost --diff REF` with a blueprint outside the git repository: a user error (exit 2, as an
unknown ref), never a Python error or a traceback; text on stderr, one JSON document with --format json."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from plinth.cli import main

BLUEPRINTS = Path(__file__).resolve().parent / "blueprints"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
HINT = ("run `plinth cost --diff` from inside the repository that holds the blueprint, or leave out --diff to "
        "estimate it without a comparison")


@pytest.fixture
def layout(tmp_path, monkeypatch):
    """tmp/repo (a git repository with blueprints/a.yaml committed; the working folder) and tmp/elsewhere
    (outside it, with g.yaml)."""
    repo, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    (repo / "blueprints").mkdir(parents=True)
    elsewhere.mkdir()
    shutil.copy(BLUEPRINTS / "aws-small.yaml", repo / "blueprints" / "a.yaml")
    shutil.copy(BLUEPRINTS / "gcp-small.yaml", elsewhere / "g.yaml")
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "base"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env={**os.environ, **GIT_ENV})
    monkeypatch.chdir(repo)
    return repo.resolve(), elsewhere.resolve()


def test_a_blueprint_outside_the_repository_is_a_user_error(layout, capsys):
    repo, elsewhere = layout
    outside = str(elsewhere / "g.yaml")
    assert main(["cost", "--diff", "HEAD", "blueprints/", outside]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"plinth cost --diff: error: {outside} is outside the git repository {repo}, so it has no "
                   f"version at `HEAD` to compare against\n  = hint: {HINT}\n")


def test_a_folder_outside_the_repository_is_named_as_given(layout, capsys):
    _, elsewhere = layout
    rel = os.path.relpath(elsewhere, Path.cwd())          # ../elsewhere
    assert main(["cost", "--diff", "HEAD", rel]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"plinth cost --diff: error: {rel} is outside the git repository ")
    assert "Traceback" not in err and "subpath" not in err


def test_json_is_one_document_naming_the_file(layout, capsys):
    repo, elsewhere = layout
    outside = str(elsewhere / "g.yaml")
    assert main(["cost", "--diff", "HEAD", "--format", "json", outside]) == 2
    out, _ = capsys.readouterr()
    assert json.loads(out) == {"ref": "HEAD", "errors": [{
        "file": outside, "line": None, "column": None,
        "message": f"{outside} is outside the git repository {repo}, so it has no version at `HEAD` to compare against",
        "value": "HEAD", "hint": HINT, "code": "cost.diff.outside_repository"}]}


def test_a_link_to_a_file_outside_is_named_by_its_path_in_the_folder(layout, capsys):
    repo, elsewhere = layout
    (repo / "blueprints" / "linked.yaml").symlink_to(elsewhere / "g.yaml")
    assert main(["cost", "--diff", "HEAD", "blueprints/"]) == 2
    assert capsys.readouterr().err.startswith(
        "plinth cost --diff: error: blueprints/linked.yaml is outside the git repository ")


def test_outside_any_repository_the_hint_is_about_where_to_run(tmp_path, monkeypatch, capsys):
    shutil.copy(BLUEPRINTS / "gcp-small.yaml", tmp_path / "g.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))   # never find a repository above tmp
    assert main(["cost", "--diff", "HEAD", "g.yaml"]) == 2
    assert capsys.readouterr().err == (
        f"plinth cost --diff: error: not in a git repository: {Path.cwd()}\n"
        "  = hint: run `plinth cost --diff` from inside the git checkout that holds the blueprints, "
        "or leave out --diff\n")


def test_inside_the_repository_the_diff_still_works(layout, capsys):
    assert main(["cost", "--diff", "HEAD", "blueprints/"]) == 1       # cost-aws-small is over its budget
    assert capsys.readouterr().out.splitlines()[:2] == [
        "cost change against HEAD (expected monthly USD)", "cost-aws-small (unchanged): 1,798.57 -> 1,798.57 (±0.00)"]
