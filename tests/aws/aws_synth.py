"""AWS test helpers: `strip` (a resource without metadata, tags, dependencies and provider); the
shared reader of synthesized output, `Synth`, lives in tests/synth_output.py."""

from __future__ import annotations

from typing import Any

from synth_output import Synth  # noqa: F401  (re-exported for the AWS tests)

META_KEYS = ("//", "tags", "depends_on", "lifecycle", "provider")


def strip(body: dict[str, Any]) -> dict[str, Any]:
    """The resource's own arguments, without metadata, tags, dependencies and provider."""
    return {k: v for k, v in body.items() if k not in META_KEYS}
