"""GitLab SAST security report (gl-sast-report.json, security report schema 15.0.7), for
`artifacts: reports: sast:`. Schema: https://gitlab.com/gitlab-org/security-products/
security-report-schemas/-/blob/v15.0.7/dist/sast-report-format.json

Only failed findings become vulnerabilities (waived and catalog-exempt ones do not: they are
accepted, and the other formats keep them). GitLab tracks a SAST vulnerability by report type,
primary identifier and location (file, start_line, end_line), so findings of one check on one
blueprint component (several resources at the same blueprint line) are one vulnerability that
lists every resource; otherwise GitLab would merge them and hide all but one.

Identifiers, primary first: the check, then each failing control, its HIPAA citations (linked to
eCFR) and its PCI DSS requirements. Vulnerability IDs are UUIDv5 of (blueprint, check, location),
so the report is byte-identical across runs except scan.start_time / end_time: those are the
gate's real run times (UTC), or both SOURCE_DATE_EPOCH when it is set (reproducible-builds.org),
for byte-identical reports.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from typing import Any, Iterable

from plinth import __version__
from plinth.gate.catalog import Control, load_catalog
from plinth.gate.errors import GateError
from plinth.gate.model import FAILED, BlueprintResult, Finding, GateResult
from plinth.gate.reports.options import PLAIN, ReportOptions
from plinth.gate.reports.sarif import INFO_URI

SCHEMA_VERSION = "15.0.7"
SCHEMA_URL = ("https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/"
              f"v{SCHEMA_VERSION}/dist/sast-report-format.json")
ECFR = "https://www.ecfr.gov/current/title-45/section-{section}#p-{citation}"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, INFO_URI + "/gl-sast")
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"          # the schema's pattern: no zone, no fraction (UTC)
SEVERITIES = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low"}
MAX_IDENTIFIERS = 20                       # GitLab keeps the first 20
VENDOR = {"name": "plinth"}


def _open_controls(group: list[Finding]) -> list[str]:
    """The controls these failed findings still fail: not waived, not exempt."""
    return list(dict.fromkeys(c for f in group for c in f.controls
                              if c not in f.waived_controls and c not in f.exempt_controls))


def _severity(gating: list[str], controls: list[Control]) -> str:
    """The catalog severity of the worst gating control; `Low` when the findings fail only controls
    outside the blueprint's profiles (advisory: they do not fail the gate)."""
    if not gating:
        return "Low"
    ranked = [c.severity for c in controls if c.id in gating]
    for level in SEVERITIES:
        if level in ranked:
            return SEVERITIES[level]
    return "Unknown"


def _identifiers(check_id: str, controls: list[Control]) -> list[dict[str, str]]:
    out = [{"type": "plinth_check", "name": check_id, "value": check_id}]
    out += [{"type": "plinth_control", "name": f"{c.id} {c.title}", "value": c.id} for c in controls]
    hipaa = list(dict.fromkeys(x for c in controls for x in c.hipaa))
    pci = list(dict.fromkeys(x for c in controls for x in c.pci))
    out += [{"type": "hipaa", "name": f"HIPAA 45 CFR {x}", "value": f"45 CFR {x}",
             "url": ECFR.format(section=x.split("(", 1)[0], citation=x)} for x in hipaa]
    out += [{"type": "pci_dss", "name": f"PCI DSS v4.0 {x}", "value": f"PCI DSS {x}"} for x in pci]
    return out[:MAX_IDENTIFIERS]


def _resource(f: Finding) -> str:
    if f.address is None:                  # a presence check found nothing to evidence the control
        return f"- nothing found: {f.message}"
    where = f" (stack {f.stack}" + (f", {f.tf_location}" if f.tf_location else "") + ")" if f.stack else ""
    return f"- `{f.address}`{where}: {f.message}"


def _subject(f: Finding, blueprint: str) -> str:
    if f.component is None:                # plinth audit: no blueprint, the Terraform itself
        return f"the Terraform in `{blueprint}`"
    if f.component == "blueprint":
        return f"blueprint `{blueprint}` (blueprint-wide resources)"
    return f"component `{f.component}` of blueprint `{blueprint}`"


