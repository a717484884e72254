"""Golden test: the committed generated/ is exactly what the bundled blueprints produce.

Update mode: `.venv/bin/plinth synth` rewrites generated/; review the diff and commit it."""

from __future__ import annotations

import json
from pathlib import Path

from plinth.compile import output

ROOT = Path(__file__).resolve().parent.parent


def test_generated_matches_blueprints(examples):
    diffs = output.differences(ROOT / "generated", examples)
    assert diffs == [], "generated/ is stale; run `.venv/bin/plinth synth` and commit:\n" + "\n".join(diffs)


def test_every_example_has_a_foundation_stack_and_manifest(examples):
    for name, files in examples.items():
        assert f"{name}-foundation/cdk.tf.json" in files
        manifest = json.loads(files["manifest.json"])
        assert manifest["blueprint"]["name"] == name
        assert manifest["blueprint"]["file"] == f"blueprints/{name}.yaml"
        for role, stack in manifest["stacks"].items():
            assert stack["id"] == f"{name}-{role}"
            assert stack["file"] in files


def test_components_map_to_resources(examples):
    """Every resource's construct path names its stack and a component (or the blueprint)."""
    for name, files in examples.items():
        manifest = json.loads(files["manifest.json"])
        known = set(manifest["components"]) | {"plinth"}
        for role, stack in manifest["stacks"].items():
            data = json.loads(files[stack["file"]])
            for rtype, resources in data.get("resource", {}).items():
                for rname, body in resources.items():
                    path = body["//"]["metadata"]["path"].split("/")
                    assert path[0] == stack["id"], (rtype, rname, path)
                    assert path[1] in known, (rtype, rname, path)
