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


def synthesize(blueprints: Sequence[Blueprint], outdir: str | None = None,
               release: bool = False, cache: bool = True) -> dict[str, dict[str, str]]:
    """Synthesize; with `release`, stop Node afterwards (for commands that only gate next).

    With `cache`, blueprints unchanged since an earlier synthesis come from plinth/synth_cache.py
    and only the others start CDKTF (not with `outdir`: the cdktf CLI reads CDKTF's own files)."""
    from plinth import progress, synth_cache
    from plinth.compile import runtime
    from plinth.compile import synthesize as synth

    keys = synth_cache.keys(blueprints) if cache and outdir is None else {}
    rendered = {name: files for name, key in keys.items() if (files := synth_cache.load(key)) is not None}
    todo = [bp for bp in blueprints if bp.name not in rendered]
    if todo:
        with progress.step(f"loading providers and synthesizing {len(todo)} blueprint(s)"):
            fresh = synth(todo, outdir)
        for name, files in fresh.items():
            if name in keys:
                synth_cache.save(keys[name], files)
        rendered.update(fresh)
    if release:
        runtime.stop()
    return {bp.name: rendered[bp.name] for bp in blueprints}


def rule_and_budget_failures(blueprints: Sequence[Blueprint]) -> list[str]:
    """Error-severity AI rules and blown budgets not covered by a waiver, one line each; waived
    ones are printed (with their reason) but do not count (plinth/commands/rule_budget.py)."""
    from plinth.commands import rule_budget

    out = []
    for failure in rule_budget.failures(blueprints):
        if failure.waived:
            print(failure.text(), file=sys.stderr)
        else:
            out.append(failure.text())
    return out


def finish(code: int) -> int:
    """Leave without the jsii/interpreter teardown (seconds) once output is safely written."""
    if "jsii" in sys.modules and not os.environ.get("PLINTH_NO_FAST_EXIT"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code
