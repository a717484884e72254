"""Per-blueprint synthesis cache: a blueprint whose text, path and engine are unchanged is not
synthesized again, so editing one blueprint of fifty re-synthesizes one.

The key is the blueprint's path and bytes plus build_cache.engine_digest() (plinth's sources,
constructs, catalogs, schemas, policies, pins, installed versions, Python). A blueprint's Terraform
does not depend on the other blueprints synthesized with it (tests/test_synth_cache.py proves a
blueprint synthesized alone equals the committed output of the batch). Entries are JSON files in
.plinth-cache/; the oldest beyond MAX_ENTRIES are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Sequence

from plinth import build_cache
from plinth.model import Blueprint

MAX_ENTRIES = 256
_PREFIX = "synth-"


def keys(blueprints: Sequence[Blueprint]) -> dict[str, str]:
    """blueprint name → cache key (blueprints not read from a file have none)."""
    engine = build_cache.engine_digest()
    out = {}
    for bp in blueprints:
        if bp.doc is None:
            continue
        digest = hashlib.sha256(engine)
        digest.update(json.dumps({"file": bp.file}).encode())
        digest.update(bp.doc.text.encode("utf-8"))
        out[bp.name] = digest.hexdigest()
    return out


def load(key: str) -> dict[str, str] | None:
    try:
        files = json.loads((build_cache.CACHE_DIR / f"{_PREFIX}{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return None
    return files


def save(key: str, files: dict[str, str]) -> None:
    """Write atomically; a cache that cannot be written is skipped, never an error."""
    folder = build_cache.CACHE_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{_PREFIX}{key}.{os.getpid()}"
        tmp.write_text(json.dumps(files, sort_keys=True), encoding="utf-8")
        os.replace(tmp, folder / f"{_PREFIX}{key}.json")
        _prune(folder)
    except OSError:
        return


def _prune(folder) -> None:
    entries = sorted(folder.glob(f"{_PREFIX}*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        old.unlink(missing_ok=True)
