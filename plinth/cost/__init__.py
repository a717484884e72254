"""Cost per blueprint and the budget gate. Works on the typed model; never imports CDKTF.

    from plinth.cost import estimate, budget_finding
    est = estimate(bp)                  # Estimate: per component min / expected / max, by category
    finding = budget_finding(bp, est)   # None, or a PLN_COST_001 finding dict for the gate
"""

from __future__ import annotations

from plinth.cost.estimate import estimate
from plinth.cost.result import Estimate, cents
from plinth.model import Blueprint

CHECK_ID = "PLN_COST_001"
CHECK_NAME = "Expected monthly cost is within the blueprint budget"

__all__ = ["CHECK_ID", "CHECK_NAME", "Estimate", "budget_finding", "estimate"]


def budget_finding(bp: Blueprint, est: Estimate) -> dict | None:
    """A finding when the expected monthly cost exceeds `budget.monthly_usd`, else None.

    Keys: check, check_name, severity, blueprint, component (the component to blame: the one holding
    the biggest driver), message, file, line, column (the budget's position), expected_usd, budget_usd, over_usd (decimal
    strings), drivers (top 3: label, component, item, expected_usd) and unpriced (drivers the
    estimate could not price, which would only raise the figure).
    """
    if bp.budget is None or not est.over_budget:
        return None
    drivers = est.drivers(3)
    expected, budget = est.cost.expected, est.budget
    named = ", ".join(f"{d.label} ${cents(d.cost.expected):,}" for d in drivers)
    unpriced = [f"{u.component}/{u.item}" for u in est.unpriced]
    message = (f"expected monthly cost ${cents(expected):,} exceeds the budget of ${cents(budget):,} by "
               f"${cents(expected - budget):,}; top cost drivers: {named}")
    if unpriced:
        message += f" ({len(unpriced)} unpriced item(s) not included)"
    line, column = bp.where(("budget", "monthly_usd"))
    return {
        "check": CHECK_ID,
        "check_name": CHECK_NAME,
        "severity": "error",
        "blueprint": bp.name,
        "component": drivers[0].component if drivers else "",
        "message": message,
        "file": bp.file,
        "line": line,
        "column": column,
        "expected_usd": str(cents(expected)),
        "budget_usd": str(cents(budget)),
        "over_usd": str(cents(expected - budget)),
        "drivers": [{"label": d.label, "component": d.component, "item": d.item,
                     "expected_usd": str(cents(d.cost.expected))} for d in drivers],
        "unpriced": unpriced,
    }
