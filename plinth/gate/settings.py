"""Which blueprint setting decides a check (policies/settings.yaml), so a finding can point at the
key the user wrote (`versioning: false`) rather than at the component (`lake:`)."""

from __future__ import annotations

import functools
from typing import Any

from plinth import datafile
from plinth.paths import POLICIES

SETTINGS = POLICIES / "settings.yaml"


@functools.lru_cache(maxsize=1)
def table() -> dict[tuple[str, str], tuple[str, ...]]:
    """(check ID, component kind) → setting path below the component."""
    data: dict[str, Any] = datafile.load(SETTINGS)
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for row in data["settings"]:
        for check in row["checks"]:
            out[(check, row["kind"])] = tuple(row["setting"])
    return out


def setting_for(check_id: str, kind: str | None) -> tuple[str, ...] | None:
    return table().get((check_id, kind)) if kind else None
