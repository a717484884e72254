"""The stacks of one blueprint, handed to a cloud's `build(stacks)`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plinth.compile.plan import role_of
from plinth.model import Blueprint, Component


@dataclass
class StackSet:
    bp: Blueprint
    foundation: Any
    training: Any = None
    serving: Any = None

    def stack_for(self, component: Component) -> Any:
        return getattr(self, role_of(component))

    def by_role(self) -> dict[str, Any]:
        return {r: s for r, s in (("foundation", self.foundation), ("training", self.training),
                                  ("serving", self.serving)) if s is not None}
