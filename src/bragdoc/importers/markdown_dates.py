"""Dates as people write them in brag documents, with how precise each one is.

`find_date` reads `2024-03-15`, `15 March 2024`, `March 15, 2024`, `2024-03`,
`March 2024`, `Q3 2024`, `H1 2024` and (where asked) a bare `2024`. A period stands for
its first day; its `precision` says how much of that day the text really gave: a day, a
month, or only a year (quarters and halves keep the year only, so nothing downstream
prints a month the document never named). `find_span` reads a range of years
(`2024–2025`) that a document's title gives for everything in it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    name: number
    for number, names in enumerate(
        ("jan january", "feb february", "mar march", "apr april", "may", "jun june",
         "jul july", "aug august", "sep sept september", "oct october", "nov november",
         "dec december"), start=1)
    for name in names.split()
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>19[7-9]\d|20\d\d)"
_FLAGS = re.I | re.A
_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("day", re.compile(rf"(?<![\w-]){_YEAR}[-/](?P<m>\d{{1,2}})[-/](?P<d>\d{{1,2}})(?![\w-])",
                       _FLAGS)),
    ("day", re.compile(rf"(?<!\w)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}(?!\w)",
                       _FLAGS)),
    ("day", re.compile(rf"(?<!\w){_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\w)",
                       _FLAGS)),
    ("month", re.compile(rf"(?<![\w-]){_YEAR}-(?P<m>\d{{2}})(?![\w-])", _FLAGS)),
    ("month", re.compile(rf"(?<!\w){_MONTH},?\s+{_YEAR}(?!\w)", _FLAGS)),
    ("quarter", re.compile(rf"(?<!\w)Q(?P<q>[1-4])\s*[-/ ]?\s*{_YEAR}(?!\w)", _FLAGS)),
    ("quarter", re.compile(rf"(?<!\w){_YEAR}\s*[-/ ]?\s*Q(?P<q>[1-4])(?!\w)", _FLAGS)),
    ("half", re.compile(rf"(?<!\w)H(?P<h>[12])\s*[-/ ]?\s*{_YEAR}(?!\w)", _FLAGS)),
    ("half", re.compile(rf"(?<!\w){_YEAR}\s*[-/ ]?\s*H(?P<h>[12])(?!\w)", _FLAGS)),
)
_BARE_YEAR = re.compile(rf"(?<![\w.,$€£-]){_YEAR}(?![\w.,%])", _FLAGS)
_SPAN = re.compile(r"(?<![\w.,$€£-])(?P<first>19[7-9]\d|20\d\d)\s*(?:–|—|-|/|to|until)\s*"
                   r"(?P<last>19[7-9]\d|20\d\d)(?![\w.,%])", _FLAGS)
_KEPT = {"day": "day", "month": "month", "quarter": "year", "half": "year", "year": "year"}


@dataclass(frozen=True)
class DateHint:
    day: dt.date
    period: str
    """What the text named: 'day', 'month', 'quarter', 'half' or 'year'."""
    text: str
    start: int
    end: int

    @property
    def precision(self) -> str:
        """What a win can keep of it: 'day', 'month' or 'year'."""
        return _KEPT[self.period]


def _hint_day(period: str, match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    month = int(groups["m"]) if groups.get("m") else None
    if groups.get("month"):
        month = _MONTHS[groups["month"].lower()]
    try:
        if period == "day":
            return dt.date(year, month or 1, int(groups["d"]))
        if period == "month":
            return dt.date(year, month or 1, 1)
        if period == "quarter":
            return dt.date(year, (int(groups["q"]) - 1) * 3 + 1, 1)
        return dt.date(year, 1 if groups["h"] == "1" else 7, 1)
    except (ValueError, TypeError):
        return None


def find_date(text: str, *, bare_year: bool = False) -> DateHint | None:
    """The most precise date written in the text, or None. Periods give their first day."""
    for period, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            day = _hint_day(period, match)
            if day is not None:
                return DateHint(day, period, match.group(0), match.start(), match.end())
    if bare_year and (year := _BARE_YEAR.search(text)):
        return DateHint(dt.date(int(year["year"]), 1, 1), "year", year.group(0),
                        year.start(), year.end())
    return None


def find_span(text: str) -> tuple[int, int] | None:
    """The first and last year of a range written in the text (`2024–2025`), or None."""
    match = _SPAN.search(text)
    if match is None:
        return None
    first, last = int(match["first"]), int(match["last"])
    return (first, last) if first <= last else None


_LEAD_SEP = re.compile(r"^[\s\]\)*_]*[:\-–—|,]?\s*")
_TRAIL_SEP = re.compile(r"[\s\[(*_]*[:\-–—|,]?\s*$")
_TRAIL_PREP = re.compile(r"\s+(?:in|on|at|by|during|around|since|from)$", re.I)


def without_date(text: str, hint: DateHint) -> str:
    """Remove a date that opens or closes the text (with its brackets and separator)."""
    before, after = text[: hint.start], text[hint.end :]
    if not before.strip(" [(*_"):
        return _LEAD_SEP.sub("", after).strip()
    if not after.strip(" ])*_."):
        stripped = before.rstrip()
        if stripped.endswith(("(", "[")):
            stripped = stripped[:-1]
        return _TRAIL_PREP.sub("", _TRAIL_SEP.sub("", stripped)).strip()
    return text
