"""Check results from every engine (checkov, our checkov checks, presence checks) in one shape."""

from __future__ import annotations

from dataclasses import dataclass

from plinth.gate.addresses import resolve
from plinth.gate.checkov_engine import RawResult
from plinth.gate.presence import PresenceCheck, PresenceResult
from plinth.gate.stacks import Resource, Stack

CUSTOM_PREFIX = "PLN_"
MAX_KEYS = 4
_NOISE = ("resource_type", "networking")


@dataclass(frozen=True)
class Observation:
    check_id: str
    check_name: str
    engine: str                     # checkov | custom | presence
    passed: bool
    stack: Stack | None
    resource: Resource | None
    address: str | None
    message: str
    tf_line: int | None


def from_checkov(raw: RawResult, stack: Stack | None, supported: tuple[str, ...]) -> Observation:
    address, resource = resolve(raw.resource, stack, supported)
    shown = sorted(k for k in set(raw.evaluated_keys) if k not in _NOISE)[:MAX_KEYS]
    keys = f" (inspected: {', '.join(shown)})" if shown and not raw.passed else ""
    return Observation(check_id=raw.check_id, check_name=raw.check_name,
                       engine="custom" if raw.check_id.startswith(CUSTOM_PREFIX) else "checkov",
                       passed=raw.passed, stack=stack, resource=resource, address=address,
                       message=raw.check_name + keys,
                       tf_line=raw.lines[0] if raw.lines else None)


def from_presence(check: PresenceCheck, result: PresenceResult, stacks: list[Stack]) -> Observation:
    resource = result.resource
    stack = next((s for s in stacks if resource is not None and s.file == resource.file), None)
    return Observation(check_id=check.id, check_name=check.name, engine="presence", passed=result.passed,
                       stack=stack, resource=resource, address=resource.address if resource else None,
                       message=result.message, tf_line=stack.line_of(resource) if stack and resource else None)
