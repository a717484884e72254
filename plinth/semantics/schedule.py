"""Pool `schedule`: two five-field cron expressions (UTC), as EC2 Auto Scaling scheduled actions
take them (`recurrence`, Unix cron: minute hour day-of-month month day-of-week). Checked here so a
typo fails at validate time with its position, not at `terraform apply`. Only AWS compiles a
schedule (GKE and AKS have no scheduled scaling resource); elsewhere it is an error rather than a
setting that silently does nothing."""

from __future__ import annotations

import re

from plinth.diagnostics import Diagnostic
from plinth.model import AcceleratorCluster, Blueprint
from plinth.semantics._util import CLOUD_NAMES, comp_path, diag

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
# name, lowest, highest, names (value of the first name)
FIELDS = (("minute", 0, 59, (), 0), ("hour", 0, 23, (), 0), ("day of month", 1, 31, (), 1),
          ("month", 1, 12, MONTHS, 1), ("day of week", 0, 7, DAYS, 0))
_ITEM = re.compile(r"^(?P<range>\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:/(?P<step>[0-9]+))?$")
EXAMPLE = '"0 20 * * MON-FRI" (20:00 UTC on weekdays)'


def _value(text: str, low: int, high: int, names: tuple[str, ...], first: int) -> int | None:
    if text.isdigit():
        number = int(text)
        return number if low <= number <= high else None
    upper = text.upper()
    return names.index(upper) + first if upper in names else None


def _field_problem(text: str, field: tuple) -> str | None:
    name, low, high, names, first = field
    for item in text.split(","):
        match = _ITEM.match(item)
        if not match:
            return f"`{item}` is not a value, range (a-b), list (a,b) or step (*/n)"
        step = match.group("step")
        if step is not None and int(step) == 0:
            return f"`{item}`: a step must be at least 1"
        if match.group("range") == "*":
            continue
        ends = match.group("range").split("-")
        values = [_value(e, low, high, names, first) for e in ends]
        if any(v is None for v in values):
            allowed = f"{low}-{high}" + (f" or {names[0]}-{names[-1]}" if names else "")
            return f"`{item}` is outside {allowed}"
        if len(values) == 2 and values[0] > values[1]:  # type: ignore[operator]
            return f"`{item}`: the range runs backwards"
    return None


def cron_problem(expression: str) -> str | None:
    """Why `expression` is not a five-field cron expression, or None."""
    parts = expression.split()
    if len(parts) != len(FIELDS):
        return f"has {len(parts)} field{'s' if len(parts) != 1 else ''}, cron needs 5 (minute hour day month weekday)"
    for text, field in zip(parts, FIELDS):
        problem = _field_problem(text, field)
        if problem:
            return f"{field[0]} field: {problem}"
    return None


def check(bp: Blueprint) -> list[Diagnostic]:
    out = []
    for cluster in bp.of_kind(AcceleratorCluster):
        for i, pool in enumerate(cluster.pools):
            if pool.schedule is None:
                continue
            where = comp_path(cluster.name, "pools", i, "schedule")
            if bp.cloud != "aws":
                out.append(diag(bp, where, f"pool `{pool.name}`: `schedule` is not supported on "
                                           f"{CLOUD_NAMES[bp.cloud]} (no scheduled scaling resource exists there)",
                                "remove `schedule:`; with `nodes: {min: 0}` the cluster autoscaler already scales "
                                "an idle pool to zero", "schedule.cloud", key=True))
                continue
            for key, expression in zip(("scale_down", "scale_up"), pool.schedule):
                problem = cron_problem(expression)
                if problem:
                    out.append(diag(bp, (*where, key), f"`{expression}` is not a cron expression: {problem}",
                                    f"write minute hour day-of-month month day-of-week in UTC, e.g. {EXAMPLE}",
                                    "schedule.cron"))
    return out
