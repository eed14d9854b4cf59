"""Dates and named periods as people type them: `2025-03-01`, `today`, `last quarter`…

A named period is a calendar range; `--since` takes its first day and `--until` its last,
so `--since 'last quarter' --until 'last quarter'` is exactly the previous quarter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bragdoc.domain.errors import InvalidInput

NAMED_PERIODS = (
    "today",
    "yesterday",
    "this week",
    "last week",
    "this month",
    "last month",
    "this quarter",
    "last quarter",
    "this half",
    "last half",
    "this year",
    "last year",
)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def parse_iso_date(text: str, what: str = "date") -> dt.date:
    """A strict YYYY-MM-DD date, with a message that says what was wrong."""
    cleaned = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", cleaned):
        raise InvalidInput(f"{what} {text!r} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError as exc:
        raise InvalidInput(f"{what} {text!r} is not a real date ({exc})") from exc


def month_start(year: int, month: int) -> dt.date:
    # Normalise month arithmetic that stepped outside 1..12.
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, 1)


def _months(start: dt.date, count: int) -> Period:
    following = month_start(start.year, start.month + count)
    return Period(start, following - dt.timedelta(days=1))


def named_period(name: str, today: dt.date) -> Period:
    key = " ".join(name.lower().split())
    if key == "today":
        return Period(today, today)
    if key == "yesterday":
        day = today - dt.timedelta(days=1)
        return Period(day, day)
    if key.endswith("week"):
        monday = today - dt.timedelta(days=today.weekday())
        if key == "last week":
            monday -= dt.timedelta(days=7)
        if key in ("this week", "last week"):
            return Period(monday, monday + dt.timedelta(days=6))
    spans = {"month": 1, "quarter": 3, "half": 6, "year": 12}
    which, _, unit = key.partition(" ")
    if which in ("this", "last") and unit in spans:
        size = spans[unit]
        first_month = (today.month - 1) // size * size + 1
        start = month_start(today.year, first_month - (size if which == "last" else 0))
        return _months(start, size)
    raise InvalidInput(
        f"unknown period {name!r}; use YYYY-MM-DD or one of: {', '.join(NAMED_PERIODS)}"
    )


def parse_day(text: str, today: dt.date, *, end: bool = False, what: str = "date") -> dt.date:
    """A date or a named period; a period gives its first day, or its last with end=True."""
    if re.match(r"\s*\d", text):
        return parse_iso_date(text, what)
    period = named_period(text, today)
    return period.end if end else period.start


def iso_week(day: dt.date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week
