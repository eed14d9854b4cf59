"""The project list: one row a project, with its scope, dates, teams, headline metric and wins.

The model only formats the `ProjectView`s it was handed; it never queries. Which projects
hold unsaved edits is UI state the page tells it, so the list can mark them.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from bragdoc.domain.records import MetricView, ProjectView
from bragdoc.domain.vocabulary import SCOPE_LABELS, counted

PROJECT_ROLE = Qt.ItemDataRole.UserRole + 1
PROJECT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
UNSAVED_ROLE = Qt.ItemDataRole.UserRole + 3
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 4
"""On the name column: scope, teams and dates in one line, for a list too narrow for
their own columns (see `TwoLineDelegate`)."""

_ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    SCOPE = 1
    DATES = 2
    TEAMS = 3
    WINS = 4
    HEADLINE = 5


HEADERS = {
    Column.NAME: "Project",
    Column.SCOPE: "Scope",
    Column.DATES: "When",
    Column.TEAMS: "Teams",
    Column.WINS: "Wins",
    Column.HEADLINE: "Headline metric",
}

UNSAVED_MARK = "● "
SHORT_SCOPE = {"single_team": "One team", "cross_team": "Cross-team", "org_wide": "Org-wide"}


def headline(project: ProjectView) -> MetricView | None:
    """Its strongest result, its own or one of its wins' (chosen by domain/headline.py)."""
    return project.headline


def _month(day: dt.date) -> str:
    return f"{day:%b %Y}"


def date_span(project: ProjectView) -> str:
    """Months only, as short as a narrow column needs: "Jan–Mar 2025", "since Sep 2024"."""
    start, end = project.start, project.end
    if start and end:
        if (start.year, start.month) == (end.year, end.month):
            return _month(start)
        if start.year == end.year:
            return f"{start:%b}–{_month(end)}"
        return f"{_month(start)}–{_month(end)}"
    if project.start:
        return f"since {_month(project.start)}"
    if project.end:
        return f"until {_month(project.end)}"
    return ""


def subtitle(project: ProjectView) -> str:
    parts = [SHORT_SCOPE.get(project.scope, project.scope)]
    if project.teams is not None:
        parts.append(counted(project.teams, "team"))
    if span := date_span(project):
        parts.append(span)
    return " · ".join(parts)


def date_tooltip(project: ProjectView) -> str | None:
    if not (project.start or project.end):
        return None
    start = project.start.isoformat() if project.start else "?"
    end = project.end.isoformat() if project.end else "ongoing"
    return f"{start} to {end}"


class ProjectTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._projects: list[ProjectView] = []
        self._unsaved: frozenset[str] = frozenset()

    # --- contents ----------------------------------------------------------------------

    def set_projects(self, projects: list[ProjectView]) -> None:
        self.beginResetModel()
        self._projects = list(projects)
        self.endResetModel()

    def set_unsaved(self, project_ids: set[str] | frozenset[str]) -> None:
        """Mark the projects whose edits are not saved yet (by id)."""
        changed = self._unsaved ^ frozenset(project_ids)
        self._unsaved = frozenset(project_ids)
        for row, project in enumerate(self._projects):
            if project.id in changed:
                index = self.index(row, Column.NAME)
                self.dataChanged.emit(index, index)

    @property
    def projects(self) -> list[ProjectView]:
        return self._projects

    def project_at(self, index: _ModelIndex | int) -> ProjectView | None:
        row = index if isinstance(index, int) else (index.row() if index.isValid() else -1)
        if 0 <= row < len(self._projects):
            return self._projects[row]
        return None

    def row_of(self, project_id: str | None) -> int:
        for row, project in enumerate(self._projects):
            if project.id == project_id:
                return row
        return -1

    # --- Qt's side -----------------------------------------------------------------------

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._projects)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (Column.TEAMS, Column.WINS):
            return Qt.AlignmentFlag.AlignCenter
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        project = self.project_at(index)
        if project is None or not 0 <= index.column() < len(Column):
            return None
        column = Column(index.column())
        if role == PROJECT_ROLE:
            return project
        if role == PROJECT_ID_ROLE:
            return project.id
        if role == UNSAVED_ROLE:
            return project.id in self._unsaved
        if role == SUBTITLE_ROLE:
            return subtitle(project) if column == Column.NAME else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(project, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(project, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.TEAMS, Column.WINS):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.FontRole and column == Column.NAME \
                and project.id in self._unsaved:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and (
            (column == Column.HEADLINE and headline(project) is None)
            or (column == Column.WINS and project.win_count == 0)
        ):
            return QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        return None

    def _display(self, project: ProjectView, column: Column) -> str:
        if column == Column.NAME:
            return (UNSAVED_MARK if project.id in self._unsaved else "") + project.name
        if column == Column.SCOPE:
            return SHORT_SCOPE.get(project.scope, project.scope)
        if column == Column.DATES:
            return date_span(project)
        if column == Column.TEAMS:
            return "" if project.teams is None else str(project.teams)
        if column == Column.HEADLINE:
            best = headline(project)
            if best is not None:
                return best.label
            return "no numbers yet" if project.metrics else ""
        return str(project.win_count)  # Column.WINS

    def _tooltip(self, project: ProjectView, column: Column) -> str | None:
        if column == Column.NAME:
            lines = [project.name, subtitle(project)]
            if project.summary:
                lines.append(project.summary)
            if project.id in self._unsaved:
                lines.append("Unsaved changes: open it and press Ctrl+S to keep them.")
            return "\n".join(lines)
        if column == Column.SCOPE:
            return SCOPE_LABELS.get(project.scope, project.scope)
        if column == Column.DATES:
            return date_tooltip(project)
        if column == Column.TEAMS and project.teams is not None:
            people = (f", {counted(project.team_size, 'person', 'people')} on the team"
                      if project.team_size else "")
            return f"{counted(project.teams, 'team')} involved{people}"
        if column == Column.HEADLINE and (project.metrics or project.headline):
            lines = [f"{m.metric.name or 'Metric'} — {m.metric.explain()}"
                     for m in project.metrics]
            if project.headline is not None and project.headline_win is not None:
                lines.insert(0, f"Headline from the win “{project.headline_win}”: "
                                f"{project.headline.metric.explain()}")
            return "\n".join(lines)
        return None

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class TwoLineDelegate(QStyledItemDelegate):
    """Draws a cell's text with its SUBTITLE_ROLE underneath, smaller and muted."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _ModelIndex) -> None:
        second = index.data(SUBTITLE_ROLE)
        if not second:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        first = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        rect = rect.adjusted(3, 2, -3, -2)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = option.palette  # the view's: opt's Text may carry the cell's foreground
        muted = palette.color(QPalette.ColorRole.HighlightedText)
        if not selected:
            # A cell's foreground colour, when it has one, is for the second line.
            brush = index.data(Qt.ItemDataRole.ForegroundRole)
            muted = brush.color() if isinstance(brush, QBrush) \
                else palette.color(QPalette.ColorRole.PlaceholderText)
        small = _smaller(opt.font)
        top_height = QFontMetrics(opt.font).height()
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(palette.color(QPalette.ColorRole.HighlightedText if selected
                                     else QPalette.ColorRole.Text))
        top = rect.adjusted(0, 0, 0, -(rect.height() - top_height))
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(opt.font).elidedText(first, Qt.TextElideMode.ElideRight,
                                                           top.width()))
        painter.setFont(small)
        painter.setPen(muted)
        bottom = rect.adjusted(0, top_height, 0, 0)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         QFontMetrics(small).elidedText(str(second),
                                                        Qt.TextElideMode.ElideRight,
                                                        bottom.width()))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _ModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        if index.data(SUBTITLE_ROLE):
            hint.setHeight(two_line_height(option.font))
        return hint


def _smaller(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.88)
    return small


def two_line_height(font: QFont) -> int:
    """The row height that fits a TwoLineDelegate cell in this font."""
    return QFontMetrics(font).height() + QFontMetrics(_smaller(font)).height() + 8
