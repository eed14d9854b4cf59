"""Feedback quotes and mentoring records as flat tables.

The models only format the records they were handed; they never query. Project names
and win labels for feedback come in with the rows, as plain id → name mappings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from enum import IntEnum
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from bragdoc.domain.records import Feedback, Mentoring
from bragdoc.ui.kit.rows import RowTable

FEEDBACK_ROLE = Qt.ItemDataRole.UserRole + 11
MENTORING_ROLE = Qt.ItemDataRole.UserRole + 12
ID_ROLE = Qt.ItemDataRole.UserRole + 13

_ModelIndex = QModelIndex | QPersistentModelIndex
_Row = TypeVar("_Row", Feedback, Mentoring)


class FeedbackColumn(IntEnum):
    QUOTE = 0
    FROM = 1
    ROLE = 2
    DATE = 3
    PROJECT = 4
    WIN = 5


class MentoringColumn(IntEnum):
    MENTEE = 0
    SINCE = 1
    UNTIL = 2
    OUTCOME = 3
    PROMOTED = 4


FEEDBACK_HEADERS = {
    FeedbackColumn.QUOTE: "Quote",
    FeedbackColumn.FROM: "Who",
    FeedbackColumn.ROLE: "Role",
    FeedbackColumn.DATE: "Date",
    FeedbackColumn.PROJECT: "Project",
    FeedbackColumn.WIN: "About the win",
}

MENTORING_HEADERS = {
    MentoringColumn.MENTEE: "Mentee",
    MentoringColumn.SINCE: "Since",
    MentoringColumn.UNTIL: "Until",
    MentoringColumn.OUTCOME: "Outcome",
    MentoringColumn.PROMOTED: "Promoted",
}


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def one_line(text: str) -> str:
    """A quote on one table line; the full text is in the tooltip."""
    return " ".join(text.split())


class _RecordTable(RowTable[_Row]):
    """Rows of one record type with an id; subclasses say how each column reads."""

    record_role: int = 0

    def row_of(self, record_id: str) -> int:
        """The row holding the record with this id, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == record_id), -1)

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def cell(self, record: _Row, column: int, role: int) -> object:
        if role == self.record_role:
            return record
        if role == ID_ROLE:
            return record.id
        return self._format(record, column, role)

    def _format(self, record: _Row, column: int, role: int) -> object:
        raise NotImplementedError


class FeedbackTableModel(_RecordTable[Feedback]):
    HEADERS = tuple(FEEDBACK_HEADERS[column] for column in FeedbackColumn)
    record_role = FEEDBACK_ROLE

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._project_names: dict[str, str] = {}
        self._win_names: dict[str, str] = {}

    def set_feedback(self, items: Sequence[Feedback], project_names: Mapping[str, str],
                     win_names: Mapping[str, str] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(items)
        self._project_names = dict(project_names)
        self._win_names = dict(win_names or {})
        self.endResetModel()

    def _format(self, record: Feedback, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == FeedbackColumn.QUOTE:
                return f"“{one_line(record.quote)}”"
            if column == FeedbackColumn.FROM:
                return record.from_name
            if column == FeedbackColumn.ROLE:
                return record.role
            if column == FeedbackColumn.DATE:
                return _day(record.date)
            if column == FeedbackColumn.PROJECT:
                if record.project_id is None:
                    return ""
                return self._project_names.get(record.project_id, "")
            if column == FeedbackColumn.WIN:
                return self.win_label(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == FeedbackColumn.QUOTE:
                return record.quote
            if column == FeedbackColumn.WIN and record.win_id:
                return f"{self.win_label(record)}\nEnter on this cell opens the win"
            if column == FeedbackColumn.PROJECT and record.project_id:
                return "Enter on this cell opens the project"
        return None

    def win_label(self, record: Feedback) -> str:
        if record.win_id is None:
            return ""
        return self._win_names.get(record.win_id, "")


class MentoringTableModel(_RecordTable[Mentoring]):
    HEADERS = tuple(MENTORING_HEADERS[column] for column in MentoringColumn)
    record_role = MENTORING_ROLE

    def _format(self, record: Mentoring, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == MentoringColumn.MENTEE:
                return record.mentee
            if column == MentoringColumn.SINCE:
                return _day(record.since)
            if column == MentoringColumn.UNTIL:
                return _day(record.until) if record.until else "ongoing"
            if column == MentoringColumn.OUTCOME:
                return record.outcome
            if column == MentoringColumn.PROMOTED:
                return "Yes" if record.promoted else "No"
        if role == Qt.ItemDataRole.ToolTipRole and column == MentoringColumn.OUTCOME:
            return record.outcome or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == MentoringColumn.PROMOTED:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


def mentoring_summary(items: Sequence[Mentoring]) -> str:
    """“Mentored 3 engineers, 2 promoted” — the line a promotion case quotes."""
    count = len(items)
    promoted = sum(1 for m in items if m.promoted)
    engineers = "engineer" if count == 1 else "engineers"
    return f"Mentored {count} {engineers}, {promoted} promoted"
