"""Pending inbox suggestions as a flat table: one row per suggested win, project or goal.

The model only formats the items it was handed (InboxService.pending()); it never queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from bragdoc.domain.precision import PERSONAL_TAG, iso_dated
from bragdoc.domain.quantities import parse_metric
from bragdoc.importers.suggestion import ORIGIN_LABELS, Suggestion

if TYPE_CHECKING:  # the inbox service pulls in SQLModel; the model needs only the type
    from bragdoc.services.inbox import InboxItem

ITEM_ROLE = Qt.ItemDataRole.UserRole + 21
ID_ROLE = Qt.ItemDataRole.UserRole + 22

_ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    DATE = 0
    KIND = 1
    TITLE = 2
    SOURCE = 3
    COMMITS = 4
    METRICS = 5


HEADERS = {
    Column.DATE: "Date",
    Column.KIND: "Becomes",
    Column.TITLE: "Suggestion",
    Column.SOURCE: "From",
    Column.COMMITS: "Commits",
    Column.METRICS: "Metrics",
}

SOURCE_LABELS = {"git": "Git history", "markdown": "Brag document", "csv": "Spreadsheet"}
KIND_LABELS = {"win": "Win", "project": "Project", "goal": "Goal"}
GOAL_LABELS = {"this_year": "Goal, this year", "next_year": "Goal, next year"}
_DATE_HINTS = {"month": "Only the month is known: Edit and accept to pick the day",
               "year": "Only the year is known: Edit and accept to pick the date"}


def kind_label(suggestion: Suggestion) -> str:
    if suggestion.origin in ORIGIN_LABELS:
        return "Win, if done"  # the full question is in the tooltip and the summary
    if suggestion.kind == "win" and PERSONAL_TAG in suggestion.tags:
        return "Win, personal"
    if suggestion.kind == "goal":
        return GOAL_LABELS.get(suggestion.goal_for or "", "Goal")
    return KIND_LABELS.get(suggestion.kind, suggestion.kind)


def accepted_text(kinds: Sequence[str], wins: int) -> str:
    """What accepting did: “2 wins added to the log; 1 project(s) to your projects”."""
    done = [f"{wins} win{'s' if wins != 1 else ''} added to the log"]
    if kinds.count("project"):
        done.append(f"{kinds.count('project')} project(s) to your projects")
    if kinds.count("goal"):
        done.append(f"{kinds.count('goal')} goal(s) to your profile")
    return "; ".join(done)


def waiting_text(items: Sequence[InboxItem]) -> str:
    """The line above the table: how many wait, and how many ask a question first."""
    count = len(items)
    if not count:
        return "Nothing waiting for review — bring in past work above"
    text = f"{count} suggestion{'s' if count != 1 else ''} waiting for your review"
    doubtful = [i for i in items if i.suggestion.origin in ORIGIN_LABELS]
    if doubtful:
        text += f"; {len(doubtful)} {ORIGIN_LABELS[doubtful[0].suggestion.origin]}"
    return text


def date_text(suggestion: Suggestion) -> str:
    """The date as far as it is known; goals have none of their own."""
    if suggestion.kind == "goal":
        return ""
    text = iso_dated(suggestion.date, suggestion.date_precision)
    return text + ("?" if suggestion.date_precision != "day" else "")


def metrics_summary(texts: Sequence[str]) -> str:
    """What the suggested metrics say, shortest form: “p95 latency 75% faster; …”."""
    parts = []
    for text in texts:
        metric = parse_metric(text)
        if metric.quantified:
            parts.append(f"{metric.name} {metric.summary()}".strip())
        else:
            parts.append(" ".join(text.split()))
    return "; ".join(parts)


def _tooltip(item: InboxItem) -> str:
    suggestion = item.suggestion
    lines = [suggestion.title]
    if suggestion.origin in ORIGIN_LABELS:
        lines.append(ORIGIN_LABELS[suggestion.origin].capitalize())
    if suggestion.details.strip():
        lines += ["", suggestion.details.strip()]
    if suggestion.notes:
        lines += ["", *(f"Check: {note}" for note in suggestion.notes)]
    return "\n".join(lines)


class InboxTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._items: list[InboxItem] = []

    # --- loading and lookup --------------------------------------------------------------

    def set_items(self, items: Sequence[InboxItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    @property
    def items(self) -> list[InboxItem]:
        return list(self._items)

    def item_at(self, index: _ModelIndex) -> InboxItem | None:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        return self._items[index.row()]

    def row_of(self, item_id: str) -> int:
        """The row holding the item with this id, or -1."""
        return next((i for i, item in enumerate(self._items) if item.id == item_id), -1)

    # --- Qt --------------------------------------------------------------------------------

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and section in HEADERS):
            return HEADERS[Column(section)]
        return None

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        item = self.item_at(index)
        if item is None:
            return None
        if role == ITEM_ROLE:
            return item
        if role == ID_ROLE:
            return item.id
        column = index.column()
        suggestion = item.suggestion
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.DATE:
                return date_text(suggestion)
            if column == Column.TITLE:
                return ("⚠ " if suggestion.notes else "") + suggestion.title
            if column == Column.KIND:
                return kind_label(suggestion)
            if column == Column.SOURCE:
                return SOURCE_LABELS.get(item.source, item.source)
            if column == Column.COMMITS:
                return str(len(item.commit_hashes)) if item.commit_hashes else ""
            if column == Column.METRICS:
                return metrics_summary(suggestion.metrics)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.TITLE:
                return _tooltip(item)
            if column == Column.DATE and suggestion.kind != "goal":
                return _DATE_HINTS.get(suggestion.date_precision)
            if column == Column.KIND and suggestion.origin in ORIGIN_LABELS:
                return ORIGIN_LABELS[suggestion.origin].capitalize()
            if column == Column.KIND and PERSONAL_TAG in suggestion.tags:
                return (f"Tagged {PERSONAL_TAG}: packets leave it out until you remove "
                        "the tag")
            if column == Column.METRICS and suggestion.metrics:
                return "\n".join(suggestion.metrics)
            if column == Column.COMMITS and item.commit_hashes:
                return "\n".join(h[:12] for h in item.commit_hashes[:20]) + (
                    "\n…" if len(item.commit_hashes) > 20 else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.COMMITS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
