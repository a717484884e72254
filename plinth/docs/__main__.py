"""`python -m plinth.docs [--check]`: regenerate (or check) every generated doc."""

from __future__ import annotations

import argparse
import sys

from plinth.docs import GENERATED_DOCS, stale
from plinth.paths import ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plinth.docs", description="Regenerate every generated doc.")
    parser.add_argument("--check", action="store_true", help="exit 1 when a generated doc is out of date")
    args = parser.parse_args(argv)
    found = stale()
    if args.check:
        for path, doc in found:
            print(f"out of date: {path.relative_to(ROOT)} (run `{doc.command}`)", file=sys.stderr)
        return 1 if found else 0
    for path, doc in found:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(doc.expected()[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    if not found:
        print(f"{sum(len(d.paths) for d in GENERATED_DOCS)} generated docs are current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
