"""No user string may become a Terraform expression or a CDKTF token."""

from __future__ import annotations

import re
from typing import Any, Iterator

from plinth.diagnostics import Diagnostic, PathT
from plinth.model import Blueprint
from plinth.semantics._util import diag

# `${` and `%{` start Terraform interpolations and directives; `${TfToken[` is a CDKTF token.
_EXPRESSION = re.compile(r"[$%]\{|\$\$\{|TfToken\[|\$\{Token\[")


def strings(value: Any, path: PathT) -> Iterator[tuple[PathT, str, bool]]:
    if isinstance(value, str):
        yield path, value, False
    elif isinstance(value, dict):
        for k, v in value.items():
            yield path + (k,), k, True
            yield from strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, path + (i,))


def check(bp: Blueprint) -> list[Diagnostic]:
    if bp.doc is None:
        return []
    out = []
    for path, text, is_key in strings(bp.doc.data, ()):
        m = _EXPRESSION.search(text)
        if m:
            out.append(diag(bp, path, f"`{m.group(0)}` would be read as a Terraform expression",
                            "blueprint values are plain text; remove the `${`/`%{` "
                            "(references between components are names, e.g. `network: net`)",
                            "injection.expression", key=is_key))
    return out
