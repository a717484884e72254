"""generated/ is replaced whole or not at all, even when a run is killed, and runs do not interleave."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from plinth.compile import output


def _tree(tag: str, n: int = 200) -> dict[str, dict[str, str]]:
    return {"bp": {f"bp-foundation/f{i:03}.json": f"{tag}{i}\n" * 50 for i in range(n)} | {"manifest.json": tag}}


def _state(root: Path) -> set[str]:
    texts = {p.read_text()[:3] for p in (root / "bp").rglob("*") if p.is_file()}
    return texts


def test_write_then_check_is_clean(tmp_path):
    output.write(tmp_path, _tree("old"))
    assert output.differences(tmp_path, _tree("old")) == []
    changed = _tree("old")
    changed["bp"]["bp-foundation/f000.json"] = "edited\n"
    changed["bp"]["bp-foundation/new.json"] = "x"
    del changed["bp"]["bp-foundation/f001.json"]
    assert output.differences(tmp_path, changed) == [
        f"{tmp_path}/bp/bp-foundation/f000.json: differs from what the blueprint produces",
        f"{tmp_path}/bp/bp-foundation/f001.json: not produced by the blueprint (stale)",
        f"{tmp_path}/bp/bp-foundation/new.json: missing",
    ]


def test_recover_puts_back_the_old_tree(tmp_path):
    output.write(tmp_path, _tree("old"))
    os.replace(tmp_path / "bp", tmp_path / ".retired-bp")      # killed between the two renames
    (tmp_path / ".staging-bp").mkdir()
    output.recover(tmp_path)
    assert _state(tmp_path) == {"old"}
    assert not list(tmp_path.glob(".staging-*")) and not list(tmp_path.glob(".retired-*"))


_WRITER = """
import sys
from pathlib import Path
from plinth.compile import output
sys.path.insert(0, {tests!r})
from test_output_atomic import _tree
while True:
    output.write(Path({out!r}), _tree("new"))
    output.write(Path({out!r}), _tree("old"))
"""


def test_sigkill_at_any_moment_leaves_a_whole_tree(tmp_path):
    output.write(tmp_path, _tree("old"))
    code = _WRITER.format(tests=str(Path(__file__).parent), out=str(tmp_path))
    for delay in (0.3, 0.45, 0.6, 0.8, 1.1):
        proc = subprocess.Popen([sys.executable, "-c", code])
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with output.locked(tmp_path):              # the next run recovers first
            state = _state(tmp_path)
        assert state in ({"old"}, {"new"}), state


def test_concurrent_writers_do_not_interleave(tmp_path):
    code = _WRITER.replace("while True:", "for _ in range(3):").format(
        tests=str(Path(__file__).parent), out=str(tmp_path))
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(2)]
    for p in procs:
        assert p.wait(timeout=120) == 0
    assert _state(tmp_path) == {"old"}
