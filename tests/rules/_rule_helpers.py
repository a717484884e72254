"""Shared by the rule tests: load a blueprint the way `plinth lint` does, and compare findings."""

from __future__ import annotations

from pathlib import Path

from plinth import model, schema
from plinth.loader import load_file
from plinth.model import Blueprint
from plinth.pipeline import validate_paths
from plinth.rules import RuleFinding

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
ROOT = HERE.parent.parent


def load(path: Path) -> Blueprint:
    result = validate_paths([str(path)])
    assert result.ok, "\n".join(f"{d.file}:{d.line}:{d.column}: {d.message}" for d in result.diagnostics)
    (bp,) = result.blueprints
    return bp


def build_unchecked(path: Path) -> Blueprint:
    """Schema-valid but without the semantic checks: for blueprints validation is meant to reject
    (once plinth.rules.overrides.check is part of plinth.semantics)."""
    doc = load_file(path, str(path.relative_to(ROOT)))
    assert schema.validate(doc) == []
    return model.build(doc)


def row(f: RuleFinding) -> dict:
    """What the fixture tests pin: everything but the file name (which depends on the cwd)."""
    row = {"rule": f.rule, "severity": f.severity, "component": f.component, "line": f.line,
           "column": f.column, "message": f.message, "hint": f.hint}
    if f.overridden:
        row["reason"] = f.reason
    return row
