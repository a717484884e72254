"""SARIF 2.1.0: one result per failed or waived finding and per problem, located at the blueprint
line (the component that produced the resource); rules carry help text, controls and citations."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePath
from typing import Any

from plinth import __version__
from plinth.gate.catalog import load_catalog
from plinth.gate.model import EXEMPT, FAILED, PASSED, Finding, GateResult, Location, Problem
from plinth.gate.reports.common import citations, finding_citations, severity
from plinth.gate.reports.options import PLAIN, ReportOptions

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/plinth/plinth"


def _artifact(path: str) -> dict[str, str]:
    """Relative paths resolve against the checkout (%SRCROOT%); absolute ones are file URIs."""
    pure = PurePath(path)
    if pure.is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": pure.as_posix(), "uriBaseId": "%SRCROOT%"}


def _physical(loc: Location) -> dict[str, Any]:
    return {"artifactLocation": _artifact(loc.file),
            "region": {"startLine": max(loc.line, 1), "startColumn": max(loc.column, 1)}}


def _rule_for_finding(f: Finding) -> dict[str, Any]:
    catalog = load_catalog()
    controls = [catalog.control(c) for c in f.controls]
    titles = "; ".join(f"{c.id} {c.title}" for c in controls if c)
    cites = citations(finding_citations(f))
    help_text = (f"{f.check_name}.\nControls: {titles}.\nCitations: {cites}.\n"
                 "Fix the resource in the blueprint component this result points at, or record a waiver "
                 "(check, components, reason, owner, expiry) in the blueprint if the risk is accepted.")
    help_md = (f"**{f.check_name}**\n\n| Control | Title |\n|---|---|\n"
               + "".join(f"| {c.id} | {c.title} |\n" for c in controls if c)
               + f"\n**Citations:** {cites}\n")
    return {"id": f.check_id, "name": f.check_id, "shortDescription": {"text": f.check_name},
            "fullDescription": {"text": f"{f.check_name} ({titles})"},
            "help": {"text": help_text, "markdown": help_md},
            "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["security", "compliance", *f.controls], "controls": list(f.controls),
                           "hipaa": list(finding_citations(f)["hipaa"]), "pci": list(finding_citations(f)["pci"]),
                           "engine": f.engine}}


def _rule_for_problem(p: Problem) -> dict[str, Any]:
    return {"id": f"plinth.{p.code}", "name": p.code, "shortDescription": {"text": f"plinth gate input: {p.code}"},
            "help": {"text": "A waiver or a generated file the gate cannot accept. " + (p.hint or "")},
            "defaultConfiguration": {"level": "error" if p.severity == "error" else "warning"}}


def _fingerprint(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:32]


def _finding_result(f: Finding, index: int) -> dict[str, Any]:
    where = f" on {f.address}" if f.address else ""
    result: dict[str, Any] = {
        "ruleId": f.check_id, "ruleIndex": index, "level": severity(f),
        "message": {"text": f"{f.message}{where} (component {f.component or '-'}, stack {f.stack or '-'}; "
                            f"controls {', '.join(f.controls)})"},
        "locations": [{"physicalLocation": _physical(f.location),
                       **({"logicalLocations": [{"fullyQualifiedName": f.address, "kind": "resource"}]}
                          if f.address else {})}],
        "partialFingerprints": {"plinth/v1": _fingerprint(f.blueprint, f.check_id, f.address, f.stack)},
        "properties": {"blueprint": f.blueprint, "controls": list(f.controls), "gating": list(f.gating),
                       "stack": f.stack, "component": f.component, "address": f.address, "status": f.status},
    }
    if f.tf_location is not None:
        result["relatedLocations"] = [{"id": 1, "physicalLocation": _physical(f.tf_location),
                                       "message": {"text": "generated Terraform"}}]
    if f.waiver is not None and f.status != FAILED:
        w = f.waiver
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": f"{w.reason} (owner {w.owner}, expires {w.expires})",
                                   "location": {"physicalLocation": _physical(w.location)}}]
    elif f.status == EXEMPT:
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": f"catalog exemption ({e.control}, where {e.scope}): {e.reason}"}
                                  for e in f.exemptions]
    return result


def document(result: GateResult) -> dict[str, Any]:
    rules: dict[str, dict[str, Any]] = {}
    pending: list[tuple[str, Any]] = []
    for bp in result.blueprints:
        for p in bp.problems:
            rules.setdefault(f"plinth.{p.code}", _rule_for_problem(p))
            pending.append(("problem", p))
        for f in bp.findings:
            if f.status != PASSED:
                rules.setdefault(f.check_id, _rule_for_finding(f))
                pending.append(("finding", f))
    ordered = sorted(rules)
    index = {rule_id: i for i, rule_id in enumerate(ordered)}
    results = []
    for kind, item in pending:
        if kind == "finding":
            results.append(_finding_result(item, index[item.check_id]))
        else:
            rid = f"plinth.{item.code}"
            results.append({"ruleId": rid, "ruleIndex": index[rid],
                            "level": "error" if item.severity == "error" else "warning",
                            "message": {"text": item.message + (f" ({item.hint})" if item.hint else "")},
                            "locations": [{"physicalLocation": _physical(item.location)}]})
    driver = {"name": "plinth", "semanticVersion": __version__, "version": __version__, "informationUri": INFO_URI,
              "rules": [rules[r] for r in ordered],
              "properties": {"checkov": result.checkov_version, "catalog": result.catalog_version}}
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "results": results, "columnKind": "unicodeCodePoints",
                      "invocations": [{"executionSuccessful": True}],
                      "properties": {"mode": result.mode, "passed": result.passed}}]}


def render(result: GateResult, options: ReportOptions = PLAIN) -> str:
    return json.dumps(document(result), indent=2, ensure_ascii=False) + "\n"
