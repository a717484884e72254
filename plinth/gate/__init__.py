"""The HIPAA / PCI DSS gate: controls catalog → checkov + our checks + presence checks → findings
mapped to controls and blueprint lines → catalog exemptions → waivers → control statuses → verdict
→ reports.

The API the CLI, the compiler and main.py call (importing this package does not import checkov):

    from plinth.gate import find_builds, run_gate, run_audit, render, GateError
    result = run_gate(find_builds(Path("generated")))      # -> GateResult
    result = run_gate_rendered(plinth.compile.synthesize(blueprints))   # same, without writing generated/
    print(render(result, "text")); sys.exit(result.exit_code)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

from plinth.gate.errors import GateError
from plinth.gate.manifest import find_builds as _find_builds
from plinth.gate.model import BlueprintResult, ControlStatus, Finding, GateResult, Location, Problem, Waiver
from plinth.gate.reports import FORMATS

__all__ = ["FORMATS", "BlueprintResult", "ControlStatus", "Finding", "GateError", "GateResult", "Location",
           "Problem", "Waiver", "find_builds", "render", "run_audit", "run_gate", "run_gate_rendered"]


def find_builds(root: Path | str) -> list[Path]:
    """Every generated/<blueprint>/ folder (one holding manifest.json) under `root`."""
    path = Path(root)
    if not path.is_dir():
        raise GateError(f"{path} is not a folder", "run `plinth synth` first, or give the folder it wrote")
    found = _find_builds(path)
    if not found:
        raise GateError(f"no synthesized blueprints under {path} (no */manifest.json)", "run `plinth synth` first")
    return found


def run_gate(build_dirs: Sequence[Path | str], today: dt.date | None = None, cache: bool = False) -> GateResult:
    from plinth.gate.engine import run_gate as _run

    return _run(build_dirs, today, cache)


def run_gate_rendered(rendered: dict[str, dict[str, str]], today: dt.date | None = None,
                      label: str = "generated") -> GateResult:
    """Gate the in-memory output of `plinth.compile.synthesize` (for main.py and `plinth build`)."""
    from plinth.gate.rendered import run_gate_rendered as _run

    return _run(rendered, today, label)


def run_audit(directory: Path | str, profiles: Sequence[str] = ("hipaa", "pci"),
              today: dt.date | None = None, waivers: Sequence[Waiver] = ()) -> GateResult:
    from plinth.gate.audit import run_audit as _run

    return _run(directory, profiles, today, waivers)


def render(result: GateResult, fmt: str) -> str:
    from plinth.gate.reports import render as _render

    return _render(result, fmt)
