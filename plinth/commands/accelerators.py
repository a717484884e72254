"""`plinth accelerators`: the accelerator catalog, per cloud."""

from __future__ import annotations

import argparse
import json

from plinth import catalog


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("accelerators", help="list the accelerator catalog (names, shapes, regions)",
                       description="List cloud-neutral accelerator names and, per cloud, the instance "
                                   "types that carry them and the regions that offer them.")
    p.add_argument("--cloud", choices=["aws", "gcp", "azure"], help="only this cloud")
    p.add_argument("--format", choices=["text", "json"], default="text")


def run(args: argparse.Namespace) -> int:
    rows = []
    for name, acc in sorted(catalog.load().items()):
        for off in acc.offerings:
            if args.cloud and off.cloud != args.cloud:
                continue
            rows.append({"accelerator": name, "family": acc.family, "memory_gb": acc.memory_gb,
                         "cloud": off.cloud, "interconnect": off.interconnect,
                         "shapes": [{"per_node": s.count, "type": s.type} for s in off.shapes],
                         "regions": list(off.regions)})
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return 0
    for r in rows:
        shapes = ", ".join(f"{s['per_node']}×{s['type']}" for s in r["shapes"])
        print(f"{r['accelerator']:<20} {r['cloud']:<6} {shapes}")
        print(f"{'':<20} {'':<6} regions: {', '.join(r['regions'])}")
    return 0
