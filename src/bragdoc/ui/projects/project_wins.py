"""The wins of the project on show, under the project list: date, title and the result
each one leads with. Enter or a double-click opens the win to edit it.

The model only formats the wins it was handed; the page reads them with the projects.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from bragdoc.domain import headline
from bragdoc.domain.precision import iso_dated
from bragdoc.domain.records import MetricView, WinView
from bragdoc.domain.vocabulary import counted
from bragdoc.ui.kit.rows import RowTable
from bragdoc.ui.kit.views import record_table

WIN_ID_ROLE = Qt.ItemDataRole.UserRole + 21


class WinColumn(IntEnum):
    DATE = 0
    TITLE = 1
    HEADLINE = 2


def win_headline(win: WinView) -> MetricView | None:
    """The result a win leads with, by the rule a project's headline follows."""
    best = headline.strongest((view.metric, view) for view in win.metrics)
    return best[1] if best is not None else None


class ProjectWinsModel(RowTable[WinView]):
    HEADERS = ("Date", "Win", "Headline")

    def cell(self, win: WinView, column: int, role: int) -> object:
        if role == WIN_ID_ROLE:
            return win.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == WinColumn.DATE:
                return iso_dated(win.date, win.date_precision)
            if column == WinColumn.TITLE:
                return win.title
            best = win_headline(win)
            return best.label if best is not None else ""
        if role == Qt.ItemDataRole.ToolTipRole and column == WinColumn.HEADLINE:
            best = win_headline(win)
            return best.metric.explain() if best is not None else None
        return None


class ProjectWins(QGroupBox):
    open_win = Signal(str)
    """The id of a win the person wants to open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Wins", parent)
        self.setObjectName("project_wins")
        self.model = ProjectWinsModel(self)
        self.view = record_table("project_wins_view", self.model)
        self.view.setAccessibleName("Wins of this project")
        self.view.setToolTip("Enter or a double-click opens the win")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(WinColumn.DATE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WinColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(WinColumn.HEADLINE, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(WinColumn.HEADLINE, 170)
        self.empty = QLabel("No win names this project yet: pick it as the project when "
                            "you log one.", objectName="project_wins_empty")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, stretch=1)
        layout.addWidget(self.empty)
        self.view.activated.connect(self._activated)
        self.show_wins(None, [])

    def show_wins(self, project_name: str | None, wins: list[WinView]) -> None:
        self.model.set_rows(wins)
        if project_name is None:
            self.setTitle("Wins")
        else:
            self.setTitle(f"Wins in {project_name} — {counted(len(wins), 'win')}")
        self.view.setVisible(bool(wins))
        self.empty.setVisible(project_name is not None and not wins)

    def _activated(self, index: QModelIndex) -> None:
        win = self.model.record_at(index)
        if win is not None:
            self.open_win.emit(win.id)
