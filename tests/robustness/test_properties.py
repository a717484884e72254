"""Property-based bad input (hypothesis, derandomized so CI sees the same examples every run).

(a) Any bytes or YAML-ish text: `load_text` returns a document or raises UserError, never anything
    else, within a deadline; every position it reports (errors and nodes) is inside the text.
(b) Near-valid blueprints drawn from the schema's own vocabulary: `validate_paths` never raises, and
    every error is positioned inside the file with a message."""

from __future__ import annotations

import collections
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plinth.diagnostics import UserError
from plinth.loader import load_text
from plinth.pipeline import validate_paths
from robust_support import dump, lines_of, position_problems
from schema_strategies import near_valid_blueprints

FAST = settings(max_examples=250, deadline=1000, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# Pieces of YAML syntax (and of things that are not YAML), glued together at random: reaches the
# scanner, parser and composer states plain random text never does.
ATOMS = ["[", "]", "{", "}", ",", ":", ": ", "- ", "? ", "&a ", "*a", "&b ", "*b", "!!str ", "!!int ",
         "!!python/object:os.system ", "!local ", "!<tag:yaml.org,2002:str> ", "<<: ", "'", '"', "# c", "|",
         "|-", ">", "%YAML 1.1\n", "%TAG ! !x\n", "---", "...", "\n", "\n  ", "\n    ", "\t", " ", "\\", "\\x",
         "\x00", "\x07", "\ufeff", "\u2028", "\x85", "\r", "\r\n", "a", "name", "cloud", "components", "kind",
         "1", "1.5", "-1", "0x1F", "0o7", "1e400", ".inf", ".nan", "~", "null", "true", "yes", "on",
         "2024-01-01", "é", "😀", "${var.x}", "%{", "TfToken[TOKEN.1]"]
YAMLISH = st.lists(st.one_of(st.sampled_from(ATOMS), st.text(max_size=4)), max_size=80).map("".join)


def _positions_inside(raw: bytes) -> None:
    try:
        doc = load_text(raw, "h.yaml")
    except UserError as err:
        assert err.diagnostics, "a UserError without diagnostics"
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:  # each bad byte one character; positions count characters
            text = raw.decode("utf-8", "surrogateescape")
        problems = position_problems(err.diagnostics, text, "h.yaml")
        assert problems == [], problems
        return
    lines = lines_of(doc.text)
    for table in (doc.positions, doc.key_positions):
        for path, (line, col) in table.items():
            assert 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]) + 1, (path, line, col)


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes(raw: bytes) -> None:
    _positions_inside(raw)


@settings(FAST, max_examples=600)
@given(YAMLISH)
def test_yaml_ish_text(text: str) -> None:
    """Found `0x_` / `!!int a` / `!!float` crashes (ValueError, IndexError) and reader-error columns
    counted past a \\u2028 line break."""
    _positions_inside(text.encode("utf-8", "surrogatepass"))


@FAST
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    _positions_inside(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=250, deadline=1000, derandomize=True, database=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=30))
def test_any_yaml_document(data) -> None:
    """Whatever PyYAML can write, the loader reads back or refuses with positioned errors."""
    _positions_inside(yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass"))


def test_near_valid_blueprints(tmp_path: Path) -> None:
    path = tmp_path / "near-valid.yaml"
    seen: collections.Counter[str] = collections.Counter()

    @settings(max_examples=150, deadline=2000, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
    @given(near_valid_blueprints())
    def run(blueprint: dict) -> None:
        text = dump(blueprint)
        path.write_text(text, encoding="utf-8")
        result = validate_paths([str(path)])
        if result.ok:
            seen["valid"] += 1
            assert len(result.blueprints) == 1
            return
        seen["invalid"] += 1
        seen.update(d.code.split(".")[0] for d in result.diagnostics)
        assert position_problems(result.diagnostics, text, str(path)) == []
        assert all(d.code for d in result.diagnostics)

    run()
    # The strategy reaches every stage: valid blueprints, and schema and semantic errors.
    assert seen["valid"] >= 3 and seen["invalid"] >= 50, seen
    assert seen["schema"] and sum(1 for family in ("ref", "region", "accel", "name") if seen[family]) >= 2, seen
