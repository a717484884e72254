"""The price catalog (plinth/data/prices.yaml) as typed, Decimal-valued lookups.

Read once per process. Nothing here guesses: a price that the catalog does not hold is returned as
None (or a `Missing` with the catalog's reason), and the estimator reports it as unpriced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from plinth import datafile
from plinth.paths import DATA

PRICES = DATA / "prices.yaml"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str
    as_of: str
    note: str = ""


@dataclass(frozen=True)
class HourlyPrice:
    """One (type, region) price: per node-hour, or per chip-hour for TPUs."""

    cloud: str
    type: str
    region: str
    unit: str
    on_demand: Decimal
    spot: Decimal
    source: str
    spot_source: str
    approximate: bool = False
    note: str = ""


@dataclass(frozen=True)
class Rate:
    """A service price (per cluster-hour, GB-month, ...); `usd` is None when no source was found.

    `max_units` caps the billed quantity (Cloud NAT bills at most 32 VMs per gateway); `tier` names the
    size tier a per-disk price was picked from (Azure Premium SSD: P15 for a 200 GB disk)."""

    key: str
    usd: Decimal | None
    unit: str
    source: str = ""
    note: str = ""
    missing: str = ""
    reference: str = ""
    approximate: bool = False
    max_units: Decimal | None = None
    tier: str = ""


@dataclass(frozen=True)
class EndpointPrice:
    type: str
    region: str
    hourly: Decimal
    source: str
    approximate: bool
    note: str
    basis: HourlyPrice | None = None


class PriceCatalog:
    def __init__(self, raw: dict[str, Any], path: Path = PRICES):
        self.raw = raw
        self.path = path
        self.version = raw["version"]
        self.hours_per_month = Decimal(str(raw["hours_per_month"]))
        self.sources = {k: Source(k, v["title"], v["url"], str(v["as_of"]), v.get("note", ""))
                        for k, v in raw["sources"].items()}
        self._compute: dict[tuple[str, str, str], HourlyPrice] = {}
        for cloud, types in raw["compute"].items():
            for typ, entry in types.items():
                for rec in entry["prices"]:
                    for region in rec["regions"]:
                        self._compute[(cloud, typ, region)] = HourlyPrice(
                            cloud, typ, region, entry["unit"], Decimal(rec["on_demand"]), Decimal(rec["spot"]),
                            rec["source"], rec.get("spot_source", rec["source"]),
                            bool(rec.get("approximate", False)), rec.get("note", ""))

    # -- compute ---------------------------------------------------------------------------------
    def hourly(self, cloud: str, type_: str, region: str) -> HourlyPrice | None:
        return self._compute.get((cloud, type_, region))

    def compute_keys(self) -> list[tuple[str, str, str]]:
        return sorted(self._compute)

    # -- managed endpoints -----------------------------------------------------------------------
    def endpoint(self, cloud: str, type_: str, region: str) -> EndpointPrice | None:
        """Published managed-endpoint price, else the compute price of the same instance x markup."""
        ep = self.raw["endpoints"][cloud]
        for rec in ep.get("published", {}).get(type_, ()):
            if region in rec["regions"]:
                return EndpointPrice(type_, region, Decimal(rec["on_demand"]), rec["source"],
                                     bool(rec.get("approximate", False)), rec.get("note", ""))
        base_type = type_[3:] if cloud == "aws" and type_.startswith("ml.") else type_
        base = self.hourly(cloud, base_type, region)
        if base is None:
            return None
        for rule in ep["markup"]:
            below = rule.get("below_usd_per_hour")
            if below is None or base.on_demand < Decimal(below):
                factor = Decimal(rule["factor"])
                return EndpointPrice(type_, region, base.on_demand * factor, rule["source"],
                                     bool(rule.get("approximate", False)) or base.approximate,
                                     f"{base_type} {base.on_demand}/h x {factor}: {rule.get('note', '')}", base)
        return None

    # -- services --------------------------------------------------------------------------------
    def rate(self, service: str, cloud: str, tier: str | None = None, region: str | None = None,
             size_gb: int | None = None) -> Rate:
        """The price of a service in a region.

        A leaf is either region-independent (`usd` + `source`: one price for every region of the cloud),
        region-specific (`prices:` entries with explicit `regions:`; a region none of them lists is
        unpriced), or per-disk size tiers (`tiers:` with `max_gb`, each with `prices:`; the smallest tier
        that holds `size_gb` is billed). `usd: null` leaves (or no matching region / tier) are unpriced
        with the leaf's `missing` reason and `reference` page."""
        node = self.raw["services"][service][cloud]
        if tier is not None:
            node = node.get(tier) or {"usd": None, "unit": "", "missing": f"no {tier} entry in the catalog"}
        key = f"{service}.{cloud}" + (f".{tier}" if tier else "")
        unit, missing, reference = node.get("unit", ""), node.get("missing", ""), node.get("reference", "")
        max_units = None if node.get("max_units") is None else Decimal(str(node["max_units"]))
        tier_name, prices = "", None
        if "tiers" in node:
            if size_gb is None:
                return Rate(key, None, unit, missing=f"{missing} (no disk size given)", reference=reference)
            fits = [t for t in node["tiers"] if size_gb <= t["max_gb"]]
            if not fits:
                return Rate(key, None, unit, missing=f"{missing} (no tier holds {size_gb} GB)", reference=reference)
            chosen = min(fits, key=lambda t: t["max_gb"])
            tier_name, prices = f"{chosen['name']} ({chosen['max_gb']} GiB)", chosen.get("prices", [])
            if not prices:
                return Rate(key, None, unit, missing=f"{missing} ({tier_name}: {chosen.get('missing', 'no price')})",
                            reference=reference, tier=tier_name)
        elif "prices" in node:
            prices = node["prices"]
        if prices is None:
            usd = node.get("usd")
            return Rate(key, None if usd is None else Decimal(str(usd)), unit, node.get("source", ""),
                        node.get("note", ""), missing, reference, bool(node.get("approximate", False)), max_units)
        rec = next((r for r in prices if region in r["regions"]), None)
        if rec is None:
            listed = sorted({r for rec in prices for r in rec["regions"]})
            what = f"{tier_name}: " if tier_name else ""
            return Rate(key, None, unit, missing=f"{missing} ({what}priced only for {', '.join(listed)}; "
                                                  f"not {region})", reference=reference, tier=tier_name)
        note = "; ".join(n for n in (node.get("note", ""), rec.get("note", "")) if n)
        return Rate(key, Decimal(str(rec["usd"])), unit, rec["source"], note, missing, reference,
                    bool(rec.get("approximate", False)), max_units, tier_name)

    def service_leaves(self):
        """(service, cloud, tier or None, leaf) for every service leaf of the catalog."""
        for service, clouds in self.raw["services"].items():
            for cloud, node in clouds.items():
                if "unit" in node:
                    yield service, cloud, None, node
                else:
                    for tier, leaf in node.items():
                        yield service, cloud, tier, leaf

    # -- self-check (tests and `plinth cost` on start-up in debug) ---------------------------------
    def problems(self) -> list[str]:
        """Format problems: unknown source keys, sources without URL or dated as_of, bad decimals."""
        out: list[str] = []
        for key, src in self.sources.items():
            if not src.url.startswith("https://"):
                out.append(f"source {key}: url must be https")
            if not _DATE.match(src.as_of):
                out.append(f"source {key}: as_of {src.as_of!r} is not YYYY-MM-DD")
        for (cloud, typ, region), p in self._compute.items():
            for s in (p.source, p.spot_source):
                if s not in self.sources:
                    out.append(f"{cloud} {typ} {region}: unknown source {s!r}")
            if p.on_demand <= 0 or p.spot <= 0 or p.spot > p.on_demand:
                out.append(f"{cloud} {typ} {region}: need 0 < spot <= on_demand")
            if p.approximate and not p.note:
                out.append(f"{cloud} {typ} {region}: approximate price without a note")
        for cloud, ep in self.raw["endpoints"].items():
            for typ, recs in ep.get("published", {}).items():
                for rec in recs:
                    if rec["source"] not in self.sources:
                        out.append(f"endpoint {cloud} {typ}: unknown source {rec['source']!r}")
            for rule in ep["markup"]:
                if rule["source"] not in self.sources:
                    out.append(f"endpoint {cloud} markup: unknown source {rule['source']!r}")
        for service, cloud, tier, leaf in self.service_leaves():
            where = f"{service} {cloud}" + (f" {tier}" if tier else "")
            records = [(where, leaf)] if "prices" not in leaf and "tiers" not in leaf else []
            records += [(f"{where} {', '.join(r['regions'])}", r) for r in leaf.get("prices", [])]
            for t in leaf.get("tiers", []):
                records += [(f"{where} {t['name']} {', '.join(r['regions'])}", r) for r in t.get("prices", [])]
            if "prices" in leaf or "tiers" in leaf or leaf.get("usd") is None:
                if not leaf.get("missing") or not leaf.get("reference"):
                    out.append(f"{where}: no missing/reference for regions (or tiers) without a price")
            for label, rec in records:
                if rec.get("usd") is None:
                    continue
                if rec.get("source") not in self.sources:
                    out.append(f"{label}: unknown source {rec.get('source')!r}")
                try:
                    if Decimal(str(rec["usd"])) <= 0:
                        out.append(f"{label}: usd must be positive")
                except ArithmeticError:
                    out.append(f"{label}: usd {rec['usd']!r} is not a decimal")
                if rec.get("approximate") and not rec.get("note"):
                    out.append(f"{label}: approximate price without a note")
        return out


@lru_cache(maxsize=1)
def load(path: Path = PRICES) -> PriceCatalog:
    return PriceCatalog(datafile.load(path), path)
