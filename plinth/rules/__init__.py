"""AI-infrastructure rules: the mistakes that cost AI teams money, checked on the typed model.

    from plinth import rules
    findings = rules.run(bp)          # list[RuleFinding], overrides applied, sorted by position

One rule per file (aix_NNN.py), the pack is a table (pack.py), docs/rules.md is generated from it
(docs.py). Never imports cdktf and never reads Terraform.
"""

from plinth.rules.base import ERROR, INFO, OFF, SEVERITIES, WARNING, BLUEPRINT_WIDE, Hit, Rule, RuleFinding
from plinth.rules.pack import AI_PACK
from plinth.rules.runner import run

__all__ = ["AI_PACK", "BLUEPRINT_WIDE", "ERROR", "INFO", "OFF", "SEVERITIES", "WARNING", "Hit", "Rule",
           "RuleFinding", "run"]
