"""Formatting of estimates and cost diffs (text, JSON, Markdown). Rounds to cents for display only."""

from __future__ import annotations

import json
from decimal import ROUND_FLOOR, Decimal

from plinth import colour
from plinth.cost.diff import BlueprintDiff
from plinth.cost.result import CATEGORIES, Estimate, Range, cents


def money(x: Decimal) -> str:
    return f"{cents(x):,}"


def signed(x: Decimal) -> str:
    return ("+" if x > 0 else "-" if x < 0 else "±") + money(abs(x))


def _row(cells: list[str], widths: list[int], right: set[int]) -> str:
    return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()


def _table(header: list[str], rows: list[list[str]], right: set[int], indent: str = "  ") -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return [indent + _row(header, widths, right)] + [indent + _row(r, widths, right) for r in rows]


def percent_of(x: Decimal, budget: Decimal) -> str:
    """`x` as a share of `budget`, in whole percent rounded down (so within budget never reads over
    100%); `<1%` for a share above zero that rounds down to 0."""
    if budget <= 0:
        return "-"
    share = x * 100 / budget
    if 0 < share < 1:
        return "<1%"
    return f"{share.to_integral_value(rounding=ROUND_FLOOR):,}%"


def budget_verdict(est: Estimate, on: bool = False) -> str | None:
    """The budget line of the text output, None without a budget. `on`: colour the verdict
    (plinth.colour: a terminal only)."""
    if est.budget is None:
        return None
    t = est.cost
    if est.over_budget:
        return (f"{colour.paint('OVER BUDGET', 'fail', on)}: expected ${money(t.expected)} > budget "
                f"${money(est.budget)}; top cost drivers: "
                + "; ".join(f"{d.label} ${money(d.cost.expected)}" for d in est.drivers(3)))
    line = (f"{colour.paint('within budget', 'pass', on)}: expected ${money(t.expected)} of "
            f"${money(est.budget)} ({percent_of(t.expected, est.budget)})")
    if est.unpriced:
        n = len(est.unpriced)
        line += f"; not counting {n} UNPRICED item{'s' if n != 1 else ''}"
    return line


def text(est: Estimate, assumptions: bool = True, colour_on: bool = False) -> str:
    budget = f"budget ${money(est.budget)}/month" if est.budget is not None else "no budget"
    out = [f"{est.blueprint} ({est.cloud} {est.region}, {est.file}) -- {budget}"]
    rows = []
    for c in est.components:
        for line in c.lines:
            mark = "~" if line.approximate else ""
            rows.append([c.name, line.item, line.category, mark + line.what,
                         money(line.cost.min), money(line.cost.expected), money(line.cost.max)])
    t = est.cost
    rows.append(["total", "", "", "", money(t.min), money(t.expected), money(t.max)])
    out += _table(["component", "item", "category", "what", "min", "expected", "max"], rows, {4, 5, 6})
    cats = est.by_category()
    out.append("  by category (expected): " + ", ".join(f"{c} {money(cats[c].expected)}" for c in CATEGORIES))
    for u in est.unpriced:
        ref = f" (see {u.reference})" if u.reference else ""
        out.append(f"  UNPRICED {u.component}/{u.item}: {u.reason}{ref}")
    if assumptions:
        notes = [f"{c.name}: {a}" for c in est.components for a in c.assumptions]
        out.append("  assumptions:")
        out += [f"    - {a}" for a in est.assumptions + notes]
    verdict = budget_verdict(est, colour_on)
    if verdict is not None:
        out.append("  " + verdict)
    return "\n".join(out)


def markdown(est: Estimate) -> str:
    t = est.cost
    budget = f"${money(est.budget)}" if est.budget is not None else "none"
    out = [f"### {est.blueprint} ({est.cloud} {est.region})", "",
           f"Expected **${money(t.expected)}**/month (min ${money(t.min)}, max ${money(t.max)}); budget {budget}.", "",
           "| component | item | min | expected | max |", "|---|---|--:|--:|--:|"]
    for line in est.lines:
        out.append(f"| {line.component} | {line.item}{' ~' if line.approximate else ''} | {money(line.cost.min)} | "
                   f"{money(line.cost.expected)} | {money(line.cost.max)} |")
    if est.unpriced:
        out += ["", "Unpriced: " + ", ".join(f"{u.component}/{u.item}" for u in est.unpriced)]
    return "\n".join(out)


def estimates_json(ests: list[Estimate]) -> str:
    return json.dumps({"blueprints": [e.to_json() for e in ests],
                       "over_budget": [e.blueprint for e in ests if e.over_budget]}, indent=2)


# -- diffs ------------------------------------------------------------------------------------------

def _delta(old: Range | None, new: Range | None) -> Decimal:
    return (new.expected if new else Decimal(0)) - (old.expected if old else Decimal(0))


def diff_text(diffs: list[BlueprintDiff], ref: str) -> str:
    out = [f"cost change against {ref} (expected monthly USD)"]
    for d in diffs:
        old, new = d.old_cost, d.new_cost
        head = f"{d.name} ({d.status})"
        if d.note:
            head += f" -- {d.note}"
        out.append(f"{head}: {money(old.expected) if old else '-'} -> {money(new.expected) if new else '-'} "
                   f"({signed(_delta(old, new))})")
        rows = [[c.name, c.status, money(c.old.expected) if c.old else "-", money(c.new.expected) if c.new else "-",
                 signed(_delta(c.old, c.new))] for c in d.components if c.status != "unchanged"]
        if rows:
            out += _table(["component", "change", "before", "after", "delta"], rows, {2, 3, 4})
    return "\n".join(out)


def diff_markdown(diffs: list[BlueprintDiff], ref: str) -> str:
    out = [f"#### Cost change against `{ref}` (expected, USD/month)", "",
           "| blueprint | component | change | before | after | delta |", "|---|---|---|--:|--:|--:|"]
    for d in diffs:
        old, new = d.old_cost, d.new_cost
        out.append(f"| **{d.name}** | | {d.status} | {money(old.expected) if old else '-'} | "
                   f"{money(new.expected) if new else '-'} | **{signed(_delta(old, new))}** |")
        for c in d.components:
            if c.status != "unchanged":
                out.append(f"| | {c.name} | {c.status} | {money(c.old.expected) if c.old else '-'} | "
                           f"{money(c.new.expected) if c.new else '-'} | {signed(_delta(c.old, c.new))} |")
    return "\n".join(out)


def diff_json(diffs: list[BlueprintDiff], ref: str) -> str:
    def rng(r: Range | None):
        return r.to_json() if r else None
    return json.dumps({"ref": ref, "blueprints": [
        {"name": d.name, "status": d.status, "note": d.note, "before": rng(d.old_cost), "after": rng(d.new_cost),
         "delta_expected": str(cents(_delta(d.old_cost, d.new_cost))),
         "components": [{"name": c.name, "status": c.status, "before": rng(c.old), "after": rng(c.new),
                         "delta_expected": str(cents(_delta(c.old, c.new)))} for c in d.components]}
        for d in diffs]}, indent=2)
