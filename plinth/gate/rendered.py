"""Gating the in-memory output of `plinth.compile.synthesize` (main.py under the cdktf CLI, and
`plinth build`): written to a temporary folder, gated, and relabelled so reports name `generated/…`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

from plinth.gate.engine import run_gate
from plinth.gate.model import Finding, GateResult, Location


def run_gate_rendered(rendered: dict[str, dict[str, str]], today: dt.date | None = None,
                      label: str = "generated") -> GateResult:
    """Gate what `plinth.compile.synthesize` returned ({blueprint: {relative path: text}}) without
    writing generated/: the files go to a temporary folder, and reports name them `label/…`."""
    with tempfile.TemporaryDirectory(prefix="plinth-gate-") as tmp:
        for name, files in rendered.items():
            for rel, text in files.items():
                path = Path(tmp) / name / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        result = run_gate(sorted(Path(tmp) / name for name in rendered), today)
    for prefix in sorted({str(Path(tmp).resolve()), str(Path(tmp))}, key=len, reverse=True):
        result = _relabel(result, prefix, label)
    return result


def _relabel(result: GateResult, old: str, new: str) -> GateResult:
    def loc(location: Location | None) -> Location | None:
        if location is None or not location.file.startswith(old):
            return location
        return dataclasses.replace(location, file=new + location.file[len(old):])

    def finding(f: Finding) -> Finding:
        return dataclasses.replace(f, location=loc(f.location), tf_location=loc(f.tf_location))

    blueprints = []
    for bp in result.blueprints:
        controls = tuple(dataclasses.replace(c, findings=tuple(finding(f) for f in c.findings)) for c in bp.controls)
        problems = tuple(dataclasses.replace(p, message=p.message.replace(old, new), location=loc(p.location))
                         for p in bp.problems)
        blueprints.append(dataclasses.replace(bp, findings=tuple(finding(f) for f in bp.findings),
                                              controls=controls, problems=problems))
    return dataclasses.replace(result, blueprints=tuple(blueprints),
                               warnings=tuple(w.replace(old, new) for w in result.warnings))
