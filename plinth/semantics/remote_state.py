"""`plinth validate --require-remote-state`: a blueprint deployed from CI needs a remote backend.

A local backend keeps Terraform state on the machine that ran `cdktf deploy`: on a CI runner it is
gone after the job, the next deploy starts from nothing, and the training and serving stacks
cannot read the foundation's outputs. Not a default check (a laptop run is fine with local state);
the bundled CI workflow turns it on before deploying."""

from __future__ import annotations

from plinth.diagnostics import Diagnostic
from plinth.model import Blueprint
from plinth.semantics._util import diag

REMOTE = {"aws": "s3", "gcp": "gcs", "azure": "azurerm"}


def check(bp: Blueprint) -> list[Diagnostic]:
    if bp.backend.type != "local":
        return []
    path = ("backend",) if bp.doc is not None and ("backend",) in bp.doc.positions else ("name",)
    return [diag(bp, path, f"blueprint `{bp.name}` keeps Terraform state locally; a CI runner loses it after the job",
                 f"add `backend: {{type: {REMOTE[bp.cloud]}, …}}` (see docs/blueprints.md)", "backend.local",
                 key=path == ("backend",))]
