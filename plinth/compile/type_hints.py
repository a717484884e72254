"""Memoize `typing.get_type_hints` for the type-check stubs of jsii-generated bindings.

Every constructor and property setter of a prebuilt provider's Python bindings starts with
`type_hints = typing.get_type_hints(_typecheckingstub__<hash>)`, re-evaluating the stub's string
annotations on every call: about a fifth of the Python time of a synthesis. A stub is a module-
level function that never changes, so its hints are computed once. Only those stubs are memoized
(by name prefix, plain call form); every other call goes to `typing.get_type_hints` untouched, and
the type checks themselves still run. PLINTH_EAGER_PROVIDERS=1 leaves typing alone.
"""

from __future__ import annotations

import os
import typing
from typing import Any

STUB_PREFIX = "_typecheckingstub__"
_plain = typing.get_type_hints
_memo: dict[Any, dict[str, Any]] = {}


def get_type_hints(obj: Any, globalns: Any = None, localns: Any = None, include_extras: bool = False) -> dict:
    if (globalns is None and localns is None and not include_extras and callable(obj)
            and getattr(obj, "__name__", "").startswith(STUB_PREFIX)):
        hints = _memo.get(obj)
        if hints is None:
            hints = _memo[obj] = _plain(obj)
        return dict(hints)
    return _plain(obj, globalns, localns, include_extras)


def install() -> None:
    if not os.environ.get("PLINTH_EAGER_PROVIDERS"):
        typing.get_type_hints = get_type_hints
