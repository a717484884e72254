"""Reading the synthesized GCP output in tests: stacks, resources by construct path, labels."""

from __future__ import annotations

import json
from typing import Any


class Stack:
    """One synthesized stack: its JSON, resources by construct path."""

    def __init__(self, stack_id: str, text: str) -> None:
        self.id = stack_id
        self.json: dict[str, Any] = json.loads(text)
        self.resources: dict[str, tuple[str, dict]] = {}
        self.logical: dict[str, str] = {}  # Terraform logical id → path
        for rtype, items in self.json.get("resource", {}).items():
            for logical, body in items.items():
                path = body["//"]["metadata"]["path"].split("/", 1)[1]
                assert path not in self.resources, path
                self.resources[path] = (rtype, body)
                self.logical[logical] = path

    def get(self, path: str, rtype: str) -> dict:
        assert path in self.resources, f"{self.id}: no {path}; have {sorted(self.resources)}"
        found, body = self.resources[path]
        assert found == rtype, (path, found)
        return {k: v for k, v in body.items() if k != "//"}

    def address(self, path: str) -> str:
        """`<type>.<logical id>` of the resource at `path` (what depends_on lists)."""
        rtype, _ = self.resources[path]
        return f"{rtype}." + next(lid for lid, p in self.logical.items() if p == path)

    def ref(self, path: str, attr: str) -> str:
        """The Terraform reference plinth emits for `attr` of the resource at `path`."""
        return "${" + f"{self.address(path)}.{attr}" + "}"

    def of_type(self, rtype: str) -> dict[str, dict]:
        return {p: {k: v for k, v in b.items() if k != "//"} for p, (t, b) in self.resources.items() if t == rtype}

    def paths(self, rtype: str | None = None) -> set[str]:
        return {p for p, (t, _) in self.resources.items() if rtype is None or t == rtype}

    @property
    def variables(self) -> dict:
        return self.json.get("variable", {})

    @property
    def data(self) -> dict:
        return self.json.get("data", {})


def labels(bp: str, component: str, compliance: str, **extra: str) -> dict[str, str]:
    """What plinth puts on every labelable resource: blueprint labels plus its own four."""
    return {**extra, "managed_by": "plinth", "blueprint": bp, "component": component, "compliance": compliance}


FRAUD_LABELS = {"team": "risk-ml", "cost-center": "8120", "data-class": "pan"}
