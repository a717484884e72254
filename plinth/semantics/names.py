"""Names built from the blueprint fit each cloud's limits once prefixes are added."""

from __future__ import annotations

import re

from plinth import naming
from plinth.diagnostics import Diagnostic
from plinth.model import Blueprint
from plinth.semantics._util import diag


def check(bp: Blueprint) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for _comp, path, name, rule in naming.names(bp):
        if len(name) > rule.limit:
            out.append(diag(bp, path, f"{rule.what} `{name}` is {len(name)} characters; {bp.cloud} allows {rule.limit}",
                            "shorten the blueprint or component name", "name.length"))
        elif not re.match(rule.pattern, name):
            out.append(diag(bp, path, f"{rule.what} `{name}` is not valid: {rule.words}",
                            "rename the blueprint or component", "name.form"))
    return out
