"""`plinth synth`: blueprints → generated/<blueprint>/<stack>/cdk.tf.json, deterministic and atomic."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from plinth.commands import invalid, session
from plinth.commands.validate import EXIT_INVALID

EXIT_STALE = 3


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("synth", help="compile blueprints into Terraform JSON under generated/",
                       description="Validate, then synthesize every blueprint into generated/<blueprint>/ "
                                   "(one folder per stack, plus manifest.json). Output is byte-for-byte "
                                   "deterministic and replaced atomically.")
    p.add_argument("paths", nargs="*", default=["blueprints/"], metavar="PATH",
                   help="blueprint files or folders (default: blueprints/)")
    p.add_argument("--out", default="generated", metavar="DIR", help="output folder (default: generated/)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 3 when DIR differs from what the blueprints produce (for CI)")
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    p.add_argument("--no-cache", action="store_true",
                   help="synthesize every blueprint, even those unchanged since a synthesis kept in .plinth-cache/")


def run(args: argparse.Namespace) -> int:
    validated = invalid.validated_or_report(args.paths, "synth", args.format == "json", "nothing was written")
    if validated is None:
        return EXIT_INVALID
    rendered = session.synthesize(validated.blueprints, cache=not args.no_cache)
    return session.finish(_emit(Path(args.out), rendered, args.check, args.format == "json"))


def stacks_of(rendered: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    """{blueprint: [stack, ...]} of synthesized output, sorted."""
    return {name: sorted(p.split("/")[0] for p in files if p.endswith("/cdk.tf.json"))
            for name, files in sorted(rendered.items())}


def _emit(outdir: Path, rendered: dict[str, dict[str, str]], check: bool, as_json: bool) -> int:
    from plinth.compile import output

    removed = {} if check else output.orphans(outdir, rendered)
    if as_json:
        diffs = output.differences(outdir, rendered) if check else []
        written = [] if check else output.write(outdir, rendered)
        print(json.dumps({"out": str(outdir), "check": check, "up_to_date": not diffs if check else None,
                          "differences": diffs,
                          "blueprints": stacks_of(rendered),
                          "written": [str(p) for p in written],
                          "removed": {str(p): why for p, why in removed.items()}}, indent=2))
        return EXIT_STALE if diffs else 0
    if check:
        diffs = output.differences(outdir, rendered)
        for line in diffs:
            print(line, file=sys.stderr)
        if diffs:
            print(f"\n{outdir}/ is out of date: run `plinth synth` and commit the result", file=sys.stderr)
            return EXIT_STALE
        print(f"{outdir}/ is up to date ({len(rendered)} blueprints)")
        return 0
    for path in output.write(outdir, rendered):
        stacks = sorted(p.parent.name for p in path.glob("*/cdk.tf.json"))
        print(f"{path}/: {', '.join(stacks)}")
    for path, why in removed.items():
        print(f"{path}/: removed ({why})")
    return 0
