"""`plinth rules`: every AI-infrastructure rule with its severity, title and explanation."""

from __future__ import annotations

import argparse
import json
import textwrap

from plinth.rules import AI_PACK
from plinth.rules.docs import render


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rules", help="list the AI-infrastructure rules and what they check",
                       description="List every rule of the AI-infrastructure pack: ID, default severity, "
                                   "title and explanation. `plinth lint` runs them.")
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text",
                   help="output format (default: text; markdown is docs/rules.md)")


def run(args: argparse.Namespace) -> int:
    if args.format == "json":
        print(json.dumps([{"id": r.id, "severity": r.severity, "title": r.title, "explanation": r.explanation,
                           "looks_at": list(r.looks_at)} for r in AI_PACK], indent=2))
    elif args.format == "markdown":
        print(render(), end="")
    else:
        for i, r in enumerate(AI_PACK):
            if i:
                print()
            print(f"{r.id}  {r.severity:<7}  {r.title}")
            print(textwrap.fill(r.explanation, width=100, initial_indent="    ", subsequent_indent="    "))
    return 0
