"""What `plinth check`, `plinth audit` and `plinth build` share: output options, running the gate,
writing the report, the one-line verdict on stderr, exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable

from plinth import colour
from plinth.gate.errors import GateError
from plinth.gate.reports import FORMATS

EXIT_USER_ERROR = 2


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="report format (default: text); markdown is the auditor's control matrix, "
                             "gitlab-sast is GitLab's gl-sast-report.json")
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


def error_document(command: str, exc: GateError) -> dict:
    """`--format json` when the gate cannot run: the same error shape as the blueprint errors."""
    return {"tool": "plinth", "mode": command, "passed": False,
            "errors": [{"file": None, "line": None, "column": None, "message": exc.message, "hint": exc.hint,
                        "value": None, "code": "gate.error"}]}


def report_error(command: str, exc: GateError, args: argparse.Namespace) -> int:
    """The message on stderr (and, for `--format json` on stdout, a JSON document); exit 2."""
    print(f"plinth {command}: {exc.render()}", file=sys.stderr)
    if args.format == "json" and not args.output:
        print(json.dumps(error_document(command, exc), indent=2))
    return EXIT_USER_ERROR


def run_gate(gate: Callable[[], object]):
    """Run the gate; the result, with the times it started and ended (UTC)."""
    from plinth.gate.reports.options import ReportOptions

    started = dt.datetime.now(dt.timezone.utc)
    result = gate()
    return result, ReportOptions(started=started, ended=dt.datetime.now(dt.timezone.utc))


def summarize(command: str, result, args: argparse.Namespace, also_failed: tuple[str, ...] = ()) -> None:
    """`plinth check: FAIL (a, b); report written to FILE` on stderr, unless the text report (which
    ends with its own summary) went to the terminal. `also_failed`: blueprints failing outside the
    gate (`plinth build`: AI rules, budget)."""
    if not (args.output or args.format != "text"):
        return
    failed = sorted({b.name for b in result.blueprints if not b.passed} | set(also_failed))
    word = colour.verdict(not failed, colour.enabled(sys.stderr))
    summary = f"{word} ({', '.join(failed)})" if failed else word
    where = f"; report written to {args.output}" if args.output else ""
    print(f"plinth {command}: {summary}{where}", file=sys.stderr)


def run_and_report(command: str, gate: Callable[[], object], args: argparse.Namespace) -> int:
    """Run the gate, render the report; user errors become a message and exit code 2."""
    import dataclasses

    from plinth.gate.reports import render

    try:
        result, options = run_gate(gate)
        options = dataclasses.replace(options, colour=not args.output and colour.enabled(sys.stdout))
        write_report(render(result, args.format, options), args.output)  # type: ignore[arg-type]
    except GateError as exc:
        return report_error(command, exc, args)
    summarize(command, result, args)
    return result.exit_code  # type: ignore[attr-defined]
