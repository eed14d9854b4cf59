"""Follow-up dates typed as people say them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.future import parse_future_day

SUNDAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(("text", "expected"), [
    ("2027-01-15", dt.date(2027, 1, 15)),
    ("tomorrow", dt.date(2026, 12, 7)),
    ("in 6 weeks", dt.date(2027, 1, 17)),
    ("In  1 week", dt.date(2026, 12, 13)),
    ("in 10 days", dt.date(2026, 12, 16)),
    ("in 3 months", dt.date(2027, 3, 6)),
    ("next week", dt.date(2026, 12, 7)),
    ("next month", dt.date(2027, 1, 1)),
    ("next quarter", dt.date(2027, 1, 1)),
    ("end of month", dt.date(2026, 12, 31)),
    ("end of the quarter", dt.date(2026, 12, 31)),
    ("end of year", dt.date(2026, 12, 31)),
])
def test_phrases_resolve_to_the_day_they_name(text: str, expected: dt.date) -> None:
    assert parse_future_day(text, SUNDAY) == expected


def test_a_month_later_keeps_the_day_or_takes_the_months_last() -> None:
    assert parse_future_day("in 1 month", dt.date(2027, 1, 31)) == dt.date(2027, 2, 28)


@pytest.mark.parametrize("text", ["in six weeks", "soonish", "2027-02-30", "last month"])
def test_other_words_are_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_future_day(text, SUNDAY, what="follow-up date")
    assert "follow-up date" in str(refused.value)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 1, 1)),
       st.sampled_from(["tomorrow", "in 2 weeks", "in 5 months", "next week", "next month",
                        "next quarter", "end of month", "end of quarter", "end of year"]))
def test_a_phrase_never_lands_before_today(today: dt.date, text: str) -> None:
    assert parse_future_day(text, today) >= today
