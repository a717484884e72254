"""Names built from the blueprint fit each cloud's length limits once prefixes are added.

Their characters are already right: the schema restricts the parts they are built from."""

from __future__ import annotations

from plinth import naming
from plinth.diagnostics import Diagnostic
from plinth.model import Blueprint
from plinth.semantics._util import CLOUD_NAMES, diag


def check(bp: Blueprint) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for _comp, path, name, rule in naming.names(bp):
        if len(name) > rule.limit:
            out.append(diag(bp, path, f"{rule.what} `{name}` is {len(name)} characters; {CLOUD_NAMES[bp.cloud]} allows {rule.limit}",
                            "shorten the blueprint or component name", "name.length", key=len(path) == 2))
        elif len(name) < rule.minimum:
            out.append(diag(bp, path, f"{rule.what} `{name}` is {len(name)} characters; {CLOUD_NAMES[bp.cloud]} needs at least {rule.minimum}",
                            "lengthen the blueprint or component name", "name.length", key=len(path) == 2))
    return out
