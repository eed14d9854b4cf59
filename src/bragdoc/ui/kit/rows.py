"""The plumbing every flat table of plain records shares: one list of rows, the headers,
and bounds-checked lookups. Subclasses only say how a cell reads (`cell`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Row = TypeVar("Row")
_ModelIndex = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole


class RowTable(QAbstractTableModel, Generic[Row]):
    HEADERS: Sequence[str] = ()

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[Row]:
        return list(self._rows)

    def record_at(self, index: _ModelIndex | int) -> Row | None:
        """The record on a row (an index or a row number); None outside the table."""
        row = index if isinstance(index, int) else (index.row() if index.isValid() else -1)
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _DISPLAY) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == _DISPLAY
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    def data(self, index: _ModelIndex, role: int = _DISPLAY) -> Any:
        record = self.record_at(index) if index.isValid() else None
        if record is None:
            return None
        return self.cell(record, index.column(), role)

    def cell(self, record: Row, column: int, role: int) -> Any:
        raise NotImplementedError
