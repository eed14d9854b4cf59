"""How exactly a win's date is known: a day, a month or only a year.

An old brag document often says no more than "2021" or "March 2024". The date is then
stored as the first day of that period (so ordering and period filters still work) with
its precision beside it, and anything shown to other people prints only what is known.
"""

from __future__ import annotations

import datetime as dt

from bragdoc.domain.errors import InvalidInput

DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year")
PERSONAL_TAG = "personal"
"""Wins with this tag are the user's own business: packets leave them out (the user puts
one back by removing the tag)."""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def start_of(day: dt.date, precision: str) -> dt.date:
    """The first day of the period a date stands for."""
    if precision == "year":
        return day.replace(month=1, day=1)
    if precision == "month":
        return day.replace(day=1)
    return day


def format_dated(day: dt.date, precision: str = "day") -> str:
    """`14 Feb 2025`, `Feb 2025` or `2025`: never more than is known."""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def iso_dated(day: dt.date, precision: str = "day") -> str:
    """`2025-02-14`, `2025-02` or `2025`: the ISO form cut to what is known."""
    return day.isoformat()[:{"year": 4, "month": 7}.get(precision, 10)]


def checked_precision(value: str | None) -> str:
    """A known precision (none given means an exact day)."""
    text = (value or "day").strip().lower()
    if text not in DATE_PRECISIONS:
        raise InvalidInput(f"unknown date precision {value!r}; expected one of: "
                           + ", ".join(DATE_PRECISIONS))
    return text
