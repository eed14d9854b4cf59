"""Days ahead as people type them when they plan to look back at something:
`2026-03-01`, `tomorrow`, `in 6 weeks`, `in 3 months`, `next week`, `next month`,
`end of month`, `end of quarter`, `end of year`.

A follow-up is about the future, so a phrase never lands in the past; a plain date may
(the caller decides whether that is allowed).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.periods import month_start, parse_iso_date

FUTURE_PHRASES = ("tomorrow", "in N days", "in N weeks", "in N months", "next week",
                  "next month", "next quarter", "end of month", "end of quarter",
                  "end of year")

_IN = re.compile(r"in\s+(\d{1,3})\s+(day|week|month)s?")


def _add_months(day: dt.date, months: int) -> dt.date:
    first = month_start(day.year, day.month + months)
    last_day = calendar.monthrange(first.year, first.month)[1]
    return first.replace(day=min(day.day, last_day))


def _end_of(unit: str, today: dt.date) -> dt.date:
    size = {"month": 1, "quarter": 3, "year": 12}[unit]
    first_month = (today.month - 1) // size * size + 1
    return month_start(today.year, first_month + size) - dt.timedelta(days=1)


def parse_future_day(text: str, today: dt.date, *, what: str = "date") -> dt.date:
    """The day `text` names, counted from `today`."""
    if re.match(r"\s*\d", text):
        return parse_iso_date(text, what)
    key = " ".join(text.lower().split())
    if key in ("today", "tomorrow"):
        return today + dt.timedelta(days=key == "tomorrow")
    if found := _IN.fullmatch(key):
        count, unit = int(found[1]), found[2]
        if unit == "month":
            return _add_months(today, count)
        return today + dt.timedelta(days=count * (7 if unit == "week" else 1))
    if key == "next week":
        return today + dt.timedelta(days=7 - today.weekday())  # next Monday
    if key in ("next month", "next quarter"):
        size = 1 if key == "next month" else 3
        first_month = (today.month - 1) // size * size + 1
        return month_start(today.year, first_month + size)
    if found := re.fullmatch(r"end of (?:this |the )?(month|quarter|year)", key):
        return _end_of(found[1], today)
    raise InvalidInput(f"{what} {text!r} is not a day ahead; use YYYY-MM-DD or words such "
                       "as 'in 6 weeks', 'next month' or 'end of quarter'")
