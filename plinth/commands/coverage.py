"""`plinth coverage`: how much of the compliance surface the controls catalog automates.

Per cloud, the catalog's controls by evidence status; per anchor pack (policies/anchors.yaml: the
cdk-nag and AWS Config HIPAA / PCI packs), the rules touching our resource kinds, how many the
catalog maps to a check, the share, and the rules it does not map.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from plinth import datafile
from plinth.gate.catalog import CLOUDS, load_catalog
from plinth.paths import POLICIES

ANCHORS_FILE = POLICIES / "anchors.yaml"
STATUSES = ("automated", "partial", "manual", "inherited", "out_of_iac_scope")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("coverage", help="print coverage figures: controls automated per cloud, anchor rules mapped",
                       description="Per cloud, the number of catalog controls automated / partial / manual / "
                                   "inherited / out_of_iac_scope; per anchor pack (cdk-nag and AWS Config HIPAA "
                                   "and PCI), the rules touching our resource kinds, how many the catalog maps, "
                                   "the share and the unmapped rules.")
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")


def _pct(num: int, den: int) -> float:
    return round(100.0 * num / den, 1) if den else 0.0


def cloud_figures() -> dict[str, dict[str, int]]:
    catalog = load_catalog()
    out: dict[str, dict[str, int]] = {}
    for cloud in CLOUDS:
        counts = dict.fromkeys(STATUSES, 0)
        for control in catalog.controls:
            ev = control.clouds.get(cloud)
            if ev is not None:
                counts[ev.evidence] = counts.get(ev.evidence, 0) + 1
        counts["total"] = sum(counts[s] for s in STATUSES)
        out[cloud] = counts
    return out


def load_anchors(path: Path = ANCHORS_FILE) -> dict:
    return datafile.load(path)


def anchor_figures(anchors: dict | None = None) -> dict[str, dict]:
    anchors = load_anchors() if anchors is None else anchors
    rules = anchors["rules"]
    out: dict[str, dict] = {}
    groups = [(pid, pack["name"], pack["total"], [r for r in rules if pid in r["packs"]])
              for pid, pack in anchors["packs"].items()]
    groups.append(("all", "all packs, deduplicated by rule name",
                   None, list(rules)))
    for pid, name, total, touching in groups:
        mapped = [r for r in touching if r.get("maps_to")]
        unmapped = [{"rule": r["rule"], "status": r["status"], "reason": r["reason"]}
                    for r in touching if not r.get("maps_to")]
        out[pid] = {
            "name": name,
            "total": total,
            "touching_our_kinds": len(touching),
            "off_our_kinds": None if total is None else total - len(touching),
            "mapped": len(mapped),
            "share_pct": _pct(len(mapped), len(touching)),
            "unmapped": unmapped,
        }
    return out


def run(args: argparse.Namespace) -> int:
    clouds = cloud_figures()
    packs = anchor_figures()
    if args.format == "json":
        print(json.dumps({"clouds": clouds, "anchors": packs}, indent=2))
        return 0
    print("Controls by evidence status (policies/controls.yaml)")
    print(f"  {'cloud':<6} " + " ".join(f"{s:>16}" for s in STATUSES) + f" {'total':>6}")
    for cloud, c in clouds.items():
        print(f"  {cloud:<6} " + " ".join(f"{c[s]:>16}" for s in STATUSES) + f" {c['total']:>6}")
    print()
    print("Anchor rules on our resource kinds mapped by the catalog (policies/anchors.yaml)")
    for pid, p in packs.items():
        off = "" if p["total"] is None else f" ({p['total']} rules, {p['off_our_kinds']} on kinds we never emit)"
        print(f"  {pid}: {p['mapped']}/{p['touching_our_kinds']} mapped = {p['share_pct']:.1f}%{off}")
        if pid == "all":
            continue
        for u in p["unmapped"]:
            print(f"      {u['rule']:<48} {u['status']:<17} {u['reason']}")
    return 0
