"""`plinth check`: run the HIPAA/PCI gate on synthesized blueprints (generated/<blueprint>/)."""

from __future__ import annotations

import argparse
from pathlib import Path

from plinth.gate.cli_support import add_output_options, run_and_report


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check", help="gate synthesized Terraform against the HIPAA/PCI controls",
        description="Run the gate on every synthesized blueprint under DIR (each folder holding a "
                    "manifest.json): presence checks, then one checkov run with the controls catalog's "
                    "checks and plinth's own, waivers applied, controls rolled up. Exit 0 when every "
                    "control of every blueprint's compliance profiles passes or is waived, 1 when not, "
                    "2 when the gate cannot run (no such folder, nothing synthesized).")
    p.add_argument("dir", nargs="?", default="generated/", metavar="DIR",
                   help="generated/ or one generated/<blueprint>/ folder (default: generated/)")
    p.add_argument("--no-cache", action="store_true",
                   help="gate every blueprint, even those whose result for the same inputs is in .plinth-cache/")
    add_output_options(p)


def run(args: argparse.Namespace) -> int:
    from plinth.gate import find_builds, run_gate

    return run_and_report("check", lambda: run_gate(find_builds(Path(args.dir)), cache=not args.no_cache), args)
