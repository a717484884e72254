"""Blueprint -> Estimate. One small estimator per component kind; prices from plinth.cost.catalog.

Runs on the typed model only (never on synthesized Terraform) and never imports CDKTF.
"""

from __future__ import annotations

import math
from decimal import Decimal

from plinth import catalog as accelerators
from plinth.cost.catalog import HourlyPrice, PriceCatalog, load
from plinth.cost.result import ComponentCost, Estimate, Line, Range, Unpriced
from plinth.model import (AcceleratorCluster, Blueprint, DataLake, Network, NodePool, Registry,
                          ServingEndpoint)

GB_PER_TIB = Decimal(1024)

GLOBAL_ASSUMPTIONS = (
    "A month is {hours} hours; figures are list prices (catalog version {version}) before discounts, credits and tax.",
    "Expected use: node pools and endpoints use their stated `expected`. Without it a pool is expected at its "
    "minimum size, or at 1 node when its minimum is 0 (a pool that exists is assumed to run one node on average); "
    "an endpoint is expected at its minimum replicas.",
    "Spot pools are priced at the catalog's spot price; reserved pools (capacity reservations) at the on-demand "
    "price for max nodes at all times, since reserved capacity is paid whether used or not. Managed endpoints "
    "never run on spot.",
    "Prices marked ~ are approximate (derived, or a regional price stood in for a missing one); see the catalog note.",
)


def _dec(x: float | int) -> Decimal:
    return Decimal(str(x))


class _Ctx:
    def __init__(self, bp: Blueprint, prices: PriceCatalog):
        self.bp = bp
        self.prices = prices
        self.hours = prices.hours_per_month
        self.rule_sources = {k for k, s in prices.sources.items() if s.title.startswith("plinth rule")}

    def approx(self, hp: HourlyPrice, spot: bool) -> bool:
        return hp.approximate or (spot and hp.spot_source in self.rule_sources)


# -- node pools -------------------------------------------------------------------------------------

def _pool_type(bp: Blueprint, pool: NodePool) -> tuple[str | None, int | None, str]:
    """(instance type, chips per node for TPUs else None, description) for a pool."""
    if pool.instance_type:
        return pool.instance_type, None, pool.instance_type
    acc = accelerators.load().get(pool.accelerator or "")
    offer = acc.on(bp.cloud) if acc else None
    shape = offer.shape(pool.per_node) if offer else None
    if shape is None:
        return None, None, f"{pool.accelerator} x{pool.per_node}"
    chips = shape.count if acc.family == "tpu" else None
    return shape.type, chips, shape.type


def _hosts_per_slice(topology: str | None, chips_per_node: int | None) -> int:
    if not topology or not chips_per_node:
        return 1
    chips = math.prod(int(d) for d in topology.split("x"))
    return max(1, math.ceil(chips / chips_per_node))


def _pool_counts(pool: NodePool, hosts: int, notes: list[str]) -> Range:
    lo, hi = pool.min_nodes, pool.max_nodes
    if hosts > 1:
        lo2, hi2 = math.ceil(lo / hosts) * hosts, math.ceil(hi / hosts) * hosts
        if (lo2, hi2) != (lo, hi):
            notes.append(f"pool {pool.name}: nodes rounded up to whole slices of {hosts} hosts "
                         f"(min {lo}->{lo2}, max {hi}->{hi2})")
        lo, hi = lo2, hi2
    if pool.capacity == "reserved":
        notes.append(f"pool {pool.name}: reserved capacity billed for {hi} nodes (max) at min, expected and max")
        return Range(_dec(hi), _dec(hi), _dec(hi))
    if pool.expected_nodes is not None:
        exp = _dec(pool.expected_nodes)
        if exp < lo or exp > hi:
            clamped = min(max(exp, _dec(lo)), _dec(hi))
            notes.append(f"pool {pool.name}: expected {exp} nodes is outside {lo}..{hi}; using {clamped}")
            exp = clamped
    else:
        exp = _dec(lo if lo > 0 else min(1, hi))
        notes.append(f"pool {pool.name}: nodes.expected not stated; assumed {exp} "
                     f"({'the minimum' if lo > 0 else 'one node, as the minimum is 0'}) -- set nodes.expected")
    return Range(_dec(lo), exp, _dec(hi))


