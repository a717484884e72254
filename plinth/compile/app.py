"""Blueprints → one CDKTF App with every stack, in one jsii runtime."""

from __future__ import annotations

import importlib
from typing import Any, Sequence

from plinth.compile import backend, plan
from plinth.compile.runtime import start
from plinth.compile.stackset import StackSet
from plinth.model import Blueprint


def build_app(blueprints: Sequence[Blueprint], outdir: str | None = None) -> Any:
    """Create the App and every blueprint's stacks; importing only the providers used."""
    cdktf = start()
    app = cdktf.App(outdir=outdir) if outdir else cdktf.App()
    for bp in sorted(blueprints, key=lambda b: b.name):
        stacks = {}
        for role in plan.roles(bp):
            sid = plan.stack_id(bp, role)
            stacks[role] = cdktf.TerraformStack(app, sid)
            backend.configure(cdktf, stacks[role], bp, sid)
        cloud = importlib.import_module(f"plinth_constructs.{bp.cloud}")
        cloud.build(StackSet(bp, **stacks))
    return app
