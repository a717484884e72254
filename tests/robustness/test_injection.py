"""Injection: no user text ever becomes a Terraform expression.

1. Every user string of every example (each value, and each free-text key: component names and label
   keys) with `${…}`, `%{…}` or a CDKTF token marker inserted is rejected, with an error on that node;
   so is every number replaced by the double CDKTF uses to encode a number token.
2. Every `${…}` in the committed generated/**/cdk.tf.json is one the constructs wrote: a reference to a
   resource, data source, variable, local or terraform.workspace, or a call of a Terraform function
   on such references and literals that appear in no blueprint.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

import pytest

from plinth.loader import load_text
from plinth.pipeline import validate_paths
from robust_support import EXAMPLES, INJECTIONS, ROOT, Mutant, get, injection_mutants, position_problems

CASES = injection_mutants()
GENERATED = ROOT / "generated"


def test_every_user_string_of_every_example_is_injected() -> None:
    values = [m for m in CASES if m.kind == "inject-value"]
    keys = [m for m in CASES if m.kind == "inject-key"]
    numbers = [m for m in CASES if m.kind == "inject-number"]
    assert len(values) >= 300 and len(keys) >= 20 and len(numbers) >= 20, (len(values), len(keys), len(numbers))
    assert {m.id.rsplit("/", 1)[1] for m in values} == {str(i) for i in range(len(INJECTIONS))}
    assert {m.example for m in CASES} == {p.stem for p in EXAMPLES}


_ORIGINALS: dict[str, Any] = {}


def _original(m: Mutant) -> Any:
    if m.example not in _ORIGINALS:
        path = ROOT / "blueprints" / f"{m.example}.yaml"
        _ORIGINALS[m.example] = load_text(path.read_bytes(), str(path)).data
    return _ORIGINALS[m.example]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("injected")


@pytest.mark.parametrize("m", CASES, ids=[m.id for m in CASES])
def test_injected_string_is_rejected_on_its_node(m: Mutant, folder: Path) -> None:
    path = folder / m.filename
    path.write_text(m.text, encoding="utf-8")
    result = validate_paths([str(path)])
    assert not result.ok and result.blueprints == [], f"{m.id}: accepted\n{m.text}"
    assert position_problems(result.diagnostics, m.text, str(path)) == []
    # The error is on the injected node (its value, or its key for an injected key).
    doc = load_text(m.text.encode(), str(path))
    if m.kind == "inject-key":
        parent = m.path[:-1]
        key = next(k for k in get(doc.data, parent) if k not in get(_original(m), parent))
        where = {doc.key_positions[parent + (key,)], doc.positions[parent + (key,)]}
    else:
        where = {doc.positions[m.path]}
    lines = {line for line, _ in where}
    assert any(d.line in lines for d in result.diagnostics), \
        f"{m.id}: no error on line {sorted(lines)}: " + "; ".join(f"{d.line}:{d.column}: {d.message}"
                                                             for d in result.diagnostics)


# -- what the committed Terraform's expressions are made of -----------------------------------

def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def expressions(text: str) -> Iterator[str]:
    """The body of every `${…}` in `text` (braces and quoted strings inside it balanced; `$${` is
    Terraform's escape for a literal `${` and starts no expression)."""
    i = 0
    while (start := text.find("${", i)) >= 0:
        if start > 0 and text[start - 1] == "$":
            i = start + 2
            continue
        depth, k, quoted = 0, start + 1, False
        while k < len(text):
            c = text[k]
            if quoted:
                if c == "\\":
                    k += 1
                elif c == '"':
                    quoted = False
            elif c == '"':
                quoted = True
            elif c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        assert k < len(text), f"unterminated expression: {text[start:start + 200]!r}"
        yield text[start + 2:k]
        i = k + 1


_IDENT = r"[A-Za-z_][A-Za-z0-9_-]*"
_STEP = rf"(?:\.{_IDENT}|\[[0-9]+\]|\[\*\])"
# A reference: resource type + name, data.<type>.<name>, var.x, local.x, terraform.workspace.
_REFERENCE = re.compile(rf"(?:data\.{_IDENT}\.{_IDENT}|var\.{_IDENT}|local\.{_IDENT}|terraform\.workspace"
                        rf"|(?:aws|google|azurerm|random|time|null|tls)_{_IDENT}\.{_IDENT}){_STEP}*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_CALL = re.compile(rf"({_IDENT})\(")
FUNCTIONS = {"can", "regex", "slice", "length", "lookup", "element", "join", "split", "format", "replace",
             "lower", "upper", "concat", "merge", "tolist", "toset", "tostring", "tonumber", "jsonencode", "try",
             "coalesce", "cidrsubnet", "base64encode", "sha256", "substr", "trimspace", "keys", "values"}


def parse_expression(expr: str) -> list[str]:
    """The string literals of `expr`; AssertionError unless `expr` is a reference or a function call
    on references, numbers and string literals (the only expressions the constructs write)."""
    literals: list[str] = []
    pos = _term(expr.strip(), 0, literals)
    assert pos == len(expr.strip()), f"unexpected text in ${{{expr}}} at {pos}"
    return literals


def _term(expr: str, pos: int, literals: list[str]) -> int:
    for pattern in (_STRING, _NUMBER):
        m = pattern.match(expr, pos)
        if m:
            if pattern is _STRING:
                literals.append(json.loads(m.group(0)))
            return m.end()
    m = _CALL.match(expr, pos)
    if m:
        assert m.group(1) in FUNCTIONS, f"unknown function {m.group(1)} in ${{{expr}}}"
        pos = m.end()
        while True:
            pos = _term(expr, pos, literals)
            while pos < len(expr) and expr[pos] == " ":
                pos += 1
            if expr[pos] == ")":
                return pos + 1
            assert expr[pos] == ",", f"expected , or ) in ${{{expr}}} at {pos}"
            pos += 1
            while expr[pos] == " ":
                pos += 1
    m = _REFERENCE.match(expr, pos)
    assert m, f"${{{expr}}} at {pos}: neither a reference, a literal nor a function call"
    return m.end()


def _blueprint_strings() -> set[str]:
    out: set[str] = set()
    for path in EXAMPLES:
        out |= set(_strings(load_text(path.read_bytes(), str(path)).data))
    return out


def _generated_files() -> list[Path]:
    return sorted(GENERATED.rglob("cdk.tf.json"))


def test_token_doubles_are_cdktf_s() -> None:
    from robust_support import token_double

    assert token_double(0) < -1e288 and token_double(0, list_token=True) < -1e288
    assert token_double(1) != token_double(2) and token_double(1) != token_double(1, list_token=True)


def test_the_expression_reader_itself() -> None:
    assert list(expressions('a ${var.x} $${not.this} ${f("}", x.y)} b')) == ["var.x", 'f("}", x.y)']
    assert parse_expression('can(regex("^a$", var.x))') == ["^a$"]
    assert parse_expression("slice(data.google_compute_zones.z_1.names, 0, 2)") == []
    assert parse_expression("aws_s3_bucket.lake_raw_ABC.arn") == []
    for bad in ("var.x + 1", "aws_s3_bucket.a.arn ? 1 : 2", "file(\"/etc/passwd\")", "TfToken[TOKEN.1]", "x"):
        with pytest.raises(AssertionError):
            parse_expression(bad)


def test_committed_terraform_expressions_are_all_construct_references() -> None:
    files = _generated_files()
    assert len(files) >= 4, "generated/ holds the synthesized examples"
    user = _blueprint_strings()
    # Text a user wrote that cannot be part of an identifier (a description, an e-mail, a CIDR)
    # must not occur in an expression at all; identifier-like text (a component name) may occur only
    # inside the resource addresses the constructs derive from it, never as a string literal.
    free_text = sorted(s for s in user if len(s) >= 2 and re.search(r"[^A-Za-z0-9_-]", s))
    count = 0
    for f in files:
        for s in _strings(json.loads(f.read_text())):
            assert "TfToken[" not in s and "${Token[" not in s, f"{f}: unresolved CDKTF token in {s[:200]!r}"
            for expr in expressions(s):
                count += 1
                literals = parse_expression(expr)
                rel = f.relative_to(ROOT)
                for lit in literals:
                    assert lit not in user, f"{rel}: blueprint text {lit!r} is a literal in ${{{expr}}}"
                    assert not any(u in lit for u in user if len(u) >= 4), f"{rel}: blueprint text inside ${{{expr}}}"
                hit = [u for u in free_text if u in expr]
                assert hit == [], f"{rel}: blueprint text {hit} inside ${{{expr}}}"
    assert count > 500, "the examples reference resources; the scan found too few expressions"
