"""docs/rules.md is generated from the rules and committed; it must be current."""

from __future__ import annotations

from plinth.rules import AI_PACK
from plinth.rules.docs import DOC, GENERATED, render


def test_committed_rules_doc_is_current():
    assert DOC.read_text() == render(), "docs/rules.md is stale: run `.venv/bin/python -m plinth.rules.docs`"


def test_doc_has_every_rule_with_its_explanation():
    text = render()
    assert text.startswith(GENERATED)
    for r in AI_PACK:
        assert f"\n## {r.id}\n" in text and r.explanation in text and f"| {r.severity} | {r.title} |" in text
