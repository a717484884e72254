"""`plinth audit`: run the same gate on any Terraform folder (.tf or .tf.json) plinth did not generate."""

from __future__ import annotations

import argparse

from plinth.gate.cli_support import EXIT_USER_ERROR, add_output_options, run_and_report

PROFILES = ("hipaa", "pci")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "audit", help="gate any Terraform folder (.tf, .tf.json) against the HIPAA/PCI controls",
        description="Check a folder of Terraform that plinth did not generate: presence checks and checkov "
                    "(HCL and JSON), findings mapped to the controls catalog and positioned at the Terraform "
                    "file lines. Waivers come from --waivers FILE (schemas/waivers.schema.json). Exit 0 when every control of the profiles passes, 1 when "
                    "not, 2 when the folder cannot be read.")
    p.add_argument("dir", metavar="DIR", help="the Terraform folder")
    p.add_argument("--profile", action="append", choices=PROFILES, dest="profiles",
                   help="compliance profile to gate on; repeat for several (default: hipaa and pci)")
    p.add_argument("--waivers", metavar="FILE",
                   help="YAML file of waivers (check or control, Terraform addresses, reason, owner, expires)")
    add_output_options(p)


def run(args: argparse.Namespace) -> int:
    from plinth.diagnostics import UserError
    from plinth.gate import run_audit
    from plinth.gate.audit_waivers import load

    try:
        waivers = load(args.waivers) if args.waivers else []
    except UserError as err:
        from plinth.commands import invalid
        from plinth.pipeline import Validated

        sources = {args.waivers: err.text} if err.text is not None else {}
        invalid.report(Validated(diagnostics=err.diagnostics, sources=sources), "audit", args.format == "json",
                       "nothing was checked", what=args.waivers)
        return EXIT_USER_ERROR
    profiles = tuple(sorted(set(args.profiles or PROFILES)))
    return run_and_report("audit", lambda: run_audit(args.dir, profiles, waivers=waivers), args)
