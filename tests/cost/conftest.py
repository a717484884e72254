"""Helpers for the cost tests: load the hand-computed blueprints once."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
BLUEPRINTS = HERE / "blueprints"


@pytest.fixture(scope="session")
def small() -> dict:
    """{blueprint name: Blueprint} for tests/cost/blueprints/*.yaml."""
    from plinth.pipeline import validate_paths

    result = validate_paths([str(BLUEPRINTS)])
    assert result.ok, [d.message for d in result.diagnostics]
    return {bp.name: bp for bp in result.blueprints}
