"""Which backups to keep: Anki's thinning rule, mirrored step for step.

Read from Anki's `rslib/src/collection/backup.rs` (`BackupFilter::obsolete_backups`, with
the defaults `daily: 12, weekly: 10, monthly: 9` from `rslib/src/config/mod.rs`):

1. Walk the backups from newest to oldest, remembering the day, week and month of the
   last backup kept.
2. Every backup from yesterday or later (today's, yesterday's, and any dated in the
   future by a clock change) is kept, and becomes "the last kept".
3. While daily slots remain, a backup is kept when its day is earlier than the last kept
   day, so each earlier day that has backups keeps its newest one, for 12 days. A second
   backup of a day already kept is dropped.
4. Then, while weekly slots remain, a backup is kept when its week is earlier than the
   last kept week: the newest backup of each of the 10 weeks before the week of the
   oldest daily backup kept. Weeks start on Monday, as ISO weeks do.
5. Then the same by calendar month, 9 times; everything older is dropped.

Only weeks and months that have a backup use a slot, so after a holiday the slots reach
further back rather than being spent on empty weeks. Anki's serial week number is
`(days since 0001-01-01, counting that Monday as day 1, minus 1) // 7`; Python's
`date.toordinal()` counts the same way, so the week boundaries are identical.

The caller decides what "today" is and which backups take part (bragdoc leaves recent
pre-upgrade backups out so that rotation cannot remove them; see services/backups.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    daily: int = 12
    weekly: int = 10
    monthly: int = 9


DEFAULT_LIMITS = Limits()


def day_number(moment: dt.datetime) -> int:
    return moment.toordinal()


def week_number(moment: dt.datetime) -> int:
    """Serial week number; a week runs Monday to Sunday (0001-01-01 was a Monday)."""
    return (moment.toordinal() - 1) // 7


def month_number(moment: dt.datetime) -> int:
    return moment.year * 12 + moment.month


def kept(times: Sequence[dt.datetime], today: dt.date,
         limits: Limits = DEFAULT_LIMITS) -> set[int]:
    """Indexes into `times` of the backups to keep; all the others may be deleted.

    `times` are local, naive datetimes in any order; equal times are allowed (the one
    listed first counts as the newer)."""
    yesterday = today.toordinal() - 1
    daily, weekly, monthly = limits.daily, limits.weekly, limits.monthly
    last_day = last_week = last_month = None
    keep: set[int] = set()
    # Newest first; a stable sort keeps the caller's order among equal times.
    order = sorted(range(len(times)), key=lambda i: times[i], reverse=True)
    for index in order:
        moment = times[index]
        day, week, month = day_number(moment), week_number(moment), month_number(moment)
        if day >= yesterday:
            take = True
        elif daily > 0:
            take = last_day is None or day < last_day
            daily -= take
        elif weekly > 0:
            take = last_week is None or week < last_week
            weekly -= take
        elif monthly > 0:
            take = last_month is None or month < last_month
            monthly -= take
        else:
            take = False
        if take:
            keep.add(index)
            last_day, last_week, last_month = day, week, month
    return keep


def obsolete(times: Sequence[dt.datetime], today: dt.date,
             limits: Limits = DEFAULT_LIMITS) -> set[int]:
    """Indexes of the backups the rotation drops (the complement of `kept`)."""
    return set(range(len(times))) - kept(times, today, limits)
