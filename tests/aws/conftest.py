"""AWS construct tests: the two AWS examples and tests/aws/blueprints/ are synthesized once per
session, together, and written to a temporary folder (for checkov and Terraform's parser)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aws_synth import Synth

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BLUEPRINTS = [ROOT / "blueprints" / "imaging-training.yaml", ROOT / "blueprints" / "global-inference.yaml",
              *sorted((HERE / "blueprints").glob("*.yaml"))]


@pytest.fixture(scope="session")
def aws(tmp_path_factory) -> Synth:
    from synth_session import synth_cached
    from plinth.compile import output

    rendered = synth_cached([p.relative_to(ROOT) for p in BLUEPRINTS])
    outdir = tmp_path_factory.mktemp("aws-generated")
    output.write(outdir, rendered)
    return Synth(rendered, outdir)
