"""YAML → plain data plus a position for every node, safely and within limits.

The data is plain (dict/list/str/int/float/bool/None) so JSON Schema can read it; positions are
kept beside it, keyed by path, so any later stage can point at `file:line:col`.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from plinth.diagnostics import Diagnostic, PathT, UserError

MAX_BYTES = 1024 * 1024          # a blueprint is a page of YAML, not a data set
MAX_NODES = 20_000               # after alias expansion: stops "billion laughs"
MAX_DEPTH = 40                   # blueprints are a few levels deep
MAX_SCALAR = 16 * 1024           # no field needs more

_BOOL_WORDS = {"true": True, "false": False}
_TAG = "tag:yaml.org,2002:"


@dataclass
class Document:
    """A loaded blueprint: its data, its source, and where every node came from."""

    file: str
    text: str
    data: Any
    positions: dict[PathT, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathT, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: PathT, key: bool = False) -> tuple[int, int]:
        """Position of the node at `path` (or of its key), else of its nearest parent."""
        table = self.key_positions if key else self.positions
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.positions:
                return self.positions[path]
        return (1, 1)

    def diag(self, path: PathT, message: str, hint: str | None = None, key: bool = False,
             code: str = "") -> Diagnostic:
        line, col = self.where(path, key=key)
        return Diagnostic(self.file, line, col, message, path, hint, code)


class _Converter:
    def __init__(self, file: str):
        self.file = file
        self.nodes = 0
        self.positions: dict[PathT, tuple[int, int]] = {}
        self.key_positions: dict[PathT, tuple[int, int]] = {}
        self.errors: list[Diagnostic] = []
        self._ctor = yaml.constructor.SafeConstructor()

    def _err(self, node: yaml.Node, message: str, path: PathT, hint: str | None = None) -> None:
        m = node.start_mark
        self.errors.append(Diagnostic(self.file, m.line + 1, m.column + 1, message, path, hint, "yaml"))

    def convert(self, node: yaml.Node, path: PathT, depth: int) -> Any:
        self.nodes += 1
        _check_limits(node.start_mark, self.nodes, depth)
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in (_TAG + "map", _TAG + "seq"):
            self._err(node, f"YAML tag `{_shown_tag(node.tag)}` is not supported", path, "remove the `!` tag")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: PathT, depth: int) -> dict:
        out: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self._err(key_node, "YAML merge keys (`<<`) are not supported", path,
                          "write the keys out; blueprints stay explicit")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _TAG + "str":
                shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "<collection>"
                self._err(key_node, f"mapping key `{shown}` is not a string", path,
                          "quote the key, e.g. \"80\": …")
                continue
            key = key_node.value
            if key in first_seen:
                self._err(key_node, f"duplicate key `{key}`", path + (key,),
                          f"`{key}` is already set on line {first_seen[key]}; keep one")
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.key_positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.convert(value_node, path + (key,), depth + 1)
        return out

    def _scalar(self, node: yaml.ScalarNode, path: PathT) -> Any:
        tag, value = node.tag, node.value
        if len(value) > MAX_SCALAR:
            self._err(node, f"value is {len(value)} characters long (limit {MAX_SCALAR})", path)
            return ""
        if tag == _TAG + "str":
            return value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            # YAML 1.1 reads yes/no/on/off as booleans; we keep only true/false.
            return _BOOL_WORDS.get(value.lower(), value)
        if tag in (_TAG + "int", _TAG + "float") and ":" in value:
            return value  # YAML 1.1 reads `12:30` as 750 (base 60); it stays text, as dates do
        if tag == _TAG + "int":
            try:
                return self._ctor.construct_yaml_int(node)
            except (ValueError, IndexError):  # `0x_`, or `!!int` on text
                self._err(node, f"`{value}` is not a whole number", path, "write digits, such as 42")
                return None
        if tag == _TAG + "float":
            try:
                number = self._ctor.construct_yaml_float(node)
            except (ValueError, IndexError):  # `!!float` on text
                self._err(node, f"`{value}` is not a number", path, "write digits, such as 1.5")
                return None
            if number != number or number in (float("inf"), float("-inf")):
                self._err(node, f"`{value}` is not a finite number", path)
                return None
            return number
        if tag == _TAG + "timestamp":
            return value  # dates stay text: `2027-03-31`
        self._err(node, f"YAML tag `{_shown_tag(tag)}` is not supported", path, "remove the `!` tag")
        return None


def _shown_tag(tag: str) -> str:
    """Tags as the user wrote them: `!!python/…`, not `tag:yaml.org,2002:python/…`."""
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


class _Limit(Exception):
    def __init__(self, mark: yaml.Mark, message: str, hint: str):
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


def _check_limits(mark: yaml.Mark, nodes: int, depth: int) -> None:
    if nodes > MAX_NODES:
        raise _Limit(mark, f"document expands to more than {MAX_NODES} nodes",
                     "remove YAML aliases that repeat large blocks (alias bomb?)")
    if depth > MAX_DEPTH:
        raise _Limit(mark, f"nesting deeper than {MAX_DEPTH} levels", "flatten the structure")


class _Bounds:
    """Applies the node and depth limits while composing, so a hostile file (a megabyte of
    `[1,1,…]`, ten thousand `[`) stops at the limit instead of after PyYAML has built its whole
    node graph (seconds) or recursed out of stack. Counts as _Converter does: mapping keys are not
    nodes and aliases are not expanded here (the converter counts their expansion)."""

    _nodes = 0
    _depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        is_key = isinstance(parent, yaml.MappingNode) and index is None
        if is_key and self.check_event(yaml.AliasEvent):
            # `*k: …` is a key of its own: errors about it (a duplicate) point at the alias, not at `&k`.
            event = self.peek_event()
            node = copy.copy(super().compose_node(parent, index))
            node.start_mark, node.end_mark = event.start_mark, event.end_mark
            return node
        if not self.check_event(yaml.AliasEvent) and not (is_key and self.check_event(yaml.ScalarEvent)):
            if not is_key:
                self._nodes += 1
            _check_limits(self.peek_event().start_mark, self._nodes, self._depth)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _BoundedLoader(_Bounds, yaml.SafeLoader):
    """PyYAML's pure-Python reader, scanner and parser, whose marks every position comes from.
    (libyaml's parser is 8x faster but accepts tabs and `?` inside plain scalars and places empty
    values elsewhere: positions and what is rejected would change, so it is not used here.)"""


# PyYAML's line breaks: its marks (and str.splitlines, which the renderer uses) count these.
_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def _line_col(before: str) -> tuple[int, int]:
    """1-based line and column of the character that follows `before`, counted as PyYAML does."""
    last = None
    lines = 1
    for last in _BREAKS.finditer(before):
        lines += 1
    return lines, len(before) - (last.end() if last else 0) + 1


def _line_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    return _line_col(raw[:offset].decode("utf-8"))  # the bytes before the first bad one decode


def _too_big(file: str, size: int) -> UserError:
    return UserError([Diagnostic(file, 1, 1, f"file is {size} bytes (limit {MAX_BYTES})",
                                 (), "a blueprint should be a few kilobytes", "yaml")])


def load_text(raw: bytes, file: str) -> Document:
    """Parse one blueprint's bytes. Raises UserError with every problem found."""
    if len(raw) > MAX_BYTES:
        raise _too_big(file, len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_of_offset(raw, exc.start)
        raise UserError([Diagnostic(file, line, col, f"file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
                                    (), "save the file as UTF-8", "yaml")]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return _parse(text, file)
    except UserError as err:
        raise UserError(err.diagnostics, text) from None


def _parse(text: str, file: str) -> Document:
    try:
        root = yaml.compose(text, Loader=_BoundedLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = f"{exc.context}, {exc.problem}" if exc.context and exc.problem and not exc.context.startswith("while") else exc.problem or exc.context or "invalid YAML"
        hint = "indent with spaces, not tabs" if "\t" in text and ("tab" in str(exc).lower() or "'\\t'" in str(problem)) else None
        raise UserError([Diagnostic(file, line, col, f"invalid YAML: {problem}", (), hint, "yaml")]) from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text[:exc.position])
        raise UserError([Diagnostic(file, line, col, f"invalid YAML: unacceptable character #x{exc.character:04x}: "
                                    f"{exc.reason}", (), "remove control characters; blueprints are plain text",
                                    "yaml")]) from None
    except yaml.YAMLError as exc:
        raise UserError([Diagnostic(file, 1, 1, f"invalid YAML: {exc}", (), None, "yaml")]) from None
    except _Limit as lim:
        raise UserError([Diagnostic(file, lim.mark.line + 1, lim.mark.column + 1, lim.message, (), lim.hint,
                                    "yaml")]) from None
    except RecursionError:
        raise UserError([Diagnostic(file, 1, 1, "nesting is too deep to read", (), "flatten the structure", "yaml")]) from None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _TAG + "null" and not root.value.strip("~")):
        raise UserError([Diagnostic(file, 1, 1, "blueprint is empty", (), "start from an example in blueprints/", "yaml")])
    conv = _Converter(file)
    try:
        data = conv.convert(root, (), 0)
    except _Limit as lim:
        raise UserError([Diagnostic(file, lim.mark.line + 1, lim.mark.column + 1, lim.message, (), lim.hint,
                                    "yaml")]) from None
    if conv.errors:
        raise UserError(conv.errors)
    return Document(file, text, data, conv.positions, conv.key_positions)


def load_file(path: Path, display: str | None = None) -> Document:
    name = display or str(path)
    try:
        with path.open("rb") as fh:  # never read more than the limit: the file may be gigabytes
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_BYTES:
                raise _too_big(name, size)
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UserError([Diagnostic(name, 1, 1, f"cannot read file: {exc.strerror}", (), None, "io")]) from None
    return load_text(raw, name)


def find_blueprints(paths: list[str]) -> tuple[list[Path], list[Diagnostic]]:
    """Expand files and folders into blueprint files (*.yaml, *.yml), sorted."""
    found: list[Path] = []
    errors: list[Diagnostic] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.iterdir() if f.suffix in (".yaml", ".yml") and f.is_file())
            if not files:
                errors.append(Diagnostic(p, 1, 1, "no blueprints (*.yaml or *.yml) in this folder", (), None, "io"))
            found.extend(files)
        elif path.is_file():
            found.append(path)
        else:
            errors.append(Diagnostic(p, 1, 1, "no such file or folder", (), None, "io"))
    return found, errors

