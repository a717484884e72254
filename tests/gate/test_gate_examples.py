"""The gate on the bundled examples, synthesized once per session by tests/conftest.py (the jsii
runtime is shared with the construct tests, so in a full run this costs no extra synth)."""

from __future__ import annotations

import os

import pytest
from gate_paths import HERE, TODAY


@pytest.fixture(autouse=True, scope="session")
def _only_when_examples_are_synthesized_anyway(request):
    """Synthesizing the examples costs ~30 s of jsii start-up: pay it only when other tests of the
    session pay it too (a full run), or on request (PLINTH_GATE_EXAMPLES=1)."""
    shared = any({"examples", "examples_dir"} & set(getattr(item, "fixturenames", ()))
                 and not str(item.path).startswith(str(HERE)) for item in request.session.items)
    if not shared and not os.environ.get("PLINTH_GATE_EXAMPLES"):
        pytest.skip("examples are synthesized only in a full run (or with PLINTH_GATE_EXAMPLES=1)")


def test_every_resource_type_the_constructs_emit_is_covered(examples_dir, catalog):
    from plinth.gate.manifest import find_builds, load_build
    from plinth.gate.stacks import load_stack

    emitted = {r.type for d in find_builds(examples_dir) for ref in load_build(d).stacks
               for r in load_stack(ref.role, ref.file).resources if r.mode == "resource"}
    assert emitted and sorted(emitted - catalog.covered_types()) == [], \
        "add them to a control's resources or to unscoped_resource_types in policies/controls.yaml"


def test_the_gate_reads_every_example_without_input_problems(examples_dir, at_root):
    from plinth.gate import find_builds, run_gate

    result = run_gate(find_builds(examples_dir), today=TODAY)
    assert sorted(b.name for b in result.blueprints) == ["fraud-inference", "global-inference", "imaging-training",
                                                         "llm-finetune"]
    assert result.warnings == ()
    for bp in result.blueprints:
        assert [p for p in bp.problems if p.severity == "error"] == [], bp.name
        assert all(f.controls for f in bp.findings)
        assert all(f.component for f in bp.findings), "every finding maps back to a component"


def test_the_examples_pass_the_gate_without_waivers(examples_dir, at_root):
    """Issues 3-6: every bundled example passes with zero failed findings, and without waivers."""
    from plinth.gate import find_builds, run_gate
    from plinth.gate.manifest import load_build

    builds = find_builds(examples_dir)
    assert all(load_build(b).waivers == () for b in builds)
    result = run_gate(builds, today=TODAY)
    assert result.exit_code == 0
    for bp in result.blueprints:
        assert (bp.counts()["failed"], bp.counts()["waived"]) == (0, 0), bp.name
        assert {c.status for c in bp.controls} <= {"passed", "manual", "not_applicable"}, bp.name
        # what the catalog exempts: only its structural cases (log sinks, non-lake buckets)
        assert {(f.check_id, e.applies_to) for f in bp.findings if f.status == "exempt" for e in f.exemptions} <= {
            ("CKV_AWS_145", "access_log_target"), ("CKV_AWS_18", "access_log_target"),
            ("CKV_GCP_62", "access_log_target"), ("CKV_AWS_144", "other_kinds")}
