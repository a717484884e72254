"""`plinth validate`: schema and semantic checks, no CDKTF, no Node."""

from __future__ import annotations

import argparse
import json

from plinth.commands import invalid
from plinth.pipeline import validate_paths

EXIT_INVALID = 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check blueprints against the schema and semantic rules",
                       description="Validate blueprints. Exit 0 when valid, 2 when not. Never starts CDKTF.")
    p.add_argument("paths", nargs="*", default=["blueprints/"], metavar="PATH",
                   help="blueprint files or folders (default: blueprints/)")
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
    p.add_argument("--require-remote-state", action="store_true",
                   help="also fail blueprints whose Terraform state is local (for CI that deploys)")


def run(args: argparse.Namespace) -> int:
    result = validate_paths(args.paths)
    if args.require_remote_state and result.ok:
        from plinth.semantics import remote_state

        result.diagnostics += [d for bp in result.blueprints for d in remote_state.check(bp)]
    if args.format == "json":
        print(json.dumps({"valid": result.ok, "blueprints": [b.file for b in result.blueprints],
                          "errors": invalid.errors_json(result.diagnostics, result.sources)},
                         indent=2, ensure_ascii=False, default=str))
    elif result.ok:
        for bp in result.blueprints:
            print(f"{bp.file}: ok ({bp.name}, {bp.cloud} {bp.region}, {len(bp.components)} components)")
    else:
        invalid.report(result, "validate", as_json=False)
    return 0 if result.ok else EXIT_INVALID
