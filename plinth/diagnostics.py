"""User-facing errors: a position, a message, a hint; one renderer for all of them."""

from __future__ import annotations

import difflib
import json
import sys
from dataclasses import asdict, dataclass, field
from typing import Iterable, Sequence

PathT = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One error a user can fix. Sorted by file, line and column."""

    file: str
    line: int
    column: int
    message: str
    path: PathT = field(default=(), compare=False)
    hint: str | None = field(default=None, compare=False)
    code: str = field(default="", compare=False)

    def to_json(self) -> dict:
        data = asdict(self)
        data["path"] = "/" + "/".join(str(p) for p in self.path)
        return data


class UserError(Exception):
    """Raised for problems the user caused; carries diagnostics, never a traceback."""

    def __init__(self, diagnostics: Sequence[Diagnostic], text: str | None = None):
        super().__init__(diagnostics[0].message if diagnostics else "error")
        self.diagnostics = list(diagnostics)
        self.text = text  # the source, when it could be decoded: lets the renderer show the line


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest choice, or None."""
    options = sorted(set(choices))
    extended = [c for c in options if c.startswith(str(word)) and c != word]
    if len(extended) == 1:  # `nvidia-h100` → `nvidia-h100-80gb`
        return f"did you mean `{extended[0]}`?"
    close = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


def allowed(choices: Iterable[object]) -> str:
    return "allowed: " + ", ".join(f"`{c}`" for c in choices)


def render_text(diags: Sequence[Diagnostic], sources: dict[str, str] | None = None,
                colour: bool | None = None) -> str:
    """`file:line:col: error: message`, then the source line with a caret and the hint. `error` is
    coloured when `colour`; by default, when standard error (where these go) is a terminal."""
    from plinth import colour as colours

    on = colours.enabled(sys.stderr) if colour is None else colour
    label = colours.paint("error", "error", on)
    sources = sources or {}
    out: list[str] = []
    for d in sorted(dict.fromkeys(diags)):
        out.append(f"{d.file}:{d.line}:{d.column}: {label}: {d.message}")
        text = sources.get(d.file)
        if text is not None and d.line >= 1:
            lines = text.splitlines()
            if d.line <= len(lines):
                src = lines[d.line - 1].replace("\t", " ")
                out.append(f"  {d.line:>4} | {src}")
                out.append(f"       | {' ' * max(d.column - 1, 0)}^")
        if d.hint:
            out.append(f"       = hint: {d.hint}")
    return "\n".join(out)


def render_json(diags: Sequence[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in sorted(dict.fromkeys(diags))], indent=2)
