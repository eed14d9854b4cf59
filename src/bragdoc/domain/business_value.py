"""When two recorded results are one: the rule every total of business value follows.

People often record a project's headline saving on the project and again on the win
that shipped it. Counting both would double the money a packet claims and the value
chart draws, so the packet, the chart and anything else adding up value count a result
once per owner: the project (for its own metrics and its wins'), else the lone win.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def result_key(owner: str, name: str, annual_value: float) -> tuple[str, str, float]:
    """Equal for the same yearly amount under the same name and owner."""
    return owner, " ".join(name.lower().split()), annual_value


def counted_once(items: Iterable[T], key: Callable[[T], tuple[str, str, float]]) -> list[T]:
    """The items in their order, each result kept the first time it appears."""
    seen: set[tuple[str, str, float]] = set()
    kept = []
    for item in items:
        found = key(item)
        if found not in seen:
            seen.add(found)
            kept.append(item)
    return kept
