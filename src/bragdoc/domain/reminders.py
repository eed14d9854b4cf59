"""The weekly nudge to log a win: when it is due, and how its time of day is written.

Pure rules over explicit datetimes, so every edge (before the hour, exactly on it, the
next day, a week that already has a win, a reminder already shown) is testable without a
clock. The follow-ups that have come due are `cadence.due_follow_ups`.
"""

from __future__ import annotations

import datetime as dt
import re

from bragdoc.domain.cadence import week_start
from bragdoc.domain.errors import InvalidInput

DAY_NAMES: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
DEFAULT_DAY = 4  # Friday
DEFAULT_TIME = "16:00"

_TIME = re.compile(r"(\d{1,2}):(\d{2})")


def parse_reminder_time(text: str) -> dt.time:
    """`HH:MM` on a 24-hour clock (`9:30` is accepted as `09:30`)."""
    found = _TIME.fullmatch(text.strip())
    if found is None:
        raise InvalidInput(f"reminder time {text!r} is not a time in the form HH:MM")
    hour, minute = int(found[1]), int(found[2])
    if hour > 23 or minute > 59:
        raise InvalidInput(f"reminder time {text!r} is not a time of day (00:00 to 23:59)")
    return dt.time(hour, minute)


def format_reminder_time(moment: dt.time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def check_reminder_day(day: object) -> int:
    """0 is Monday … 6 is Sunday, as `date.weekday()` counts."""
    if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
        raise InvalidInput(f"reminder day {day!r} must be 0 (Monday) to 6 (Sunday)")
    return day


def reminder_moment(now: dt.datetime, *, day: int, time: str) -> dt.datetime:
    """When the reminder falls in the ISO week that holds `now` (same tzinfo as `now`)."""
    monday = week_start(now.date())
    return dt.datetime.combine(
        monday + dt.timedelta(days=check_reminder_day(day)),
        parse_reminder_time(time),
        tzinfo=now.tzinfo,
    )


def reminder_due(
    now: dt.datetime,
    *,
    enabled: bool,
    day: int,
    time: str,
    week_has_win: bool,
    last_shown: dt.date | None,
) -> bool:
    """True from the chosen day and time of the current ISO week until the week ends, when
    the week has no win yet and the reminder was not shown earlier in the same week."""
    if not enabled or week_has_win:
        return False
    if last_shown is not None and week_start(last_shown) == week_start(now.date()):
        return False
    return now >= reminder_moment(now, day=day, time=time)


def part_of_day(now: dt.datetime) -> str:
    """`Friday afternoon`: how a person would name the moment."""
    if now.hour < 12:
        part = "morning"
    elif now.hour < 18:
        part = "afternoon"
    else:
        part = "evening"
    return f"{DAY_NAMES[now.weekday()]} {part}"
