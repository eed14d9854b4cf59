"""Which measured result a project leads with, by one rule wherever a headline is shown.

The strongest result is a business one (money, users, efficiency) before a technical one
before any other, and within each the one with the most yearly value, then the largest
improvement. A project's own metrics come first and then its wins' newest first, and a
result named like an earlier one is the same result read again, so only the first
reading of a name counts. The packet ranks its portfolio lines by the same weights.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from bragdoc.domain.quantities import Metric

BUSINESS_CATEGORIES = frozenset({"revenue", "cost_savings", "user_experience",
                                  "operational_efficiency"})

T = TypeVar("T")


def is_business(metric: Metric) -> bool:
    return metric.quantified and (metric.category in BUSINESS_CATEGORIES
                                  or metric.counts_as_business_value)


def weight(metric: Metric) -> float:
    """Yearly value first (by far), then the improvement in percent."""
    yearly = metric.annual_value if metric.counts_as_business_value else None
    return abs(yearly or 0.0) * 1e3 + (metric.improvement_pct or 0.0)


def tier(metric: Metric) -> int | None:
    """2 business, 1 technical, 0 any other number; None when it cannot lead (no number,
    or a leadership result, which the packet tells as leadership)."""
    if not metric.quantified or metric.category == "leadership":
        return None
    if is_business(metric):
        return 2
    return 1 if metric.category else 0


def first_readings(readings: Iterable[tuple[Metric, T]]) -> list[tuple[Metric, T]]:
    """Drop a result whose name was read already (names compared without case)."""
    seen: set[str] = set()
    kept = []
    for metric, owner in readings:
        key = metric.name.strip().lower()
        if key and key in seen:
            continue
        if key:
            seen.add(key)
        kept.append((metric, owner))
    return kept


def strongest(readings: Iterable[tuple[Metric, T]]) -> tuple[Metric, T] | None:
    """The headline among (metric, owner) readings in the order described above; the
    earliest of equals."""
    best: tuple[Metric, T] | None = None
    best_key: tuple[int, float] | None = None
    for metric, owner in first_readings(readings):
        level = tier(metric)
        if level is None:
            continue
        key = (level, weight(metric))
        if best_key is None or key > best_key:
            best, best_key = (metric, owner), key
    return best
