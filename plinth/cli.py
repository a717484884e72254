"""The `plinth` command. Commands are imported lazily so `validate` never loads CDKTF."""

from __future__ import annotations

import argparse
import importlib
import sys

from plinth import __version__
from plinth.commands import COMMANDS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plinth",
        description="Compile AI-infrastructure blueprints into Terraform and gate them with HIPAA/PCI controls.")
    parser.add_argument("--version", action="version", version=f"plinth {__version__}")
    parser.add_argument("--quiet", "-q", action="store_true",
                        help="no progress messages (they also stay off in CI and when output is piped)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"plinth.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"plinth.commands.{name}":
                raise
            continue  # command not built yet
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    from plinth import progress

    progress.QUIET = args.quiet
    from plinth.crash import guarded

    module = importlib.import_module(f"plinth.commands.{args.command}")
    return guarded(lambda: module.run(args), f"plinth {args.command}")


if __name__ == "__main__":
    sys.exit(main())
