"""AWS construct tests: the two AWS examples and tests/aws/blueprints/ are synthesized once per
session, together, and written to a temporary folder (for checkov and Terraform's parser)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aws_synth import Synth

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BLUEPRINTS = [ROOT / "blueprints" / "imaging-training.yaml", ROOT / "blueprints" / "global-inference.yaml",
              *sorted((HERE / "blueprints").glob("*.yaml"))]


@pytest.fixture(scope="session")
def aws(tmp_path_factory) -> Synth:
    from plinth.compile import output, synthesize
    from plinth.pipeline import validate_one

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        blueprints = []
        for path in BLUEPRINTS:
            bp, errors, _ = validate_one(path.relative_to(ROOT))
            assert bp is not None, [f"{d.file}:{d.line}: {d.message}" for d in errors]
            blueprints.append(bp)
        rendered = synthesize(blueprints)
    finally:
        os.chdir(cwd)
    outdir = tmp_path_factory.mktemp("aws-generated")
    output.write(outdir, rendered)
    return Synth(rendered, outdir)
