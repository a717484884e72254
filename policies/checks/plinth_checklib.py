"""Shared helpers for plinth's checkov checks (not a check itself: it registers nothing).

checkov hands a check the resource's attributes with every value wrapped in a list
(`{"retention_in_days": [365], "ingress": [{...}], "cidr_blocks": [["0.0.0.0/0"]]}`), plus
`__startline__`/`__endline__` bookkeeping keys. These helpers unwrap that convention, for
Terraform JSON and HCL alike, so each check reads like the attribute it inspects.

A check subclasses `PlinthCheck` and implements `evaluate(conf, resource_type) -> CheckResult`. It keeps no state
between resources: everything it needs is in `conf` or in constants set in `__init__`. An error
while evaluating becomes a FAILED result, never a crash of the whole gate.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Iterable

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck
from checkov.terraform.parser_functions import handle_dynamic_values

_BOOKKEEPING = ("__startline__", "__endline__", "start_line", "end_line")
_LOG = logging.getLogger("plinth.checks")

ANYWHERE_V4 = ("0.0.0.0/0",)
ANYWHERE_V6 = ("::/0", "0000:0000:0000:0000:0000:0000:0000:0000/0")


def unwrap(value: Any) -> Any:
    """`[[x]]` → `x`: remove checkov's list wrapping around a scalar or a block."""
    while isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value


def clean(block: Any) -> Any:
    """A block without checkov's line bookkeeping keys."""
    if isinstance(block, dict):
        return {k: v for k, v in block.items() if k not in _BOOKKEEPING}
    return block


def blocks(conf: Any, key: str) -> list[dict]:
    """Every nested block under `key`, whether written as an object, a list, or wrapped lists."""
    if not isinstance(conf, dict) or key not in conf:
        return []
    out: list[dict] = []
    stack = [conf[key]]
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict):
            out.append(clean(item))
        elif isinstance(item, list):
            stack[0:0] = item
    return out


def attr(conf: Any, *path: str, default: Any = None) -> Any:
    """The value at `path` (through the first block at each level), unwrapped; `default` if absent."""
    node: Any = conf
    for key in path:
        node = unwrap(node)
        if not isinstance(node, dict) or key not in node:
            return default
        node = node[key]
    node = unwrap(node)
    return default if node is None else node


def as_list(value: Any) -> list:
    """A list attribute's items: `[["a", "b"]]` → `["a", "b"]`, `"a"` → `["a"]`, None → `[]`."""
    while isinstance(value, list) and len(value) == 1 and isinstance(value[0], list):
        value = value[0]
    if value is None:
        return []
    if not isinstance(value, list):
        return [value]
    return [v for v in value if v is not None]


def is_set(value: Any) -> bool:
    """A value is set when it is a non-empty literal or an expression."""
    value = unwrap(value)
    return value not in (None, "", [], {}) and value is not False


def truthy(value: Any) -> bool | None:
    """True/False for booleans (and their strings); None when unset or not a boolean."""
    value = unwrap(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def number(value: Any) -> int | None:
    """An integer attribute, or None when unset or not a literal number."""
    value = unwrap(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def json_document(value: Any) -> Any:
    """A policy document given as a JSON string or an object; None when it is an expression."""
    value = unwrap(value)
    if isinstance(value, dict):
        return clean(value)
    if isinstance(value, str) and not value.lstrip().startswith("${"):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return None


def statements(document: Any) -> list[dict]:
    if not isinstance(document, dict):
        return []
    found = document.get("Statement", [])
    return [s for s in (found if isinstance(found, list) else [found]) if isinstance(s, dict)]


def principal_is_public(principal: Any) -> bool:
    """`"*"`, `{"AWS": "*"}` or `{"AWS": ["*"]}`: anyone."""
    if principal == "*":
        return True
    if isinstance(principal, dict):
        return any(v == "*" or (isinstance(v, list) and "*" in v) for v in principal.values())
    return False


def result(ok: bool) -> CheckResult:
    return CheckResult.PASSED if ok else CheckResult.FAILED


class PlinthCheck(BaseResourceCheck):
    """Base of plinth's checks: constant metadata, `evaluate` per resource, errors become FAILED."""

    def __init__(self, check_id: str, name: str, resources: Iterable[str],
                 category: CheckCategories, keys: Iterable[str] = ()) -> None:
        self._keys = tuple(keys)
        super().__init__(name=name, id=check_id, categories=(category,), supported_resources=tuple(resources))

    def evaluate(self, conf: dict[str, Any], resource_type: str) -> CheckResult:  # pragma: no cover
        raise NotImplementedError

    def scan_entity_conf(self, conf: dict[str, Any], entity_type: str) -> CheckResult:
        """Like checkov's, but hands the resource type to `evaluate` instead of keeping it on self."""
        if conf.get("count") == [0]:
            return CheckResult.UNKNOWN
        handle_dynamic_values(conf)
        try:
            return self.evaluate(conf, entity_type)
        except Exception:  # a broken rule is a finding, never a crash of the gate
            _LOG.exception("check %s failed on a %s; reporting it as FAILED", self.id, entity_type)
            return CheckResult.FAILED

    def scan_resource_conf(self, conf: dict[str, Any]) -> CheckResult:
        return self.scan_entity_conf(conf, "")

    def get_evaluated_keys(self) -> list[str]:
        return list(self._keys)
