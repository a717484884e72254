"""Per-blueprint gate results, content-addressed: a blueprint whose stacks, manifest, blueprint
file, catalog, checks and pinned versions are unchanged (and on the same day: waivers expire) is
not gated again, so editing one blueprint of fifty runs checkov over one.

The key covers build_cache.engine_digest() (plinth, constructs, schemas, policies incl. our checks,
pins, installed versions incl. checkov, Python, working folder), the date, the build folder, and
the bytes of manifest.json, every stack file and the blueprint file. Entries are JSON
(plinth/gate/result_codec.py) in .plinth-cache/ or $PLINTH_CACHE_DIR; only `plinth check` and
`plinth build` use it, and `--no-cache` turns it off. Entries are trusted as they are, like the
checkout itself: the cdktf app (main.py, what `cdktf deploy` runs) never uses this cache."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from plinth import build_cache
from plinth.gate import result_codec
from plinth.gate.model import BlueprintResult

MAX_ENTRIES = 256
_PREFIX = "gate-"


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"\0missing"


def key(unit: Any, today: dt.date, engine: bytes) -> str | None:
    build = unit.build
    if build is None:
        return None
    digest = hashlib.sha256(engine)
    digest.update(json.dumps({"today": str(today), "dir": str(build.dir), "file": build.file,
                              "profiles": list(unit.profiles)}, sort_keys=True).encode())
    for path in [build.dir / "manifest.json", *(s.file for s in unit.stacks), Path(build.file)]:
        digest.update(str(path).encode() + b"\0" + hashlib.sha256(_bytes(path)).digest())
    return digest.hexdigest()


def load(cache_key: str | None) -> BlueprintResult | None:
    data = build_cache.read_entry(_PREFIX, cache_key) if cache_key is not None else None
    try:
        result = result_codec.decode(data)
    except (KeyError, TypeError):
        return None
    return result if isinstance(result, BlueprintResult) else None


def save(cache_key: str | None, result: BlueprintResult) -> None:
    if cache_key is not None:
        build_cache.write_entry(_PREFIX, cache_key, result_codec.encode(result), keep=MAX_ENTRIES)
