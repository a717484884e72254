"""Measure checkov as a subprocess against checkov in-process, on one small stack (not a test).

    .venv/bin/python tests/gate/bench_checkov.py [STACK.tf.json] [--repeat N]

The gate uses the in-process API (plinth/gate/checkov_engine.py) because it measured faster.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "tests/gate/fixtures/builds/aws-good/aws-good-foundation/cdk.tf.json"


def subprocess_run(stack: Path, ids: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([str(Path(sys.executable).with_name("checkov")), "-f", str(stack), "--framework", "terraform_json",
                    "--skip-download", "--quiet", "-o", "json", "--external-checks-dir",
                    str(ROOT / "policies/checks"), "--check", ",".join(ids)],
                   capture_output=True, check=False)
    return time.perf_counter() - start


def inprocess_cold(stack: Path) -> float:
    """A fresh interpreter that imports plinth's engine and runs it once (what `plinth check` pays)."""
    code = ("import time,sys; t=time.perf_counter(); from plinth.gate.catalog import load_catalog; "
            "from plinth.gate.checkov_engine import run_checkov; c=load_catalog(); "
            f"run_checkov([__import__('pathlib').Path({str(stack)!r})], c.check_ids(kind='checkov')+c.check_ids(kind='custom')); "
            "print(time.perf_counter()-t)")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("stack", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from plinth.gate.catalog import load_catalog
    from plinth.gate.checkov_engine import run_checkov

    catalog = load_catalog()
    ids = list(catalog.check_ids(kind="checkov") + catalog.check_ids(kind="custom"))
    sub = [subprocess_run(args.stack, ids) for _ in range(args.repeat)]
    cold = [inprocess_cold(args.stack) for _ in range(args.repeat)]
    start = time.perf_counter()
    run_checkov([args.stack], ids)          # first call in this process: imports checkov
    first = time.perf_counter() - start
    warm = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        run_checkov([args.stack], ids)
        warm.append(time.perf_counter() - start)
    print(f"stack: {args.stack.relative_to(ROOT) if args.stack.is_relative_to(ROOT) else args.stack}")
    print(f"checkov subprocess (whole process)        : median {statistics.median(sub):.2f} s  {[round(x, 2) for x in sub]}")
    print(f"in-process, fresh interpreter (whole proc): median {statistics.median(cold):.2f} s  {[round(x, 2) for x in cold]}")
    print(f"in-process, first run (import + scan)     : {first:.2f} s")
    print(f"in-process, later runs (scan only)        : median {statistics.median(warm):.2f} s  {[round(x, 2) for x in warm]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
