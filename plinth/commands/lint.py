"""`plinth lint`: run the AI-infrastructure rules on validated blueprints. No CDKTF, no Terraform."""

from __future__ import annotations

import argparse
import json
import sys

from plinth import colour
from plinth.commands import invalid
from plinth.diagnostics import render_text
from plinth.pipeline import validate_paths
from plinth.rules import ERROR, RuleFinding, run as run_rules
from plinth.rules import overrides

EXIT_FINDINGS = 1
EXIT_INVALID = 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lint", help="check blueprints against the AI-infrastructure rules (`plinth rules`)",
                       description="Validate blueprints, then run the AI-infrastructure rules on them. Exit 0 "
                                   "when no finding has severity error, 1 when one does, 2 when a blueprint "
                                   "is invalid.")
    p.add_argument("paths", nargs="*", default=["blueprints/"], metavar="PATH",
                   help="blueprint files or folders (default: blueprints/)")
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")


SEVERITY_STYLE = {"error": "error", "warning": "warning", "info": "note", "off": "note"}


def render_findings(findings: list[RuleFinding], sources: dict[str, str], on: bool = False) -> str:
    """`file:line:col: severity RULE: message`, the source line with a caret, the hint, the override;
    the severity coloured when `on`."""
    out: list[str] = []
    for f in findings:
        severity = colour.paint(f.severity, SEVERITY_STYLE.get(f.severity, "note"), on)
        out.append(f"{f.file}:{f.line}:{f.column}: {severity} {f.rule}: {f.message}")
        lines = sources.get(f.file, "").splitlines()
        if 1 <= f.line <= len(lines):
            out.append(f"  {f.line:>4} | {lines[f.line - 1]}")
            out.append(f"       | {' ' * max(f.column - 1, 0)}^")
        if f.hint:
            out.append(f"       = hint: {f.hint}")
        if f.overridden:
            out.append(f"       = overridden ({f.default_severity} → {f.severity}): {f.reason}")
    return "\n".join(out)


def _summary(findings: list[RuleFinding], blueprints: int) -> str:
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info", "off")}
    parts = [f"{n} {s}{'s' if n != 1 and s != 'off' else ''}" for s, n in counts.items() if n or s == "error"]
    return f"{', '.join(parts)} in {blueprints} blueprint{'s' if blueprints != 1 else ''}"


def run(args: argparse.Namespace) -> int:
    result = validate_paths(args.paths)
    diagnostics = list(result.diagnostics)
    findings: list[RuleFinding] = []
    linted = []
    for bp in result.blueprints:
        bad = overrides.check(bp)  # already part of validation once wired into plinth.semantics
        if bad:
            diagnostics += bad
            continue
        linted.append(bp)
        findings += run_rules(bp)
    findings.sort(key=lambda f: f.sort_key)
    code = EXIT_INVALID if diagnostics else EXIT_FINDINGS if any(f.severity == ERROR for f in findings) else 0
    if args.format == "json":
        print(json.dumps({"valid": not diagnostics, "blueprints": [b.file for b in linted],
                          "findings": [f.to_json() for f in findings],
                          "errors": invalid.errors_json(diagnostics, result.sources), "exit": code},
                         indent=2, ensure_ascii=False, default=str))
        return code
    if findings:
        print(render_findings(findings, result.sources, colour.enabled(sys.stdout)))
        print()
    if linted or not diagnostics:
        print(_summary(findings, len(linted)), flush=True)
    if diagnostics:
        print(render_text(diagnostics, result.sources), file=sys.stderr)
        n = len(set(diagnostics))
        print(f"\n{n} invalid blueprint error{'s' if n != 1 else ''}: not linted", file=sys.stderr)
    return code
