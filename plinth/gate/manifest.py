"""generated/<blueprint>/manifest.json: what the compiler tells the gate about one build."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from plinth.gate.errors import GateError
from plinth.gate.model import Location, Waiver

MANIFEST = "manifest.json"
# Blueprint-wide resources (keys, audit trail, budget) belong to the component named `blueprint`: in
# waivers, in findings and in their `component` tag. The constructs build them under the construct
# id `plinth` (construct path `<stack>/plinth/…`); that segment is accepted there and only there.
BLUEPRINT_WIDE = "blueprint"
FOUNDATION_SEGMENT = "plinth"


def component_name(segment: str | None) -> str:
    """The blueprint component of a construct-path segment (None or `plinth`: blueprint-wide)."""
    return BLUEPRINT_WIDE if segment in (None, "", FOUNDATION_SEGMENT) else segment

_SCHEMA = {
    "type": "object",
    "required": ["blueprint", "cloud", "compliance", "stacks", "components", "waivers"],
    "properties": {
        "blueprint": {"type": "object", "required": ["name", "file"],
                      "properties": {"name": {"type": "string"}, "file": {"type": "string"}}},
        "cloud": {"enum": ["aws", "gcp", "azure"]},
        "compliance": {"type": "array", "items": {"enum": ["hipaa", "pci"]}},
        "labels": {"type": "object"},
        "stacks": {"type": "object", "additionalProperties": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string"}, "sha256": {"type": "string"}, "id": {"type": "string"}}}},
        "components": {"type": "object", "additionalProperties": {
            "type": "object", "required": ["kind", "line", "column"],
            "properties": {"kind": {"type": "string"}, "line": {"type": "integer"}, "column": {"type": "integer"}}}},
        "waivers": {"type": "array", "items": {
            "type": "object", "required": ["resources", "reason", "owner", "expires"],
            "properties": {"check": {"type": ["string", "null"]}, "control": {"type": ["string", "null"]},
                           "resources": {"type": "array", "items": {"type": "string"}},
                           "reason": {"type": "string"}, "owner": {"type": "string"}, "expires": {"type": "string"},
                           "line": {"type": "integer"}, "column": {"type": "integer"}}}},
    },
}


@dataclass(frozen=True)
class StackRef:
    role: str
    file: Path
    sha256: str | None
    stack_id: str | None


@dataclass(frozen=True)
class Build:
    """One synthesized blueprint: its stacks, its components' positions and its waivers."""

    dir: Path
    name: str
    file: str
    blueprint_sha256: str | None
    cloud: str
    compliance: tuple[str, ...]
    labels: dict[str, str]
    stacks: tuple[StackRef, ...]
    components: dict[str, tuple[str, int, int]]    # name → (kind, line, column)
    waivers: tuple[Waiver, ...]

    def position(self, component: str | None) -> Location:
        """Where a component starts; blueprint-wide resources point at `compliance:` (or `name:`)."""
        if component in self.components:
            _, line, column = self.components[component]  # type: ignore[index]
            return Location(self.file, line, column)
        return Location(self.file, _top_level_line(self.file, ("compliance", "name")), 1)

    def blueprint_state(self) -> str:
        """`same` (the blueprint file still digests as synthesized), `changed`, or `unknown` (no
        file here, or no digest in the manifest). Read once per gate run."""
        return self._blueprint_state

    @functools.cached_property
    def _blueprint_state(self) -> str:
        if not self.blueprint_sha256:
            return "unknown"
        digest = blueprint_digest(Path(self.file))
        if digest is None:
            return "unknown"
        return "same" if digest == self.blueprint_sha256 else "changed"

    def setting_position(self, component: str | None, setting: tuple[str, ...]) -> Location | None:
        """Where the blueprint writes `setting` of `component` (a key path below it); None when it
        does not write it, or when the blueprint file is gone or changed since synthesis."""
        if component not in self.components:
            return None
        where = self._key_positions.get(("components", component, *setting))
        return Location(self.file, *where) if where else None

    @functools.cached_property
    def _key_positions(self) -> dict[tuple, tuple[int, int]]:
        """The blueprint's key positions, read once per gate run, if it still hashes as synthesized."""
        return _key_positions(self.file, self.blueprint_sha256) if self.blueprint_sha256 else {}

    def kind_of(self, component: str | None) -> str | None:
        """The kind of a component (`blueprint` for blueprint-wide resources); None when unknown."""
        if component in self.components:
            return self.components[component][0]  # type: ignore[index]
        return BLUEPRINT_WIDE if component == BLUEPRINT_WIDE else None


