"""The memoized get_type_hints (plinth/compile/type_hints.py) answers exactly as typing does and
only memoizes jsii's type-check stubs."""

from __future__ import annotations

import typing

from plinth.compile import type_hints


def _typecheckingstub__abc(*, scope: "int", tags: "typing.Optional[typing.Mapping[str, str]]" = None) -> None:
    ...


def ordinary(x: "int") -> "str":
    return str(x)


def test_stub_hints_equal_typing_and_are_computed_once(monkeypatch):
    original = type_hints._plain
    expected = original(_typecheckingstub__abc)
    assert expected == {"scope": int, "tags": typing.Optional[typing.Mapping[str, str]], "return": type(None)}
    calls = []

    def plain(obj, *args):
        calls.append(obj)
        return original(obj, *args)

    monkeypatch.setattr(type_hints, "_plain", plain)
    monkeypatch.setattr(type_hints, "_memo", {})
    first = type_hints.get_type_hints(_typecheckingstub__abc)
    first["scope"] = "mutated by a caller"
    assert type_hints.get_type_hints(_typecheckingstub__abc) == expected
    assert calls == [_typecheckingstub__abc]


def test_other_functions_are_not_memoized(monkeypatch):
    calls = []
    monkeypatch.setattr(type_hints, "_plain", lambda obj, *a: calls.append(obj) or {"x": int})
    type_hints.get_type_hints(ordinary)
    type_hints.get_type_hints(ordinary)
    type_hints.get_type_hints(_typecheckingstub__abc, include_extras=True)
    assert calls == [ordinary, ordinary, _typecheckingstub__abc]
