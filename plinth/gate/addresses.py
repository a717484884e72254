"""checkov's resource addresses → Terraform addresses.

checkov's Python checks on Terraform JSON report `resource.<name>` (no type) and `data.<name>`;
its graph checks report `<type>.<name>`; provider checks `provider.<name>`; HCL results may carry a
`module.` prefix. Everything becomes `<type>.<name>` / `data.<type>.<name>` / `provider.<name>`.
"""

from __future__ import annotations

from typing import Sequence

from plinth.gate.stacks import Resource, Stack


def resolve(raw: str, stack: Stack | None, supported: Sequence[str] = ()) -> tuple[str, Resource | None]:
    """(normalised address, the stack's resource when found)."""
    head, _, rest = raw.partition(".")
    if head == "provider" or stack is None or not rest:
        return raw, None
    if head in ("resource", "data") and "." not in rest:
        mode = "resource" if head == "resource" else "data"
        candidates = [r for r in stack.resources if r.mode == mode and r.name == rest]
        if len(candidates) > 1 and supported:
            candidates = [r for r in candidates if r.type in supported] or candidates
        if candidates:
            return candidates[0].address, candidates[0]
        return raw, None
    mode, address = ("data", rest) if head == "data" else ("resource", raw)
    rtype, _, name = address.partition(".")
    found = next((r for r in stack.resources if r.mode == mode and r.type == rtype and r.name == name), None)
    return (found.address if found else raw), found
