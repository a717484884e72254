"""Reading synthesized output in tests, for every cloud: resources by construct path, references
resolved across stacks (CDKTF turns them into remote-state outputs of the producing stack)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

_REMOTE = re.compile(r"^\$\{data\.terraform_remote_state\.cross-stack-reference-input-([^.]+)\.outputs\.([^}]+)\}$")
_LOCAL = re.compile(r"^\$\{([a-z0-9_]+)\.([^.}]+)\.(.+)\}$")


class Synth:
    """{blueprint: {stack role: parsed cdk.tf.json}} plus the folder they were written to."""

    def __init__(self, rendered: dict[str, dict[str, str]], outdir: Path) -> None:
        self.rendered = rendered
        self.outdir = outdir
        self.stacks: dict[str, dict[str, Any]] = {}
        for bp, files in rendered.items():
            for path, text in files.items():
                if path.endswith("/cdk.tf.json"):
                    self.stacks.setdefault(bp, {})[path.split("/")[0][len(bp) + 1:]] = json.loads(text)

    def resources(self, bp: str, rtype: str, role: str | None = None) -> dict[str, dict[str, Any]]:
        """{construct path below the stack: body} of one resource type."""
        out = {}
        for r, stack in self.stacks[bp].items():
            if role is None or r == role:
                for body in stack.get("resource", {}).get(rtype, {}).values():
                    out[body["//"]["metadata"]["path"].split("/", 1)[1]] = body
        return out

    def one(self, bp: str, rtype: str, path: str) -> dict[str, Any]:
        found = self.resources(bp, rtype)
        assert path in found, f"{rtype} {path} not in {sorted(found)}"
        return found[path]

    def all_resources(self, bp: str | None = None) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        for name, stacks in self.stacks.items():
            if bp is None or name == bp:
                for role, stack in stacks.items():
                    for rtype, items in stack.get("resource", {}).items():
                        for body in items.values():
                            yield name, role, rtype, body

    def address(self, bp: str, rtype: str, path: str) -> str:
        """`<type>.<name>` of the resource at `path`."""
        return f"{rtype}.{self.one(bp, rtype, path)['//']['metadata']['uniqueId']}"

    def target(self, bp: str, value: str) -> str:
        """What a reference points at, `<type>.<name>.<attribute>`, following cross-stack outputs."""
        remote = _REMOTE.match(value)
        if remote:
            stack, output = remote.groups()
            value = self.stacks[bp][stack[len(bp) + 1:]]["output"][output]["value"]
        local = _LOCAL.match(value)
        assert local, f"not a reference: {value}"
        return ".".join(local.groups())

    def ref(self, bp: str, rtype: str, path: str, attribute: str) -> str:
        return f"{self.address(bp, rtype, path)}.{attribute}"

    def expr(self, bp: str, rtype: str, path: str, attribute: str) -> str:
        """The reference as written inside the same stack: `${<type>.<name>.<attribute>}`."""
        return f"${{{self.ref(bp, rtype, path, attribute)}}}"
