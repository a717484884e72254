"""docs/blueprints.md, generated from the JSON Schemas in schemas/: every top-level key, every
component kind and every field with its type, default, allowed values, description and examples.

    python -m plinth.docs.blueprint_reference            # rewrite docs/blueprints.md
    python -m plinth.docs.blueprint_reference --check    # exit 1 when it is out of date

Patterns are described in words from plinth/schema.py (`_PATTERN_WORDS`, the same words validation
errors use); a pattern without words there is an error here, so the reference never shows a regex.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plinth.loader import load_text
from plinth.paths import ROOT, SCHEMAS
from plinth.schema import _PATTERN_WORDS, ROOT_SCHEMA

DOC = ROOT / "docs" / "blueprints.md"
COMMAND = "python -m plinth.docs.blueprint_reference"
GENERATED = f"<!-- Generated from schemas/ by `{COMMAND}`. Do not edit by hand. -->"
NONE = "—"


@dataclass(frozen=True)
class Row:
    field: str
    type: str
    required: bool
    default: str
    allowed: str
    description: str


def load(name: str) -> dict[str, Any]:
    path = SCHEMAS / name if name == ROOT_SCHEMA else SCHEMAS / "components" / name
    return json.loads(path.read_text(encoding="utf-8"))


def component_kinds() -> list[tuple[str, str]]:
    """(kind, schema file) in the order `component.schema.json` lists the kinds."""
    comp = load("component.schema.json")
    files = {rule["if"]["properties"]["kind"]["const"]: rule["then"]["$ref"] for rule in comp["allOf"]}
    kinds = comp["properties"]["kind"]["enum"]
    if set(kinds) != set(files):
        raise ValueError(f"component.schema.json: kinds {kinds} but schemas for {sorted(files)}")
    return [(k, files[k]) for k in kinds]


# -- values ------------------------------------------------------------------------------------

def yaml_value(value: Any) -> str:
    """A value as it is written in a blueprint (YAML flow style); strings are quoted only where
    plinth's loader would read them as something else (`"1.31"`, `"4711"`, `"true"`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        return value if _reads_back(value) else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_value(k)}: {yaml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot show {value!r}")


def _reads_back(text: str) -> bool:
    """Does plinth's own loader (plinth/loader.py: YAML, but only true/false are booleans) read
    `text`, written unquoted, as this same string?"""
    if not text or text != text.strip() or any(ch in text for ch in ":#,[]{}&*!|>'\"%@`"):
        return False
    try:
        return load_text(f"v: {text}\n".encode(), "<reference>").data == {"v": text}
    except Exception:  # noqa: BLE001 - anything the loader refuses must be quoted
        return False


def _code(value: Any) -> str:
    return f"`{yaml_value(value)}`"


def pattern_words(pattern: str) -> str:
    try:
        return _PATTERN_WORDS[pattern]
    except KeyError:
        raise ValueError(f"the schema pattern {pattern!r} has no words in plinth/schema.py _PATTERN_WORDS; "
                         "add them (validation errors use the same words)") from None


_TYPE_WORDS = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
               "object": "mapping", "array": "list", "null": "null"}


def _ref_link(ref: str) -> str:
    name = ref.rsplit("/", 1)[-1].removesuffix(".schema.json")
    return f"[{name}](#{'components' if name == 'component' else name})"


def type_of(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return _ref_link(schema["$ref"])
    t = schema.get("type")
    if t is None and "enum" in schema:
        kinds = {type(v).__name__ for v in schema["enum"]}
        t = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}.get(kinds.pop()) \
            if len(kinds) == 1 else None
    if t is None and "const" in schema:
        t = {"str": "string", "int": "integer", "bool": "boolean"}.get(type(schema["const"]).__name__)
    if isinstance(t, list):
        return " or ".join(_TYPE_WORDS.get(x, x) for x in t)
    if t == "array":
        items = schema.get("items")
        return f"list of {_plural(type_of(items))}" if isinstance(items, dict) else "list"
    if t == "object" and isinstance(schema.get("additionalProperties"), dict) and "properties" not in schema:
        return f"mapping of string to {type_of(schema['additionalProperties'])}"
    return _TYPE_WORDS.get(t, t) if t else "any"


def _plural(word: str) -> str:
    if word.startswith("["):
        return word
    return {"mapping": "mappings", "string": "strings", "integer": "integers", "number": "numbers",
            "boolean": "booleans", "list": "lists"}.get(word, word)


