"""plinth benchmarks: each figure beside its baseline measured in the same run, and the ratio.

Run with `make bench`. Absolute times are noise on a shared 2-core machine; the ratios are the
targets (issue 9). Peak RSS comes from the child's rusage.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PLINTH = str(ROOT / ".venv" / "bin" / "plinth")
ENV = dict(os.environ, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20", CHECKPOINT_DISABLE="1")


def timed(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (GB) of this child alone, exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024 / 1024, os.waitstatus_to_exitcode(status)


def row(name: str, value: float, baseline: float | None, target: float | None, unit: str = "s") -> None:
    ratio = f"{value / baseline:5.2f}×" if baseline else "   —  "
    goal = f"target ≤ {target}×" if target is not None else ""
    base = f"{baseline:7.2f}{unit}" if baseline else "      —"
    print(f"{name:<46} {value:7.2f}{unit}   baseline {base}   {ratio}  {goal}")


def main() -> int:
    print(f"plinth benchmarks ({os.cpu_count()} cores)\n")
    imports = {}
    for cloud, module in (("aws", "cdktf_cdktf_provider_aws"), ("google", "cdktf_cdktf_provider_google"),
                          ("azurerm", "cdktf_cdktf_provider_azurerm")):
        imports[cloud], _, _ = timed([PY, "-c", f"import {module}"])
        print(f"bare `import {module}`: {imports[cloud]:.2f}s")
    with tempfile.TemporaryDirectory() as tmp:
        checkov, _, _ = timed([str(ROOT / ".venv/bin/checkov"), "-d", str(ROOT / "generated"), "--framework",
                               "terraform_json", "--skip-download", "--quiet", "--compact"])
        print(f"one checkov run over generated/: {checkov:.2f}s\n")
        val, _, _ = timed([PLINTH, "validate", "blueprints/"])
        row("plinth validate (all examples)", val, None, None)
        one, rss1, _ = timed([PLINTH, "synth", "blueprints/imaging-training.yaml", "--out", f"{tmp}/one"])
        row("cold plinth synth, one AWS example", one, imports["aws"], 0.3)
        row("  peak RSS", rss1, None, None, " GB")
        if Path(PLINTH).exists() and "build" in subprocess.run([PLINTH, "--help"], capture_output=True, text=True).stdout:
            build, rss, _ = timed([PLINTH, "build", "blueprints/", "--out", f"{tmp}/all"])
            row("cold plinth build, all examples", build, sum(imports.values()) + checkov, 0.5)
            row("  peak RSS", rss, None, None, " GB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
