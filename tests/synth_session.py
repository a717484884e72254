"""The session-wide synthesis every test shares: one App, one jsii runtime, once per session."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CACHE: dict[str, dict[str, str]] = {}

# Every blueprint any test synthesizes: one App, one jsii runtime, once per session.
SESSION_BLUEPRINTS = ("blueprints/*.yaml", "tests/aws/blueprints/*.yaml", "tests/gcp/blueprints/*.yaml",
                      "tests/azure/blueprints/*.yaml")


def load_blueprints(paths: list[Path]):
    from plinth.pipeline import validate_paths

    result = validate_paths([str(p) for p in paths])
    assert result.ok, "\n".join(f"{d.file}:{d.line}:{d.column}: {d.message}" for d in result.diagnostics)
    return result.blueprints


def synth_cached(paths: list[Path]) -> dict[str, dict[str, str]]:
    """{blueprint: {relative path: text}} for these blueprint files (relative to the repository).

    The first call synthesizes every blueprint of SESSION_BLUEPRINTS (plus any extra asked for)
    in one go; later calls are served from that, so the session synthesizes once."""
    from plinth.compile import synthesize

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        wanted = load_blueprints([Path(p) for p in paths])
        missing = [bp for bp in wanted if bp.name not in _CACHE]
        if missing:
            everything = sorted({str(p.relative_to(ROOT)) for g in SESSION_BLUEPRINTS for p in ROOT.glob(g)}
                                | {str(p) for p in paths}) if not _CACHE else [str(p) for p in paths]
            _CACHE.update(synthesize(load_blueprints([Path(p) for p in everything])))
        return {bp.name: _CACHE[bp.name] for bp in wanted}
    finally:
        os.chdir(cwd)
