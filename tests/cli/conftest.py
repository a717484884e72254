"""CLI test fixtures. Nothing here starts jsii: commands that synthesize get the session-wide
synthesis (tests/synth_session.py) in place of their own."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import ROOT


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)   # paths print relative to the working folder, as users run plinth


@pytest.fixture
def session_synth(monkeypatch, tmp_path):
    """`plinth synth` / `plinth build` served from the session's one synthesis; the build cache in
    a temporary folder."""
    from synth_session import synth_cached

    from plinth import build_cache
    from plinth.commands import session

    def synthesize(blueprints, outdir=None, release=False, cache=True):
        return synth_cached([Path(bp.file) for bp in blueprints])

    monkeypatch.setattr(session, "synthesize", synthesize)
    monkeypatch.setattr(build_cache, "CACHE_DIR", tmp_path / ".plinth-cache")
    return tmp_path
