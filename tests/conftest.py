"""Shared fixtures. The jsii runtime starts once per test session: every test that needs
synthesized Terraform asks `synth_cached`, which synthesizes each set of blueprints once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["PLINTH_NO_FAST_EXIT"] = "1"          # in-process CLI calls must not end pytest
os.environ.setdefault("CHECKPOINT_DISABLE", "1")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "blueprints"

_CACHE: dict[tuple[str, ...], dict[str, dict[str, str]]] = {}


def load_blueprints(paths: list[Path]):
    from plinth.pipeline import validate_paths

    result = validate_paths([str(p) for p in paths])
    assert result.ok, "\n".join(f"{d.file}:{d.line}:{d.column}: {d.message}" for d in result.diagnostics)
    return result.blueprints


def synth_cached(paths: list[Path]) -> dict[str, dict[str, str]]:
    """{blueprint: {relative path: text}} for these blueprint files, synthesized once per session."""
    key = tuple(sorted(str(p) for p in paths))
    if key not in _CACHE:
        from plinth.compile import synthesize

        _CACHE[key] = synthesize(load_blueprints([Path(p) for p in key]))
    return _CACHE[key]


@pytest.fixture(scope="session")
def examples() -> dict[str, dict[str, str]]:
    """Every bundled example, synthesized once (cwd = repository root, as users run it)."""
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return synth_cached(sorted(Path("blueprints").glob("*.yaml")))
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="session")
def examples_dir(examples, tmp_path_factory) -> Path:
    """The examples written out as plinth synth would, in a temporary folder."""
    from plinth.compile import output

    out = tmp_path_factory.mktemp("generated")
    output.write(out, examples)
    return out
