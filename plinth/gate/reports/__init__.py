"""Report formats. Each renders the same GateResult, in the same deterministic order."""

from __future__ import annotations

import importlib

from plinth.gate.errors import GateError
from plinth.gate.model import GateResult
from plinth.gate.reports.options import PLAIN, ReportOptions

_MODULES = {"text": "text", "json": "json_report", "sarif": "sarif", "junit": "junit", "markdown": "markdown",
            "gitlab-sast": "gitlab_sast"}
FORMATS = tuple(_MODULES)


def render(result: GateResult, fmt: str, options: ReportOptions = PLAIN) -> str:
    if fmt not in _MODULES:
        raise GateError(f"unknown report format {fmt!r}", "formats: " + ", ".join(_MODULES))
    return importlib.import_module(f"{__name__}.{_MODULES[fmt]}").render(result, options)
