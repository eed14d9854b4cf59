"""Home: the start page. This week, what is due, what lacks a number, the Inbox, where the
person stands on their ladder, the packet's open points, and the one next step. Every
item opens what it names (through the shell: a feature never opens another one itself).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.records import WinView
from bragdoc.services.home import HomeSnapshot, NextStep, next_step
from bragdoc.ui.kit.cards import add_card, card_column
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.metric_entry import MetricEntry
from bragdoc.ui.kit.page import Page
from bragdoc.ui.kit.views import clear_layout

SHOWN = 5
"""At most this many wins in a list; the rest are counted."""

_STEP_BUTTONS = {
    "log": "Log a win…",
    "outcome": "Record the outcome…",
    "number": "Add a number…",
    "inbox": "Open the Inbox",
    "profile": "Open your profile…",
    "packet": "Open the Packet",
}


def _emit_win(signal: SignalInstance, win: WinView, *_clicked: object) -> None:
    signal.emit(win)  # a button's `clicked` also passes `checked`, which is not wanted


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _years(days: int) -> str:
    years = days / 365.25
    return f"{years:.1f} years" if years >= 1 else _plural(round(days / 30.44), "month")


class HomePage(Page):
    key = "home"
    title = "Home"
    failure_text = "Could not read your week"
    rebuilds = True

    open_page = Signal(str)
    """A page to show, by key."""
    log_win = Signal()
    edit_win = Signal(object)
    """A WinView to open, to add a number to it."""
    record_outcome = Signal(object)
    """A WinView whose outcome is due."""
    open_settings = Signal()
    set_up = Signal()
    """Open the first-run setup (ladder, level, since when)."""
    try_sample = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.snapshot: HomeSnapshot | None = None
        self.step: NextStep | None = None
        scroll, self.sections = card_column("home")
        self.note = QLabel(objectName="home_note")
        self.note.setWordWrap(True)
        self.note.hide()
        self.page_layout.addWidget(self.note)
        self.page_layout.addWidget(scroll, stretch=1)
        self.step_button: QPushButton | None = None
        signals = ctx.signals
        self.watch(signals.wins_changed, signals.projects_changed, signals.profile_changed,
                   signals.readiness_changed, signals.inbox_changed, signals.people_changed)

    # --- the Page contract ------------------------------------------------------------

    def snapshot_request(self) -> tuple[dt.date, bool]:
        return self.ctx.services.today(), self.snapshot is not None

    def read_snapshot(self, request: tuple[dt.date, bool]) -> HomeSnapshot:
        today, with_outlook = request
        return self.ctx.services.home.snapshot(today, with_outlook=with_outlook)

    def show_snapshot(self, home: HomeSnapshot) -> None:
        if not home.with_outlook:
            # Readiness and the coach take longer: read them once this is on screen.
            QTimer.singleShot(0, self, self.refresh)
        self.snapshot = home
        self.step = next_step(home)
        clear_layout(self.sections)
        if home.first_run:
            self._welcome()
        else:
            self._next_step(self.step)
            self._this_week(home)
            if home.due:
                self._wins_section("Outcomes due", "outcomes_due", home.due,
                                   "Record outcome…", self.record_outcome,
                                   lambda w: f"follow-up was due {w.follow_up:%d %b %Y}")
            if home.unquantified:
                self._numbers(home.unquantified)
            self._inbox(home)
            self._readiness(home)
            self._packet(home)
        self.sections.addStretch(1)

    # --- sections ---------------------------------------------------------------------

    def _section(self, title: str, name: str) -> QVBoxLayout:
        return add_card(self.sections, title, name)

    @staticmethod
    def _line(layout: QVBoxLayout, text: str, *buttons: QPushButton,
              name: str | None = None) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)  # win titles are the person's text
        label.setWordWrap(True)
        if name:
            label.setObjectName(name)
        row = QHBoxLayout()
        row.addWidget(label, stretch=1)
        for button in buttons:
            row.addWidget(button)
        layout.addLayout(row)
        return label

    @staticmethod
    def _button(text: str, name: str, action: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, objectName=name)
        button.clicked.connect(action)
        return button

    def _welcome(self) -> None:
        layout = self._section("Welcome to bragdoc", "welcome")
        self._line(layout, "Each week, write down one thing you did and the number that shows "
                           "its effect. Come review season, bragdoc turns them into your "
                           "promotion packet. Everything stays on this computer.")
        if not self.snapshot or not self.snapshot.level:
            self._line(layout, "First, tell bragdoc your company ladder and level (a minute), "
                               "so it can measure your record against them.",
                       self._button("Set up…", "set_up_profile", self.set_up.emit))
        self._line(layout, "Start with what you did this week.",
                   self._button("Log your first win…", "first_win", self.log_win.emit))
        self._line(layout, "Already keep notes? Bring in a Markdown brag document, a "
                           "spreadsheet or your git history; you review every suggestion.",
                   self._button("Bring in past work…", "bring_in",
                                lambda: self.open_page.emit("inbox")))
        self._line(layout, "Or look around a realistic record first: the sample opens in a "
                           "window and a database of its own.",
                   self._button("Try the sample record", "try_sample", self.try_sample.emit))
        self.step_button = None

    def _next_step(self, step: NextStep) -> None:
        layout = self._section("Next step", "next_step")
        self.step_button = self._button(_STEP_BUTTONS[step.key], "do_next_step",
                                        self.do_next_step)
        self._line(layout, step.text, self.step_button, name="next_step_text")

    def do_next_step(self) -> None:
        step = self.step
        if step is None:
            return
        if step.key == "log":
            self.log_win.emit()
        elif step.key == "outcome":
            self.record_outcome.emit(step.win)
        elif step.key == "number":
            self.edit_win.emit(step.win)
        elif step.key == "profile":
            self.open_settings.emit()
        else:
            self.open_page.emit(step.key)

    def _this_week(self, home: HomeSnapshot) -> None:
        layout = self._section("This week", "this_week")
        streak = f"{home.streak}+" if home.streak_capped else str(home.streak)
        weeks = "week" if home.streak == 1 else "weeks"
        summary = (f"{_plural(len(home.this_week), 'win')} so far · streak: {streak} {weeks} "
                   "in a row with a win")
        self._line(layout, summary, self._button("Log a win… (Ctrl+N)", "home_log_win",
                                                 self.log_win.emit),
                   self._button("Review the week…", "home_review",
                                lambda: self.open_page.emit("review")), name="week_summary")
        for win in home.this_week[:SHOWN]:
            self._line(layout, f"• {win.title}")
        if len(home.this_week) > SHOWN:
            self._line(layout, f"and {len(home.this_week) - SHOWN} more",
                       self._button("Open the Log", "home_open_log",
                                    lambda: self.open_page.emit("log")))

    def _wins_section(self, title: str, name: str, wins: list[WinView], action: str,
                      signal: SignalInstance, detail: Callable[[WinView], str]) -> None:
        layout = self._section(f"{title} ({len(wins)})", name)
        for number, win in enumerate(wins[:SHOWN]):
            button = self._button(action, f"{name}_{number}", partial(_emit_win, signal, win))
            self._line(layout, f"{win.title} — {detail(win)}", button)
        if len(wins) > SHOWN:
            self._line(layout, f"and {len(wins) - SHOWN} more in the Log")

    def _numbers(self, wins: list[WinView]) -> None:
        """Recent wins without a number: one typed beside each, added in place."""
        layout = self._section(f"Recent wins without a number ({len(wins)})", "unquantified")
        for number, win in enumerate(wins[:SHOWN]):
            entry = MetricEntry(self.ctx, win, f"unquantified_{number}")
            entry.said.connect(self._say)
            layout.addWidget(entry)
        if len(wins) > SHOWN:
            self._line(layout, f"and {len(wins) - SHOWN} more in the weekly review")

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _inbox(self, home: HomeSnapshot) -> None:
        if not home.inbox_pending:
            return
        layout = self._section("Inbox", "inbox_summary")
        self._line(layout, f"{_plural(home.inbox_pending, 'suggestion')} from your past work "
                           "waiting for review",
                   self._button("Open the Inbox", "home_open_inbox",
                                lambda: self.open_page.emit("inbox")))

    def _readiness(self, home: HomeSnapshot) -> None:
        layout = self._section("Readiness", "readiness_summary")
        line = home.timeline
        if not home.with_outlook:
            text = "Reading where you stand…"
        elif not home.level or line is None or line.days_at_level is None:
            text = "Set your ladder, level and the date you reached it to see where you stand."
        else:
            text = f"{_years(line.days_at_level)} at {home.level}"
            if line.typical_label and line.next_level is not None:
                text += f"; typically {line.typical_label} to {line.next_level.id}"
            if home.promotion_target:
                days = (home.promotion_target - home.today).days
                text += (f". Promotion target {home.promotion_target:%d %b %Y}, "
                         f"{_plural(days, 'day')} away")
            text += "."
        self._line(layout, text, self._button("Open Readiness", "home_open_readiness",
                                              lambda: self.open_page.emit("readiness")))

    def _packet(self, home: HomeSnapshot) -> None:
        layout = self._section("Promotion packet", "packet_summary")
        if not home.with_outlook:
            text = "Reading the packet's coach notes…"
        elif home.coach_findings is None:
            text = "The packet is drafted from your record once it has wins in its period."
        elif home.coach_findings:
            text = (f"The coach has {_plural(home.coach_findings, 'note')} on what would "
                    "make the packet stronger.")
        else:
            text = "The coach has nothing to add: the packet is ready to read through."
        self._line(layout, text, self._button("Open the Packet", "home_open_packet",
                                              lambda: self.open_page.emit("packet")))
