"""`plinth build`: validate + AI rules + synth + gate + budget, in one process, one jsii runtime."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plinth.commands import session
from plinth.commands.validate import EXIT_INVALID
from plinth.gate.cli_support import EXIT_USER_ERROR, add_output_options, run_and_report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="validate, synthesize and gate blueprints (what CI runs)",
                       description="Validate blueprints, run the AI-infrastructure rules, synthesize them into "
                                   "DIR, then run the HIPAA/PCI gate and the budget check on the result. Exit 0 "
                                   "when everything passes, 1 when the gate, an error-severity rule or a budget "
                                   "fails, 2 when a blueprint is invalid (nothing is written then).")
    p.add_argument("paths", nargs="*", default=["blueprints/"], metavar="PATH",
                   help="blueprint files or folders (default: blueprints/)")
    p.add_argument("--out", default="generated", metavar="DIR", help="output folder (default: generated/)")
    add_output_options(p)


def run(args: argparse.Namespace) -> int:
    validated = session.validated_or_report(args.paths)
    if validated is None:
        return EXIT_INVALID
    from plinth.compile import output

    rendered = session.synthesize(validated.blueprints)
    outdir = Path(args.out)
    written = output.write(outdir, rendered)
    print(f"synthesized {len(written)} blueprint(s) into {outdir}/", file=sys.stderr)
    from plinth.gate import run_gate

    code = run_and_report("build", lambda: run_gate(written), args)
    extra = session.rule_and_budget_failures(validated.blueprints)
    for line in extra:
        print(line, file=sys.stderr)
    if code == EXIT_USER_ERROR:
        return session.finish(code)
    return session.finish(1 if code or extra else 0)
