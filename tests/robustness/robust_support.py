"""Shared helpers of the robustness tests: the example blueprints, positions, mutants.

A mutant is one small, deterministic change to an example blueprint. Data-level mutants change the
loaded document and are written back with PyYAML; text-level mutants (duplicate or misspelt keys)
edit the example's own text at the key positions the loader reports.
"""

from __future__ import annotations

import copy
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from plinth.diagnostics import Diagnostic
from plinth.loader import MAX_SCALAR, Document, load_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "blueprints").glob("*.yaml"))

# The strings that would become Terraform expressions or CDKTF tokens if copied into the output.
INJECTIONS = ("${var.x}", "%{ if true }x%{ endif }", "${TfToken[TOKEN.1]}")

HUGE_STRING = "x" * (MAX_SCALAR + 1)        # 16 KiB + 1: one past the loader's limit
HUGE_LIST_ITEMS = 10_000

# PyYAML's line breaks (its marks count lines by these, not only by "\n").
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, default_flow_style=False, allow_unicode=True,
                     width=120)


def lines_of(text: str) -> list[str]:
    """The lines a position can name. The last one may be the empty line after a final newline:
    PyYAML reports "unexpected end of stream" there, which is still inside the file (its end)."""
    return _BREAK.split(text)


def position_problems(diags: list[Diagnostic], text: str, file: str | None = None) -> list[str]:
    """Why these diagnostics are not each positioned inside `text` with a message; [] when they are."""
    lines = lines_of(text)
    out = []
    for d in diags:
        where = f"{d.file}:{d.line}:{d.column}: {d.message!r}"
        if file is not None and Path(d.file).resolve() != Path(file).resolve():
            out.append(f"{where}: names another file")
        if not (isinstance(d.line, int) and isinstance(d.column, int)):
            out.append(f"{where}: position is not a pair of integers")
        elif not 1 <= d.line <= len(lines):
            out.append(f"{where}: line outside 1..{len(lines)}")
        elif not 1 <= d.column <= len(lines[d.line - 1]) + 1:
            out.append(f"{where}: column outside 1..{len(lines[d.line - 1]) + 1}")
        if not (isinstance(d.message, str) and d.message.strip()):
            out.append(f"{where}: empty message")
    return out


def load_example(path: Path) -> Document:
    return load_text(path.read_bytes(), str(path))


def get(data: Any, path: tuple) -> Any:
    for p in path:
        data = data[p]
    return data


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return "int"
    if isinstance(value, str):
        return "str"
    return "list" if isinstance(value, list) else "map"


RETYPED = {"str": "retyped", "int": 7, "list": ["retyped"], "map": {"retyped": 1}, "bool": True, "null": None}
EMPTY = {"str": "", "list": [], "map": {}}


def stable(*parts: object) -> int:
    """A hash that is the same on every run and machine (str hash is salted)."""
    return zlib.crc32("\0".join(map(str, parts)).encode())


@dataclass
class Mutant:
    id: str                      # example/kind/path[/detail]
    kind: str
    text: str
    example: str
    path: tuple = ()
    must_fail: bool = False      # the mutation can never give a valid blueprint
    expect: list[tuple[int, int, str]] = field(default_factory=list)  # (line, col, message) that must be reported
    mention: tuple[int, str] | None = None   # some error on this line names this text (message or hint)

    @property
    def sampled(self) -> bool:
        """A third of the corpus runs in-process, one test each (huge lists always); the other two
        thirds run through the CLI, in one process each: `plinth synth` over the ones that can never
        be valid, `plinth validate` over the rest."""
        return self.kind == "huge-list" or stable(self.id) % 3 == 0

    @property
    def filename(self) -> str:
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", self.id)
        return f"{stable(self.id):08x}-{safe[:80]}.yaml"


def _show_path(path: tuple) -> str:
    return ".".join(str(p) for p in path) or "<root>"


def _replace(data: Any, path: tuple, value: Any) -> Any:
    out = copy.deepcopy(data)
    if not path:
        return value
    get(out, path[:-1])[path[-1]] = value
    return out


def _remove(data: Any, path: tuple) -> Any:
    out = copy.deepcopy(data)
    del get(out, path[:-1])[path[-1]]
    return out


def value_paths(doc: Document) -> list[tuple]:
    """Every node below the root, in document order."""
    return sorted((p for p in doc.positions if p), key=lambda p: doc.positions[p])


def key_paths(doc: Document) -> list[tuple]:
    return sorted(doc.key_positions, key=lambda p: doc.key_positions[p])


def string_paths(doc: Document) -> list[tuple]:
    return [p for p in value_paths(doc) if isinstance(get(doc.data, p), str)]


def _offset(text: str, line: int, col: int) -> int:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return starts[line - 1] + col - 1


def _in_flow(text: str, offset: int) -> bool:
    before = text[:offset].rstrip(" ")
    return before.endswith(("{", ","))


def _typo(key: str, taken: set[str]) -> str:
    candidates = []
    if len(key) >= 2:
        candidates.append(key[:-2] + key[-1] + key[-2])     # swap the last two letters
    candidates += [key + "s", key[:-1] if len(key) > 1 else key + "x", key + "x"]
    return next(c for c in candidates if c != key and c not in taken and c)


