"""Waivers: validation against the catalog, and how they cover findings (no checkov needed)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from gate_paths import TODAY

from plinth.gate import waivers
from plinth.gate.model import Finding, Location, Waiver

HERE = Location("blueprints/x.yaml", 20, 5)


def waiver(check=None, control=None, resources=("lake",), expires="2027-01-01") -> Waiver:
    return Waiver(check=check, control=control, resources=tuple(resources), reason="Accepted by the review board.",
                  owner="sec@example.com", expires=expires, location=HERE)


def finding(check_id="CKV_AWS_21", controls=("LOG-03", "BAK-01"), component="lake", result="failed") -> Finding:
    return Finding(check_id=check_id, check_name="n", engine="checkov", result=result, status=result,
                   controls=controls, gating=(), blueprint="x", stack="foundation", address="aws_s3_bucket.b",
                   component=component, location=Location("blueprints/x.yaml", 7, 3))


def problems(ws, cloud="aws", components=("lake", "net")):
    from plinth.gate.catalog import load_catalog

    return [(p.code, p.message) for p in waivers.validate(ws, load_catalog(), cloud, components, TODAY)]


def test_a_valid_waiver_has_no_problems():
    assert problems([waiver(check="CKV_AWS_144")]) == []
    assert problems([waiver(control="BAK-01", resources=("blueprint", "lake"))]) == []


def test_expiry_is_inclusive_and_checked_against_today():
    assert problems([waiver(check="CKV_AWS_144", expires=TODAY.isoformat())]) == []
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    assert problems([waiver(check="CKV_AWS_144", expires=yesterday)]) == \
        [("waiver.expired", f"waiver for CKV_AWS_144 expired on {yesterday}")]
    assert problems([waiver(check="CKV_AWS_144", expires="31/12/2027")]) == \
        [("waiver.date", "waiver for CKV_AWS_144 has an invalid expiry '31/12/2027'")]


@pytest.mark.parametrize("w, expected", [
    (waiver(control="PUB-01"), [("waiver.unwaivable", "control PUB-01 (No public data) cannot be waived")]),
    (waiver(control="LOG-01"), [("waiver.unwaivable", "control LOG-01 (Control-plane audit trail) cannot be waived")]),
    (waiver(check="CKV_AWS_24", resources=("net",)),
     [("waiver.unwaivable", "check CKV_AWS_24 evidences unwaivable control NET-01; it cannot be waived")]),
    (waiver(check="PLN_PRES_001", resources=("blueprint",)),
     [("waiver.unwaivable", "check PLN_PRES_001 evidences unwaivable control LOG-01; it cannot be waived")]),
])
def test_unwaivable_controls_cannot_be_waived(w, expected):
    assert problems([w]) == expected


def test_waivers_must_name_real_things():
    assert problems([waiver(control="XYZ-99")])[0] == \
        ("waiver.unknown", "waiver names control XYZ-99, which is not in the catalog")
    assert problems([waiver(check="CKV_GCP_62")]) == \
        [("waiver.unknown", "waiver names check CKV_GCP_62, which no control uses on aws")]
    assert problems([waiver(check="CKV_GCP_62")], cloud="gcp") == []
    assert problems([waiver(check="CKV_AWS_144", resources=("lakee",))]) == \
        [("waiver.unknown", "waiver names `lakee`, which is not a component")]
    assert problems([waiver(check="CKV_AWS_144", control="BAK-01")]) == \
        [("waiver.target", "a waiver names exactly one of `check` or `control`")]


def test_a_check_waiver_covers_every_control_of_the_check():
    [f], unused = waivers.apply([finding()], [waiver(check="CKV_AWS_21")], gating={"LOG-03", "BAK-01"})
    assert (f.status, f.waived_controls, f.gating, unused) == ("waived", ("LOG-03", "BAK-01"), (), [])
    assert f.waiver == waiver(check="CKV_AWS_21")


def test_a_control_waiver_covers_only_that_control():
    [f], _ = waivers.apply([finding()], [waiver(control="BAK-01")], gating={"LOG-03", "BAK-01"})
    assert (f.status, f.waived_controls, f.gating) == ("failed", ("BAK-01",), ("LOG-03",))
    [f], _ = waivers.apply([finding()], [waiver(control="BAK-01"), waiver(control="LOG-03")], gating={"BAK-01"})
    assert (f.status, f.waived_controls, f.gating) == ("waived", ("LOG-03", "BAK-01"), ())


def test_a_waiver_covers_only_its_components():
    [f], unused = waivers.apply([finding(component="net")], [waiver(check="CKV_AWS_21")], gating={"BAK-01"})
    assert (f.status, f.gating, f.waiver) == ("failed", ("BAK-01",), None)
    assert unused == [waiver(check="CKV_AWS_21")]


def test_blueprint_names_blueprint_wide_resources():
    """Findings on blueprint-wide resources (construct path `<stack>/plinth/…`) have the component
    `blueprint`, the word waivers use; `plinth` is a construct-path segment, not a component name."""
    for component in ("blueprint", None):
        [f], _ = waivers.apply([finding(component=component)], [waiver(check="CKV_AWS_21", resources=("blueprint",))],
                               gating=set())
        assert f.status == "waived"
    assert problems([waiver(check="CKV_AWS_21", resources=("plinth",))]) == [
        ("waiver.unknown", "waiver names `plinth`, which is not a component")]


def test_the_engine_maps_the_plinth_construct_segment_to_the_blueprint_component():
    from plinth.gate.manifest import component_name

    assert [component_name(s) for s in ("plinth", None, "", "lake")] == ["blueprint", "blueprint", "blueprint", "lake"]


def _exemption(control="BAK-01", check="CKV_AWS_21"):
    from plinth.gate.model import Exemption

    return Exemption(control=control, cloud="aws", check=check, applies_to="other_kinds", kinds=("data_lake",),
                     reason="Only the blueprint's data needs a second region.")


def test_a_finding_exempt_on_every_control_is_exempt_and_takes_no_waiver():
    f = dataclasses.replace(finding(), exemptions=(_exemption("LOG-03"), _exemption("BAK-01")))
    [out], unused = waivers.apply([f], [waiver(check="CKV_AWS_21")], gating={"BAK-01", "LOG-03"})
    assert (out.status, out.gating, out.waiver, out.exempt_controls) == ("exempt", (), None, ("LOG-03", "BAK-01"))
    assert unused == [waiver(check="CKV_AWS_21")]


def test_an_exemption_on_one_control_leaves_the_others_failing_or_waivable():
    f = dataclasses.replace(finding(), exemptions=(_exemption("BAK-01"),))
    [out], _ = waivers.apply([f], [], gating={"BAK-01", "LOG-03"})
    assert (out.status, out.gating) == ("failed", ("LOG-03",))
    [out], _ = waivers.apply([f], [waiver(check="CKV_AWS_21")], gating={"BAK-01", "LOG-03"})
    assert (out.status, out.gating, out.waived_controls) == ("waived", (), ("LOG-03",))
    [out], unused = waivers.apply([f], [waiver(control="BAK-01")], gating={"BAK-01", "LOG-03"})
    assert (out.status, out.gating, unused) == ("failed", ("LOG-03",), [waiver(control="BAK-01")])


def test_findings_outside_the_profiles_fail_without_gating():
    [f], _ = waivers.apply([finding()], [], gating={"NET-01"})
    assert (f.status, f.gating) == ("failed", ())
    [f], _ = waivers.apply([finding(result="passed")], [waiver(check="CKV_AWS_21")], gating={"BAK-01"})
    assert (f.status, f.waiver) == ("passed", None)
