"""JSON Schema validation of blueprints: every error at once, positioned, with a hint."""

from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from referencing import Registry, Resource

from plinth.diagnostics import Diagnostic, allowed, did_you_mean
from plinth.loader import Document
from plinth.paths import SCHEMAS

ROOT_SCHEMA = "blueprint.schema.json"

# Human words for the patterns the schema uses, keyed by the pattern itself.
_PATTERN_WORDS = {
    "^[a-z][a-z0-9-]*[a-z0-9]$": "lowercase letters, digits and hyphens, starting with a letter",
    "^[a-z][a-z0-9-]{0,19}$": "lowercase letters, digits and hyphens, starting with a letter, at most 20 characters",
    "^[a-z][a-z0-9_-]{0,62}$": "lowercase letters, digits, `_` and `-`, starting with a letter (valid on every cloud)",
    "^[a-z0-9_-]{0,63}$": "lowercase letters, digits, `_` and `-`, at most 63 characters (valid on every cloud)",
    "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$": "an e-mail address",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a date YYYY-MM-DD",
    "^1\\.[0-9]{2}$": "a Kubernetes minor version such as 1.31",
    "^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}/(1[6-9]|2[0-4])$":
        "an IPv4 range from /16 to /24, such as 10.20.0.0/16",
    "^[0-9.]+/[0-9]{1,2}$": "an IPv4 range such as 203.0.113.0/24",
    "^[A-Za-z0-9._-]+$": "an instance type such as p5.48xlarge (letters, digits, `.`, `_` and `-`)",
    "^[0-9]+x[0-9]+(x[0-9]+)?$": "a TPU topology such as 2x4 or 4x4x4",
    "^[A-Za-z0-9_./-]+$": "letters, digits, `_`, `.`, `/` and `-`",
    "^[A-Za-z0-9_./-]*$": "letters, digits, `_`, `.`, `/` and `-`",
    "^[a-z0-9./-]+=[a-z0-9._-]*:(NoSchedule|NoExecute|PreferNoSchedule)$":
        "a taint `key=value:Effect` with Effect NoSchedule, NoExecute or PreferNoSchedule",
    "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$": "an S3 bucket name: 3-63 lowercase letters, digits, `.` and `-`",
    "^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$": "a GCS bucket name: 3-63 lowercase letters, digits, `.`, `_` and `-`",
    "^[A-Za-z0-9_.()-]{1,90}$": "an Azure resource group name: 1-90 letters, digits, `_`, `.`, `(`, `)` and `-`",
    "^[a-z0-9]{3,24}$": "an Azure storage account name: 3-24 lowercase letters and digits",
    "^[a-z0-9-]{3,63}$": "an Azure container name: 3-63 lowercase letters, digits and `-`",
    "^[a-z][a-z0-9-]{0,11}$": "lowercase letters, digits and hyphens, starting with a letter, at most 12 characters",
    "^[a-z][a-z0-9-]{0,29}$": "lowercase letters, digits and hyphens, starting with a letter, at most 30 characters",
    "^[a-z][a-z0-9-]{0,39}$": "lowercase letters, digits and hyphens, starting with a letter, at most 40 characters",
    "^[A-Za-z0-9._-]{1,40}$": "1-40 letters, digits, `.`, `_` and `-`",
    "^[A-Z][A-Z0-9_-]*[0-9A-Z]$": "a check ID such as CKV_AWS_144 (capital letters, digits, `_` and `-`)",
    "^[A-Z]{2,4}-[0-9]{2}$": "a control ID such as BAK-01",
    "^[A-Z]{2,5}-[0-9]{3}$": "a rule ID such as AIX-002",
}


def _schema_files() -> list[Path]:
    return sorted([SCHEMAS / ROOT_SCHEMA, *(SCHEMAS / "components").glob("*.schema.json")])


@lru_cache(maxsize=2)
def validator(root_schema: str = ROOT_SCHEMA) -> Draft202012Validator:
    """A validator for `root_schema` (the blueprint, or waivers.schema.json for `plinth audit`)."""
    resources = []
    for path in _schema_files():
        contents = json.loads(path.read_text())
        uri = contents["$id"] if path.name == ROOT_SCHEMA else f"components/{contents['$id']}"
        resources.append((uri, Resource.from_contents(contents)))
        if path.name != ROOT_SCHEMA:  # component files refer to each other by bare name
            resources.append((contents["$id"], Resource.from_contents(contents)))
    registry = Registry().with_resources(resources)
    root = json.loads((SCHEMAS / root_schema).read_text())
    return Draft202012Validator(root, registry=registry, format_checker=FormatChecker())


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = json.dumps(value) if not isinstance(value, str) else value
    return f"`{text if len(text) <= 60 else text[:57] + '...'}`"


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number",
               "boolean": "true or false", "object": "a mapping", "array": "a list"}


