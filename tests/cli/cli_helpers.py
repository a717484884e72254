"""Shared by the CLI tests: the repository paths, a stream that claims to be a terminal, and
running `plinth` in-process."""

from __future__ import annotations

import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BAD = "tests/validation/bad/schema-enum-hint.yaml"        # `cloud: gpc`, line 5, column 8
TINY_BUILD = "tests/gate/fixtures/builds/tiny"             # one small synthesized blueprint, failing
AUDIT_DIR = "tests/gate/fixtures/audit"
ONE_EXAMPLE = "blueprints/global-inference.yaml"           # two stacks: the cheapest to gate

# The one error every command reports for BAD, as JSON.
BAD_ERROR = {"file": BAD, "line": 5, "column": 8, "message": "`gpc` is not a valid `cloud`",
             "hint": "did you mean `gcp`? (allowed: `aws`, `gcp`, `azure`)", "value": "gpc", "path": "/cloud",
             "code": "schema.enum"}


class Tty(io.StringIO):
    """Captures output and says it is a terminal."""

    def isatty(self) -> bool:
        return True


def run(argv: list[str], stdout: io.StringIO, stderr: io.StringIO, monkeypatch) -> int:
    """`plinth ARGV` in this process with these streams."""
    import sys

    from plinth.cli import main

    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", stderr)
    return main(argv)
