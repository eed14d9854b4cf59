"""The log as one row per win, newest first, with the ISO week's number beside the first
win of each week (its days are beside every win); a week without a win keeps a muted row
of its own, so gaps stay visible. And the list that shows them, sharing its width out with
the title first.

The model only formats the rows it was handed (`WeekGroup`s built by the domain); it
never queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from bragdoc.domain.cadence import WeekGroup
from bragdoc.domain.records import WinView
from bragdoc.domain.vocabulary import PILLAR_SHORT, counted
from bragdoc.ui.kit import theme

PENDING_MARK = "⏳ "
"""Before the title of a win whose real outcome is still to be recorded: a sign that
reads without colour (the accessible text says it in words)."""

_ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    WEEK = 0
    DATE = 1
    TITLE = 2
    PROJECT = 3
    PILLARS = 4
    METRICS = 5


HEADERS = {
    Column.WEEK: "Week",
    Column.DATE: "Date",
    Column.TITLE: "Win",
    Column.PROJECT: "Project",
    Column.PILLARS: "Pillars",
    Column.METRICS: "Impact",
}


def week_span(week: WeekGroup) -> str:
    """Monday to Sunday, short: "16–22 Nov", "30 Nov–6 Dec", "29 Dec–4 Jan"."""
    end = week.start + dt.timedelta(days=6)
    if end.month == week.start.month:
        return f"{week.start.day}–{end.day} {end:%b}"
    return f"{week.start.day} {week.start:%b}–{end.day} {end:%b}"


def week_number(week: WeekGroup) -> int:
    return week.start.isocalendar().week


def week_cell(week: WeekGroup, today: dt.date) -> str:
    """"W47"; a week of another year says which ("W51 ’25"): dates in the list have none."""
    year = week.start.isocalendar().year
    if year == today.isocalendar().year:
        return f"W{week_number(week)}"
    return f"W{week_number(week)} ’{year % 100:02d}"


def week_said(week: WeekGroup) -> str:
    """The week in full, for a tooltip and a screen reader (the list shows it short)."""
    end = week.start + dt.timedelta(days=6)
    return (f"Week {week_number(week)}, {week.start.day} {week.start:%B} to "
            f"{end.day} {end:%B %Y}: {counted(len(week.wins), 'win')}")


def gap_text(week: WeekGroup, today: dt.date) -> str:
    end = week.start + dt.timedelta(days=6)
    year = "" if end.year == today.year else f" {end.year}"
    label = f"Week {week_number(week)} · {week_span(week)}{year} · "
    if week.start <= today < week.start + dt.timedelta(days=7):
        return label + "Nothing logged this week yet — press Ctrl+N to add a win"
    return label + "Nothing logged"


@dataclass(frozen=True)
class _Row:
    week: WeekGroup
    win: WinView | None
    """None for a week without a win."""
    names_week: bool
    """The first row of its week, which names it."""
    shaded: bool
    """Every other week is shaded, so a week's wins read as one block."""


class WinRowsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._weeks: list[WeekGroup] = []
        self._rows: list[_Row] = []
        self._today = dt.date.today()

    def set_weeks(self, weeks: list[WeekGroup], today: dt.date | None = None) -> None:
        self.beginResetModel()
        self._weeks = weeks
        self._today = today or dt.date.today()
        self._rows = []
        for number, week in enumerate(weeks):
            shaded = number % 2 == 1
            if not week.wins:
                self._rows.append(_Row(week, None, True, shaded))
            for position, win in enumerate(week.wins):
                self._rows.append(_Row(week, win, position == 0, shaded))
        self.endResetModel()

    @property
    def weeks(self) -> list[WeekGroup]:
        return self._weeks

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def week_cells(self) -> set[str]:
        """What the week column shows, to fit it (the gaps span from it, so Qt cannot)."""
        return {week_cell(week, self._today) for week in self._weeks if week.wins}

    def is_gap(self, row: int) -> bool:
        return self._rows[row].win is None

    def index_of(self, win_id: str) -> QModelIndex:
        """Where the win is in the list (invalid when it is not shown)."""
        for row, item in enumerate(self._rows):
            if item.win is not None and item.win.id == win_id:
                return self.index(row, 0)
        return QModelIndex()

    def win_at(self, index: _ModelIndex) -> WinView | None:
        if not index.isValid():
            return None
        return self._rows[index.row()].win

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            return theme.brush("alternate") if row.shaded else None
        if row.win is None:
            return self._gap_data(row.week, column, role)
        if column == Column.WEEK:
            return self._week_data(row, role)
        return self._win_data(row.win, column, role)

    def _gap_data(self, week: WeekGroup, column: Column, role: int) -> object:
        # A gap row spans every column (see LogPage), so all is said in the first.
        if column != Column.WEEK:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return gap_text(week, self._today)
        if role == Qt.ItemDataRole.ForegroundRole:
            return theme.brush("muted")
        return None

    def _week_data(self, row: _Row, role: int) -> object:
        if not row.names_week:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return week_cell(row.week, self._today)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return week_said(row.week)
        if role == Qt.ItemDataRole.ForegroundRole:
            return theme.brush("muted")
        return None

    @staticmethod
    def _win_data(win: WinView, column: Column, role: int) -> object:
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
        if not index.isValid() or self._rows[index.row()].win is None:
            # A gap is read, not chosen: the arrows pass over it and a click does nothing.
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


NARROW = {Column.PROJECT: 110, Column.METRICS: 140}
"""Until every title shown fits whole, these columns keep to these widths (the detail
pane shows whatever they cut); room beyond that widens them, and a small window narrows
them, the project first."""
NARROWEST = 60
TITLE_CHARACTERS = 40
"""What a title keeps, about, before Project and Impact narrow further."""
LONGEST_DATE = "Wed 30 Sep"
PADDING = 16
"""Around a cell's text: Qt's item margins and a little air."""


class WinList(QTreeView):
    """A flat list (one row per win, a muted row per empty week) in a tree view, which
    draws the gaps across the whole row and steps over them with the arrows."""

    def __init__(self, model: WinRowsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("log_view")
        self.setAccessibleName("Wins, newest first")
        self.setModel(model)
        self._rows = model
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setUniformRowHeights(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        self.setColumnHidden(Column.PILLARS, True)
        self._wanted: dict[Column, int] = {}

    def rows_changed(self) -> None:
        """After the model was filled: gaps span the row, columns fit what they hold."""
        root = QModelIndex()
        for row in range(self._rows.rowCount()):
            if self._rows.is_gap(row):
                self.setFirstColumnSpanned(row, root, True)
        # Qt would fit the week column to the gaps' sentences, which span from it.
        metrics = self.fontMetrics()
        for column, texts in ((Column.WEEK, self._rows.week_cells()),
                              (Column.DATE, {LONGEST_DATE})):
            text = max((metrics.horizontalAdvance(t) for t in texts), default=0)
            self.setColumnWidth(column, max(text + PADDING,
                                            self.header().sectionSizeFromContents(column).width()))
        self._wanted = {column: self.sizeHintForColumn(column)
                        for column in (Column.TITLE, *NARROW)}
        self._share_room()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._wanted:
            self._share_room()

    def _share_room(self) -> None:
        room = (self.viewport().width() - self.columnWidth(Column.WEEK)
                - self.columnWidth(Column.DATE))
        wanted = self._wanted
        widths = {column: min(max(wanted[column], NARROWEST), narrow)
                  for column, narrow in NARROW.items()}
        # In a small window the others give way so the titles keep their first words.
        keep = min(wanted[Column.TITLE],
                   self.fontMetrics().averageCharWidth() * TITLE_CHARACTERS + PADDING)
        short = keep + sum(widths.values()) - room
        for column in NARROW:
            given = max(0, min(short, widths[column] - NARROWEST))
            widths[column] -= given
            short -= given
        spare = room - wanted[Column.TITLE] - sum(widths.values())
        for column, width in widths.items():
            extra = max(0, min(spare, wanted[column] - width))
            spare -= extra
            self.setColumnWidth(column, width + extra)