def blueprint_digest(path: Path) -> str | None:
    """The blueprint digest the manifest records (plinth/compile/render.py): sha256 of the decoded
    text, a leading byte-order mark removed. None when the file cannot be read as UTF-8."""
    try:
        return _digest(path.read_bytes())
    except OSError:
        return None


def _digest(raw: bytes) -> str | None:
    import hashlib

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return hashlib.sha256(text.removeprefix("\ufeff").encode("utf-8")).hexdigest()


def _key_positions(path: str, sha256: str) -> dict[tuple, tuple[int, int]]:
    """The key positions of the blueprint at `path`, if it still digests to `sha256`."""
    from plinth.diagnostics import UserError
    from plinth.loader import load_text

    try:
        raw = Path(path).read_bytes()
    except OSError:
        return {}
    if _digest(raw) != sha256:
        return {}
    try:
        return load_text(raw, path).key_positions
    except UserError:
        return {}


@functools.lru_cache(maxsize=64)
def _top_level_line(path: str, keys: tuple[str, ...]) -> int:
    """The line of the first of `keys` found at the top level of a YAML file; 1 when unreadable."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    for key in keys:
        for number, text in enumerate(lines, 1):
            if text.startswith(f"{key}:"):
                return number
    return 1


def find_builds(root: Path) -> list[Path]:
    """Every folder below `root` (or `root` itself) holding a manifest.json, sorted."""
    if (root / MANIFEST).is_file():
        return [root]
    return sorted(p.parent for p in root.rglob(MANIFEST)
                  if not any(part.startswith(".") for part in p.relative_to(root).parts))


def load_build(directory: Path) -> Build:
    path = directory / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GateError(f"cannot read {path}: {exc.strerror}", "run `plinth synth` first") from None
    except ValueError as exc:
        raise GateError(f"{path} is not valid JSON: {exc}", "run `plinth synth` to regenerate it") from None
    _validate(path, data)
    stacks = tuple(StackRef(role, directory / ref["file"], ref.get("sha256"), ref.get("id"))
                   for role, ref in sorted(data["stacks"].items()))
    if not stacks:
        raise GateError(f"{path} lists no stacks", "run `plinth synth` to regenerate it")
    bp = data["blueprint"]
    waivers = tuple(Waiver(check=w.get("check"), control=w.get("control"), resources=tuple(w["resources"]),
                           reason=w["reason"], owner=w["owner"], expires=str(w["expires"]),
                           location=Location(bp["file"], w.get("line", 1), w.get("column", 1)))
                    for w in data["waivers"])
    return Build(dir=directory, name=bp["name"], file=bp["file"], blueprint_sha256=bp.get("sha256"), cloud=data["cloud"],
                 compliance=tuple(sorted(set(data["compliance"]))), labels=dict(data.get("labels", {})),
                 stacks=stacks,
                 components={n: (c["kind"], c["line"], c["column"]) for n, c in data["components"].items()},
                 waivers=waivers)


def _validate(path: Path, data: object) -> None:
    import jsonschema

    errors = sorted(jsonschema.Draft202012Validator(_SCHEMA).iter_errors(data), key=lambda e: e.json_path)
    if errors:
        detail = "; ".join(f"{e.json_path}: {e.message}" for e in errors[:5])
        raise GateError(f"{path} is not a plinth manifest ({detail})", "run `plinth synth` to regenerate it")
