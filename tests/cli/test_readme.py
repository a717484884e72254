"""The README stays true: its command table names every command, the flags it shows exist, and its
blueprint example validates."""

from __future__ import annotations

import io
import re

from cli_helpers import ROOT, run

from plinth.commands import COMMANDS

README = (ROOT / "README.md").read_text()
ROWS = [line for line in README.splitlines() if line.startswith("| `plinth ")]


def test_the_command_table_names_every_command():
    named = {m for row in ROWS for m in re.findall(r"`plinth ([a-z]+)", row.split(" | ")[0])}
    assert named == set(COMMANDS)


def test_the_flags_in_the_command_table_exist(monkeypatch, capsys):
    for row in ROWS:
        for usage in re.findall(r"`(plinth [^`]+)`", row.split(" | ")[0]):
            command = usage.split()[1]
            flags = set(re.findall(r"--[a-z-]+", usage))
            out = io.StringIO()
            try:
                run([command, "--help"], out, io.StringIO(), monkeypatch)
            except SystemExit:
                pass
            assert flags <= set(re.findall(r"--[a-z-]+", out.getvalue())), (command, flags)


def test_the_blueprint_example_validates(monkeypatch, tmp_path):
    example = README.split("## Blueprints", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "example.yaml").write_text(example)
    err = io.StringIO()
    for command in ("validate", "lint"):
        assert run([command, str(tmp_path / "example.yaml")], io.StringIO(), err, monkeypatch) == 0, err.getvalue()


def test_the_cdktf_section_says_what_to_run():
    section = README.split("### With the cdktf CLI", 1)[1].split("\n### ", 1)[0]
    assert "make install" in section and "CHECKPOINT_DISABLE=1 npx cdktf synth" in section
