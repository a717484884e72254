"""The audit report: per blueprint, a control matrix an auditor can read without plinth (control,
citations, status, evidence resources, findings, waivers), then findings, waivers and problems."""

from __future__ import annotations

from pathlib import Path

from plinth.gate.catalog import load_catalog
from plinth.gate.model import EXEMPT, FAILED, MANUAL, NOT_APPLICABLE, PASSED, WAIVED, BlueprintResult, GateResult
from plinth.gate.reports.common import STATUS_WORDS, control_tally, profiles, verdict
from plinth.gate.reports.options import PLAIN, ReportOptions

STATUS_MARK = {FAILED: "❌ failed", WAIVED: "⚠️ waived", PASSED: "✅ passed", MANUAL: "📝 manual",
               NOT_APPLICABLE: "— n/a"}


def cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _codes(items: list[str] | tuple[str, ...], limit: int = 0) -> str:
    shown = list(items) if not limit or len(items) <= limit else list(items[:limit])
    text = "<br>".join(f"`{cell(i)}`" for i in shown)
    return text + (f"<br>… and {len(items) - limit} more" if limit and len(items) > limit else "") if shown else "—"


def _matrix(bp: BlueprintResult) -> list[str]:
    out = ["| Control | HIPAA (45 CFR) | PCI DSS v4.0 | In scope | Status | Evidence resources | Findings | Waivers and exemptions |",
           "|---|---|---|---|---|---|---|---|"]
    for c in bp.controls:
        findings = [f"{f.check_id} on `{cell(f.address or 'blueprint')}` ({f.status})" for f in c.findings]
        waivers = [f"{w.target}: {cell(w.reason)} ({cell(w.owner)}, until {w.expires})" for w in c.waivers]
        waivers += [f"{e.check} exempt by the catalog where {cell(e.scope)}" for e in c.exemptions]
        status = STATUS_MARK[c.status] + ("" if c.in_profile or c.status != FAILED else " (advisory)")
        out.append(f"| **{c.control_id}** {cell(c.title)} | {', '.join(c.citations['hipaa']) or '—'} "
                   f"| {', '.join(c.citations['pci']) or '—'} | {'yes' if c.in_profile else 'no'} | {status} "
                   f"| {_codes(c.evidence_resources, 8)} | {'<br>'.join(findings) or '—'} "
                   f"| {'<br>'.join(waivers) or '—'} |")
    return out


def _findings(bp: BlueprintResult) -> list[str]:
    rows = [f for f in bp.findings if f.status in (FAILED, WAIVED)]
    if not rows:
        return ["No failed or waived findings."]
    out = ["| Status | Blueprint location | Check | Controls | Resource | Stack | Detail |", "|---|---|---|---|---|---|---|"]
    for f in rows:
        status = f.status + ("" if f.status != FAILED or f.gating else " (advisory)")
        detail = cell(f.message) + (f"<br>waived: {cell(f.waiver.reason)} ({cell(f.waiver.owner)}, "
                                    f"until {f.waiver.expires})" if f.waiver else "")
        out.append(f"| {status} | `{cell(f.location)}` | {f.check_id} | {', '.join(f.controls)} "
                   f"| `{cell(f.address or 'blueprint')}` | {f.stack or '—'} | {detail} |")
    return out


def _exemptions(bp: BlueprintResult) -> list[str]:
    rows = [f for f in bp.findings if f.status == EXEMPT or f.exemptions]
    if not rows:
        return ["None."]
    out = ["The catalog (policies/controls.yaml) defines these results as outside what the check's control "
           "requires; they are not waivers, and they do not fail the gate.", "",
           "| Check | Resource | Stack | Control | Applies because | Reason |", "|---|---|---|---|---|---|"]
    for f in rows:
        for e in f.exemptions:
            out.append(f"| {f.check_id} | `{cell(f.address or 'blueprint')}` | {f.stack or '—'} | {e.control} "
                       f"| {cell(e.scope)} | {cell(e.reason)} |")
    return out


def _manual(bp: BlueprintResult) -> list[str]:
    default = "no resource in the blueprint evidences it; provide evidence from outside the blueprint."
    rows = [c for c in bp.controls if c.status == MANUAL]
    return [f"- **{c.control_id} {c.title}** ({c.evidence.replace('_', ' ')}): {c.note or default}"
            for c in rows] or ["None."]


def _architecture(bp: BlueprintResult) -> list[str]:
    """The blueprint's architecture as a Mermaid diagram, when its source is at hand and valid."""
    from plinth.graph import mermaid_for_file

    is_blueprint = bp.file.endswith((".yaml", ".yml")) and Path(bp.file).is_file()  # audits name a folder
    diagram = mermaid_for_file(bp.file) if is_blueprint else None
    if not diagram:
        return []
    return ["### Architecture", "", "```mermaid", diagram.rstrip("\n"), "```", ""]


def _blueprint(bp: BlueprintResult, checkov: str, catalog_version: int) -> list[str]:
    counts = bp.counts()
    out = [f"## {bp.name}", "",
           "| | |", "|---|---|",
           f"| Blueprint | `{cell(bp.file)}` |", f"| Cloud | {bp.cloud} |",
           f"| Compliance profiles | {cell(profiles(bp))} |",
           f"| Verdict | **{verdict(bp)}** |",
           f"| Checks | {counts[FAILED]} failed, {counts[WAIVED]} waived, {counts[EXEMPT]} exempt, "
           f"{counts[PASSED]} passed |",
           f"| Controls | {cell(control_tally(bp.controls))} |",
           f"| Stacks | {', '.join(bp.stacks)} |",
           f"| Engines | checkov {checkov}, plinth controls catalog v{catalog_version} |", ""]
    out += _architecture(bp)
    out += ["### Control matrix", "",
           "Status of each control for this blueprint. *In scope* controls are those the blueprint's "
           "compliance profiles cite; a failed in-scope control fails the gate. Evidence resources passed "
           "every check of the control.", ""]
    out += _matrix(bp) + ["", "### Findings", ""] + _findings(bp)
    out += ["", "### Catalog exemptions", ""] + _exemptions(bp)
    out += ["", "### Controls needing evidence from outside the blueprint", ""] + _manual(bp)
    if bp.problems:
        out += ["", "### Problems with waivers and inputs", "", "| Severity | Location | Problem |", "|---|---|---|"]
        out += [f"| {p.severity} | `{cell(p.location)}` | {cell(p.message)}"
                f"{' (' + cell(p.hint) + ')' if p.hint else ''} |" for p in bp.problems]
    return out + [""]


def render(result: GateResult, options: ReportOptions = PLAIN) -> str:
    catalog = load_catalog()
    out = ["# plinth compliance report", "",
           f"Mode: `plinth {result.mode}`. Verdict: **{'PASS' if result.passed else 'FAIL'}** "
           f"({sum(b.passed for b in result.blueprints)} of {len(result.blueprints)} passed). "
           f"Statuses: {', '.join(f'{STATUS_MARK[s]} = {STATUS_WORDS[s]}' for s in STATUS_MARK)}.", ""]
    for bp in result.blueprints:
        out += _blueprint(bp, result.checkov_version, catalog.version)
    if result.warnings:
        out += ["## Warnings", ""] + [f"- {cell(w)}" for w in result.warnings] + [""]
    return "\n".join(out)
