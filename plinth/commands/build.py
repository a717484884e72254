"""`plinth build`: validate + AI rules + synth + gate + budget, in one process, one jsii runtime.

An unchanged rebuild (same inputs, same output on disk) replays the recorded verdict from the
content-addressed cache (plinth/build_cache.py) without starting CDKTF or checkov."""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

from plinth import build_cache
from plinth.commands import session
from plinth.commands.validate import EXIT_INVALID
from plinth.gate.cli_support import EXIT_USER_ERROR, add_output_options, run_and_report
from plinth.loader import find_blueprints


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="validate, synthesize and gate blueprints (what CI runs)",
                       description="Validate blueprints, run the AI-infrastructure rules, synthesize them into "
                                   "DIR, then run the HIPAA/PCI gate and the budget check on the result. Exit 0 "
                                   "when everything passes, 1 when the gate, an error-severity rule or a budget "
                                   "fails, 2 when a blueprint is invalid (nothing is written then).")
    p.add_argument("paths", nargs="*", default=["blueprints/"], metavar="PATH",
                   help="blueprint files or folders (default: blueprints/)")
    p.add_argument("--out", default="generated", metavar="DIR", help="output folder (default: generated/)")
    p.add_argument("--no-cache", action="store_true", help="rebuild even when nothing changed")
    add_output_options(p)


def run(args: argparse.Namespace) -> int:
    files, _ = find_blueprints(args.paths)
    key = build_cache.key(files, {"paths": args.paths, "out": args.out, "format": args.format})
    if not args.no_cache and not args.output:
        hit = build_cache.lookup(key, Path(args.out))
        if hit is not None:
            sys.stdout.write(hit["stdout"])
            sys.stderr.write(hit["stderr"] + "(unchanged: verdict replayed from .plinth-cache/)\n")
            return hit["exit_code"]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code, names = _build(args)
    sys.stdout.write(out.getvalue())
    sys.stderr.write(err.getvalue())
    if names and code in (0, 1) and not args.output:
        build_cache.store(key, Path(args.out), names, code, out.getvalue(), err.getvalue())
    return session.finish(code)


def _build(args: argparse.Namespace) -> tuple[int, list[str]]:
    validated = session.validated_or_report(args.paths)
    if validated is None:
        return EXIT_INVALID, []
    from plinth.compile import output

    rendered = session.synthesize(validated.blueprints, release=True)
    outdir = Path(args.out)
    written = output.write(outdir, rendered)
    print(f"synthesized {len(written)} blueprint(s) into {outdir}/", file=sys.stderr)
    from plinth.gate import run_gate

    code = run_and_report("build", lambda: run_gate(written), args)
    extra = session.rule_and_budget_failures(validated.blueprints)
    for line in extra:
        print(line, file=sys.stderr)
    if code == EXIT_USER_ERROR:
        return code, []
    return (1 if code or extra else 0), sorted(rendered)
