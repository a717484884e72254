"""BlueprintResult ⇄ JSON, exactly: every dataclass of plinth/gate/model.py with its type name,
tuples kept as tuples, so decode(encode(x)) == x (tests/gate/test_gate_cache.py)."""

from __future__ import annotations

import dataclasses
from typing import Any

from plinth.gate import model

_TYPES = {cls.__name__: cls for cls in vars(model).values()
          if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__}


def encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _TYPES.get(name) is not type(value):
            raise TypeError(f"cannot encode {type(value)!r}")
        return {"__type__": name, **{f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise TypeError("cannot encode a mapping with non-string keys")
        return {"__dict__": {k: encode(v) for k, v in value.items()}}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot encode {type(value)!r}")


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if "__tuple__" in value:
            return tuple(decode(v) for v in value["__tuple__"])
        if "__dict__" in value:
            return {k: decode(v) for k, v in value["__dict__"].items()}
        cls = _TYPES[value["__type__"]]
        return cls(**{k: decode(v) for k, v in value.items() if k != "__type__"})
    return value
