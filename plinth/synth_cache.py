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
    files = build_cache.read_entry(_PREFIX, key)
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return None
    return files


def save(key: str, files: dict[str, str]) -> None:
    build_cache.write_entry(_PREFIX, key, files, keep=MAX_ENTRIES)
