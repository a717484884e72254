"""The JSON Schemas in schemas/ are themselves valid, documented and consistent, so editors and the
validator can rely on them; every example blueprint points editors at them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
FILES = sorted([SCHEMAS / "blueprint.schema.json", *(SCHEMAS / "components").glob("*.schema.json")])
EXAMPLES = sorted((ROOT / "blueprints").glob("*.yaml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/blueprint.schema.json"
META = "https://json-schema.org/draft/2020-12/schema"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _subschemas(node: Any, where: str) -> Iterator[tuple[str, dict]]:
    """Every schema object below `node`, with a JSON-pointer-like location."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            if key in ("properties", "$defs", "patternProperties"):
                for name, sub in value.items():
                    yield from _subschemas(sub, f"{where}/{key}/{name}")
            elif key in ("items", "additionalProperties", "propertyNames", "if", "then", "else", "not", "contains"):
                yield from _subschemas(value, f"{where}/{key}")
            elif key in ("allOf", "anyOf", "oneOf", "prefixItems"):
                for i, sub in enumerate(value):
                    yield from _subschemas(sub, f"{where}/{key}/{i}")


def _in_condition(where: str) -> bool:
    """`if` blocks and `required`-only branches test values; they do not define them."""
    return "/if" in where


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    schema = _load(path)
    assert schema.get("$schema") == META
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == path.name
    assert schema.get("title") and schema.get("description")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_schema_file_is_tidy(path: Path) -> None:
    """UTF-8 JSON, LF line ends, a final newline, no tabs or trailing blanks, no duplicate keys."""
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\r" not in text and "\t" not in text
    assert not [i for i, line in enumerate(text.splitlines(), 1) if line != line.rstrip()]

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
        keys = [k for k, _ in pairs]
        assert len(keys) == len(set(keys)), f"duplicate keys in {path.name}: {keys}"
        return dict(pairs)

    json.loads(text, object_pairs_hook=no_duplicates)


def test_every_property_is_described() -> None:
    """Editors show the description on hover and the validator uses it as a hint."""
    missing = []
    for path in FILES:
        for where, sub in _subschemas(_load(path), path.name):
            if _in_condition(where):
                continue
            for name, prop in sub.get("properties", {}).items():
                if name == "kind" or prop is True or not isinstance(prop, dict):
                    continue
                if "description" not in prop and "$ref" not in prop:
                    missing.append(f"{where}/properties/{name}")
    assert not missing, f"{len(missing)} properties without a description:\n" + "\n".join(missing)


def test_every_object_rejects_unknown_keys() -> None:
    """Unknown keys are errors everywhere: each object schema closes itself or is closed by its branches."""
    open_objects = []
    for path in FILES:
        for where, sub in _subschemas(_load(path), path.name):
            if _in_condition(where) or "properties" not in sub:
                continue
            closed = "additionalProperties" in sub or "unevaluatedProperties" in sub
            branches = [b.get("then", {}) for b in sub.get("allOf", []) if isinstance(b, dict)]
            if not closed and not (branches and all("additionalProperties" in b or "$ref" in b for b in branches)):
                open_objects.append(where)
    assert not open_objects, open_objects


def test_defaults_and_examples_satisfy_their_own_schema() -> None:
    from plinth.schema import validator

    base = validator()  # carries the registry, so nested $refs resolve
    bad = []
    for path in FILES:
        for where, sub in _subschemas(_load(path), path.name):
            own = {k: v for k, v in sub.items() if k not in ("default", "examples")}
            values = ([sub["default"]] if "default" in sub else []) + list(sub.get("examples", []))
            for value in values:
                errors = [e.message for e in base.evolve(schema=own).iter_errors(value)]
                if errors:
                    bad.append(f"{where}: {value!r}: {errors[0]}")
    assert not bad, "\n".join(bad)


def test_every_pattern_has_words_for_the_error_message() -> None:
    """A pattern error quotes human words, never the regular expression (plinth/schema.py _PATTERN_WORDS)."""
    from plinth.schema import _PATTERN_WORDS

    patterns = {sub["pattern"]: where for path in FILES for where, sub in _subschemas(_load(path), path.name)
                if isinstance(sub.get("pattern"), str)}
    missing = {p: w for p, w in patterns.items() if p not in _PATTERN_WORDS}
    assert not missing, "add words for these patterns to plinth/schema.py _PATTERN_WORDS:\n" + \
        "\n".join(f"{p}   ({w})" for p, w in missing.items())


def test_component_kinds_match_component_schemas() -> None:
    """component.schema.json's `kind` enum, its if/then branches and the component files agree."""
    dispatch = _load(SCHEMAS / "components" / "component.schema.json")
    kinds = dispatch["properties"]["kind"]["enum"]
    branches = {b["if"]["properties"]["kind"]["const"]: b["then"]["$ref"] for b in dispatch["allOf"]}
    assert sorted(branches) == sorted(kinds)
    for kind, ref in branches.items():
        target = _load(SCHEMAS / "components" / ref)
        assert target["$id"] == ref == f"{kind}.schema.json"
        assert target["properties"]["kind"] == {"const": kind}
        assert "kind" in target["required"]


def test_all_refs_resolve() -> None:
    from plinth.schema import validator

    minimal = {"name": "demo", "cloud": "aws", "region": "us-east-1",
               "backend": {"type": "local"}, "waivers": [],
               "components": {k: {"kind": k} for k in ("network", "accelerator_cluster", "data_lake", "registry",
                                                      "serving_endpoint")}}
    # Walking every branch once resolves every $ref; an unresolvable one raises here.
    list(validator().iter_errors(minimal))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_starts_with_the_schema_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_LINE
    assert (path.parent / "../schemas/blueprint.schema.json").resolve() == (SCHEMAS / "blueprint.schema.json")


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_schema_file_is_canonically_formatted(path: Path) -> None:
    """One formatting for every schema: json.dumps(indent=2), key order as written."""
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
