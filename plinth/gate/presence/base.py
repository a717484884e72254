"""The presence-check contract: a stack set in, pass/fail results (with evidence) out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from plinth.gate.stacks import Resource, StackSet


@dataclass(frozen=True)
class Context:
    """What a presence check may know about the blueprint besides its Terraform."""

    blueprint: str | None            # None when auditing Terraform plinth did not generate
    profiles: tuple[str, ...] = ()


@dataclass(frozen=True)
class PresenceResult:
    passed: bool
    resource: Resource | None        # the resource lacking (or evidencing) something; None: blueprint-wide
    message: str


class PresenceCheck(ABC):
    """Stateless: `evaluate` reads only its arguments."""

    id: str
    name: str
    clouds: tuple[str, ...]

    @abstractmethod
    def evaluate(self, stacks: StackSet, context: Context) -> list[PresenceResult]:
        raise NotImplementedError

    def run(self, stacks: StackSet, context: Context) -> list[PresenceResult]:
        """Like `evaluate`, but a broken check is a failed result, never a crash of the gate."""
        if stacks.cloud not in self.clouds:
            return []
        try:
            return self.evaluate(stacks, context)
        except Exception as exc:  # noqa: BLE001 - reported as a finding
            return [PresenceResult(False, None, f"{self.id} could not run: {type(exc).__name__}: {exc}")]


def ok(resource: Resource | None, message: str) -> PresenceResult:
    return PresenceResult(True, resource, message)


def missing(resource: Resource | None, message: str) -> PresenceResult:
    return PresenceResult(False, resource, message)
