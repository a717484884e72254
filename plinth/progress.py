"""Progress for the long steps (loading providers, synthesizing, running checkov): shown on a
terminal, silent in CI, when piped, or with `plinth --quiet`. Progress lines are never coloured
(plinth/colour.py colours verdicts and severities only)."""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from typing import Iterator

QUIET = False


def enabled() -> bool:
    stream = sys.__stderr__
    return (not QUIET and not os.environ.get("CI") and stream is not None and stream.isatty())


@contextmanager
def step(message: str) -> Iterator[None]:
    """`plinth: message …` then `done (1.2 s)` on the same line, on the real terminal only."""
    if not enabled():
        yield
        return
    stream = sys.__stderr__
    stream.write(f"plinth: {message} …")
    stream.flush()
    start = time.perf_counter()
    try:
        yield
    finally:
        stream.write(f" done ({time.perf_counter() - start:.1f} s)\n")
        stream.flush()