def _cluster(ctx: _Ctx, c: AcceleratorCluster) -> ComponentCost:
    bp, p = ctx.bp, ctx.prices
    out = ComponentCost(c.name, c.kind)
    cp = p.rate("kubernetes_control_plane", bp.cloud, region=bp.region)
    if cp.usd is None:
        out.unpriced.append(Unpriced(c.name, "control plane", cp.missing, cp.reference))
    else:
        one = Range(Decimal(1), Decimal(1), Decimal(1))
        out.lines.append(Line(c.name, "control plane", "compute", f"managed Kubernetes control plane in {bp.region}",
                              cp.usd, cp.unit, one, _scale(one, cp.usd * ctx.hours), (cp.source,), cp.approximate))
    unpriced_disks: list[tuple[str, Unpriced]] = []
    for pool in c.pools:
        typ, chips, desc = _pool_type(bp, pool)
        hosts = _hosts_per_slice(pool.topology, chips)
        counts = _pool_counts(pool, hosts, out.assumptions)
        if pool.schedule:
            out.assumptions.append(f"pool {pool.name}: scale-down schedule not applied (min nodes priced for all "
                                   f"{ctx.hours} hours)")
        hp = p.hourly(bp.cloud, typ, bp.region) if typ else None
        if hp is None:
            out.unpriced.append(Unpriced(c.name, f"pool {pool.name}",
                                         f"no price for {desc} in {bp.cloud} {bp.region}"))
        else:
            spot = pool.capacity == "spot"
            rate = hp.spot if spot else hp.on_demand
            per_node = rate * chips if chips else rate
            what = f"{typ} {pool.capacity.replace('_', '-')} in {bp.region}"
            if chips:
                what += f", {chips} chips/node at {rate}/chip-hour"
            src = (hp.spot_source if spot else hp.source,)
            out.lines.append(Line(c.name, f"pool {pool.name}", "compute", what, per_node, "node-hour", counts,
                                  _scale(counts, per_node * ctx.hours), src, ctx.approx(hp, spot)))
        disk = p.rate("block_storage", bp.cloud, region=bp.region, size_gb=pool.disk_gb)
        if disk.usd is None:
            unpriced_disks.append((disk.missing, Unpriced(c.name, f"pool {pool.name} disks", disk.missing,
                                                          disk.reference)))
            continue
        if disk.unit == "disk-month":      # billed per disk at a size tier (Azure managed disks)
            qty, what = counts, f"{pool.disk_gb} GB per node, billed as {disk.tier}"
        else:
            gb = _dec(pool.disk_gb)
            qty, what = Range(counts.min * gb, counts.expected * gb, counts.max * gb), f"{pool.disk_gb} GB per node"
        out.lines.append(Line(c.name, f"pool {pool.name} disks", "storage", what, disk.usd, disk.unit, qty,
                              _scale(qty, disk.usd), (disk.source,), disk.approximate))
    if unpriced_disks and len(unpriced_disks) == len(c.pools) and len({r for r, _ in unpriced_disks}) == 1:
        u = unpriced_disks[0][1]
        out.unpriced.append(Unpriced(c.name, "node disks", u.reason, u.reference))
    else:
        out.unpriced += [u for _, u in unpriced_disks]
    return out


def _cluster_nodes(ctx: _Ctx, network: str) -> Range:
    """Nodes (VMs) of every cluster on `network`, at min / expected / max (as the pools are priced)."""
    total = Range()
    for c in ctx.bp.components:
        if isinstance(c, AcceleratorCluster) and c.network == network:
            for pool in c.pools:
                _, chips, _ = _pool_type(ctx.bp, pool)
                total = total + _pool_counts(pool, _hosts_per_slice(pool.topology, chips), [])
    return total


# -- managed endpoints ------------------------------------------------------------------------------

