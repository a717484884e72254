"""Shared fixtures. The jsii runtime starts once per test session: every test that needs
synthesized Terraform asks `synth_cached` (tests/synth_session.py), which synthesizes every
test blueprint together on first use."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# Every cache plinth keeps (verdicts, syntheses, gate results) goes to a folder of this session,
# never to the repository's .plinth-cache/ (set before plinth is imported; subprocesses inherit it).
os.environ["PLINTH_CACHE_DIR"] = tempfile.mkdtemp(prefix="plinth-test-cache-")
atexit.register(shutil.rmtree, os.environ["PLINTH_CACHE_DIR"], True)

import pytest

from synth_session import synth_cached

os.environ["PLINTH_NO_FAST_EXIT"] = "1"          # in-process CLI calls must not end pytest
os.environ.setdefault("CHECKPOINT_DISABLE", "1")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "blueprints"


@pytest.fixture(scope="session")
def examples() -> dict[str, dict[str, str]]:
    """Every bundled example (file names relative to the repository root, as users run it)."""
    return synth_cached(sorted(p.relative_to(ROOT) for p in EXAMPLES.glob("*.yaml")))


@pytest.fixture(scope="session")
def examples_dir(examples, tmp_path_factory) -> Path:
    """The examples written out as plinth synth would, in a temporary folder."""
    from plinth.compile import output

    out = tmp_path_factory.mktemp("generated")
    output.write(out, examples)
    return out
