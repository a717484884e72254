"""docs/rules.md, generated from the pack. Regenerate with `python -m plinth.rules.docs`
(tests/rules/test_docs.py fails when the committed file is stale)."""

from __future__ import annotations

import sys
from pathlib import Path

from plinth.paths import ROOT
from plinth.rules.base import Rule
from plinth.rules.pack import AI_PACK, NAME

DOC = ROOT / "docs" / "rules.md"
GENERATED = "<!-- Generated from plinth/rules by `python -m plinth.rules.docs`. Do not edit by hand. -->"


def _module(rule: Rule) -> str:
    return "plinth/rules/" + rule.id.lower().replace("-", "_") + ".py"


def render(pack: tuple[Rule, ...] = AI_PACK) -> str:
    lines = [
        GENERATED, "",
        "# AI-infrastructure rules", "",
        f"The `{NAME}` pack: the mistakes that cost AI teams money, which security scanners do not "
        "look for. The rules run on validated blueprints (never on Terraform): `plinth lint [PATH ...]` "
        "prints their findings as `file:line:col: severity RULE: message`, and `plinth rules` lists "
        "them. `plinth lint` exits 1 when a finding has severity `error`, 2 when a blueprint is invalid.",
        "",
        "## Severities and overrides", "",
        "Each rule has a default severity: `error` (fails `plinth lint`), `warning` or `info`. A blueprint "
        "may lower a rule's severity for itself, down to `off`, with a reason of at least a sentence; "
        "it cannot raise one. Overridden findings are still reported, with the reason beside them. An "
        "override of an unknown rule, one that does not lower the severity, or one without a reason is "
        "a validation error. A rule that fails with an internal error reports an `error` finding that "
        "cannot be overridden.", "",
        "```yaml",
        "rule_overrides:",
        "  - rule: AIX-002",
        "    severity: info",
        "    reason: Nightly evaluation jobs need one warm node; reviewed with FinOps in March.",
        "```", "",
        "| ID | Severity | Title |",
        "|----|----------|-------|",
    ]
    for r in pack:
        lines.append(f"| [{r.id}](#{r.id.lower()}) | {r.severity} | {r.title} |")
    for r in pack:
        lines += ["", f"## {r.id}", "", f"**{r.title}**", "",
                  f"Severity: `{r.severity}` · Source: `{_module(r)}` · Fixtures: `tests/rules/fixtures/{r.id}/`",
                  "", r.explanation, "",
                  "Reads: " + ", ".join(f"`{k}`" for k in r.looks_at) + "."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    target = Path(argv[0]) if argv else DOC
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