def _vulnerability(bp: BlueprintResult, group: list[Finding]) -> dict[str, Any]:
    first = group[0]
    catalog = load_catalog()
    controls = [c for c in (catalog.control(cid) for cid in _open_controls(group)) if c is not None]
    gating = list(dict.fromkeys(c for f in group for c in f.gating))
    loc = first.location
    verdict = ("Fails the gate: " + ", ".join(gating) + "." if gating else
              "Advisory: the controls are outside the blueprint's compliance profiles; the gate passes them.")
    description = "\n".join([
        f"{first.check_name}: fails on {_subject(first, bp.name)}, {bp.cloud}.", "",
        "Resources:", *(_resource(f) for f in group), "",
        "Controls: " + "; ".join(f"{c.id} {c.title}" for c in controls) + ".", verdict])
    unwaivable = [c.id for c in controls if c.unwaivable]
    solution = (f"Change {_subject(first, bp.name)} at {loc} so that it passes {first.check_id}. "
                + (f"{', '.join(unwaivable)} cannot be waived." if unwaivable else
                   "If the risk is accepted, record a waiver in the blueprint (check, components, reason, owner, "
                   "expiry)."))
    key = "\x1f".join((bp.name, first.check_id, loc.file, str(loc.line), str(loc.column)))
    return {"id": str(uuid.uuid5(NAMESPACE, key)), "name": first.check_name[:255] or first.check_id,
            "description": description, "severity": _severity(gating, controls), "solution": solution,
            "identifiers": _identifiers(first.check_id, controls),
            "location": {"file": loc.file, "start_line": max(loc.line, 1), "end_line": max(loc.line, 1)}}


def _groups(bp: BlueprintResult) -> Iterable[list[Finding]]:
    groups: dict[tuple, list[Finding]] = {}
    for f in bp.findings:
        if f.status == FAILED:
            groups.setdefault((f.location, f.check_id), []).append(f)
    for key in sorted(groups):
        yield sorted(groups[key], key=lambda f: (f.address or "", f.stack or ""))


def _messages(result: GateResult) -> list[dict[str, str]]:
    out = [{"level": "info", "value": f"plinth {result.mode}: checkov {result.checkov_version}, "
                                      f"controls catalog v{result.catalog_version}"}]
    for bp in result.blueprints:
        out += [{"level": "warn", "value": f"{p.location}: {p.severity}: {p.message}"
                                           + (f" ({p.hint})" if p.hint else "")} for p in bp.problems]
    out += [{"level": "warn", "value": w} for w in result.warnings]
    return out


def source_date_epoch() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time, None when unset; a malformed value is an error (as the
    reproducible-builds.org specification asks)."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not raw:
        return None
    try:
        if not re.fullmatch(r"[0-9]+", raw):
            raise ValueError
        return dt.datetime.fromtimestamp(int(raw), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise GateError(f"SOURCE_DATE_EPOCH is {raw!r}, not a number of seconds since 1970-01-01 UTC",
                        "unset it, or set it to the commit time: `git log -1 --format=%ct`") from None


def scan_times(options: ReportOptions) -> tuple[str, str]:
    fixed = source_date_epoch()
    if fixed is not None:
        return fixed.strftime(TIME_FORMAT), fixed.strftime(TIME_FORMAT)
    started = options.started or dt.datetime.now(dt.timezone.utc)
    ended = options.ended or started
    return started.strftime(TIME_FORMAT), ended.strftime(TIME_FORMAT)


def document(result: GateResult, options: ReportOptions = PLAIN) -> dict[str, Any]:
    start, end = scan_times(options)
    tool = {"id": "plinth", "name": "plinth", "url": INFO_URI, "vendor": VENDOR, "version": __version__}
    return {"version": SCHEMA_VERSION, "schema": SCHEMA_URL,
            "scan": {"analyzer": tool, "scanner": {**tool, "id": "plinth-gate", "name": "plinth HIPAA/PCI gate"},
                     "type": "sast", "start_time": start, "end_time": end, "status": "success",
                     "messages": _messages(result)},
            "vulnerabilities": [_vulnerability(bp, group) for bp in result.blueprints for group in _groups(bp)]}


def render(result: GateResult, options: ReportOptions = PLAIN) -> str:
    return json.dumps(document(result, options), indent=2, ensure_ascii=False) + "\n"
