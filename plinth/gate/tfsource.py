"""Terraform plinth did not generate, for `plinth audit`: .tf.json and .tf files of one folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plinth.gate.errors import GateError
from plinth.gate.stacks import Resource, Stack, load_stack

_SKIP_DIRS = (".terraform", ".git", "node_modules")
_LINES = ("__start_line__", "__end_line__")


def find_files(root: Path) -> tuple[list[Path], list[Path]]:
    """(.tf.json files, .tf files) under `root`, sorted, skipping .terraform and hidden folders."""
    if not root.is_dir():
        raise GateError(f"{root} is not a folder", "give the folder holding the Terraform files")
    files = [p for p in sorted(root.rglob("*")) if p.is_file()
             and not any(part in _SKIP_DIRS or part.startswith(".") for part in p.relative_to(root).parts[:-1])]
    return [p for p in files if p.name.endswith(".tf.json")], [p for p in files if p.suffix == ".tf"]


def _value(value: Any) -> Any:
    """bc-python-hcl2 wraps every attribute value in a list; unwrap it once, recursively."""
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, dict):
        return _body(value)
    if isinstance(value, list):
        return [_body(v) if isinstance(v, dict) else v for v in value]
    return value


def _body(body: dict) -> dict:
    return {k: _value(v) for k, v in body.items() if k not in _LINES}


def load_hcl(path: Path, root: Path) -> Stack:
    import hcl2

    text = path.read_text(encoding="utf-8")
    try:
        parsed = hcl2.loads(text)
    except Exception as exc:  # noqa: BLE001 - the parser's own error type varies
        raise GateError(f"{path}: cannot parse HCL: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    role = str(path.relative_to(root))
    resources: list[Resource] = []
    data: dict[str, Any] = {"provider": {}}
    for mode in ("resource", "data"):
        for group in parsed.get(mode, []):
            for rtype, named in group.items():
                for name, body in named.items():
                    resources.append(Resource(mode, rtype, name, _body(body), role, path, None,
                                              int(body.get("__start_line__", 0) or 0)))
    for group in parsed.get("provider", []):
        for name, body in group.items():
            data["provider"].setdefault(name, []).append(_body(body))
    return Stack(role=role, file=path, data=data, resources=tuple(resources), text=text)


def load_folder(root: Path) -> list[Stack]:
    json_files, hcl_files = find_files(root)
    if not json_files and not hcl_files:
        raise GateError(f"{root} holds no Terraform files (.tf or .tf.json)")
    stacks = [load_stack(str(p.relative_to(root)), p) for p in json_files]
    return stacks + [load_hcl(p, root) for p in hcl_files]
