"""The Log page (home): wins by ISO week, the streak, and filters that apply as you type."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QWidget,
)

from bragdoc.domain.cadence import WeekGroup, group_by_week, streak
from bragdoc.domain.periods import named_period
from bragdoc.domain.records import WinFilter, WinView
from bragdoc.domain.vocabulary import PILLAR_LABELS, PILLARS
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.page import Page
from bragdoc.ui.kit.shortcuts import shortcut
from bragdoc.ui.log.win_tree import Column, WinTreeModel

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
    projects: list[tuple[str, str]]
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

        self.search = QLineEdit(placeholderText="Search wins (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("search")
        self.project = QComboBox(objectName="project_filter")
        self.tag = QComboBox(objectName="tag_filter")
        self.pillar = QComboBox(objectName="pillar_filter")
        self.pillar.addItem("All pillars", None)
        for key in PILLARS:
            self.pillar.addItem(PILLAR_LABELS[key], key)
        self.period = QComboBox(objectName="period_filter")
        for period_label, period_key in PERIODS.items():
            self.period.addItem(period_label, period_key)
        self.add_button = QPushButton("Add win…")
        self.add_button.setToolTip("Log a win (Ctrl+N)")

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

        self.model = WinTreeModel(self)
        self.view = QTreeView(objectName="log_view")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.METRICS, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(Column.DATE, 140)
        self.view.setColumnWidth(Column.PROJECT, 150)
        self.view.setColumnWidth(Column.PILLARS, 120)
        self.view.activated.connect(self._open)

        layout = self.page_layout
        layout.addLayout(filters)
        layout.addLayout(summary)
        layout.addWidget(self.view, stretch=1)

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
            projects=[(p.name, p.id) for p in queries.projects()],
            tags=queries.tags(),
        )

    def show_snapshot(self, result: _Loaded) -> None:
        if result.partial:
            # The rest is read as soon as the event loop is free again.
            QTimer.singleShot(0, self, self.refresh)
        else:
            self._read_everything = True
        self.model.set_weeks(result.weeks)
        root = self.model.index(-1, -1)
        for row in range(self.model.rowCount()):
            self.view.setFirstColumnSpanned(row, root, True)
        for row in range(min(self.model.rowCount(), 26)):
            self.view.expand(self.model.index(row, 0))
        if result.partial:
            self.count_label.setText("Reading older weeks…")
        else:
            self._set_choices(self.project, "All projects", result.projects)
            self._set_choices(self.tag, "All tags", [(f"@{t}", t) for t in result.tags])
            self.count_label.setText(f"{result.total} wins shown")
        if result.streak is not None:
            weeks = "week" if result.streak == 1 else "weeks"
            self.streak_label.setText(f"Streak: {result.streak} {weeks} in a row with a win")
        if self._to_select is not None:
            index = self.model.index_of(self._to_select)
            if index.isValid():
                self._to_select = None
                self.view.expand(index.parent())
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
                self.view.setFocus(Qt.FocusReason.OtherFocusReason)

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
