"""What main.py runs under the cdktf CLI: validate, synthesize into CDKTF's outdir, gate.

`cdktf synth` and `cdktf deploy` both run main.py first; when the gate fails this exits 1, the
CLI stops, and `terraform init` / `apply` never run on non-compliant Terraform."""

from __future__ import annotations

import json
import os
import sys

from plinth.commands import session
from plinth.commands.validate import EXIT_INVALID

EXIT_GATE = 1


def _outdir() -> str:
    """The cdktf CLI passes its output folder through CDKTF_OUTDIR (or the context JSON)."""
    if os.environ.get("CDKTF_OUTDIR"):
        return os.environ["CDKTF_OUTDIR"]
    context = json.loads(os.environ.get("CDKTF_CONTEXT_JSON", "{}") or "{}")
    return context.get("cdktfOutdir") or "cdktf.out"


def main(paths: list[str]) -> int:
    validated = session.validated_or_report(paths)
    if validated is None:
        return EXIT_INVALID
    from plinth.gate import GateError, render, run_gate_rendered

    outdir = _outdir()
    rendered = session.synthesize(validated.blueprints, outdir, release=True)
    try:
        result = run_gate_rendered(rendered)
    except GateError as exc:
        print(f"plinth gate: {exc.render()}", file=sys.stderr)
        _poison(outdir)
        return session.finish(EXIT_INVALID)
    failures = session.rule_and_budget_failures(validated.blueprints)
    if result.passed and not failures:
        print("plinth gate: PASS")   # stdout: the cdktf CLI shows an app's stderr as [ERROR]
        return session.finish(0)
    print(render(result, "text"), file=sys.stderr)
    for line in failures:
        print(line, file=sys.stderr)
    print("plinth gate: FAIL — refusing to hand this Terraform to cdktf deploy", file=sys.stderr)
    _poison(outdir)
    return session.finish(EXIT_GATE)


def _poison(outdir: str) -> None:
    """Remove what CDKTF wrote, so no later step can pick up Terraform that failed the gate."""
    import shutil

    shutil.rmtree(os.path.join(outdir, "stacks"), ignore_errors=True)
