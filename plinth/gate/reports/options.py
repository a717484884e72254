"""What a report may need beyond the gate's result: colour (text on a terminal) and the times the
gate ran (GitLab's scan.start_time / end_time). Every other format ignores both."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportOptions:
    colour: bool = False
    started: dt.datetime | None = None     # UTC
    ended: dt.datetime | None = None       # UTC


PLAIN = ReportOptions()
