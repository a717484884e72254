"""Invalid blueprints, reported the same way by every command that reads them: positioned text on
stderr, or with `--format json` one JSON document on stdout whose errors carry file, line, column,
message, hint, the offending value, the path in the blueprint and the error code."""

from __future__ import annotations

import json
import re
import sys
from typing import Any, Sequence

from plinth.diagnostics import Diagnostic, PathT, render_text
from plinth.pipeline import Validated, validate_paths

_MISSING = object()
_PLAIN_END = re.compile(r":\s|:$|,|\}|\]|\s#")       # where a plain YAML scalar stops on its line


def _at(data: Any, path: PathT) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return _MISSING
    return data


def token_at(text: str | None, line: int, column: int) -> str | None:
    """The YAML scalar written at line:column, as written (quotes kept), or None."""
    lines = (text or "").splitlines()
    if not 1 <= line <= len(lines):
        return None
    rest = lines[line - 1][max(column - 1, 0):]
    if rest.lstrip().startswith("#"):
        return None
    if rest[:1] in ("'", '"'):
        close = rest.find(rest[0], 1)
        return rest[:close + 1] if close > 0 else rest.strip() or None
    end = _PLAIN_END.search(rest)
    return (rest[:end.start()] if end else rest).strip() or None


def value_of(d: Diagnostic, documents: dict[str, Any], sources: dict[str, str]) -> Any:
    """The blueprint's value at the error's path (for a missing key, the mapping that lacks it);
    for errors without a path or whose path is absent (YAML errors, a reference to nothing), the
    text written at the error's position; None when there is none."""
    if d.path and d.file in documents:
        found = _at(documents[d.file], d.path)
        if found is not _MISSING:
            return found
    return token_at(sources.get(d.file), d.line, d.column)


def _documents(sources: dict[str, str]) -> dict[str, Any]:
    """Each source's data, read again the way plinth read it (only when errors are reported)."""
    from plinth.diagnostics import UserError
    from plinth.loader import load_text

    out = {}
    for file, text in sources.items():
        try:
            out[file] = load_text(text.encode("utf-8"), file).data
        except UserError:
            continue
    return out


def errors_json(diags: Sequence[Diagnostic], sources: dict[str, str]) -> list[dict[str, Any]]:
    documents = _documents({d.file: sources[d.file] for d in diags if d.path and d.file in sources})
    return [{"file": d.file, "line": d.line, "column": d.column, "message": d.message, "hint": d.hint,
             "value": value_of(d, documents, sources), "path": "/" + "/".join(str(p) for p in d.path), "code": d.code}
            for d in sorted(dict.fromkeys(diags))]


def summary(n: int) -> str:
    return f"{n} error{'s' if n != 1 else ''}"


def report(result: Validated, command: str, as_json: bool, consequence: str = "", what: str = "the blueprints") -> None:
    """Print the errors: positioned text on stderr, or a JSON document on stdout (and the count on
    stderr). `consequence` ends the count line, e.g. "nothing was written"."""
    n = len(set(result.diagnostics))
    tail = f"; {consequence}" if consequence else ""
    if as_json:
        print(json.dumps({"valid": False, "errors": errors_json(result.diagnostics, result.sources)},
                         indent=2, ensure_ascii=False, default=str))
        print(f"plinth {command}: {summary(n)} in {what}{tail}", file=sys.stderr)
        return
    print(render_text(result.diagnostics, result.sources), file=sys.stderr)
    print(f"\n{summary(n)}{tail}", file=sys.stderr)


def validated_or_report(paths: list[str], command: str, as_json: bool, consequence: str = "") -> Validated | None:
    """Validate; on errors report them and return None."""
    result = validate_paths(paths)
    if result.ok:
        return result
    report(result, command, as_json, consequence)
    return None
