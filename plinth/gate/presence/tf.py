"""Reading attributes of raw Terraform JSON bodies (blocks may be objects or lists of objects)."""

from __future__ import annotations

import json
from typing import Any


def blocks(body: Any, key: str) -> list[dict]:
    value = body.get(key) if isinstance(body, dict) else None
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def get(body: Any, *path: str, default: Any = None) -> Any:
    """The value at `path`, through the first block at each level."""
    node = body
    for key in path:
        if isinstance(node, list):
            node = node[0] if node else None
        if not isinstance(node, dict) or key not in node:
            return default
        node = node[key]
    return default if node is None else node


def truthy(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def as_list(value: Any) -> list:
    if value is None:
        return []
    return [v for v in value if v is not None] if isinstance(value, list) else [value]


def as_map(value: Any) -> dict[str, Any]:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def document(value: Any) -> dict | None:
    """A JSON policy document given as a string or an object; None for an expression."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and not value.lstrip().startswith("${"):
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        return parsed if isinstance(parsed, dict) else None
    return None
