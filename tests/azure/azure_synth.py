"""Reading the synthesized Azure output in tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class Synth:
    """The synthesized output: {blueprint: {stack role: parsed cdk.tf.json}} plus the folder."""

    def __init__(self, rendered: dict[str, dict[str, str]], outdir: Path) -> None:
        self.rendered = rendered
        self.outdir = outdir
        self.stacks: dict[str, dict[str, Any]] = {}
        for bp, files in rendered.items():
            for path, text in files.items():
                if path.endswith("/cdk.tf.json"):
                    role = path.split("/")[0][len(bp) + 1:]
                    self.stacks.setdefault(bp, {})[role] = json.loads(text)

    def resources(self, bp: str, rtype: str, role: str | None = None) -> dict[str, dict]:
        """{construct path below the stack: resource body} of one type."""
        out = {}
        for r, stack in self.stacks[bp].items():
            if role is None or r == role:
                for body in stack.get("resource", {}).get(rtype, {}).values():
                    path = body["//"]["metadata"]["path"].split("/", 1)[1]
                    out[path] = body
        return out

    def one(self, bp: str, rtype: str, path: str) -> dict:
        found = self.resources(bp, rtype)
        assert path in found, f"{rtype} {path} not in {sorted(found)}"
        return found[path]

    def all_resources(self):
        for bp, stacks in self.stacks.items():
            for role, stack in stacks.items():
                for rtype, items in stack.get("resource", {}).items():
                    for body in items.values():
                        yield bp, role, rtype, body


def strip(body: dict) -> dict:
    """A resource body without CDKTF's metadata."""
    return {k: v for k, v in body.items() if k != "//"}


def pick(body: dict, expected: dict) -> dict:
    """The attributes of `body` named in `expected` (missing ones as `<absent>`), to compare exactly."""
    return {k: body.get(k, "<absent>") for k in expected}


def refers(value: str, rtype: str, attr: str = "id") -> bool:
    """`value` is a Terraform reference to `rtype.<name>.attr` in this stack or through remote state."""
    return (isinstance(value, str) and value.startswith("${") and
            ((value.startswith(f"${{{rtype}.") and value.endswith(f".{attr}}}")) or
             (value.startswith("${data.terraform_remote_state.") and f"-{rtype}" in value and value.endswith(f"{attr}}}"))))
