"""Gate test fixtures. checkov runs as few times as possible: once over every custom-check
fixture, once over every build fixture (session-scoped), in-process."""

from __future__ import annotations

import os

import pytest
from gate_paths import BUILDS, FIXTURES, ROOT, TODAY


@pytest.fixture(scope="session")
def catalog():
    from plinth.gate.catalog import load_catalog

    return load_catalog()


@pytest.fixture(scope="session")
def at_root():
    """Run with the repository root as working folder, as users do (paths in reports are relative)."""
    cwd = os.getcwd()
    os.chdir(ROOT)
    yield ROOT
    os.chdir(cwd)


@pytest.fixture(scope="session")
def custom_fixture_run():
    """One checkov run: every PLN_* check over every custom-check fixture file."""
    from plinth.gate.checkov_engine import run_checkov

    files = sorted(FIXTURES.glob("PLN_*/*.tf.json"))
    ids = sorted(p.stem for p in (ROOT / "policies" / "checks").glob("PLN_*.py"))
    return run_checkov(files, ids)


@pytest.fixture(scope="session")
def gate_result(at_root):
    """One gate run over every build fixture (one checkov run for all of them)."""
    from plinth.gate import run_gate

    dirs = sorted(p.parent.relative_to(ROOT) for p in BUILDS.glob("*/manifest.json"))
    return run_gate(dirs, today=TODAY)


@pytest.fixture(scope="session")
def blueprint(gate_result):
    def get(name: str):
        return next(b for b in gate_result.blueprints if b.name == name)
    return get
