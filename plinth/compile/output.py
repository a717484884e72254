"""Writing generated/ atomically and under a lock; comparing it for `synth --check`."""

from __future__ import annotations

import fcntl
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


def write(outdir: Path, rendered: dict[str, dict[str, str]]) -> list[Path]:
    """Replace generated/<blueprint>/ for each blueprint; the old tree stays until the new is whole."""
    written = []
    with locked(outdir):
        for name, files in sorted(rendered.items()):
            target = outdir / name
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


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def differences(outdir: Path, rendered: dict[str, dict[str, str]]) -> list[str]:
    """Human-readable differences between generated/ and what the blueprints produce."""
    out: list[str] = []
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
