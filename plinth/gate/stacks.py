"""Terraform JSON stacks as resources: type, name, body, construct path, blueprint component."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from plinth.gate.errors import GateError

_REF = re.compile(r"\$\{([^}]*)\}")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_SEPARATORS = re.compile(r"[\s,()\[\]{}+*/=<>!?:%&|]+")


@dataclass(frozen=True)
class Resource:
    mode: str                 # resource | data
    type: str
    name: str
    body: dict = field(repr=False, compare=False)
    stack: str = ""
    file: Path = Path()
    construct_path: str | None = None
    line: int = 0             # where the resource starts, when the parser knows (HCL)

    @property
    def address(self) -> str:
        return f"{self.type}.{self.name}" if self.mode == "resource" else f"data.{self.type}.{self.name}"

    @property
    def component(self) -> str | None:
        """The blueprint component: the second segment of the CDKTF construct path."""
        parts = (self.construct_path or "").split("/")
        return parts[1] if len(parts) > 1 and parts[1] else None

    @property
    def provider_ref(self) -> str:
        """`aws` or `aws.us-west-2`: the provider configuration this resource uses."""
        value = self.body.get("provider")
        return value if isinstance(value, str) and value else self.type.split("_", 1)[0]

    def refers_to(self, other: "Resource", attribute: str | None = None) -> bool:
        """Does some expression in this resource's body (or in `attribute`) reference `other`?"""
        target = other.address
        haystack = self.body.get(attribute) if attribute else self.body
        return any(expr == target or expr.startswith(target + ".") or expr.startswith(target + "[")
                   for expr in expressions(haystack))


def expressions(value: Any) -> Iterator[str]:
    """Every reference (a dotted name) inside `${…}` anywhere in a JSON value, e.g. `aws_vpc.net.id`."""
    if isinstance(value, str):
        for match in _REF.finditer(value):
            yield from (tok for tok in _SEPARATORS.split(_QUOTED.sub(" ", match.group(1))) if "." in tok)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "//":
                yield from expressions(item)
    elif isinstance(value, list):
        for item in value:
            yield from expressions(item)


@dataclass(frozen=True)
class Stack:
    role: str                 # foundation | training | serving (audit: the file's relative path)
    file: Path
    data: dict = field(repr=False, compare=False)
    resources: tuple[Resource, ...] = ()
    text: str = field(default="", repr=False, compare=False)

    @functools.cached_property
    def _lines(self) -> list[str]:
        return self.text.splitlines()

    def line_of(self, resource: Resource) -> int:
        """The line where `resource` starts (first mention of its name as a key); 1 if unknown."""
        if resource.line:
            return resource.line
        needle = json.dumps(resource.name) + ":"
        for number, line in enumerate(self._lines, 1):
            if needle in line:
                return number
        return 1

    def providers(self, name: str) -> list[dict]:
        blocks = self.data.get("provider", {}).get(name, [])
        return [b for b in (blocks if isinstance(blocks, list) else [blocks]) if isinstance(b, dict)]

    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _entries(section: Any) -> Iterator[tuple[str, str, dict]]:
    """(type, name, body) from a `resource`/`data` section in any Terraform JSON shape."""
    for group in section if isinstance(section, list) else [section]:
        if not isinstance(group, dict):
            continue
        for rtype, by_name in sorted(group.items()):
            for named in by_name if isinstance(by_name, list) else [by_name]:
                if not isinstance(named, dict):
                    continue
                for name, body in sorted(named.items()):
                    for item in body if isinstance(body, list) else [body]:
                        if isinstance(item, dict):
                            yield rtype, name, item


def _construct_path(body: dict) -> str | None:
    meta = body.get("//", {})
    path = meta.get("metadata", {}).get("path") if isinstance(meta, dict) else None
    return path if isinstance(path, str) else None


def load_stack(role: str, path: Path) -> Stack:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GateError(f"cannot read stack {path}: {exc.strerror}", "run `plinth synth` to regenerate it") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise GateError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise GateError(f"{path} is not a Terraform JSON file (expected an object at the top)")
    resources = [Resource(mode, rtype, name, body, role, path, _construct_path(body))
                 for mode in ("resource", "data")
                 for rtype, name, body in _entries(data.get(mode, {}))]
    return Stack(role=role, file=path, data=data, resources=tuple(resources), text=text)


@dataclass(frozen=True)
class StackSet:
    """All stacks of one blueprint (or of one audited folder): what presence checks look at."""

    cloud: str | None
    stacks: tuple[Stack, ...]

    def resources(self, *types: str, mode: str = "resource") -> list[Resource]:
        return [r for s in self.stacks for r in s.resources
                if r.mode == mode and (not types or r.type in types)]

    def stack_of(self, resource: Resource) -> Stack:
        return next(s for s in self.stacks if s.file == resource.file)

    def providers(self, resource: Resource, name: str) -> list[dict]:
        """Provider configurations `name` visible to `resource`: its own stack's, else its folder's."""
        own = self.stack_of(resource).providers(name)
        if own:
            return own
        return [p for s in self.stacks if s.file.parent == resource.file.parent for p in s.providers(name)]

    def referencing(self, target: Resource, types: Iterable[str], attribute: str | None = None) -> list[Resource]:
        """Resources of `types` whose body (or `attribute`) references `target`."""
        return [r for r in self.resources(*types) if r.refers_to(target, attribute)]
