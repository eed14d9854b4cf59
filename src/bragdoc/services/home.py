"""What the Home page says: this week, what is due, what lacks a number, what waits in the
Inbox, where the person stands on their ladder, the packet's open points, and the one
next step — read in one go on a worker.

    home = HomeService(services).snapshot(today)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bragdoc.domain.cadence import due_follow_ups, streak, week_start
from bragdoc.domain.errors import UserError
from bragdoc.domain.records import WinFilter, WinView

if TYPE_CHECKING:
    from bragdoc.domain.readiness import Timeline
    from bragdoc.services.container import Services

RECENT_WEEKS = 4
"""Wins of this week and the weeks before it still without a number are offered one."""
STREAK_WEEKS = 52
"""The streak is counted over this many weeks (a longer one reads as "52+")."""


@dataclass(frozen=True)
class NextStep:
    key: str
    """'log', 'outcome', 'number', 'inbox', 'profile' or 'packet': what to open."""
    text: str
    win: WinView | None = None


@dataclass(frozen=True)
class HomeSnapshot:
    today: dt.date
    this_week: list[WinView]
    streak: int
    streak_capped: bool
    due: list[WinView]
    unquantified: list[WinView]
    inbox_pending: int
    level: str | None
    target_level: str | None
    timeline: Timeline | None
    promotion_target: dt.date | None
    coach_findings: int | None
    """None when the packet's coach could not be asked (no record in its period)."""
    total_wins: int
    with_outlook: bool = True
    """False for the quick first read, which leaves readiness and the coach for later."""

    @property
    def first_run(self) -> bool:
        return self.total_wins == 0


def next_step(home: HomeSnapshot) -> NextStep:
    """The one thing most worth doing now, in the order a weekly review takes them."""
    if not home.this_week:
        return NextStep("log", "Nothing logged this week yet: write down one thing you did.")
    if home.due:
        win = home.due[0]
        return NextStep("outcome", f"Record how “{win.title}” turned out.", win)
    if home.unquantified:
        win = home.unquantified[0]
        return NextStep("number", f"Give “{win.title}” a number that shows its effect.", win)
    if home.inbox_pending:
        count = home.inbox_pending
        return NextStep("inbox", f"Review {count} suggestion{'s' if count != 1 else ''} "
                                 "waiting in the Inbox.")
    if not home.level:
        return NextStep("profile", "Set your ladder and level, so Readiness and the packet "
                                   "can measure against them.")
    return NextStep("packet", "Read the packet's coach notes and strengthen the draft.")


class HomeService:
    def __init__(self, services: Services) -> None:
        self.services = services

    def snapshot(self, today: dt.date, *, with_outlook: bool = True) -> HomeSnapshot:
        """Everything Home shows; without the outlook, only what is quick to read (this
        week, what is due, the Inbox), so the first screen comes at once."""
        services = self.services
        queries = services.queries
        weeks = streak(queries.win_dates(today - dt.timedelta(weeks=STREAK_WEEKS)), today)
        monday = week_start(today)
        recent = queries.wins(WinFilter(since=monday - dt.timedelta(weeks=RECENT_WEEKS)))
        unquantified = [w for w in recent if not any(m.metric.quantified for m in w.metrics)]
        profile = queries.profile()
        report = (services.readiness.report(today)
                  if with_outlook and profile.current_level else None)
        return HomeSnapshot(
            today=today,
            this_week=[w for w in recent if w.date >= monday],
            streak=weeks,
            streak_capped=weeks >= STREAK_WEEKS,
            due=due_follow_ups(queries.wins(WinFilter(follow_up_by=today)), today),
            unquantified=unquantified,
            inbox_pending=queries.pending_suggestions(),
            level=profile.current_level,
            target_level=profile.target_level,
            timeline=report.timeline if report is not None else None,
            promotion_target=report.plan.target if report and report.plan else None,
            coach_findings=self._coach_findings(today) if with_outlook else None,
            total_wins=queries.counts()["win"],
            with_outlook=with_outlook,
        )

    def _coach_findings(self, today: dt.date) -> int | None:
        try:
            return len(self.services.packet.coach(today=today))
        except UserError:  # e.g. no period to draft from yet; the Packet page says why
            return None
