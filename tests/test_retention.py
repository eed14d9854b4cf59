"""Backup rotation: Anki's thinning tests ported, properties, and a simulated year."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bragdoc.domain.retention import Limits, kept, month_number, obsolete, week_number

D = dt.datetime


def test_anki_thinning_manual_case() -> None:
    """Anki's `thinning_manual` (backup.rs), the same dates and the same answers."""
    today = dt.date(2022, 2, 22)
    backups = [
        # today and yesterday: all kept
        (D(2022, 2, 22), False), (D(2022, 2, 22), False), (D(2022, 2, 21), False),
        # daily (3 slots)
        (D(2022, 2, 20, 6), True), (D(2022, 2, 20, 18), False),
        (D(2022, 2, 10), False), (D(2022, 2, 9), False),
        # weekly (2 slots)
        (D(2022, 2, 7), True),  # a Monday: that week already has the 9th
        (D(2022, 2, 6, 1), True), (D(2022, 2, 6, 2), False), (D(2022, 1, 6), False),
        # monthly (1 slot)
        (D(2022, 1, 5), True), (D(2021, 12, 24), False),
        (D(2021, 12, 1), True), (D(2021, 11, 1), True),
    ]
    times = [moment for moment, _ in backups]
    dropped = obsolete(times, today, Limits(daily=3, weekly=2, monthly=1))
    assert dropped == {i for i, (_, drop) in enumerate(backups) if drop}


def _generic_expectation(backups: list[D], limits: Limits) -> list[D]:
    """Anki's `thinning_generic` expectation, for one backup a day, newest first."""
    expected: list[D] = []
    rest = iter(backups[1 + limits.daily:])
    for _ in range(limits.weekly):  # the Sunday of each week is kept
        for backup in rest:
            if backup.weekday() == 6:
                break
            expected.append(backup)
    for _ in range(limits.monthly):  # the last day of each month is kept
        for backup in rest:
            if backup.month != (backup + dt.timedelta(days=1)).month:
                break
            expected.append(backup)
    expected.extend(rest)
    return expected


def test_anki_thinning_generic_case() -> None:
    today = dt.date(2022, 1, 1)
    backups = [D.combine(today - dt.timedelta(days=i), dt.time()) for i in range(1, 366)]
    dropped = obsolete(backups, today)
    assert sorted(backups[i] for i in dropped) == sorted(_generic_expectation(backups, Limits()))


# --- properties ------------------------------------------------------------------------

moments = st.datetimes(min_value=D(2024, 1, 1), max_value=D(2026, 12, 31))
todays = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 1, 10))


def _reference(times: list[D], today: dt.date) -> set[D]:
    """The rule as the issue states it, written independently of the module: everything
    since yesterday; then the newest backup of each of the 12 most recent earlier days;
    then of each of the 10 most recent ISO weeks before the oldest of those days' week;
    then of each of the 9 most recent months before the oldest of those weeks' month."""
    yesterday = today - dt.timedelta(days=1)
    keep = {t for t in times if t.date() >= yesterday}
    rest = [t for t in times if t.date() < yesterday]
    stages = [(lambda t: t.toordinal(), 12), (week_number, 10), (month_number, 9)]
    for n, (key, count) in enumerate(stages):
        newest: dict[int, D] = {}
        for t in sorted(rest, reverse=True):
            newest.setdefault(key(t), t)
        chosen = sorted(newest.values(), reverse=True)[:count]
        keep.update(chosen)
        if len(chosen) < count or n == len(stages) - 1:
            break
        following = stages[n + 1][0]
        rest = [t for t in rest if following(t) < following(chosen[-1])]
    return keep


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(moments, max_size=120), todays)
def test_matches_the_rule_as_stated(times: list[D], today: dt.date) -> None:
    chosen = {times[i] for i in kept(times, today)}
    # Within one day only the newest survives, so compare the kept moments.
    assert chosen == _reference(times, today)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(moments, max_size=80), todays, st.randoms(use_true_random=False))
