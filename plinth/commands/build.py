"""`plinth build`: validate + AI rules + synth + gate + budget, in one process, one jsii runtime.

An unchanged rebuild (same inputs, same output on disk) replays the recorded verdict from the
content-addressed cache (plinth/build_cache.py) without starting CDKTF or checkov.

With `--format json` the one document on stdout holds the gate report, the AI-rule and budget
results and the verdict (or the validation errors); other formats are the gate report, and the
AI-rule and budget results are lines on stderr."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from plinth import build_cache, colour
from plinth.commands import invalid, rule_budget, session
from plinth.commands.validate import EXIT_INVALID
from plinth.gate.cli_support import add_output_options, report_error, run_gate, summarize, write_report
from plinth.gate.errors import GateError
from plinth.loader import find_blueprints

if TYPE_CHECKING:
    from plinth.gate.model import GateResult

SCHEMA_VERSION = 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="validate, synthesize and gate blueprints (what CI runs)",
                       description="Validate blueprints, run the AI-infrastructure rules, synthesize them into "
                                   "DIR, then run the HIPAA/PCI gate and the budget check on the result. Exit 0 "
                                   "when everything passes, 1 when the gate, an error-severity rule or a budget "
                                   "fails, 2 when a blueprint is invalid (nothing is written then).")
    p.add_argument("paths", nargs="*", default=["blueprints/"], metavar="PATH",
                   help="blueprint files or folders (default: blueprints/)")
    p.add_argument("--out", default="generated", metavar="DIR", help="output folder (default: generated/)")
    p.add_argument("--no-cache", action="store_true",
                   help="rebuild everything even when nothing changed (no verdict replay, no cached synthesis)")
    add_output_options(p)


class _Recorder(io.StringIO):
    """Records what a stream would show. It is a terminal when the stream is one, so colour is
    decided as without recording (and the cache key holds that decision)."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def run(args: argparse.Namespace) -> int:
    files, _ = find_blueprints(args.paths)
    painted = (colour.enabled(sys.stdout), colour.enabled(sys.stderr))
    options = {"paths": args.paths, "out": args.out, "format": args.format, "colour": painted}
    if args.format == "gitlab-sast":       # its scan times come from here when set
        from plinth.gate.reports.gitlab_sast import source_date_epoch

        try:
            options["source_date_epoch"] = str(source_date_epoch())
        except GateError as exc:
            return report_error("build", exc, args)
    key = build_cache.key(files, options)
    if not args.no_cache and not args.output:
        hit = build_cache.lookup(key, Path(args.out))
        if hit is not None:
            sys.stdout.write(hit["stdout"])
            sys.stderr.write(hit["stderr"] + "(unchanged: verdict replayed from .plinth-cache/)\n")
            return hit["exit_code"]
    out, err = _Recorder(painted[0]), _Recorder(painted[1])
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code, names = _build(args)
    sys.stdout.write(out.getvalue())
    sys.stderr.write(err.getvalue())
    if names and code in (0, 1) and not args.output:
        build_cache.store(key, Path(args.out), names, code, out.getvalue(), err.getvalue())
    return session.finish(code)


def _build(args: argparse.Namespace) -> tuple[int, list[str]]:
    as_json = args.format == "json"
    validated = invalid.validated_or_report(args.paths, "build", as_json, "nothing was written")
    if validated is None:
        return EXIT_INVALID, []
    from plinth.compile import output

    rendered = session.synthesize(validated.blueprints, release=True, cache=not args.no_cache)
    outdir = Path(args.out)
    written = output.write(outdir, rendered)
    print(f"synthesized {len(written)} blueprint(s) into {outdir}/", file=sys.stderr)
    from plinth.gate import run_gate as gate

    extra = rule_budget.failures(validated.blueprints)
    failing = tuple(sorted({f.blueprint for f in extra if not f.waived}))
    try:
        result, options = run_gate(lambda: gate(written, cache=not args.no_cache))
        if as_json:
            text = json.dumps(document(args, rendered, result, extra), indent=2, ensure_ascii=False) + "\n"
        else:
            from plinth.gate.reports import render

            options = dataclasses.replace(options, colour=not args.output and colour.enabled(sys.stdout))
            text = render(result, args.format, options)
        write_report(text, args.output)
    except GateError as exc:
        return report_error("build", exc, args), []
    if not as_json:
        paint = colour.enabled(sys.stderr)
        for f in sorted(extra, key=lambda f: not f.waived):   # waived ones first, as before
            print(f.text(paint), file=sys.stderr)
    summarize("build", result, args, failing)
    return (1 if result.exit_code or failing else 0), sorted(rendered)


def document(args: argparse.Namespace, rendered: dict[str, dict[str, str]], result: GateResult,
             extra: list[rule_budget.Failure]) -> dict:
    """The build as one JSON document: what was written, the gate report, the AI-rule and budget
    results (waived ones included, marked), the verdict."""
    from plinth.commands.synth import stacks_of
    from plinth.gate.reports.json_report import document as gate_document

    failing = sorted({f.blueprint for f in extra if not f.waived} | {b.name for b in result.blueprints if not b.passed})
    return {"schema_version": SCHEMA_VERSION, "tool": "plinth", "mode": "build", "passed": not failing,
            "failed": failing, "out": str(args.out),
            "blueprints": stacks_of(rendered),
            "gate": gate_document(result), "rules_and_budget": [f.to_json() for f in extra]}