def _range(schema: dict[str, Any], unit: str = "") -> list[str]:
    lo, hi = schema.get("minimum"), schema.get("maximum")
    xlo, xhi = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    out = []
    if lo is not None and hi is not None:
        out.append(f"{lo} to {hi}{unit}")
    elif lo is not None:
        out.append(f"at least {lo}{unit}")
    elif hi is not None:
        out.append(f"at most {hi}{unit}")
    if xlo is not None:
        out.append(f"more than {xlo}{unit}")
    if xhi is not None:
        out.append(f"less than {xhi}{unit}")
    return out


def _noun(what: str, k: int) -> str:
    if k == 1:
        return what
    return "entries" if what == "entry" else what + "s"


def _count(lo: int | None, hi: int | None, what: str) -> list[str]:
    if lo is not None and hi is not None:
        return [f"{lo} to {hi} {_noun(what, 2)}"]
    if lo is not None:
        return [f"at least {lo} {_noun(what, lo)}"]
    if hi is not None:
        return [f"at most {hi} {_noun(what, hi)}"]
    return []


def allowed(schema: dict[str, Any]) -> list[str]:
    """What values a field takes, in words (enum, const, ranges, lengths, patterns, formats, sizes)."""
    out: list[str] = []
    if "const" in schema:
        out.append(f"exactly {_code(schema['const'])}")
    if "enum" in schema:
        out.append(", ".join(_code(v) for v in schema["enum"]))
    out += _range(schema)
    if "minLength" in schema or "maxLength" in schema:
        lo, hi = schema.get("minLength"), schema.get("maxLength")
        out += [f"{lo} to {hi} characters"] if lo is not None and hi is not None else \
            [f"at least {lo} characters"] if lo is not None else [f"at most {hi} characters"]
    if "pattern" in schema:
        out.append(pattern_words(schema["pattern"]))
    if "format" in schema:
        out.append({"date": "a real calendar date", "email": "an e-mail address"}.get(
            schema["format"], f"format `{schema['format']}`"))
    out += _count(schema.get("minItems"), schema.get("maxItems"), "entry")
    if schema.get("uniqueItems"):
        out.append("no duplicates")
    if "minProperties" in schema:
        out.append(f"at least {schema['minProperties']} {_noun('entry', schema['minProperties'])}")
    items = schema.get("items")
    if isinstance(items, dict) and "$ref" not in items and "properties" not in items:
        out += [f"each {w}" for w in allowed(items)]
    names = schema.get("propertyNames")
    if isinstance(names, dict):
        out += [f"keys: {w}" for w in allowed(names)]
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and "$ref" not in extra:
        out += [f"values: {w}" for w in allowed(extra)]
    return list(dict.fromkeys(out))  # a pattern and a format may say the same thing


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# -- rows --------------------------------------------------------------------------------------

def _props(schema: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in schema.get("properties", {}).items() if isinstance(v, dict)}


def rows(schema: dict[str, Any], prefix: str = "") -> list[Row]:
    """One row per field, depth first, in the schema's own order; nested fields as `a.b`, fields of
    list entries as `a[].b`."""
    out: list[Row] = []
    required = set(schema.get("required", ()))
    for name, sub in _props(schema).items():
        path = prefix + name
        desc = sub.get("description", "")
        if not desc and "const" in sub:
            desc = f"Selects this schema: always {_code(sub['const'])}."
        if "examples" in sub:
            ex = ", ".join(_code(e) for e in sub["examples"])
            desc = (desc + " " if desc else "") + f"Example{'s' if len(sub['examples']) > 1 else ''}: {ex}."
        if "$ref" in sub and not desc:
            desc = f"See {_ref_link(sub['$ref'])}."
        items = sub.get("items")
        if isinstance(items, dict) and "$ref" in items and not sub.get("description"):
            desc = f"See {_ref_link(items['$ref'])}."
        out.append(Row(path, type_of(sub), name in required,
                       _code(sub["default"]) if "default" in sub else NONE,
                       "; ".join(allowed(sub)) or NONE, desc))
        if _props(sub):
            out += rows(sub, path + ".")
        if isinstance(items, dict) and _props(items):
            out += rows(items, path + "[].")
    return out


def rules(schema: dict[str, Any], where: str = "") -> list[str]:
    """Conditions between fields (oneOf of required keys, if/then), in words, for every level."""
    out: list[str] = []
    at = f"In `{where}`: " if where else ""
    one_of = schema.get("oneOf")
    if one_of and all(set(s) == {"required"} and len(s["required"]) == 1 for s in one_of):
        names = " or ".join(f"`{s['required'][0]}`" for s in one_of)
        out.append(f"{at}set exactly one of {names}.")
    cond, then = schema.get("if"), schema.get("then")
    if isinstance(cond, dict) and isinstance(then, dict) and set(then) == {"required"}:
        (key, spec), = cond["properties"].items()
        needed = ", ".join(f"`{r}`" for r in then["required"])
        verb = "is" if len(then["required"]) == 1 else "are"
        out.append(f"{at}when `{key}` is {_code(spec['const'])}, {needed} {verb} required.")
    for name, sub in _props(schema).items():
        path = f"{where}.{name}" if where else name
        out += rules(sub, path)
        items = sub.get("items")
        if isinstance(items, dict):
            out += rules(items, path + "[]")
    return out


