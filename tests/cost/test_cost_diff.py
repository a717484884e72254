"""`plinth cost --diff REF` against a throwaway git repository made in tmp_path."""

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


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env={**os.environ, **GIT_ENV})


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """HEAD has a.yaml (aws) and g.yaml (gcp); the work tree changes a, deletes g and adds z (azure)."""
    bps = tmp_path / "blueprints"
    bps.mkdir()
    shutil.copy(BLUEPRINTS / "aws-small.yaml", bps / "a.yaml")
    shutil.copy(BLUEPRINTS / "gcp-small.yaml", bps / "g.yaml")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    a = bps / "a.yaml"
    a.write_text(a.read_text().replace("expected: 1.5}", "expected: 3}"))
    (bps / "g.yaml").unlink()
    shutil.copy(BLUEPRINTS / "azure-small.yaml", bps / "z.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_diff_json(repo, capsys):
    rc = main(["cost", "--diff", "HEAD", "--format", "json", "blueprints/"])
    data = json.loads(capsys.readouterr().out)
    assert rc == 1                          # cost-aws-small is over its budget now as before
    by_name = {b["name"]: b for b in data["blueprints"]}
    aws = by_name["cost-aws-small"]
    # t4 pool expected 1.5 -> 3 nodes: +1.5 x (g4dn.xlarge spot 0.2158 x 730 + 100 GB x 0.08) = +248.301
    assert (aws["status"], aws["delta_expected"]) == ("changed", "248.30")
    assert [(c["name"], c["status"], c["delta_expected"]) for c in aws["components"]] == [
        ("(blueprint)", "unchanged", "0.00"), ("ep", "unchanged", "0.00"), ("gpu", "changed", "248.30"),
        ("lake", "unchanged", "0.00"), ("net", "unchanged", "0.00"), ("reg", "unchanged", "0.00")]
    assert (by_name["cost-gcp-small"]["status"], by_name["cost-gcp-small"]["delta_expected"]) == ("removed", "-8161.48")
    assert by_name["cost-gcp-small"]["after"] is None
    assert (by_name["cost-azure-small"]["status"], by_name["cost-azure-small"]["delta_expected"]) == ("added", "48977.49")


def test_diff_text_and_markdown(repo, capsys):
    main(["cost", "--diff", "HEAD", "blueprints/"])
    text = capsys.readouterr().out.splitlines()
    assert text[0] == "cost change against HEAD (expected monthly USD)"
    assert "cost-aws-small (changed): 1,798.57 -> 2,046.87 (+248.30)" in text
    assert "cost-gcp-small (removed): 8,161.48 -> - (-8,161.48)" in text
    main(["cost", "--diff", "HEAD", "--format", "markdown", "blueprints/"])
    md = capsys.readouterr().out
    assert "| **cost-aws-small** | | changed | 1,798.57 | 2,046.87 | **+248.30** |" in md
    assert "| | gpu | changed | 609.62 | 857.92 | +248.30 |" in md


def test_diff_invalid_old_version_and_unknown_ref(repo, capsys):
    git(repo, "rm", "-q", "--cached", "blueprints/g.yaml")
    broken = repo / "blueprints" / "z.yaml"
    git(repo, "add", "blueprints/z.yaml")
    git(repo, "commit", "-q", "-m", "z")
    text = broken.read_text()
    broken.write_text("name: [unclosed\n")
    git(repo, "commit", "-q", "-am", "break z")
    broken.write_text(text)
    main(["cost", "--diff", "HEAD", "--format", "json", "blueprints/"])
    z = {b["name"]: b for b in json.loads(capsys.readouterr().out)["blueprints"]}["cost-azure-small"]
    assert z["status"] == "invalid-before" and z["before"] is None
    assert main(["cost", "--diff", "no-such-ref", "blueprints/"]) == 2
    assert "unknown git ref `no-such-ref`" in capsys.readouterr().err
