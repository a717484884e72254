"""Azure construct tests: every Azure blueprint (the bundled example and tests/azure/blueprints/)
is synthesized once per session, together, and written to a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from azure_synth import Synth

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BLUEPRINTS = [ROOT / "blueprints" / "llm-finetune.yaml", *sorted((HERE / "blueprints").glob("*.yaml"))]


@pytest.fixture(scope="session")
def az(tmp_path_factory) -> Synth:
    from synth_session import synth_cached
    from plinth.compile import output

    rendered = synth_cached([p.relative_to(ROOT) for p in BLUEPRINTS])
    outdir = tmp_path_factory.mktemp("azure-generated")
    output.write(outdir, rendered)
    return Synth(rendered, outdir)