def test_properties(times: list[D], today: dt.date, shuffle: random.Random) -> None:
    keep = kept(times, today)
    chosen = sorted((times[i] for i in keep), reverse=True)
    yesterday = today - dt.timedelta(days=1)
    # everything since yesterday stays
    assert all(times[i] in chosen for i in range(len(times)) if times[i].date() >= yesterday)
    # one per day before that, and at most 12 + 10 + 9 of them
    older = [t for t in chosen if t.date() < yesterday]
    assert len({t.date() for t in older}) == len(older) <= 31
    # the newest earlier backup is always kept
    earlier = [t for t in times if t.date() < yesterday]
    if earlier:
        assert max(earlier) in chosen
    # order of the input does not matter
    mixed = list(times)
    shuffle.shuffle(mixed)
    assert sorted((mixed[i] for i in kept(mixed, today)), reverse=True) == chosen
    # rotating what was kept changes nothing (a second prune deletes nothing)
    assert kept(chosen, today) == set(range(len(chosen)))


# --- a simulated year ------------------------------------------------------------------


def _simulate(start: dt.date, days: int, per_day: list[dt.time]) -> tuple[dt.date, list[D]]:
    """Take the day's backups and prune after each, as the app does, for `days` days."""
    held: list[D] = []
    day = start
    for _ in range(days):
        for moment in per_day:
            held.append(D.combine(day, moment))
            held = [held[i] for i in sorted(kept(held, day))]
        day += dt.timedelta(days=1)
    return day - dt.timedelta(days=1), held


def _expected_after_a_year(today: dt.date, last_time: dt.time) -> set[D]:
    """Today's and yesterday's backups, then the newest of each of the 12 days before,
    then the Sunday (the week's last day) of each of the 10 weeks before that week, then
    one backup for each of the 9 months before that month: its last Sunday. (Pruning
    every day removed every other day of those weeks long before they reached the monthly
    stage, so a month's newest surviving backup is its last Sunday, not its last day.)"""
    days = [today - dt.timedelta(days=n) for n in range(2, 14)]
    week_of_last_daily = week_number(D.combine(days[-1], dt.time()))
    sundays, day = [], days[-1]
    while len(sundays) < 10:
        day -= dt.timedelta(days=1)
        if day.weekday() == 6 and week_number(D.combine(day, dt.time())) < week_of_last_daily:
            sundays.append(day)
    last_sundays: list[dt.date] = []
    while len(last_sundays) < 9:
        day -= dt.timedelta(days=1)
        if day.weekday() == 6 and (day.year, day.month) < (sundays[-1].year, sundays[-1].month) \
                and all((d.year, d.month) != (day.year, day.month) for d in last_sundays):
            last_sundays.append(day)
    return {D.combine(d, last_time) for d in days + sundays + last_sundays}


def test_a_year_of_daily_backups() -> None:
    first = dt.date(2025, 11, 27)
    today, held = _simulate(first, 365, [dt.time(18, 30)])
    assert today == dt.date(2026, 11, 26)
    recent = {D.combine(today, dt.time(18, 30)), D.combine(today - dt.timedelta(1),
                                                          dt.time(18, 30))}
    assert set(held) == recent | _expected_after_a_year(today, dt.time(18, 30))
    assert len(held) == 2 + 12 + 10 + 9


def test_a_year_of_hourly_backups() -> None:
    first = dt.date(2025, 11, 27)
    hours = [dt.time(h, 5) for h in range(8, 20)]
    today, held = _simulate(first, 365, hours)
    recent = {D.combine(today - dt.timedelta(days=n), h) for n in (0, 1) for h in hours}
    older = _expected_after_a_year(today, hours[-1])
    assert set(held) == recent | older
    assert len(held) == 24 + 12 + 10 + 9
