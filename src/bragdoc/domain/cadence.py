"""The rhythm of logging: ISO weeks, gaps, streaks and follow-ups that have come due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bragdoc.domain.records import WinView

_WEEK = dt.timedelta(days=7)


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week that holds `day`."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekGroup:
    start: dt.date
    wins: tuple[WinView, ...]


def group_by_week(wins: Sequence[WinView], today: dt.date, *, show_gaps: bool) -> list[WeekGroup]:
    """Wins (any order) as weeks, newest first. With gaps shown, every week from the current
    one back to the oldest win is present, empty or not; the current week always is."""
    by_week: dict[dt.date, list[WinView]] = {}
    for win in sorted(wins, key=lambda w: w.date, reverse=True):
        by_week.setdefault(week_start(win.date), []).append(win)
    if not show_gaps:
        return [WeekGroup(start, tuple(items)) for start, items in by_week.items()]
    newest = max([week_start(today), *by_week])
    oldest = min(by_week, default=newest)
    weeks = []
    start = newest
    while start >= oldest:
        weeks.append(WeekGroup(start, tuple(by_week.get(start, ()))))
        start -= _WEEK
    return weeks


def streak(dates: Iterable[dt.date], today: dt.date) -> int:
    """Consecutive weeks with at least one win, ending this week. A week still in progress
    does not break the streak until it is over."""
    weeks = {week_start(day) for day in dates}
    current = week_start(today)
    if current not in weeks:
        current -= _WEEK
    count = 0
    while current in weeks:
        count += 1
        current -= _WEEK
    return count


def due_follow_ups(wins: Iterable[WinView], today: dt.date) -> list[WinView]:
    """Wins whose outcome should be recorded by now, the longest overdue first."""
    due = [w for w in wins if w.follow_up is not None and w.follow_up <= today]
    return sorted(due, key=lambda w: (w.follow_up, w.date))


def has_win_this_week(dates: Iterable[dt.date], today: dt.date) -> bool:
    current = week_start(today)
    return any(week_start(day) == current for day in dates)
