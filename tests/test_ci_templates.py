"""The CI templates we ship call plinth with commands and options that exist: every
`plinth …` line of the GitHub workflow, the GitLab example and the pre-commit hooks parses."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from plinth.cli import _parser

ROOT = Path(__file__).resolve().parent.parent
CALL = re.compile(r"(?:\.venv/bin/)?plinth ([^|&;>\n]*)")


def _calls() -> list[tuple[str, list[str]]]:
    out = []
    for rel in (".github/workflows/plinth.yml", "docs/ci/gitlab-ci.yml"):
        for line in (ROOT / rel).read_text().splitlines():
            if line.lstrip().startswith("#"):
                continue
            for match in CALL.finditer(line):
                args = shlex.split(re.sub(r"\$\{\{[^}]*\}\}|\$[A-Z_]+", "X", match.group(1)))
                if args and not args[0].startswith("-") and args[0].isidentifier():
                    out.append((rel, args))
    for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text()):
        out.append((".pre-commit-hooks.yaml", shlex.split(hook["entry"])[1:] + list(hook.get("args", []))))
    return out


CALLS = _calls()


def test_the_templates_call_plinth():
    assert {rel for rel, _ in CALLS} == {".github/workflows/plinth.yml", "docs/ci/gitlab-ci.yml",
                                         ".pre-commit-hooks.yaml"}
    assert ["validate", "--require-remote-state", "blueprints/"] in [args for _, args in CALLS]


@pytest.mark.parametrize(("where", "args"), CALLS, ids=[f"{r}:{' '.join(a)}" for r, a in CALLS])
def test_each_call_parses(where, args):
    _parser().parse_args(args)   # exits (SystemExit) on an unknown command or option