def _data_mutants(name: str, doc: Document) -> Iterator[Mutant]:
    data = doc.data
    for i, path in enumerate(value_paths(doc)):
        shown = _show_path(path)
        value = get(data, path)
        kind = _kind_of(value)
        yield Mutant(f"{name}/remove/{shown}", "remove", dump(_remove(data, path)), name, path)
        others = [k for k in RETYPED if k != kind]
        target = others[i % len(others)]
        yield Mutant(f"{name}/retype/{shown}->{target}", "retype", dump(_replace(data, path, RETYPED[target])),
                     name, path, must_fail=True)   # every field has one type; none takes another
        empties = [k for k in EMPTY if k != kind] if kind in EMPTY else list(EMPTY)
        target = empties[i % len(empties)] if kind not in EMPTY else kind
        yield Mutant(f"{name}/empty/{shown}->{target}", "empty", dump(_replace(data, path, copy.deepcopy(EMPTY[target]))),
                     name, path)
        if kind == "str" or stable(name, "huge", shown) % 4 == 0:
            yield Mutant(f"{name}/huge-string/{shown}", "huge-string", dump(_replace(data, path, HUGE_STRING)),
                         name, path, must_fail=True)
    # A 10,000-item list costs ~0.3 s to parse: one per example, in place of a list or of a scalar.
    want_list = stable(name, "huge-list") % 2 == 0
    pool = [p for p in value_paths(doc) if isinstance(get(data, p), list) == want_list
            and not isinstance(get(data, p), dict)]
    for path in [min(pool, key=lambda p: stable(name, "huge-list", p))]:
        value = get(data, path)
        item = value[0] if isinstance(value, list) and value else "x"
        huge = [copy.deepcopy(item) for _ in range(HUGE_LIST_ITEMS)]
        yield Mutant(f"{name}/huge-list/{_show_path(path)}", "huge-list", dump(_replace(data, path, huge)), name,
                     path)


def _text_mutants(name: str, doc: Document) -> Iterator[Mutant]:
    text = doc.text
    for path in key_paths(doc):
        key = path[-1]
        line, col = doc.key_positions[path]
        at = _offset(text, line, col)
        if text[at:at + len(key)] != key:
            continue  # a quoted key: its text is not the key itself
        shown = _show_path(path)
        if _in_flow(text, at):
            ins = f"{key}: 1, "
            dup_line, dup_col = line, col + len(ins)
        else:
            ins = f"{key}: 1\n" + " " * (col - 1)
            dup_line, dup_col = line + 1, col
        yield Mutant(f"{name}/duplicate/{shown}", "duplicate", text[:at] + ins + text[at:], name, path,
                     must_fail=True, expect=[(dup_line, dup_col, f"duplicate key `{key}`")])
        siblings = set(get(doc.data, path[:-1]))
        typo = _typo(key, siblings)
        free = path[:-1] in (("components",), ("labels",))   # names and label keys are the user's own
        yield Mutant(f"{name}/rename/{shown}->{typo}", "rename", text[:at] + typo + text[at + len(key):], name, path,
                     must_fail=not free, mention=None if free else (line, f"`{typo}`"))


def mutants() -> list[Mutant]:
    out: list[Mutant] = []
    for path in EXAMPLES:
        doc = load_example(path)
        out += _data_mutants(path.stem, doc)
        out += _text_mutants(path.stem, doc)
    return out


def injected(text: str, token: str) -> str:
    """`token` inserted into the middle of `text`."""
    mid = len(text) // 2
    return text[:mid] + token + text[mid:]


def token_double(index: int, list_token: bool = False) -> float:
    """The number CDKTF uses to stand for a token (cdktf/lib/tokens/private/encoding.js: the top 16
    bits of the double are 0xfdff, 0xfbff for list tokens; the index sits in the mantissa)."""
    high = (0xFBFF if list_token else 0xFDFF) << 16 | (index >> 32) & 0xFFFF
    return struct.unpack("<d", struct.pack("<II", index & 0xFFFFFFFF, high))[0]


def injection_mutants() -> list[Mutant]:
    """Every user string of every example (values and keys), with each injection token inserted."""
    out: list[Mutant] = []
    for path in EXAMPLES:
        name, doc = path.stem, load_example(path)
        for p in string_paths(doc):
            for n, token in enumerate(INJECTIONS):
                mutated = _replace(doc.data, p, injected(get(doc.data, p), token))
                out.append(Mutant(f"{name}/inject/{_show_path(p)}/{n}", "inject-value", dump(mutated), name, p,
                                  must_fail=True))
        for p in key_paths(doc):
            if p[:-1] not in (("components",), ("labels",)):
                continue  # a misspelt schema key is an unknown key anyway; names and labels are free text
            token = INJECTIONS[stable(name, p) % len(INJECTIONS)]
            parent = get(doc.data, p[:-1])
            renamed = {(injected(k, token) if k == p[-1] else k): v for k, v in parent.items()}
            mutated = _replace(doc.data, p[:-1], renamed)
            out.append(Mutant(f"{name}/inject-key/{_show_path(p)}", "inject-key", dump(mutated), name, p,
                              must_fail=True))
        numbers = [p for p in value_paths(doc) if _kind_of(get(doc.data, p)) == "int"]
        for n, p in enumerate(numbers):
            token = token_double(1 + n, list_token=n % 2 == 1)
            out.append(Mutant(f"{name}/inject-number/{_show_path(p)}", "inject-number",
                              dump(_replace(doc.data, p, token)), name, p, must_fail=True))
    return out
