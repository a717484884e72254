"""Small helpers shared by the semantic checks."""

from __future__ import annotations

from plinth.diagnostics import Diagnostic, PathT
from plinth.model import Blueprint

CLOUD_NAMES = {"aws": "AWS", "gcp": "GCP", "azure": "Azure"}


def diag(bp: Blueprint, path: PathT, message: str, hint: str | None = None, code: str = "",
         key: bool = False) -> Diagnostic:
    if bp.doc is not None:
        return bp.doc.diag(path, message, hint, key=key, code=code)
    return Diagnostic(bp.file, 1, 1, message, path, hint, code)


def comp_path(name: str, *rest: str | int) -> PathT:
    return ("components", name, *rest)