def table(rs: list[Row]) -> list[str]:
    out = ["| Field | Type | Required | Default | Allowed | Description |", "|---|---|---|---|---|---|"]
    for r in rs:
        out.append(f"| `{r.field}` | {_cell(r.type)} | {'yes' if r.required else ''} | {_cell(r.default)} "
                   f"| {_cell(r.allowed)} | {_cell(r.description)} |")
    return out


def _section(title: str, file: str, schema: dict[str, Any], level: int = 2) -> list[str]:
    out = [f"{'#' * level} {title}", "", schema.get("description", ""), "", f"Schema: `schemas/{file}`", ""]
    out += table(rows(schema))
    conds = rules(schema)
    if conds:
        out += ["", "Rules:", ""] + [f"- {c[0].upper()}{c[1:]}" for c in conds]
    return out + [""]


def _variants(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(key, value, then-schema) for `allOf: [{if: {properties: {key: {const}}}, then}]` variants."""
    out = []
    for rule in schema.get("allOf", ()):
        (key, spec), = rule["if"]["properties"].items()
        out.append((key, spec["const"], rule["then"]))
    return out


def _backend_section(file: str, schema: dict[str, Any]) -> list[str]:
    out = ["## backend", "", schema.get("description", ""), "", f"Schema: `schemas/{file}`", ""]
    out += table(rows(schema))
    for key, value, then in _variants(schema):
        out += ["", f"### {key}: {value}", ""]
        fields = rows(then)
        if fields:
            out += table(fields)
        else:
            out.append("No other keys.")
    return out + [""]


def render() -> str:
    root = load(ROOT_SCHEMA)
    comp = load("component.schema.json")
    kinds = component_kinds()
    out = [
        GENERATED, "",
        "# Blueprint reference", "",
        f"Every key a blueprint can contain, generated from the JSON Schemas in `schemas/` (draft 2020-12). "
        "`plinth validate` checks blueprints against the same schemas, editors use them for completion and "
        "hovers (each example starts with `# yaml-language-server: $schema=../schemas/blueprint.schema.json`), "
        "and `plinth schema` prints them as one document. Keys not listed are rejected.", "",
        "Columns: **Default** is what plinth uses when the key is left out (— when there is none: the key "
        "is optional and off, or required); **Allowed** lists the accepted values, ranges and formats. "
        "Nested keys are written `a.b`, keys of list entries `a[].b`. Values are shown as written in YAML.", "",
        "Besides the schema, `plinth validate` checks what a schema cannot: that references name a component "
        "of the right kind, that accelerators exist in the chosen regions, that regions satisfy "
        "`allowed_regions`, that waivers name real checks and have not expired.", "",
        "## Contents", "",
        "- [Blueprint](#blueprint): the top-level keys",
        "- [Components](#components): " + ", ".join(f"[{k}](#{k})" for k, _ in kinds),
        "- [backend](#backend), [waiver](#waiver)", "",
    ]
    out += _section("Blueprint", ROOT_SCHEMA, root)
    out += ["## Components", "", comp.get("description", ""), "",
            "Each entry of `components` is keyed by the component's name (used in resource names) and "
            "has a `kind`:", "",
            "| Kind | What it is |", "|---|---|"]
    schemas = {kind: load(file) for kind, file in kinds}
    for kind, _ in kinds:
        out.append(f"| [{kind}](#{kind}) | {_cell(schemas[kind].get('description', ''))} |")
    out.append("")
    for kind, file in kinds:
        out += _section(kind, f"components/{file}", schemas[kind], level=3)
    out += _backend_section("components/backend.schema.json", load("backend.schema.json"))
    out += _section("waiver", "components/waiver.schema.json", load("waiver.schema.json"))
    return "\n".join(out).rstrip("\n") + "\n"


def expected() -> dict[Path, str]:
    return {DOC: render()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/blueprints.md is out of date")
    args = parser.parse_args(argv)
    text = render()
    current = DOC.read_text(encoding="utf-8") if DOC.is_file() else None
    if current == text:
        return 0
    if args.check:
        print(f"out of date: {DOC.relative_to(ROOT)} (run `{COMMAND}`)", file=sys.stderr)
        return 1
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
