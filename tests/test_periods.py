import datetime as dt

import pytest

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.periods import named_period, parse_day, parse_iso_date

TODAY = dt.date(2026, 11, 25)  # a Wednesday in Q4


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        ("today", "2026-11-25", "2026-11-25"),
        ("yesterday", "2026-11-24", "2026-11-24"),
        ("this week", "2026-11-23", "2026-11-29"),
        ("last week", "2026-11-16", "2026-11-22"),
        ("this month", "2026-11-01", "2026-11-30"),
        ("last month", "2026-10-01", "2026-10-31"),
        ("this quarter", "2026-10-01", "2026-12-31"),
        ("last quarter", "2026-07-01", "2026-09-30"),
        ("this half", "2026-07-01", "2026-12-31"),
        ("last half", "2026-01-01", "2026-06-30"),
        ("this year", "2026-01-01", "2026-12-31"),
        ("last year", "2025-01-01", "2025-12-31"),
        ("  Last   Quarter ", "2026-07-01", "2026-09-30"),
    ],
)
def test_named_periods_are_calendar_ranges(name: str, start: str, end: str) -> None:
    period = named_period(name, TODAY)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


def test_last_quarter_and_month_wrap_into_the_previous_year() -> None:
    january = dt.date(2026, 1, 15)
    assert named_period("last quarter", january).start == dt.date(2025, 10, 1)
    assert named_period("last month", january).end == dt.date(2025, 12, 31)


def test_since_takes_the_first_day_and_until_the_last() -> None:
    assert parse_day("last quarter", TODAY) == dt.date(2026, 7, 1)
    assert parse_day("last quarter", TODAY, end=True) == dt.date(2026, 9, 30)
    assert parse_day("2025-02-14", TODAY) == dt.date(2025, 2, 14)


@pytest.mark.parametrize("bad", ["2025-13-40", "2025-02-30", "14/02/2025", "2025-2-1", "soon"])
def test_bad_dates_are_refused_with_the_value_in_the_message(bad: str) -> None:
    with pytest.raises(InvalidInput, match=bad.split("/")[0][:4] if bad != "soon" else "soon"):
        parse_day(bad, TODAY)


def test_iso_date_message_names_the_field() -> None:
    with pytest.raises(InvalidInput, match="follow_up '2025-13-40' is not a real date"):
        parse_iso_date("2025-13-40", "follow_up")
