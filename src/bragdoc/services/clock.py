"""The one source of "now" for services, so tests and benchmarks can fix the date.

The container hands every service the same clock; a service made on its own gets the
system clock. Times are timezone-aware; `local_naive` is for the places that name files
and compare with names in local wall-clock time (backups)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now().astimezone()


def local_naive(clock: Clock) -> dt.datetime:
    """The clock's time as local wall-clock time without a zone (a naive clock's as is)."""
    now = clock()
    return now.astimezone().replace(tzinfo=None) if now.tzinfo is not None else now


def utc_now(clock: Clock) -> dt.datetime:
    return clock().astimezone(dt.UTC)
