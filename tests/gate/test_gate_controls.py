"""For every control automated on a cloud, a known-bad stack makes it fail with exactly the expected
findings (tests/gate/fixtures/controls/<cloud>/<control>.tf.json and expected.yaml). One checkov run."""

from __future__ import annotations

import pytest
import yaml
from gate_paths import FIXTURES

from plinth.gate.catalog import CLOUDS, load_catalog

CONTROLS = FIXTURES / "controls"
EXPECTED = yaml.safe_load((CONTROLS / "expected.yaml").read_text())
AUTOMATED = sorted((cloud, c.id) for c in load_catalog().controls for cloud in CLOUDS if c.clouds[cloud].automated)


@pytest.fixture(scope="module")
def observed():
    from plinth.gate.checkov_engine import registry, run_checkov
    from plinth.gate.observe import from_checkov, from_presence
    from plinth.gate.presence import Context, all_checks
    from plinth.gate.stacks import StackSet, load_stack

    catalog = load_catalog()
    files = sorted(CONTROLS.glob("*/*.tf.json"))
    run = run_checkov(files, set(catalog.check_ids(kind="checkov")) | set(catalog.check_ids(kind="custom")))
    assert run.parsing_errors == ()
    supported = registry()
    out: dict[tuple[str, str], list[str]] = {}
    for path in files:
        cloud, control = path.parent.name, path.name.removesuffix(".tf.json")
        stack = load_stack("foundation", path)
        observations = [from_checkov(r, stack, supported[r.check_id][1]) for r in run.results if r.file == path.resolve()]
        for pid in catalog.check_ids((cloud,), "presence"):
            check = all_checks()[pid]
            observations += [from_presence(check, r, [stack])
                             for r in check.run(StackSet(cloud, (stack,)), Context("fx", ("hipaa", "pci")))]
        out[(cloud, control)] = sorted({f"{o.check_id} {o.address or '<blueprint>'}" for o in observations
                                        if not o.passed and control in catalog.controls_for_check(o.check_id, cloud)})
    return out


def test_every_automated_control_has_a_known_bad_fixture_per_cloud():
    have = sorted((p.parent.name, p.name.removesuffix(".tf.json")) for p in CONTROLS.glob("*/*.tf.json"))
    assert have == AUTOMATED


@pytest.mark.parametrize("cloud, control", AUTOMATED, ids=[f"{c}-{k}" for c, k in AUTOMATED])
def test_known_bad_fixture_fails_its_control_exactly(cloud, control, observed):
    expected = EXPECTED[cloud][control]
    assert expected, "a known-bad fixture must make its control fail"
    assert observed[(cloud, control)] == expected
