"""GCP construct tests: every GCP blueprint (the bundled example and tests/gcp/blueprints/) is
synthesized together, once per session, and written to a temporary folder.

Resources are looked up by construct path below the stack (`features/bucket-features`), not by
Terraform logical id, so tests read like the blueprint and survive hash changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gcp_synth import Stack

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BLUEPRINTS = [ROOT / "blueprints" / "fraud-inference.yaml", *sorted((HERE / "blueprints").glob("*.yaml"))]


@pytest.fixture(scope="session")
def blueprints() -> dict:
    """name → validated Blueprint (file names relative to the repository, as users run plinth)."""
    from plinth.pipeline import validate_one

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        out = {}
        for path in BLUEPRINTS:
            bp, errors, _ = validate_one(path.relative_to(ROOT))
            assert bp is not None, [f"{d.file}:{d.line}: {d.message}" for d in errors]
            out[bp.name] = bp
        return out
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="session")
def gcp(blueprints) -> dict[str, dict[str, str]]:
    """{blueprint: {relative path: text}}: all GCP blueprints in one App, one jsii runtime."""
    from synth_session import synth_cached

    return synth_cached([p.relative_to(ROOT) for p in BLUEPRINTS])


@pytest.fixture(scope="session")
def gcp_dir(gcp, tmp_path_factory) -> Path:
    """The output written as `plinth synth` writes it: <dir>/<blueprint>/<stack>/cdk.tf.json."""
    from plinth.compile import output

    out = tmp_path_factory.mktemp("gcp-generated")
    output.write(out, gcp)
    return out


@pytest.fixture(scope="session")
def stack(gcp):
    """stack(blueprint, role) → Stack."""
    cache: dict[tuple[str, str], Stack] = {}

    def get(bp: str, role: str) -> Stack:
        if (bp, role) not in cache:
            sid = f"{bp}-{role}"
            cache[(bp, role)] = Stack(sid, gcp[bp][f"{sid}/cdk.tf.json"])
        return cache[(bp, role)]

    return get
