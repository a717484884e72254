"""What main.py runs under the cdktf CLI: validate, synthesize into CDKTF's outdir, gate."""

from __future__ import annotations

import json
import os
import sys

from plinth.commands import session
from plinth.commands.validate import EXIT_INVALID


def _outdir() -> str:
    """The cdktf CLI passes its output folder through the CDKTF_OUTDIR variable or the context."""
    if os.environ.get("CDKTF_OUTDIR"):
        return os.environ["CDKTF_OUTDIR"]
    context = json.loads(os.environ.get("CDKTF_CONTEXT_JSON", "{}") or "{}")
    return context.get("cdktfOutdir") or os.environ.get("CDKTF_OUTDIR", "cdktf.out")


def main(paths: list[str]) -> int:
    validated = session.validated_or_report(paths)
    if validated is None:
        return EXIT_INVALID
    from plinth.compile import synthesize

    synthesize(validated.blueprints, _outdir())
    return 0
