"""Steps shared by the commands that synthesize: validate-or-report, synthesize, fast exit."""

from __future__ import annotations

import os
import sys
from typing import Sequence

from plinth.diagnostics import render_text
from plinth.model import Blueprint
from plinth.pipeline import Validated, validate_paths


def validated_or_report(paths: list[str]) -> Validated | None:
    """Validate; on errors print them (positioned) and return None. Nothing is written then."""
    result = validate_paths(paths)
    if result.ok:
        return result
    print(render_text(result.diagnostics, result.sources), file=sys.stderr)
    n = len(set(result.diagnostics))
    print(f"\n{n} error{'s' if n != 1 else ''}; nothing was written", file=sys.stderr)
    return None


def synthesize(blueprints: Sequence[Blueprint]) -> dict[str, dict[str, str]]:
    from plinth.compile import synthesize as synth

    return synth(blueprints)


def finish(code: int) -> int:
    """Leave without the jsii/interpreter teardown (seconds) once output is safely written."""
    if "jsii" in sys.modules and not os.environ.get("PLINTH_NO_FAST_EXIT"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
