"""JUnit XML for CI: one test suite per blueprint, one test case per control (and one for the
waivers). A control failing inside the profiles is a failure; outside them, skipped (advisory)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from plinth.gate.model import FAILED, MANUAL, NOT_APPLICABLE, WAIVED, BlueprintResult, ControlStatus, GateResult
from plinth.gate.reports.common import citations
from plinth.gate.reports.options import PLAIN, ReportOptions


def _case(suite: ET.Element, bp: BlueprintResult, c: ControlStatus) -> tuple[int, int]:
    case = ET.SubElement(suite, "testcase", classname=f"plinth.{bp.name}", name=f"{c.control_id} {c.title}")
    lines = [f"{f.location}: {f.check_id} {f.address or ''} [{f.stack or '-'}]: {f.message}"
             + (f" (waived until {f.waiver.expires} by {f.waiver.owner}: {f.waiver.reason})"
                if f.waiver and c.control_id in f.waived_controls else "")
             + "".join(f" (exempt by the catalog where {e.scope}: {e.reason})"
                       for e in f.exemptions if e.control == c.control_id)
             for f in c.findings]
    body = "\n".join([citations(c.citations)] + lines)
    if c.status == FAILED and c.in_profile:
        failed = [f for f in c.findings if f.result == FAILED and c.control_id not in f.waived_controls
                  and c.control_id not in f.exempt_controls]
        ET.SubElement(case, "failure", message=f"{c.control_id} failed on {len(failed)} finding(s)",
                      type="control").text = body
        return 1, 0
    if c.status == FAILED:
        ET.SubElement(case, "skipped", message=f"advisory: {c.control_id} is outside the blueprint's profiles")
        ET.SubElement(case, "system-out").text = body
        return 0, 1
    if c.status in (MANUAL, NOT_APPLICABLE):
        reason = c.note or ("no resource of this blueprint is evidence" if c.status == NOT_APPLICABLE else "")
        ET.SubElement(case, "skipped", message=f"{c.status}: {reason}".strip())
        return 0, 1
    # passed: the evidence, after the catalog exemptions that applied (if any)
    text = body if c.status == WAIVED else body + "\nevidence: " + ", ".join(c.evidence_resources)
    ET.SubElement(case, "system-out").text = text
    return 0, 0


def render(result: GateResult, options: ReportOptions = PLAIN) -> str:
    root = ET.Element("testsuites", name="plinth gate")
    total_tests = total_failures = total_errors = 0
    for bp in result.blueprints:
        suite = ET.SubElement(root, "testsuite", name=bp.name, file=bp.file)
        failures = skipped = 0
        for c in bp.controls:
            f, s = _case(suite, bp, c)
            failures, skipped = failures + f, skipped + s
        errors = [p for p in bp.problems if p.severity == "error"]
        case = ET.SubElement(suite, "testcase", classname=f"plinth.{bp.name}", name="waivers and inputs")
        for p in bp.problems:
            tag = "error" if p.severity == "error" else "system-out"
            el = ET.SubElement(case, tag, **({"message": p.message, "type": p.code} if tag == "error" else {}))
            el.text = f"{p.location}: {p.message}" + (f" ({p.hint})" if p.hint else "")
        tests = len(bp.controls) + 1
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(len(errors)))
        suite.set("skipped", str(skipped))
        total_tests, total_failures, total_errors = total_tests + tests, total_failures + failures, \
            total_errors + len(errors)
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", str(total_errors))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
