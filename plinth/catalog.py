"""The accelerator catalog (plinth/data/accelerators.yaml) as typed objects."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from plinth import datafile
from plinth.paths import DATA


@dataclass(frozen=True)
class Shape:
    count: int
    type: str
    serving_type: str | None = None
    efa_interfaces: int = 0
    topologies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Offering:
    cloud: str
    interconnect: str
    shapes: tuple[Shape, ...]
    regions: tuple[str, ...]
    accelerator_type: str | None = None

    def shape(self, count: int | None, serving: bool = False) -> Shape | None:
        """The shape with `count` accelerators; by default the largest (training) or smallest (serving)."""
        if count is None:
            count = self.shapes[0].count if serving else self.shapes[-1].count
        return next((s for s in self.shapes if s.count == count), None)


@dataclass(frozen=True)
class Accelerator:
    name: str
    family: str
    vendor: str
    memory_gb: float
    offerings: tuple[Offering, ...]

    def on(self, cloud: str) -> Offering | None:
        return next((o for o in self.offerings if o.cloud == cloud), None)


@lru_cache(maxsize=1)
def load() -> dict[str, Accelerator]:
    raw = datafile.load(DATA / "accelerators.yaml")
    out = {}
    for name, entry in raw["accelerators"].items():
        offerings = tuple(
            Offering(
                cloud=cloud, interconnect=o.get("interconnect", "none"),
                shapes=tuple(Shape(count=s["count"], type=s["type"], serving_type=s.get("serving_type"),
                                   efa_interfaces=s.get("efa_interfaces", 0),
                                   topologies=tuple(s.get("topologies", ()))) for s in o["shapes"]),
                regions=tuple(o["regions"]), accelerator_type=o.get("accelerator_type"),
            )
            for cloud, o in sorted(entry["clouds"].items())
        )
        out[name] = Accelerator(name, entry["family"], entry["vendor"], entry["memory_gb"], offerings)
    return out


# --- regions and instance types (plinth/data/regions.yaml, and the types the catalogs name) --------

@dataclass(frozen=True)
class RegionList:
    """One cloud's known public regions, with the public source they were copied from."""

    cloud: str
    regions: tuple[str, ...]
    source: str
    as_of: str
    note: str = ""


@lru_cache(maxsize=1)
def load_regions() -> dict[str, RegionList]:
    raw = datafile.load(DATA / "regions.yaml")
    return {cloud: RegionList(cloud, tuple(entry["regions"]), entry["source"], str(entry["as_of"]),
                              entry.get("note", ""))
            for cloud, entry in raw["clouds"].items()}


def region_cloud(region: str) -> str | None:
    """The cloud whose region list holds `region`, if any (region names do not repeat across clouds)."""
    return next((cloud for cloud, rl in load_regions().items() if region in rl.regions), None)


@lru_cache(maxsize=None)
def instance_types(cloud: str) -> frozenset[str]:
    """Every instance / machine / VM type plinth's own data names for `cloud`: the accelerator
    catalog's shapes (and SageMaker serving types) and the price catalog's compute types. Not every
    type the cloud has: for did-you-mean hints only, never to reject a type."""
    out: set[str] = set()
    for acc in load().values():
        offer = acc.on(cloud)
        if offer:
            out.update(s.type for s in offer.shapes)
            out.update(s.serving_type for s in offer.shapes if s.serving_type)
    prices = datafile.load(DATA / "prices.yaml")
    out.update((prices.get("compute") or {}).get(cloud) or {})
    out.update(((prices.get("endpoints") or {}).get(cloud) or {}).get("published") or {})
    return frozenset(out)
