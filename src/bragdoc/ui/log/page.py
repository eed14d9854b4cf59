"""The Log page: one row per win with its ISO week beside it and empty weeks as gaps, the
streak, filters that apply as you type, and the selected win in full beside the list."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QWidget,
)

from bragdoc.domain.cadence import WeekGroup, group_by_week, streak
from bragdoc.domain.periods import named_period
from bragdoc.domain.records import ProjectView, WinFilter, WinView
from bragdoc.domain.vocabulary import PILLAR_LABELS, PILLARS, counted
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.icons import Icons
from bragdoc.ui.kit.page import Page
from bragdoc.ui.kit.shortcuts import shortcut
from bragdoc.ui.log.detail import WinDetail
from bragdoc.ui.log.win_rows import WinList, WinRowsModel

PERIODS = {
    "All time": None,
    "This quarter": "this quarter",
    "Last quarter": "last quarter",
    "This half": "this half",
    "This year": "this year",
    "Last year": "last year",
}


FIRST_WEEKS = 13
"""On a large record the first load reads only this many recent weeks (a screenful and
more), so the newest wins are on screen at once; everything else follows right after."""
LARGE_RECORD = 1000

@dataclass(frozen=True)
class _Loaded:
    weeks: list[WeekGroup]
    streak: int | None
    """None when the recent weeks alone cannot tell (every one of them has a win)."""
    total: int
    projects: list[ProjectView]
    tags: list[str]
    partial: bool = False


@dataclass(frozen=True)
class _Request:
    wanted: WinFilter
    narrowed: bool
    today: dt.date
    first: bool


class LogPage(Page):
    key = "log"
    title = "Log"
    failure_text = "Could not load the log"

    edit_requested = Signal(object)
    """A win the user wants to open (double-click or Enter)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._read_everything = False
        self._to_select: str | None = None
        self._projects: dict[str, ProjectView] = {}
        self._today = dt.date.today()

        self.search = QLineEdit(placeholderText="Search wins (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("search")
        self.search.setAccessibleName("Search wins")
        self.project = QComboBox(objectName="project_filter")
        self.tag = QComboBox(objectName="tag_filter")
        self.pillar = QComboBox(objectName="pillar_filter")
        self.pillar.addItem("All pillars", None)
        for key in PILLARS:
            self.pillar.addItem(PILLAR_LABELS[key], key)
        self.period = QComboBox(objectName="period_filter")
        for combo, shown in ((self.project, "Filter by project"), (self.tag, "Filter by tag"),
                             (self.pillar, "Filter by pillar"), (self.period, "Filter by period")):
            combo.setAccessibleName(shown)
        for period_label, period_key in PERIODS.items():
            self.period.addItem(period_label, period_key)
        self.add_button = QPushButton("Add win…")
        self.add_button.setToolTip("Log a win (Ctrl+N)")
        icons = Icons(self)
        icons.set(self.add_button, "new_win")
        magnifier = self.search.addAction(QIcon(), QLineEdit.ActionPosition.LeadingPosition)
        magnifier.setText("Search")  # names the icon's button for a screen reader
        icons.set(magnifier, "search")

        filters = QHBoxLayout()
        filters.addWidget(self.search, stretch=2)
        for combo in (self.project, self.tag, self.pillar, self.period):
            filters.addWidget(combo, stretch=1)
        filters.addWidget(self.add_button)

        self.streak_label = QLabel(objectName="streak")
        self.count_label = QLabel(objectName="count")
        summary = QHBoxLayout()
        summary.addWidget(self.streak_label)
        summary.addStretch(1)
        summary.addWidget(self.count_label)

        self.model = WinRowsModel(self)
        self.view = WinList(self.model)
        self.view.activated.connect(self._open)

        self.detail = WinDetail()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="log_splitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        # The titles get most of the room; the pane is a reading column, not a page.
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 280])
        self.view.selectionModel().currentChanged.connect(self._show_current)

        layout = self.page_layout
        layout.addLayout(filters)
        layout.addLayout(summary)
        layout.addWidget(self.splitter, stretch=1)

        # Typing should feel instant without querying on every keystroke.
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        for combo in (self.project, self.tag, self.pillar, self.period):
            combo.currentIndexChanged.connect(self.refresh)
        shortcut(QKeySequence.StandardKey.Find, self, self.focus_search, "Search the log")

        self.watch(ctx.signals.wins_changed, ctx.signals.projects_changed)
        self._set_choices(self.project, "All projects", [])
        self._set_choices(self.tag, "All tags", [])

    # --- loading ---------------------------------------------------------------------

    def current_filter(self, today: dt.date) -> WinFilter:
        since = until = None
        period_key = self.period.currentData()
        if period_key:
            period = named_period(period_key, today)
            since, until = period.start, period.end
        text = self.search.text().strip() or None
        return WinFilter(since=since, until=until, project=self.project.currentData(),
                         tag=self.tag.currentData(), pillar=self.pillar.currentData(), text=text)

    def snapshot_request(self) -> _Request:
        today = self.ctx.services.today()
        wanted = self.current_filter(today)
        narrowed = any((wanted.text, wanted.project, wanted.tag, wanted.pillar))
        return _Request(wanted, narrowed, today, first=not self._read_everything)

    def read_snapshot(self, request: _Request) -> _Loaded:
        queries = self.ctx.services.queries
        today = request.today
        if (request.first and not request.narrowed and request.wanted.since is None
                and queries.counts()["win"] > LARGE_RECORD):
            since = today - dt.timedelta(weeks=FIRST_WEEKS)
            recent = queries.wins(dataclasses.replace(request.wanted, since=since))
            weeks = streak([w.date for w in recent], today)
            return _Loaded(weeks=group_by_week(recent, today, show_gaps=True),
                           streak=weeks if weeks < FIRST_WEEKS else None, total=len(recent),
                           projects=[], tags=[], partial=True)
        wins = queries.wins(request.wanted)
        all_dates = [w.date for w in wins] if not request.narrowed else [
            w.date for w in queries.wins(WinFilter())]
        return _Loaded(
            weeks=group_by_week(wins, request.today, show_gaps=not request.narrowed),
            streak=streak(all_dates, request.today),
            total=len(wins),
            projects=queries.projects(),
            tags=queries.tags(),
        )

    def show_snapshot(self, result: _Loaded) -> None:
        if result.partial:
            # The rest is read as soon as the event loop is free again.
            QTimer.singleShot(0, self, self.refresh)
        self._read_everything = True  # only the first load is cut short
        shown = self.selected_win()
        self._today = self.ctx.services.today()
        self.model.set_weeks(result.weeks, self._today)
        self.view.rows_changed()
        if result.partial:
            self.count_label.setText("Reading older weeks…")
        else:
            self._projects = {p.id: p for p in result.projects}
            self._set_choices(self.project, "All projects",
                              [(p.name, p.id) for p in result.projects])
            self._set_choices(self.tag, "All tags", [(f"@{t}", t) for t in result.tags])
            self.count_label.setText(f"{counted(result.total, 'win')} shown")
        if shown is not None and self._to_select is None:
            self._keep_selected(shown.id)
        self._show_current(self.view.currentIndex())
        if result.streak is not None:
            weeks = "week" if result.streak == 1 else "weeks"
            self.streak_label.setText(f"Streak: {result.streak} {weeks} in a row with a win")
        if self._to_select is not None:
            index = self.model.index_of(self._to_select)
            if index.isValid():
                self._to_select = None
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
                self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _keep_selected(self, win_id: str) -> None:
        """After a reload, the win that was selected stays selected (without taking focus
        or scrolling), so the detail pane keeps showing it."""
        index = self.model.index_of(win_id)
        if index.isValid():
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def _show_current(self, index: QModelIndex) -> None:
        win = self.model.win_at(index)
        project = self._projects.get(win.project_id) if win and win.project_id else None
        self.detail.show_win(win, project, self._today)

    def select_when_shown(self, win_id: str) -> None:
        """Select a win just saved, with the list focused (arrows walk the wins), as soon
        as the reload that brings it in has been shown."""
        self._to_select = win_id

    @staticmethod
    def _set_choices(combo: QComboBox, everything: str, choices: list[tuple[str, str]]) -> None:
        """Refill a filter combo, keeping the current choice when it still exists."""
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for label, value in choices:
            combo.addItem(label, value)
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
        combo.blockSignals(False)

    # --- actions ---------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_win(self) -> WinView | None:
        return self.model.win_at(self.view.currentIndex())

    def _open(self, index: QModelIndex) -> None:
        win = self.model.win_at(index)
        if win is not None:
            self.edit_requested.emit(win)
