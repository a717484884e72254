"""Synthesize blueprints in memory: canonical Terraform JSON per stack plus a manifest."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Sequence

from plinth import __version__
from plinth.compile import plan
from plinth.compile.app import build_app
from plinth.model import Blueprint

MANIFEST = "manifest.json"


def canonical(data: object) -> str:
    """One formatting for every JSON file plinth writes: sorted keys, two-space indent."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def manifest(bp: Blueprint, stacks: dict[str, tuple[str, str]], source: str) -> str:
    """What the gate needs to map findings back to the blueprint, and hashes for tamper evidence."""
    return canonical({
        "plinth_version": __version__,
        "blueprint": {"name": bp.name, "file": bp.file, "sha256": sha256(source)},
        "cloud": bp.cloud,
        "region": bp.region,
        "compliance": list(bp.compliance),
        "labels": dict(bp.labels),
        "stacks": {role: {"id": plan.stack_id(bp, role), "file": path, "sha256": sha256(text)}
                   for role, (path, text) in stacks.items()},
        "components": {name: {"kind": bp.component(name).kind, "line": line, "column": col,
                              "stack": plan.role_of(bp.component(name))}
                       for name, line, col in bp.positions},
        "waivers": [{"check": w.check, "control": w.control, "resources": list(w.resources), "reason": w.reason,
                     "owner": w.owner, "expires": w.expires, "line": w.line, "column": w.column}
                    for w in bp.waivers],
    })


def synthesize(blueprints: Sequence[Blueprint], outdir: str | None = None) -> dict[str, dict[str, str]]:
    """blueprint name → {relative path: file content}. One App, one jsii runtime, for all.

    With `outdir` (the cdktf CLI's), CDKTF's own output stays there as well."""
    if outdir is not None:
        return _synth_into(blueprints, outdir)
    with tempfile.TemporaryDirectory(prefix="plinth-synth-") as tmp:
        return _synth_into(blueprints, tmp)


def _synth_into(blueprints: Sequence[Blueprint], outdir: str) -> dict[str, dict[str, str]]:
    app = build_app(blueprints, outdir)
    app.synth()
    rendered: dict[str, dict[str, str]] = {}
    for bp in blueprints:
        files: dict[str, str] = {}
        stacks: dict[str, tuple[str, str]] = {}
        for role in plan.roles(bp):
            sid = plan.stack_id(bp, role)
            text = canonical(json.loads((Path(outdir) / "stacks" / sid / "cdk.tf.json").read_text()))
            path = f"{sid}/cdk.tf.json"
            files[path] = text
            stacks[role] = (path, text)
        files[MANIFEST] = manifest(bp, stacks, bp.doc.text if bp.doc else "")
        rendered[bp.name] = files
    return rendered
