"""What an estimate is: lines of monthly money (min / expected / max), grouped by component."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CATEGORIES = ("compute", "storage", "network")
ZERO = Decimal(0)
CENT = Decimal("0.01")


def cents(x: Decimal) -> Decimal:
    """Round for display only (half up to the cent)."""
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Range:
    """Monthly US dollars at the component's minimum, expected and maximum size."""

    min: Decimal = ZERO
    expected: Decimal = ZERO
    max: Decimal = ZERO

    def __add__(self, other: Range) -> Range:
        return Range(self.min + other.min, self.expected + other.expected, self.max + other.max)

    def to_json(self) -> dict[str, str]:
        return {"min": str(cents(self.min)), "expected": str(cents(self.expected)), "max": str(cents(self.max))}


def total(ranges) -> Range:
    out = Range()
    for r in ranges:
        out = out + r
    return out


@dataclass(frozen=True)
class Line:
    """One priced item: `unit_price` (per hour or per month) x quantity, for min/expected/max."""

    component: str
    item: str                     # e.g. "pool h100"
    category: str                 # compute | storage | network
    what: str                     # e.g. "p5.48xlarge spot in us-east-1"
    unit_price: Decimal           # US dollars per `unit`
    unit: str                     # node-hour, chip-hour, cluster-hour, gb-month, ...
    quantity: Range               # nodes / chips / GB ... at min, expected, max
    cost: Range                   # monthly US dollars
    sources: tuple[str, ...] = ()
    approximate: bool = False

    @property
    def label(self) -> str:
        return f"{self.component}/{self.item}"

    def to_json(self) -> dict:
        return {"component": self.component, "item": self.item, "category": self.category, "what": self.what,
                "unit_price": str(self.unit_price), "unit": self.unit,
                "quantity": {"min": str(self.quantity.min), "expected": str(self.quantity.expected),
                             "max": str(self.quantity.max)},
                "monthly": self.cost.to_json(), "sources": list(self.sources), "approximate": self.approximate}


@dataclass(frozen=True)
class Unpriced:
    component: str
    item: str
    reason: str
    reference: str = ""

    def to_json(self) -> dict:
        return {"component": self.component, "item": self.item, "reason": self.reason, "reference": self.reference}


@dataclass
class ComponentCost:
    name: str
    kind: str
    lines: list[Line] = field(default_factory=list)
    unpriced: list[Unpriced] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)

    @property
    def cost(self) -> Range:
        return total(line.cost for line in self.lines)

    def by_category(self) -> dict[str, Range]:
        return {c: total(line.cost for line in self.lines if line.category == c) for c in CATEGORIES}

    def to_json(self) -> dict:
        return {"name": self.name, "kind": self.kind, "monthly": self.cost.to_json(),
                "by_category": {c: r.to_json() for c, r in self.by_category().items()},
                "lines": [line.to_json() for line in self.lines],
                "unpriced": [u.to_json() for u in self.unpriced], "assumptions": list(self.assumptions)}


@dataclass
class Estimate:
    blueprint: str
    file: str
    cloud: str
    region: str
    budget: Decimal | None
    components: list[ComponentCost]
    assumptions: list[str]
    catalog_version: int
    hours_per_month: Decimal

    @property
    def lines(self) -> list[Line]:
        return [line for c in self.components for line in c.lines]

    @property
    def unpriced(self) -> list[Unpriced]:
        return [u for c in self.components for u in c.unpriced]

    @property
    def cost(self) -> Range:
        return total(c.cost for c in self.components)

    def by_category(self) -> dict[str, Range]:
        return {cat: total(c.by_category()[cat] for c in self.components) for cat in CATEGORIES}

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.cost.expected > self.budget

    def drivers(self, n: int = 3) -> list[Line]:
        """The `n` lines with the highest expected cost (ties broken by label, deterministic)."""
        return sorted(self.lines, key=lambda line: (-line.cost.expected, line.label))[:n]

    def to_json(self) -> dict:
        return {"blueprint": self.blueprint, "file": self.file, "cloud": self.cloud, "region": self.region,
                "currency": "USD", "hours_per_month": str(self.hours_per_month),
                "catalog_version": self.catalog_version,
                "monthly": self.cost.to_json(),
                "by_category": {c: r.to_json() for c, r in self.by_category().items()},
                "budget": None if self.budget is None else str(cents(self.budget)),
                "over_budget": self.over_budget,
                "top_drivers": [{"driver": d.label, "expected": str(cents(d.cost.expected))} for d in self.drivers()],
                "components": [c.to_json() for c in self.components],
                "unpriced": [u.to_json() for u in self.unpriced],
                "assumptions": list(self.assumptions)}
