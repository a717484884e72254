"""`plinth graph`: the architecture of blueprints as a Mermaid, Graphviz DOT or JSON diagram."""

from __future__ import annotations

import argparse

from plinth.commands.invalid import validated_or_report

EXIT_INVALID = 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("graph", help="draw a blueprint's architecture (Mermaid, Graphviz DOT or JSON)",
                       description="Draw the architecture of blueprints from the validated model: networks, "
                                   "data lakes and caches, accelerator clusters and their pools, registries, "
                                   "serving endpoints per region, the blueprint key and the audit trail, "
                                   "grouped by stack and region. Never starts CDKTF. Exit 0, or 2 when a "
                                   "blueprint is invalid.")
    p.add_argument("paths", nargs="*", default=["blueprints/"], metavar="PATH",
                   help="blueprint files or folders (default: blueprints/); several make one diagram")
    p.add_argument("--format", choices=["mermaid", "dot", "json"], default="mermaid",
                   help="mermaid (default; renders in GitHub/GitLab Markdown), dot (Graphviz) or json")


def run(args: argparse.Namespace) -> int:
    from plinth import graph

    result = validated_or_report(args.paths, "graph", args.format == "json")
    if result is None:
        return EXIT_INVALID
    print(graph.render(result.blueprints, args.format), end="")
    return 0
