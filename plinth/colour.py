"""Colour for verdicts and severities in text output, and nothing else.

On only when the stream is a terminal, and never when NO_COLOR is set to any non-empty value
(https://no-color.org), when TERM is `dumb`, or in CI (CI set). Reports written to a file are never
coloured. Importing checkov wraps the process's standard streams with colorama so that every
write on a terminal ends in a reset sequence; `checkov_streams` undoes that."""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from typing import IO, Iterator

RESET = "\x1b[0m"
STYLES = {
    "pass": "\x1b[1;32m",      # bold green
    "fail": "\x1b[1;31m",      # bold red
    "error": "\x1b[1;31m",
    "warning": "\x1b[1;33m",   # bold yellow
    "note": "\x1b[36m",        # cyan: waived, exempt, info
}


def enabled(stream: IO[str] | None) -> bool:
    """Whether text for `stream` may carry colour."""
    if os.environ.get("NO_COLOR") or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:            # a closed stream
        return False


def paint(text: str, style: str, on: bool) -> str:
    """`text` in `style` (a key of STYLES) when `on`, else unchanged."""
    return f"{STYLES[style]}{text}{RESET}" if on else text


def verdict(passed: bool, on: bool) -> str:
    return paint("PASS", "pass", on) if passed else paint("FAIL", "fail", on)


@contextlib.contextmanager
def checkov_streams() -> Iterator[None]:
    """Around the import of checkov: keep sys.stdout / sys.stderr as they were, and drop the exit
    hook colorama registers. checkov calls `colorama.init(autoreset=True)` on import, which on a
    terminal appends ESC[0m to every write, whatever NO_COLOR says. Also sets checkov's own switch
    for colourless output (ANSI_COLORS_DISABLED, honoured by checkov and termcolor)."""
    saved = sys.stdout, sys.stderr
    os.environ.setdefault("ANSI_COLORS_DISABLED", "1")
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
        initialise = sys.modules.get("colorama.initialise")
        if initialise is not None:
            atexit.unregister(initialise.reset_all)