def _endpoint_type(bp: Blueprint, e: ServingEndpoint) -> tuple[str | None, int | None]:
    if e.instance_type:
        if bp.cloud == "aws" and not e.instance_type.startswith("ml."):
            return "ml." + e.instance_type, None
        return e.instance_type, None
    acc = accelerators.load().get(e.accelerator or "")
    offer = acc.on(bp.cloud) if acc else None
    shape = offer.shape(e.per_replica, serving=True) if offer else None
    if shape is None:
        return None, None
    typ = shape.serving_type if bp.cloud == "aws" else shape.type
    return typ, (shape.count if acc.family == "tpu" else None)


def _endpoint(ctx: _Ctx, e: ServingEndpoint) -> ComponentCost:
    bp, p = ctx.bp, ctx.prices
    out = ComponentCost(e.name, e.kind)
    if e.cluster:
        out.assumptions.append(f"served on cluster {e.cluster}; its nodes are priced with that cluster")
        return out
    regions = list(e.regions) or [bp.region, *bp.serving_regions]
    typ, chips = _endpoint_type(bp, e)
    lo, hi = e.min_replicas, e.max_replicas
    if e.expected_replicas is None:
        exp = _dec(lo)
        out.assumptions.append(f"replicas.expected not stated; assumed the minimum ({lo}) in each region")
    else:
        exp = min(max(_dec(e.expected_replicas), _dec(lo)), _dec(hi))
        if exp != _dec(e.expected_replicas):
            out.assumptions.append(f"expected {e.expected_replicas} replicas is outside {lo}..{hi}; using {exp}")
    counts = Range(_dec(lo), exp, _dec(hi))
    if len(regions) > 1:
        out.assumptions.append(f"{lo}/{exp}/{hi} replicas (min/expected/max) in each of {len(regions)} regions")
    for region in regions:
        ep = p.endpoint(bp.cloud, typ, region) if typ else None
        if ep is None:
            out.unpriced.append(Unpriced(e.name, f"endpoint {region}",
                                         f"no price for {typ or e.accelerator} in {bp.cloud} {region}"))
            continue
        per = ep.hourly * chips if chips else ep.hourly
        srcs = (ep.source,) + ((ep.basis.source,) if ep.basis else ())
        out.lines.append(Line(e.name, f"endpoint {region}", "compute", f"{typ} on-demand in {region}", per,
                              "replica-hour", counts, _scale(counts, per * ctx.hours), srcs, ep.approximate))
    return out


# -- data lake, cache ------------------------------------------------------------------------------

def _lake(ctx: _Ctx, d: DataLake) -> ComponentCost:
    bp, p = ctx.bp, ctx.prices
    out = ComponentCost(d.name, d.kind)
    if d.size_tib is None:
        out.assumptions.append("size_tib not stated; object storage not estimated (set size_tib)")
    else:
        gb = _dec(d.size_tib) * GB_PER_TIB
        copies = [("objects", bp.region)] + ([("replica", d.replication_region)] if d.replication_region else [])
        for item, region in copies:
            rate = p.rate("object_storage", bp.cloud, "standard", region=region)
            if rate.usd is None:
                out.unpriced.append(Unpriced(d.name, item, rate.missing, rate.reference))
                continue
            qty = Range(gb, gb, gb)
            out.lines.append(Line(d.name, item, "storage", f"{d.size_tib} TiB standard tier in {region}", rate.usd,
                                  rate.unit, qty, _scale(qty, rate.usd), (rate.source,), rate.approximate))
        out.assumptions.append(f"all {d.size_tib} TiB priced at the standard tier (lifecycle moves after "
                               f"{d.infrequent_after_days}/{d.archive_after_days} days would lower it; versions add to it)")
        if d.replication_region:
            out.assumptions.append("replication transfer (per GB) not estimated")
    if d.cache:
        c = d.cache
        rate = p.rate("cache", bp.cloud, c.kind, region=bp.region)
        tier = f"{c.kind} {c.capacity_tib} TiB at {c.throughput_mbps_per_tib} MB/s/TiB"
        if rate.usd is None:
            out.unpriced.append(Unpriced(d.name, "cache", f"{tier}: {rate.missing}", rate.reference))
        else:
            gb = _dec(c.capacity_tib) * GB_PER_TIB
            qty = Range(gb, gb, gb)
            out.lines.append(Line(d.name, "cache", "storage", tier, rate.usd, rate.unit, qty,
                                  _scale(qty, rate.usd), (rate.source,), rate.approximate))
    return out


