"""Nudges while bragdoc is open: follow-ups whose outcome is due, and the weekly reminder
to log a win.

Both are shown in the window's banner for as long as they hold; the weekly reminder also
raises a desktop notification once a week where the desktop has a system tray. The rules
are pure functions in `domain/reminders.py` and `domain/cadence.py`; this controller only
reads the clock, the database and QSettings (which week the notification was last shown,
a UI fact), and shows the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from bragdoc.domain.cadence import due_follow_ups, has_win_this_week, week_start
from bragdoc.domain.records import WinFilter, WinView
from bragdoc.domain.reminders import part_of_day, reminder_due
from bragdoc.ui.kit.context import UiContext

LAST_SHOWN_KEY = "reminders/weekly_last_shown"
CHECK_INTERVAL_MS = 60_000
_TITLES_SHOWN = 3


def follow_up_text(due: Sequence[WinView]) -> str:
    """`3 wins are waiting for their real outcome: “A”, “B”, “C”.` (titles kept short)."""
    titles = [f"“{w.title}”" for w in due[:_TITLES_SHOWN]]
    more = len(due) - len(titles)
    listed = ", ".join(titles) + (f" and {more} more" if more > 0 else "")
    if len(due) == 1:
        return (f"1 win is waiting for its real outcome: {listed}. Record what happened and "
                "clear its follow-up date.")
    return (f"{len(due)} wins are waiting for their real outcome: {listed}. Record what "
            "happened and clear their follow-up dates.")


def weekly_text(now: dt.datetime) -> str:
    return (f"Nothing logged this week yet — it is {part_of_day(now)}. "
            "What went well? Press Ctrl+N to note a win.")


class ReminderController(QObject):
    follow_ups_due = Signal(list)
    """The wins whose follow-up date has come, longest overdue first; emitted when the set
    changes (an empty list once they are all dealt with)."""
    reminded = Signal(str)
    """The weekly reminder was shown for the first time this week (its text)."""

    def __init__(
        self,
        ctx: UiContext,
        banner: QLabel,
        parent: QWidget,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        settings: QSettings | None = None,
        check_now: bool = True,
        notify: Callable[[str, str], object] | None = None,
    ) -> None:
        """`notify(title, text)` raises a desktop notification (the tray's); without one
        the banner alone says it."""
        super().__init__(parent)
        self.ctx = ctx
        self.banner = banner
        self.banner.setTextFormat(Qt.TextFormat.PlainText)  # win titles are user text
        self.clock = clock
        self.settings = settings if settings is not None else QSettings()
        self.notify = notify or (lambda _title, _text: None)
        self._wins: list[WinView] | None = None
        self._any_win = False
        self._due_ids: tuple[str, ...] | None = None
        self.due: list[WinView] = []
        """Wins whose outcome is due, as of the last check."""

        self.timer = QTimer(self, interval=CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        ctx.signals.wins_changed.connect(self._wins_changed)
        ctx.signals.profile_changed.connect(self.check)
        self.timer.start()
        if check_now:
            self.check()

    # --- state -----------------------------------------------------------------------

    def last_shown(self) -> dt.date | None:
        value = self.settings.value(LAST_SHOWN_KEY)
        try:
            return dt.date.fromisoformat(str(value)) if value else None
        except ValueError:
            return None

    def _wins_changed(self) -> None:
        self._wins = None
        self.check()

    # --- the check -------------------------------------------------------------------

    def check(self) -> list[str]:
        """Work out what to say now, show it (or hide the banner) and return the lines."""
        now = self.clock()
        today = now.date()
        if self._wins is None:  # read once per change of the wins, not every minute
            # Only what the two rules need: a long log must not stall the UI thread.
            queries = self.ctx.services.queries
            wanted = [*queries.wins(WinFilter(with_follow_up=True)),
                      *queries.wins(WinFilter(since=week_start(today)))]
            self._wins = list({win.id: win for win in wanted}.values())
            self._any_win = bool(self._wins) or queries.counts()["win"] > 0
        profile = self.ctx.services.queries.profile()
        due = due_follow_ups(self._wins, today)
        self.due = due
        week_has_win = has_win_this_week((w.date for w in self._wins), today)

        def weekly_due(last_shown: dt.date | None) -> bool:
            return reminder_due(now, enabled=profile.reminder_enabled, day=profile.reminder_day,
                                time=profile.reminder_time, week_has_win=week_has_win,
                                last_shown=last_shown)

        # The banner holds until the week has a win; the notification comes once a week.
        # Nothing nags before the very first win: Home welcomes a new record instead.
        weekly = self._any_win and weekly_due(None)
        notify = weekly and weekly_due(self.last_shown())

        lines = []
        if due:
            lines.append(follow_up_text(due))
        if weekly:
            lines.append(weekly_text(now))
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

        due_ids = tuple(w.id for w in due)
        if due_ids != self._due_ids:
            self._due_ids = due_ids
            self.follow_ups_due.emit(list(due))
        if notify:
            self.settings.setValue(LAST_SHOWN_KEY, today.isoformat())
            self._notify(weekly_text(now))
            self.reminded.emit(weekly_text(now))
        return lines

    def _notify(self, _text: str) -> None:
        # The banner's words name Ctrl+N, which means nothing outside the window.
        self.notify("Time to log a win", "Nothing logged this week yet. Click here to "
                                         "write down one thing you did.")
