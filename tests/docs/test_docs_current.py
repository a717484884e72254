"""Generated docs: every one is listed with the command that regenerates it, and is current.

docs/rules.md and docs/controls/*.md also have their own content tests (tests/rules/test_rules_docs.py,
tests/gate/test_gate_catalog.py); this file holds the one list of all generated docs and the
blueprint reference's own tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from plinth.docs import GENERATED_DOCS, blueprint_reference, stale
from plinth.loader import load_text
from plinth.paths import ROOT, SCHEMAS
from plinth.schema import _PATTERN_WORDS

MARKER = re.compile(r"Generated .*Do not edit", re.IGNORECASE)


def test_every_generated_doc_is_current():
    found = stale()
    assert not found, "stale generated docs:\n" + "\n".join(
        f"  {p.relative_to(ROOT)}: run `.venv/bin/{d.command}`" for p, d in found)


def test_every_generated_doc_is_listed_with_its_command():
    listed = {ROOT / p: d for d in GENERATED_DOCS for p in d.paths}
    marked = {p for p in (ROOT / "docs").rglob("*.md") if MARKER.search(p.read_text(encoding="utf-8")[:400])}
    assert marked == set(listed), "a doc says it is generated but is not in plinth.docs.GENERATED_DOCS (or the reverse)"
    for path, doc in listed.items():
        head = path.read_text(encoding="utf-8")[:400]
        assert f"`{doc.command}`" in head, f"{path.relative_to(ROOT)} must name `{doc.command}` at the top"
    assert [d.command for d in GENERATED_DOCS] == ["python -m plinth.docs.blueprint_reference",
                                                   "python -m plinth.rules.docs", "python -m plinth.gate.docs"]


# -- the blueprint reference ---------------------------------------------------------------------

def _schemas() -> dict[str, dict]:
    return {p.name: json.loads(p.read_text()) for p in [SCHEMAS / "blueprint.schema.json",
                                                        *sorted((SCHEMAS / "components").glob("*.schema.json"))]}


def _fields(schema: dict, prefix: str = "") -> list[str]:
    """Every property path, independently of the generator: a.b for mappings, a[].b for lists."""
    out = []
    for key, sub in schema.get("properties", {}).items():
        if not isinstance(sub, dict):
            continue
        out.append(prefix + key)
        out += _fields(sub, f"{prefix}{key}.")
        if isinstance(sub.get("items"), dict):
            out += _fields(sub["items"], f"{prefix}{key}[].")
    for rule in schema.get("allOf", ()):
        if isinstance(rule.get("then"), dict) and "$ref" not in rule["then"]:
            out += _fields(rule["then"], prefix)
    return out


def _walk(node):
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v)


def test_reference_has_every_kind_and_every_field():
    text = blueprint_reference.render()
    rows = re.findall(r"^\| `([^`]+)` \|", text, re.MULTILINE)
    kinds = json.loads((SCHEMAS / "components" / "component.schema.json").read_text())["properties"]["kind"]["enum"]
    for kind in kinds:
        assert f"\n### {kind}\n" in text and f"| [{kind}](#{kind}) |" in text
    for name, schema in _schemas().items():
        if name == "component.schema.json":
            continue
        missing = [f for f in _fields(schema) if f not in rows]
        assert not missing, f"{name}: no row for {missing}"
        for node in _walk(schema):
            if isinstance(node.get("description"), str) and len(node["description"]) > 20:
                assert node["description"] in text, f"{name}: description missing: {node['description'][:60]}"
            for example in node.get("examples", ()):
                assert f"`{blueprint_reference.yaml_value(example)}`" in text


def test_every_pattern_has_words_and_no_regex_is_shown():
    patterns = {n["pattern"] for s in _schemas().values() for n in _walk(s) if isinstance(n.get("pattern"), str)}
    assert patterns <= set(_PATTERN_WORDS), f"patterns without words: {patterns - set(_PATTERN_WORDS)}"
    text = blueprint_reference.render()
    assert not [p for p in patterns if p in text]


def test_reference_rows_golden():
    text = blueprint_reference.render()
    for row in [
        "| `zones` | integer |  | `2` | 2 to 6 | How many availability zones the subnets span (at least 2). |",
        "| `kubernetes_version` | string |  | `\"1.31\"` | a Kubernetes minor version such as 1.31 | Kubernetes minor version. |",
        "| `pools[].capacity` | string |  | `on_demand` | `on_demand`, `spot`, `reserved` | on_demand, spot "
        "(interruptible), or reserved (needs reservation). |",
        "| `budget.alert_thresholds_percent` | list of integers |  | `[50, 80, 100]` | no duplicates; each 1 to 1000 "
        "| Alert when actual or forecast spend passes these percentages of the budget. |",
        "| `labels` | mapping of string to string |  | `{}` | keys: lowercase letters, digits, `_` and `-`, starting "
        "with a letter (valid on every cloud); values: lowercase letters, digits, `_` and `-`, at most 63 characters "
        "(valid on every cloud) | Labels applied as tags/labels to every resource. Keys and values must be valid on "
        "all three clouds. Example: `{team: ml-platform, cost-center: \"4711\"}`. |",
        "| `bucket` | string | yes | — | an S3 bucket name: 3-63 lowercase letters, digits, `.` and `-` | Existing S3 "
        "bucket for state. |",
        "- In `pools[]`: when `capacity` is `reserved`, `reservation` is required.",
        "- Set exactly one of `accelerator` or `instance_type`.",
    ]:
        assert f"\n{row}\n" in text, row


def test_values_are_shown_as_plinth_reads_them():
    shown = {"1.31": '"1.31"', "4711": '"4711"', "off": "off", "true": '"true"', "raw": "raw", "a: b": '"a: b"'}
    for value, text in shown.items():
        assert blueprint_reference.yaml_value(value) == text
    for node in (n for s in _schemas().values() for n in _walk(s)):
        for value in [node["default"]] if "default" in node else []:
            written = blueprint_reference.yaml_value(value)
            assert load_text(f"v: {written}\n".encode(), "<t>").data == {"v": value}, written
        for value in node.get("examples", ()):
            written = blueprint_reference.yaml_value(value)
            assert load_text(f"v: {written}\n".encode(), "<t>").data == {"v": value}, written


def test_check_flag_and_regeneration(tmp_path, monkeypatch, capsys):
    doc = tmp_path / "blueprints.md"
    monkeypatch.setattr(blueprint_reference, "DOC", doc)
    monkeypatch.setattr(blueprint_reference, "ROOT", tmp_path)
    assert blueprint_reference.main(["--check"]) == 1
    assert "out of date: blueprints.md (run `python -m plinth.docs.blueprint_reference`)" in capsys.readouterr().err
    assert blueprint_reference.main([]) == 0 and doc.read_text() == blueprint_reference.render()
    assert blueprint_reference.main(["--check"]) == 0


def test_reference_never_imports_cdktf_or_checkov():
    import subprocess
    import sys

    code = ("import sys, plinth.docs, plinth.docs.blueprint_reference as r; r.render(); "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('cdktf', 'jsii', 'checkov')); assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(ROOT))
