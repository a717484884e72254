"""Writing generated/ atomically and under a lock; comparing it for `synth --check`."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

LOCK = ".plinth.lock"
_STAGING = ".staging-"
_RETIRED = ".retired-"


@contextmanager
def locked(outdir: Path) -> Iterator[None]:
    """One writer at a time; a second run waits for the first instead of interleaving."""
    outdir.mkdir(parents=True, exist_ok=True)
    with open(outdir / LOCK, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            recover(outdir)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(outdir: Path) -> None:
    """Finish or undo a swap that a killed run left half done."""
    for retired in outdir.glob(_RETIRED + "*"):
        name = retired.name[len(_RETIRED):]
        target = outdir / name
        if target.exists():
            shutil.rmtree(retired)
        else:
            os.replace(retired, target)  # the new tree never landed: put the old one back
    for staging in outdir.glob(_STAGING + "*"):
        shutil.rmtree(staging)


def _write_tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in sorted(files.items()):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())


MANIFEST = "manifest.json"


def _blueprint_file(manifest_text: str) -> str | None:
    try:
        return json.loads(manifest_text)["blueprint"]["file"]
    except (ValueError, KeyError, TypeError):
        return None


def orphans(outdir: Path, rendered: dict[str, dict[str, str]]) -> dict[Path, str]:
    """Output folders no blueprint produces any more, with why: the blueprint they came from was
    renamed (its file now produces another folder) or its file is gone. Folders of blueprints that
    were simply not asked for this time are left alone."""
    if not outdir.is_dir():
        return {}
    producing = {_blueprint_file(files.get(MANIFEST, "")): name for name, files in rendered.items()}
    # "Gone" is judged only in folders this run read blueprints from, with paths written the way
    # this run writes them (relative to the same working folder): a manifest path that only looks
    # missing because plinth runs from elsewhere never deletes anything.
    folders = {str(Path(f).parent) for f in producing if f}
    out = {}
    for folder in sorted(p for p in outdir.iterdir() if p.is_dir() and p.name not in rendered):
        manifest = folder / MANIFEST
        if not manifest.is_file():
            continue
        source = _blueprint_file(manifest.read_text(encoding="utf-8", errors="replace"))
        if source is None:
            continue
        if source in producing:
            out[folder] = f"{source} now produces {producing[source]}/"
        elif str(Path(source).parent) in folders and not Path(source).exists():
            out[folder] = f"its blueprint {source} no longer exists"
    return out


def write(outdir: Path, rendered: dict[str, dict[str, str]]) -> list[Path]:
    """Replace generated/<blueprint>/ for each blueprint; the old tree stays until the new is whole.
    Folders of renamed or deleted blueprints (`orphans`) are removed."""
    written = []
    with locked(outdir):
        for folder in orphans(outdir, rendered):
            retired = outdir / f"{_RETIRED}{folder.name}"
            os.replace(folder, retired)
            shutil.rmtree(retired)
        for name, files in sorted(rendered.items()):
            target = outdir / name
            if _same_tree(target, files):
                written.append(target)   # already exactly this: no rewrite, no fsync, mtimes kept
                continue
            staging = outdir / f"{_STAGING}{name}"
            retired = outdir / f"{_RETIRED}{name}"
            if staging.exists():
                shutil.rmtree(staging)
            _write_tree(staging, files)
            if target.exists():
                os.replace(target, retired)
            os.replace(staging, target)
            if retired.exists():
                shutil.rmtree(retired)
            written.append(target)
        _fsync_dir(outdir)
    return written


def _same_tree(root: Path, files: dict[str, str]) -> bool:
    """Whether `root` holds exactly `files` (same paths, same text), nothing more."""
    if not root.is_dir():
        return False
    on_disk = {str(p.relative_to(root)): p for p in root.rglob("*") if p.is_file()}
    if set(on_disk) != set(files):
        return False
    try:
        return all(on_disk[rel].read_text(encoding="utf-8") == text for rel, text in files.items())
    except (OSError, UnicodeDecodeError):
        return False


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def differences(outdir: Path, rendered: dict[str, dict[str, str]]) -> list[str]:
    """Human-readable differences between generated/ and what the blueprints produce."""
    out: list[str] = [f"{folder}/: stale ({why})" for folder, why in orphans(outdir, rendered).items()]
    for name, files in sorted(rendered.items()):
        root = outdir / name
        on_disk = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.is_dir() else set()
        for rel in sorted(set(files) | on_disk):
            path = root / rel
            if rel not in files:
                out.append(f"{path}: not produced by the blueprint (stale)")
            elif rel not in on_disk:
                out.append(f"{path}: missing")
            elif path.read_text(encoding="utf-8") != files[rel]:
                out.append(f"{path}: differs from what the blueprint produces")
    return out
