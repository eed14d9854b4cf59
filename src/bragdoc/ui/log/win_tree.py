"""The log as a two-level tree: ISO weeks (newest first), each holding its wins.

The model only formats the rows it was handed (`WeekGroup`s built by the domain); it
never queries. Weeks without a win stay in the tree as visible gaps.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QApplication

from bragdoc.domain.cadence import WeekGroup
from bragdoc.domain.records import WinView
from bragdoc.domain.vocabulary import PILLAR_SHORT, counted

WIN_ROLE = Qt.ItemDataRole.UserRole + 1
WEEK_ROLE = Qt.ItemDataRole.UserRole + 2

PENDING_MARK = "⏳ "
"""Before the title of a win whose real outcome is still to be recorded: a sign that
reads without colour (the accessible text says it in words)."""
WEEK_FONT_SCALE = 0.85
"""Week rows are headings over the wins, not rows of their own: smaller and shorter."""

_ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    DATE = 0
    TITLE = 1
    PROJECT = 2
    PILLARS = 3
    METRICS = 4


HEADERS = {
    Column.DATE: "Date",
    Column.TITLE: "Win",
    Column.PROJECT: "Project",
    Column.PILLARS: "Pillars",
    Column.METRICS: "Impact",
}


def week_label(week: WeekGroup) -> str:
    end = week.start + dt.timedelta(days=6)
    span = f"{week.start:%d %b} – {end:%d %b %Y}"
    return f"Week {week.start.isocalendar().week} · {span}"


def week_summary(week: WeekGroup, today: dt.date) -> str:
    if week.wins:
        return counted(len(week.wins), "win")
    if week.start <= today < week.start + dt.timedelta(days=7):
        return "Nothing logged this week yet — press Ctrl+N to add a win"
    return "Nothing logged"


def week_font() -> QFont:
    font = QFont()
    if font.pointSizeF() > 0:  # a pixel-sized font has no point size to scale
        font.setPointSizeF(font.pointSizeF() * WEEK_FONT_SCALE)
    return font


class WinTreeModel(QAbstractItemModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._weeks: list[WeekGroup] = []
        self._today = dt.date.today()
        self.week_row_height = 0
        """Set by the view that shows the model (it knows the fonts); 0 leaves it to Qt."""

    def set_weeks(self, weeks: list[WeekGroup], today: dt.date | None = None) -> None:
        self.beginResetModel()
        self._weeks = weeks
        self._today = today or dt.date.today()
        self.endResetModel()

    @property
    def weeks(self) -> list[WeekGroup]:
        return self._weeks

    # --- structure: internalId 0 marks a week row, n > 0 a win of week n - 1 -----------

    def index(self, row: int, column: int, parent: _ModelIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: _ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        week = child.internalId()
        if week == 0:
            return QModelIndex()
        return self.createIndex(week - 1, 0, 0)

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._weeks)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._weeks[parent.row()].wins)
        return 0

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        return len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def index_of(self, win_id: str) -> QModelIndex:
        """Where the win is in the tree (invalid when it is not shown)."""
        for week_row, week in enumerate(self._weeks):
            for row, win in enumerate(week.wins):
                if win.id == win_id:
                    return self.index(row, 0, self.index(week_row, 0))
        return QModelIndex()

    def win_at(self, index: _ModelIndex) -> WinView | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._weeks[index.internalId() - 1].wins[index.row()]

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        win = self.win_at(index)
        if win is None:
            return self._week_data(self._weeks[index.row()], Column(index.column()), role)
        return self._win_data(win, Column(index.column()), role)

    def _week_data(self, week: WeekGroup, column: Column, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            # Week rows span every column (see LogPage), so all is said in the first.
            if column == Column.DATE:
                return f"{week_label(week)}  —  {week_summary(week, self._today)}"
            return None
        if role == WEEK_ROLE:
            return week
        if role == Qt.ItemDataRole.FontRole:
            return week_font()
        if role == Qt.ItemDataRole.SizeHintRole and self.week_row_height:
            return QSize(-1, self.week_row_height)
        if role == Qt.ItemDataRole.ForegroundRole and not week.wins:
            return QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        return None

    def _win_data(self, win: WinView, column: Column, role: int) -> object:
        if role == WIN_ROLE:
            return win
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.DATE:
                return f"{win.date:%a %d %b}"
            if column == Column.TITLE:
                return (PENDING_MARK if win.follow_up else "") + win.title
            if column == Column.PROJECT:
                return win.project_name or ""
            if column == Column.PILLARS:
                return " · ".join(PILLAR_SHORT[p] for p in win.pillars)
            if column == Column.METRICS:
                return "; ".join(m.label for m in win.metrics)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == Column.TITLE:
            return win.title + (f", outcome pending (follow up on {win.follow_up})"
                                if win.follow_up else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.TITLE and win.follow_up:
                return (f"Outcome pending: follow up on {win.follow_up}."
                        + (f"\n\n{win.details}" if win.details else ""))
            if column == Column.METRICS and win.metrics:
                return "\n".join(m.label + f" — {m.metric.explain()}" for m in win.metrics)
            if column == Column.TITLE and win.details:
                return win.details
        return None

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
