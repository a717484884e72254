"""load → schema → model → semantics for many blueprints; never imports cdktf."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plinth import model, schema, semantics
from plinth.diagnostics import Diagnostic, UserError
from plinth.loader import find_blueprints, load_file


@dataclass
class Validated:
    blueprints: list[model.Blueprint] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.diagnostics


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def validate_one(path: Path) -> tuple[model.Blueprint | None, list[Diagnostic], str | None]:
    try:
        doc = load_file(path, _display(path))
    except UserError as err:
        return None, err.diagnostics, err.text
    errors = schema.validate(doc)
    if errors:
        return None, errors, doc.text
    bp = model.build(doc)
    errors = semantics.check(bp)
    return (None if errors else bp), errors, doc.text


def validate_paths(paths: list[str]) -> Validated:
    result = Validated()
    files, errors = find_blueprints(paths)
    result.diagnostics.extend(errors)
    names: dict[str, str] = {}
    for path in files:
        bp, diags, text = validate_one(path)
        if text is not None:
            result.sources[_display(path)] = text
        result.diagnostics.extend(diags)
        if bp is None:
            continue
        if bp.name in names:
            line, col = bp.where(("name",))
            result.diagnostics.append(Diagnostic(bp.file, line, col, f"blueprint name `{bp.name}` is also used by {names[bp.name]}",
                                                 ("name",), "each blueprint needs its own name: it names its output folder and stacks",
                                                 "name.duplicate_blueprint"))
            continue
        names[bp.name] = bp.file
        result.blueprints.append(bp)
    return result
