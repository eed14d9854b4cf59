"""The list the Log shows its rows in, and how it shares its width out: the title first."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView, QWidget

from bragdoc.ui.log.win_rows import Column, WinRowsModel

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
