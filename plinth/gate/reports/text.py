"""Plain text, compiler style: `file:line:col: error: …`, the source line and a caret."""

from __future__ import annotations

from pathlib import Path

from plinth import colour
from plinth.gate.model import EXEMPT, FAILED, WAIVED, BlueprintResult, Finding, GateResult, Location
from plinth.gate.reports.common import control_tally, finding_citations, citations, profiles, severity
from plinth.gate.reports.options import PLAIN, ReportOptions

LABELS = {"error": "error", "warning": "warning (outside the profiles)", "note": "waived"}


def _source_line(location: Location, cache: dict[str, list[str] | None]) -> list[str]:
    if location.file not in cache:
        try:
            cache[location.file] = Path(location.file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            cache[location.file] = None
    lines = cache[location.file]
    if not lines or not 1 <= location.line <= len(lines):
        return []
    return [f"  {location.line:>4} | {lines[location.line - 1]}", f"       | {' ' * max(location.column - 1, 0)}^"]


def _finding(f: Finding, cache: dict[str, list[str] | None], on: bool) -> list[str]:
    label = colour.paint(LABELS[severity(f)], severity(f), on)
    where = f" {f.address}" if f.address else ""
    stack = f" [{f.stack}]" if f.stack else ""
    out = [f"{f.location}: {label}: {f.check_id}{where}{stack}: {f.message}"]
    out += _source_line(f.location, cache)
    out.append(f"       = controls: {', '.join(f.controls)} ({citations(finding_citations(f))})")
    if f.tf_location and f.tf_location != f.location:
        out.append(f"       = terraform: {f.tf_location}")
    if f.waiver is not None:
        w = f.waiver
        out.append(f"       = waived ({', '.join(f.waived_controls)}) until {w.expires} by {w.owner}: {w.reason}")
    return out


def _exempt(f: Finding, on: bool) -> str:
    """One line: exempt findings are expected by the catalog; the reason is in --format markdown/json."""
    where = f" {f.address}" if f.address else ""
    stack = f" [{f.stack}]" if f.stack else ""
    why = "; ".join(f"{e.control}: {e.scope}" for e in f.exemptions)
    return f"{f.location}: {colour.paint('exempt', 'note', on)}: {f.check_id}{where}{stack}: {why} (catalog exemption)"


def _title(bp: BlueprintResult) -> str:
    """`name (cloud; profiles) file`. `plinth audit` of a folder with several clouds names each unit
    `folder (cloud)` (plinth/gate/audit.py) and gives the folder as its file: say each once."""
    name = bp.name.removesuffix(f" ({bp.cloud})")
    where = "" if name == bp.file else f" {bp.file}"
    return f"{name} ({bp.cloud}; {profiles(bp)}){where}"


def _blueprint(bp: BlueprintResult, cache: dict[str, list[str] | None], on: bool) -> list[str]:
    counts = bp.counts()
    out = [f"{_title(bp)}: {colour.verdict(bp.passed, on)}",
           f"  checks: {counts[FAILED]} failed, {counts[WAIVED]} waived, {counts[EXEMPT]} exempt, "
           f"{counts['passed']} passed; controls: {control_tally(bp.controls)}"]
    for p in bp.problems:
        out.append(f"{p.location}: {colour.paint(p.severity, p.severity, on)}: {p.message}")
        out += _source_line(p.location, cache)
        if p.hint:
            out.append(f"       = hint: {p.hint}")
    for f in bp.findings:
        if f.status in (FAILED, WAIVED):
            out += _finding(f, cache, on)
        elif f.status == EXEMPT:
            out.append(_exempt(f, on))
    failing = [c.control_id for c in bp.controls if c.status == FAILED and c.in_profile]
    if failing:
        out.append(f"  failing controls: {', '.join(failing)}")
    return out


def render(result: GateResult, options: ReportOptions = PLAIN) -> str:
    """The report; verdicts and severities coloured when `options.colour` (a terminal)."""
    on = options.colour
    cache: dict[str, list[str] | None] = {}
    out: list[str] = []
    for bp in result.blueprints:
        out += _blueprint(bp, cache, on) + [""]
    for w in result.warnings:
        out.append(f"{colour.paint('warning', 'warning', on)}: {w}")
    passed = sum(b.passed for b in result.blueprints)
    out.append(f"plinth {result.mode}: {passed} of {len(result.blueprints)} passed "
               f"(checkov {result.checkov_version}, catalog v{result.catalog_version})")
    return "\n".join(out) + "\n"
