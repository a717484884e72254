"""Bad-blueprint fixtures and the errors each one must produce.

A fixture is a file in `bad/` whose leading comment block states its expectations:

    # One line saying what is wrong (free text; any comment line that is not a directive).
    # expect: 11:5: unknown key `fabrik`
    # hint: did you mean `fabric`?
    # code: schema.unknown_key

- `expect: LINE:COLUMN: MESSAGE` is one error, exactly; a fixture may expect several. Every
  error the validator reports must be expected, and every expected error must be reported.
- `hint:` and `code:` belong to the `expect:` above them and are checked when given.
- `xfail: REASON` marks a fixture whose expectation is right but plinth is not yet (a known bug);
  the test is a strict xfail, so it fails loudly once the bug is fixed and the marker can go.

Files that cannot carry a comment (not UTF-8, binary, zero bytes) keep the same lines in a side
file `<name>.expect`. Fixtures too large to commit are generated at test time from `GENERATED`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"

_DIRECTIVE = re.compile(r"^#\s?([a-z]+):\s?(.*)$")
_EXPECT = re.compile(r"^(\d+):(\d+): (.+)$")
DIRECTIVES = ("expect", "hint", "code", "xfail")


@dataclass(frozen=True)
class Expected:
    line: int
    column: int
    message: str
    hint: str | None = None
    code: str | None = None

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


@dataclass
class Fixture:
    name: str
    expected: list[Expected] = field(default_factory=list)
    xfail: str | None = None
    path: Path | None = None                      # committed fixtures
    build: Callable[[], bytes] | None = None      # generated fixtures


def parse_expectations(text: str, source: str) -> tuple[list[Expected], str | None]:
    """The directives in the leading comment block of `text` (all of it for `.expect` files)."""
    expected: list[Expected] = []
    xfail = None
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        if not line.startswith("#"):
            if line.strip():
                break                             # the blueprint starts; directives end
            continue
        m = _DIRECTIVE.match(line)
        if not m:
            continue                              # a description line
        key, value = m.groups()
        if key not in DIRECTIVES:
            raise ValueError(f"{source}: unknown directive `{key}:` (known: {', '.join(DIRECTIVES)})")
        if key == "expect":
            e = _EXPECT.match(value)
            if not e:
                raise ValueError(f"{source}: `expect:` needs LINE:COLUMN: MESSAGE, got {value!r}")
            expected.append(Expected(int(e[1]), int(e[2]), e[3]))
        elif key == "xfail":
            xfail = value
        else:
            if not expected:
                raise ValueError(f"{source}: `{key}:` before any `expect:`")
            last = expected[-1]
            if getattr(last, key) is not None:
                raise ValueError(f"{source}: two `{key}:` lines for `{last}`")
            expected[-1] = Expected(last.line, last.column, last.message,
                                    value if key == "hint" else last.hint,
                                    value if key == "code" else last.code)
    return expected, xfail


def committed() -> list[Fixture]:
    out = []
    for path in sorted(BAD.iterdir()):
        if path.suffix not in (".yaml", ".yml"):
            continue
        side = path.with_suffix(".expect")
        if side.exists():
            expected, xfail = parse_expectations(side.read_text(encoding="utf-8"), side.name)
        else:
            expected, xfail = parse_expectations(path.read_bytes().decode("utf-8", "replace"), path.name)
        out.append(Fixture(path.name, expected, xfail, path=path))
    return out


# --- generated fixtures: too large (or too tedious) to commit -------------------------------------

MIB = 1024 * 1024
_HEAD = b"name: demo-generated\ncloud: aws\nregion: us-east-1\n"


def _too_big() -> bytes:
    return b"#" * MIB + b"\n"                                   # 1 MiB + 1 byte of comment


def _huge_scalar() -> bytes:
    return _HEAD + b"description: " + b"x" * (16 * 1024 + 1) + b"\n"


def _many_nodes() -> bytes:
    # 20,001 list items without any alias. Nodes are counted root first: the root mapping, three
    # scalar values, the list, then its items, so node 20,001 is item 19,996 (1-based).
    return _HEAD + b"compliance: [" + b",".join([b"1"] * 20_001) + b"]\n"


GENERATED: list[Fixture] = [
    Fixture("gen-file-too-big.yaml", [Expected(1, 1, f"file is {MIB + 1} bytes (limit {MIB})",
                                               "a blueprint should be a few kilobytes")], build=_too_big),
    Fixture("gen-huge-scalar.yaml", [Expected(4, 14, "value is 16385 characters long (limit 16384)")],
            build=_huge_scalar),
    Fixture("gen-many-nodes.yaml", [Expected(4, 14 + 2 * (19_996 - 1), "document expands to more than 20000 nodes",
                                             "remove YAML aliases that repeat large blocks (alias bomb?)")],
            build=_many_nodes),
]


def write_generated(folder: Path) -> list[Fixture]:
    """Write every generated fixture into `folder`; returns them with their paths set."""
    out = []
    for fx in GENERATED:
        path = folder / fx.name
        path.write_bytes(fx.build())
        out.append(Fixture(fx.name, fx.expected, fx.xfail, path=path, build=fx.build))
    return out
