"""`plinth cost`: monthly cost per blueprint and component, the budget gate, and cost diffs. No CDKTF."""

from __future__ import annotations

import argparse
import json
import sys

from plinth import colour
from plinth.commands import invalid
from plinth.pipeline import validate_paths

EXIT_OK, EXIT_OVER_BUDGET, EXIT_INVALID = 0, 1, 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "cost", help="estimate monthly cost per blueprint and check it against the budget",
        description="Estimate each blueprint's monthly cost (min / expected / max per component, split into "
                    "compute, storage and network) from the price catalog plinth/data/prices.yaml. Exit 0 when "
                    "every expected cost is within its budget, 1 when one exceeds it, 2 when a blueprint is invalid.")
    p.add_argument("paths", nargs="*", default=["blueprints/"], metavar="PATH",
                   help="blueprint files or folders (default: blueprints/)")
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text", help="output format (default: text)")
    p.add_argument("--diff", metavar="REF", help="show the cost change against the blueprints at git ref REF")
    p.add_argument("--no-assumptions", action="store_true", help="text format: leave out the assumptions")


def run(args: argparse.Namespace) -> int:
    from plinth.cost import estimate
    from plinth.cost import render
    from plinth.cost.diff import GitError, diff

    result = validate_paths(args.paths)
    if not result.ok:
        invalid.report(result, "cost", args.format == "json")
        return EXIT_INVALID
    ests = [estimate(bp) for bp in result.blueprints]
    if args.diff:
        try:
            diffs = diff(args.diff, args.paths, result.blueprints)
        except GitError as exc:
            print(f"plinth cost --diff: error: {exc.message}\n  = hint: {exc.hint}", file=sys.stderr)
            if args.format == "json":
                print(json.dumps({"ref": args.diff, "errors": [{
                    "file": exc.file, "line": None, "column": None, "message": exc.message, "value": args.diff,
                    "hint": exc.hint, "code": exc.code}]}, indent=2))
            return EXIT_INVALID
        out = {"text": render.diff_text, "json": render.diff_json, "markdown": render.diff_markdown}[args.format]
        print(out(diffs, args.diff))
    elif args.format == "json":
        print(render.estimates_json(ests))
    elif args.format == "markdown":
        print("\n\n".join(render.markdown(e) for e in ests))
    else:
        on = colour.enabled(sys.stdout)
        print("\n\n".join(render.text(e, assumptions=not args.no_assumptions, colour_on=on) for e in ests))
    over = [e for e in ests if e.over_budget]
    if over and (args.diff or args.format != "text"):
        for e in over:   # text output already says so inline
            print(f"{e.file}: over budget: expected ${render.money(e.cost.expected)} > ${render.money(e.budget)}; "
                  "top cost drivers: " + "; ".join(f"{d.label} ${render.money(d.cost.expected)}"
                                                   for d in e.drivers(3)), file=sys.stderr)
    return EXIT_OVER_BUDGET if over else EXIT_OK
