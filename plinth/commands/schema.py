"""`plinth schema`: the blueprint JSON Schema as one self-contained document, for editors and tools."""

from __future__ import annotations

import argparse
import json
from typing import Any

from plinth.paths import SCHEMAS
from plinth.schema import ROOT_SCHEMA


def _rewrite(node: Any) -> Any:
    """Point `$ref`s at `#/$defs/<name>` instead of sibling files."""
    if isinstance(node, dict):
        out = {k: _rewrite(v) for k, v in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.endswith(".schema.json"):
            out["$ref"] = "#/$defs/" + ref.rsplit("/", 1)[-1].removesuffix(".schema.json")
        return out
    if isinstance(node, list):
        return [_rewrite(v) for v in node]
    return node


def bundled() -> dict:
    root = json.loads((SCHEMAS / ROOT_SCHEMA).read_text())
    defs = {}
    for path in sorted((SCHEMAS / "components").glob("*.schema.json")):
        part = json.loads(path.read_text())
        for key in ("$schema", "$id"):
            part.pop(key, None)
        defs[path.name.removesuffix(".schema.json")] = _rewrite(part)
    root = _rewrite(root)
    root["$id"] = "https://plinth.invalid/schemas/blueprint.schema.json"
    root["$defs"] = defs
    return root


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="print the blueprint JSON Schema (bundled into one document)",
                       description="Print the blueprint JSON Schema (draft 2020-12) with every component schema "
                                   "inlined under $defs. The source files are schemas/*.schema.json.")
    p.add_argument("--format", choices=["json"], default="json",
                   help="output format: json, the only one (accepted like every command's --format json)")


def run(args: argparse.Namespace) -> int:
    print(json.dumps(bundled(), indent=2, sort_keys=True))
    return 0