def _translate(doc: Document, err: ValidationError) -> list[Diagnostic]:
    path = tuple(err.absolute_path)
    kind, value, schema = err.validator, err.instance, err.schema
    field = _field(path)
    if kind == "additionalProperties" and isinstance(value, dict):
        known = list(schema.get("properties", {}))
        out = []
        for key in sorted(set(value) - set(known)):
            hint = did_you_mean(key, known) or allowed(known)
            out.append(doc.diag(path + (key,), f"unknown key `{key}`", hint, key=True, code="schema.unknown_key"))
        return out
    if kind == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        what = f"`{field}`" if path else "the blueprint"
        return [doc.diag(path, f"missing required key `{missing}` in {what}",
                         _misspelt(value, schema, missing) or _describe(schema, missing), code="schema.required")]
    if kind == "enum":
        hint = did_you_mean(str(value), map(str, err.validator_value))
        hint = f"{hint} ({allowed(err.validator_value)})" if hint else allowed(err.validator_value)
        return [doc.diag(path, f"{_show(value)} is not a valid `{field}`", hint, code="schema.enum")]
    if kind == "const":
        return [doc.diag(path, f"`{field}` must be `{err.validator_value}`", code="schema.const")]
    if kind == "type":
        want = err.validator_value if isinstance(err.validator_value, str) else err.validator_value[0]
        return [doc.diag(path, f"`{field}` must be {_TYPE_WORDS.get(want, want)}, not {_show(value)}",
                         code="schema.type")]
    if kind == "pattern" and list(err.schema_path)[-2:-1] == ["propertyNames"]:
        return [doc.diag(path + (value,), f"`{value}` is not a valid name here",
                         f"expected {_PATTERN_WORDS.get(err.validator_value, 'a valid name')}",
                         key=True, code="schema.name")]
    if kind == "pattern":
        words = _PATTERN_WORDS.get(err.validator_value, f"the pattern {err.validator_value}")
        return [doc.diag(path, f"{_show(value)} is not a valid `{field}`: expected {words}", code="schema.pattern")]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        rel = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than",
               "exclusiveMaximum": "less than"}[kind]
        return [doc.diag(path, f"`{field}` is {value}; it must be {rel} {err.validator_value}", code="schema.range")]
    if kind in ("minLength", "maxLength"):
        rel = "at least" if kind == "minLength" else "at most"
        return [doc.diag(path, f"`{field}` is {len(value)} characters long; it must be {rel} {err.validator_value}",
                         _describe_here(schema), code="schema.length")]
    if kind in ("minItems", "maxItems", "minProperties"):
        rel = "at most" if kind == "maxItems" else "at least"
        return [doc.diag(path, f"`{field}` has {len(value)} entries; it needs {rel} {err.validator_value}",
                         code="schema.size")]
    if kind == "uniqueItems":
        return [doc.diag(path, f"`{field}` lists the same value twice", "remove the repeated entry", code="schema.unique")]
    if kind == "format":
        if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
            return []  # the pattern error already says what is wrong with this value
        hint = None
        if err.validator_value == "date":
            well_formed = isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)
            hint = "that day does not exist in the calendar" if well_formed else "write dates as YYYY-MM-DD"
        return [doc.diag(path, f"{_show(value)} is not a valid {err.validator_value}", hint, code="schema.format")]
    if kind == "oneOf" and all(set(s) == {"required"} for s in err.validator_value):
        names = [s["required"][0] for s in err.validator_value]
        present = [n for n in names if isinstance(value, dict) and n in value]
        if present:
            return [doc.diag(path + (present[1],), f"set only one of {' or '.join(f'`{n}`' for n in names)}",
                             f"`{present[0]}` is already set", key=True, code="schema.one_of")]
        return [doc.diag(path, f"`{field}` needs one of {' or '.join(f'`{n}`' for n in names)}",
                         code="schema.one_of")]
    return [doc.diag(path, f"`{field}`: {err.message}", code=f"schema.{kind}")]


def _field(path: tuple) -> str:
    """`pools[0]` for list items, the key otherwise."""
    if not path:
        return "blueprint"
    if isinstance(path[-1], int):
        return f"{path[-2]}[{path[-1]}]" if len(path) > 1 else f"[{path[-1]}]"
    return str(path[-1])


def _misspelt(value: Any, schema: dict, key: str) -> str | None:
    """`kidn` set where `kind` is missing: a hint naming the misspelling (a component's schema
    allows any key until its `kind` is known, so no "unknown key" error says it)."""
    if not isinstance(value, dict):
        return None
    unknown = [k for k in value if isinstance(k, str) and k not in schema.get("properties", {})]
    close = difflib.get_close_matches(key, unknown, n=1, cutoff=0.6)
    return f"`{close[0]}` is set instead: did you mean `{key}`?" if close else None


def _describe(schema: dict, key: str) -> str | None:
    prop = schema.get("properties", {}).get(key)
    if isinstance(prop, dict) and "description" in prop:
        return prop["description"]
    return None


def _describe_here(schema: dict) -> str | None:
    return schema.get("description")


def validate(doc: Document, root_schema: str = ROOT_SCHEMA) -> list[Diagnostic]:
    """Every schema error in the document, positioned and de-duplicated."""
    out: list[Diagnostic] = []
    for err in validator(root_schema).iter_errors(doc.data):
        out.extend(_translate(doc, err))
    return sorted(dict.fromkeys(out))
