"""Accelerators exist in the catalog, on the blueprint's cloud, in its regions, in the count asked."""

from __future__ import annotations

from plinth import catalog
from plinth.diagnostics import Diagnostic, did_you_mean
from plinth.model import AcceleratorCluster, Blueprint, DataLake, Network, ServingEndpoint
from plinth.semantics._util import CLOUD_NAMES, comp_path, diag

FABRIC_CLOUD = {"efa": "aws", "infiniband": "azure", "gpudirect": "gcp"}
CACHE_CLOUDS = {"lustre": ("aws", "gcp", "azure"), "filestore": ("gcp",), "parallelstore": ("gcp",)}


def _offered(bp: Blueprint, path: tuple, name: str, count: int | None, regions: list[str],
             serving: bool) -> list[Diagnostic]:
    accs = catalog.load()
    acc = accs.get(name)
    if acc is None:
        hint = did_you_mean(name, accs) or "see `plinth accelerators` for the catalog"
        return [diag(bp, path + ("accelerator",), f"unknown accelerator `{name}`", hint, "accel.unknown")]
    offer = acc.on(bp.cloud)
    if offer is None:
        clouds = ", ".join(o.cloud for o in acc.offerings)
        return [diag(bp, path + ("accelerator",), f"`{name}` is not offered on {CLOUD_NAMES[bp.cloud]}",
                     f"offered on: {clouds}", "accel.cloud")]
    out = []
    for region in regions:
        if region not in offer.regions:
            out.append(diag(bp, path + ("accelerator",), f"`{name}` is not offered in {CLOUD_NAMES[bp.cloud]} region `{region}`",
                            "offered in: " + ", ".join(offer.regions), "accel.region"))
    key = "per_replica" if serving else "per_node"
    if count is not None and offer.shape(count) is None:
        counts = ", ".join(str(s.count) for s in offer.shapes)
        unit = "per replica" if serving else "per node"
        out.append(diag(bp, path + (key,), f"{CLOUD_NAMES[bp.cloud]} offers `{name}` with {counts} {unit}, not {count}",
                        f"set `{key}` to one of: {counts}", "accel.count"))
    shape = offer.shape(count, serving=serving)
    if serving and shape is not None and bp.cloud == "aws" and not shape.serving_type:
        out.append(diag(bp, path + ("accelerator",), f"SageMaker has no serving instance for `{shape.type}`",
                        "pick another accelerator or set `instance_type`", "accel.serving"))
    return out


def check(bp: Blueprint) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for c in bp.components:
        if isinstance(c, AcceleratorCluster):
            for i, p in enumerate(c.pools):
                if p.accelerator is not None:  # "" is an (unknown) accelerator too, not "none"
                    out += _offered(bp, comp_path(c.name, "pools", i), p.accelerator, p.per_node, [bp.region], False)
                    acc = catalog.load().get(p.accelerator)
                    if acc and acc.family != "tpu" and p.topology:
                        out.append(diag(bp, comp_path(c.name, "pools", i, "topology"),
                                        "`topology` applies to TPU pools only", None, "accel.topology"))
        elif isinstance(c, ServingEndpoint) and c.accelerator is not None:
            regions = list(c.regions) or [bp.region, *bp.serving_regions]
            out += _offered(bp, comp_path(c.name), c.accelerator, c.per_replica, regions, True)
        elif isinstance(c, Network) and c.fabric in FABRIC_CLOUD and FABRIC_CLOUD[c.fabric] != bp.cloud:
            want = [f for f, cl in FABRIC_CLOUD.items() if cl == bp.cloud]
            out.append(diag(bp, comp_path(c.name, "fabric"), f"fabric `{c.fabric}` does not exist on {bp.cloud}",
                            f"on {bp.cloud} use `{want[0]}` or `none`", "fabric.cloud"))
        elif isinstance(c, DataLake) and c.cache and bp.cloud not in CACHE_CLOUDS[c.cache.kind]:
            out.append(diag(bp, comp_path(c.name, "cache", "kind"), f"cache `{c.cache.kind}` is not offered on {CLOUD_NAMES[bp.cloud]}",
                            "use `lustre`", "cache.cloud"))
    return out
