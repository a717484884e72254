"""plinth benchmarks (issue 9): each figure beside its baseline measured in the same run, and the
ratio against the target. Run with `make bench`; absolute times are noise on a shared 2-core
machine, the ratios are what we track. Peak RSS is the whole process tree (Python and Node)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
ENV = dict(os.environ, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20", CHECKPOINT_DISABLE="1")


def _tree_rss_kb(pgid: int) -> int:
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.getpgid(int(pid)) != pgid:
                continue
            with open(f"/proc/{pid}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
        except (OSError, ProcessLookupError, StopIteration):
            continue
    return total


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS of the whole process tree in GB, exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    wall = time.perf_counter() - start
    sampler.join()
    return wall, peak[0] / 1024 / 1024, code


def row(name: str, value: float, baseline: float | None = None, target: float | None = None, unit: str = "s") -> None:
    ratio = f"{value / baseline:5.2f}x" if baseline else "     "
    base = f"baseline {baseline:6.2f}{unit}" if baseline else " " * 16
    goal = ""
    if target is not None:
        ok = (value / baseline if baseline else value) <= target
        goal = f"target <= {target}{'x' if baseline else unit}  {'ok' if ok else 'MISSED'}"
    print(f"{name:<44} {value:7.2f}{unit}  {base}  {ratio}  {goal}")


def _fifty(tmp: Path) -> Path:
    folder = tmp / "fifty"
    folder.mkdir()
    text = (ROOT / "blueprints" / "global-inference.yaml").read_text()
    for i in range(50):
        (folder / f"g{i:02}.yaml").write_text(text.replace("name: global-inference", f"name: global-{i:02}"))
    return folder


def main() -> int:
    print(f"plinth benchmarks ({os.cpu_count()} cores, {time.strftime('%Y-%m-%d')})\n")
    imports = {}
    for module in ("cdktf_cdktf_provider_aws", "cdktf_cdktf_provider_google", "cdktf_cdktf_provider_azurerm"):
        imports[module], _, _ = timed([str(BIN / "python"), "-c", f"import {module}"])
        row(f"baseline: bare import {module.rsplit('_', 1)[-1]}", imports[module])
    checkov, _, _ = timed([str(BIN / "checkov"), "-d", "generated", "--framework", "terraform_json",
                           "--skip-download", "--quiet", "--compact"])
    row("baseline: one checkov run over generated/", checkov)
    print()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ENV["PLINTH_CACHE_DIR"] = str(tmp / "cache")   # the user's .plinth-cache/ stays as it is
        validate, _, _ = timed([str(BIN / "plinth"), "validate", "blueprints/"])
        row("plinth validate, all examples", validate, None, 0.3)
        one, rss_one, _ = timed([str(BIN / "plinth"), "synth", "blueprints/imaging-training.yaml", "--out", str(tmp / "one"),
                                 "--no-cache"])
        row("cold plinth synth, one AWS example", one, imports["cdktf_cdktf_provider_aws"], 0.3)
        build, rss, _ = timed([str(BIN / "plinth"), "build", "blueprints/", "--out", str(tmp / "all"), "--no-cache"])
        row("cold plinth build, all examples (3 clouds)", build, sum(imports.values()) + checkov, 0.5)
        row("  peak RSS of that build", rss, None, 1.5, " GB")
        timed([str(BIN / "plinth"), "build", "blueprints/", "--out", str(tmp / "all")])   # fill the cache
        again, _, _ = timed([str(BIN / "plinth"), "build", "blueprints/", "--out", str(tmp / "all")])
        row("unchanged rebuild (cache hit, verdict replayed)", again, None, 1.0)
        single, _, _ = timed([str(BIN / "plinth"), "synth", "blueprints/global-inference.yaml", "--out", str(tmp / "g1"),
                              "--no-cache"])
        folder = _fifty(tmp)
        fifty, rss50, _ = timed([str(BIN / "plinth"), "synth", str(folder), "--out", str(tmp / "g50"), "--no-cache"])
        row("50 blueprints vs 1, both cold (synth)", fifty, single, 1.5)
        row("  peak RSS of the 50", rss50, None, 1.5, " GB")
        timed([str(BIN / "plinth"), "synth", str(folder), "--out", str(tmp / "g50")])   # fill the synth cache
        edited = folder / "g07.yaml"
        edited.write_text(edited.read_text().replace("max: 20,", "max: 12,"))
        incremental, _, _ = timed([str(BIN / "plinth"), "synth", str(folder), "--out", str(tmp / "g50")])
        row("50 blueprints, one edited, vs 1 cold (synth)", incremental, single, 1.5)
        one_build, _, _ = timed([str(BIN / "plinth"), "build", "blueprints/global-inference.yaml", "--out",
                                 str(tmp / "b1"), "--no-cache"])
        timed([str(BIN / "plinth"), "build", str(folder), "--out", str(tmp / "g50")])   # fill the gate cache
        edited.write_text(edited.read_text().replace("max: 12,", "max: 11,"))
        build50, _, _ = timed([str(BIN / "plinth"), "build", str(folder), "--out", str(tmp / "g50")])
        row("50 blueprints, one edited, vs 1 cold (build)", build50, one_build, 1.5)
        shutil.rmtree(tmp / "all", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
