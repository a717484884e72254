"""plinth's own data files (catalogs, policies): read with libyaml when PyYAML has it.

These files are ours and need no positions, so the C loader (about 8x faster) is safe for them;
tests/test_datafile.py proves it reads every one of them exactly as PyYAML's pure loader does.
Blueprints are user input and go through plinth/loader.py (pure PyYAML: positions, limits)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