def _network(ctx: _Ctx, n: Network) -> ComponentCost:
    bp, p = ctx.bp, ctx.prices
    out = ComponentCost(n.name, n.kind)
    if n.nat:
        rate = p.rate("nat_gateway_hour", bp.cloud, region=bp.region)
        if rate.usd is None:
            out.unpriced.append(Unpriced(n.name, "NAT", rate.missing, rate.reference))
        elif rate.unit == "vm-hour":       # Cloud NAT: per VM using the gateway, capped
            vms = _cluster_nodes(ctx, n.name)
            cap = rate.max_units
            qty = Range(*(min(v, cap) if cap is not None else v for v in (vms.min, vms.expected, vms.max)))
            capped = f", billed for at most {cap}" if cap is not None else ""
            out.lines.append(Line(n.name, "NAT", "network",
                                  f"1 NAT gateway for {vms.min}/{vms.expected}/{vms.max} cluster VMs "
                                  f"(min/expected/max){capped}", rate.usd, rate.unit, qty,
                                  _scale(qty, rate.usd * ctx.hours), (rate.source,), rate.approximate))
            out.assumptions.append("NAT billed per VM using the gateway: the nodes of the clusters on this network "
                                   "(managed endpoints do not use it)")
        else:
            gateways = n.zones if bp.cloud == "aws" else 1
            qty = Range(_dec(gateways), _dec(gateways), _dec(gateways))
            what = f"{gateways} NAT gateway(s), one per zone" if bp.cloud == "aws" else "1 NAT gateway for the network"
            out.lines.append(Line(n.name, "NAT", "network", what, rate.usd,
                                  rate.unit, qty, _scale(qty, rate.usd * ctx.hours), (rate.source,),
                                  rate.approximate))
        out.assumptions.append("NAT data processing and internet egress not estimated (no traffic volume stated)")
        out.assumptions.append("NAT public IP address charges not estimated")
    if n.flow_logs:
        out.assumptions.append("flow-log ingestion not estimated (log volume unknown)")
    return out


def _registry(ctx: _Ctx, r: Registry) -> ComponentCost:
    out = ComponentCost(r.name, r.kind)
    out.assumptions.append("registry storage not estimated (image and model sizes unknown)")
    return out


def _shared(ctx: _Ctx) -> ComponentCost:
    out = ComponentCost("(blueprint)", "shared")
    key = ctx.prices.rate("kms_key_month", ctx.bp.cloud, region=ctx.bp.region)
    if key.usd is None:
        out.unpriced.append(Unpriced(out.name, "encryption key", key.missing, key.reference))
    else:
        one = Range(Decimal(1), Decimal(1), Decimal(1))
        out.lines.append(Line(out.name, "encryption key", "storage", "one customer-managed key", key.usd, key.unit,
                              one, _scale(one, key.usd), (key.source,), key.approximate))
        out.assumptions.append("one customer-managed key priced; rotated key versions and key requests not estimated")
    return out


def _scale(counts: Range, monthly_unit: Decimal) -> Range:
    return Range(counts.min * monthly_unit, counts.expected * monthly_unit, counts.max * monthly_unit)


_ESTIMATORS = {AcceleratorCluster: _cluster, ServingEndpoint: _endpoint, DataLake: _lake, Network: _network,
               Registry: _registry}


def estimate(bp: Blueprint, prices: PriceCatalog | None = None) -> Estimate:
    """Monthly cost of one blueprint: per component, min / expected / max, split by category."""
    prices = prices or load()
    ctx = _Ctx(bp, prices)
    comps = [_ESTIMATORS[type(c)](ctx, c) for c in bp.components]
    shared = _shared(ctx)
    if shared.lines or shared.unpriced:
        comps.append(shared)
    assumptions = [a.format(hours=prices.hours_per_month, version=prices.version) for a in GLOBAL_ASSUMPTIONS]
    return Estimate(bp.name, bp.file, bp.cloud, bp.region,
                    None if bp.budget is None else _dec(bp.budget.monthly_usd), comps, assumptions,
                    prices.version, prices.hours_per_month)
