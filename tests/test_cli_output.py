"""Progress shows on a terminal only; `--quiet` and CI silence it; `synth --format json`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from plinth import progress

ROOT = Path(__file__).resolve().parent.parent


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run_step(monkeypatch, quiet: bool, ci: str | None) -> str:
    tty = _Tty()
    monkeypatch.setattr(sys, "__stderr__", tty)
    monkeypatch.setattr(progress, "QUIET", quiet)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with progress.step("running checkov"):
        pass
    return tty.getvalue()


def test_progress_on_a_terminal(monkeypatch):
    out = _run_step(monkeypatch, quiet=False, ci=None)
    assert out.startswith("plinth: running checkov … done (") and out.endswith(" s)\n")


def test_progress_silenced_by_quiet_and_ci(monkeypatch):
    assert _run_step(monkeypatch, quiet=True, ci=None) == ""
    assert _run_step(monkeypatch, quiet=False, ci="true") == ""


def test_synth_check_as_json():
    proc = subprocess.run([sys.executable, "-m", "plinth.cli", "--quiet", "synth", "blueprints/global-inference.yaml",
                           "--check", "--format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, PLINTH_NO_FAST_EXIT=""))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {
        "out": "generated", "check": True, "up_to_date": True, "differences": [], "written": [], "removed": {},
        "blueprints": {"global-inference": ["global-inference-foundation", "global-inference-serving"]}}
