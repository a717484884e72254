"""What `plinth check` and `plinth audit` share: output options, writing the report, exit codes."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable

from plinth.gate.errors import GateError

FORMATS = ("text", "json", "sarif", "junit", "markdown")
EXIT_USER_ERROR = 2


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="report format (default: text); markdown is the auditor's control matrix")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write the report to FILE instead of standard output")


def write_report(text: str, output: str | None) -> None:
    """Print the report, or replace FILE atomically with it."""
    if not output:
        sys.stdout.write(text)
        return
    target = Path(output)
    if target.parent and not target.parent.is_dir():
        raise GateError(f"cannot write {output}: {target.parent} is not a folder")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise GateError(f"cannot write {output}: {exc.strerror}") from None


def run_and_report(command: str, gate: Callable[[], object], args: argparse.Namespace) -> int:
    """Run the gate, render the report; user errors become a message and exit code 2."""
    from plinth.gate import render

    try:
        result = gate()
        write_report(render(result, args.format), args.output)  # type: ignore[arg-type]
    except GateError as exc:
        print(f"plinth {command}: {exc.render()}", file=sys.stderr)
        return EXIT_USER_ERROR
    if args.output or args.format != "text":
        failed = [b.name for b in result.blueprints if not b.passed]  # type: ignore[attr-defined]
        summary = f"FAIL ({', '.join(failed)})" if failed else "PASS"
        where = f"; report written to {args.output}" if args.output else ""
        print(f"plinth {command}: {summary}{where}", file=sys.stderr)
    return result.exit_code  # type: ignore[attr-defined]
