"""JSON: every finding (passed ones are the evidence), control statuses and problems, sorted."""

from __future__ import annotations

import json
from typing import Any

from plinth.gate.model import BlueprintResult, ControlStatus, Exemption, Finding, GateResult, Location, Problem, Waiver
from plinth.gate.reports.options import PLAIN, ReportOptions

SCHEMA_VERSION = 1


def location(loc: Location | None) -> dict[str, Any] | None:
    return None if loc is None else {"file": loc.file, "line": loc.line, "column": loc.column}


def waiver(w: Waiver | None) -> dict[str, Any] | None:
    if w is None:
        return None
    return {"check": w.check, "control": w.control, "resources": list(w.resources), "reason": w.reason,
            "owner": w.owner, "expires": w.expires, "location": location(w.location)}


def exemption(e: Exemption) -> dict[str, Any]:
    return {"control": e.control, "check": e.check, "applies_to": e.applies_to, "kinds": list(e.kinds),
            "scope": e.scope, "reason": e.reason}


def finding(f: Finding) -> dict[str, Any]:
    return {"check_id": f.check_id, "check_name": f.check_name, "engine": f.engine, "result": f.result,
            "status": f.status, "controls": list(f.controls), "gating": list(f.gating), "stack": f.stack,
            "address": f.address, "component": f.component, "location": location(f.location),
            "tf_location": location(f.tf_location), "message": f.message, "waiver": waiver(f.waiver),
            "waived_controls": list(f.waived_controls), "exemptions": [exemption(e) for e in f.exemptions]}


def problem(p: Problem) -> dict[str, Any]:
    return {"code": p.code, "severity": p.severity, "message": p.message, "location": location(p.location),
            "hint": p.hint}


def control(c: ControlStatus) -> dict[str, Any]:
    return {"id": c.control_id, "title": c.title, "status": c.status, "in_profile": c.in_profile,
            "evidence": c.evidence, "citations": {k: list(v) for k, v in sorted(c.citations.items())},
            "checks": list(c.checks), "evidence_resources": list(c.evidence_resources),
            "findings": [{"check_id": f.check_id, "address": f.address, "status": f.status} for f in c.findings],
            "waivers": [waiver(w) for w in c.waivers], "exemptions": [exemption(e) for e in c.exemptions],
            "note": c.note}


def blueprint(bp: BlueprintResult) -> dict[str, Any]:
    return {"name": bp.name, "file": bp.file, "cloud": bp.cloud, "profiles": list(bp.profiles),
            "gating_profiles": list(bp.gating_profiles), "passed": bp.passed, "stacks": list(bp.stacks),
            "counts": bp.counts(), "problems": [problem(p) for p in bp.problems],
            "controls": [control(c) for c in bp.controls], "findings": [finding(f) for f in bp.findings]}


def document(result: GateResult) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "tool": "plinth", "mode": result.mode, "passed": result.passed,
            "checkov_version": result.checkov_version, "catalog_version": result.catalog_version,
            "warnings": list(result.warnings), "blueprints": [blueprint(b) for b in result.blueprints]}


def render(result: GateResult, options: ReportOptions = PLAIN) -> str:
    return json.dumps(document(result), indent=2, ensure_ascii=False) + "\n"
