"""The gate's user errors: a message and a hint, printed without a traceback (exit 2)."""

from __future__ import annotations


class GateError(Exception):
    """The gate could not run: a missing folder, no stacks, a broken manifest or catalog."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        return f"error: {self.message}" + (f"\n  = hint: {self.hint}" if self.hint else "")
