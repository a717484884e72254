"""Presence checks: what checkov cannot see because it is missing (an audit trail, a flow log, a
tag). One check per file, named by its ID; each module defines `CHECK`. Nothing registers itself:
`all_checks()` finds the modules by name."""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re

from plinth.gate.presence.base import Context, PresenceCheck, PresenceResult

_ID = re.compile(r"^PLN_PRES_[0-9]{3}$")

__all__ = ["Context", "PresenceCheck", "PresenceResult", "all_checks"]


@functools.lru_cache(maxsize=1)
def all_checks() -> dict[str, PresenceCheck]:
    """ID → check, for every PLN_PRES_*.py module in this package."""
    out: dict[str, PresenceCheck] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if _ID.match(info.name):
            check = importlib.import_module(f"{__name__}.{info.name}").CHECK
            if check.id != info.name:
                raise RuntimeError(f"presence check {info.name} declares the ID {check.id}")
            out[check.id] = check
    return out
