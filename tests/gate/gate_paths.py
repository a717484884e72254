"""Paths and the fixed date the gate tests share."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
BUILDS = FIXTURES / "builds"
GOLDEN = HERE / "golden"
TODAY = dt.date(2026, 6, 1)        # fixed, so waiver expiry is deterministic
