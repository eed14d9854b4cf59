"""A project's metrics while they are being edited: what was typed, what bragdoc reads
from it, and the two things a person may overrule (direction and category).

Rows are plain `Metric` records. Editing a cell re-reads the metric with the domain's
`parse_metric`, keeping the overrides and the note; the model never touches storage.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from bragdoc.domain.quantities import CATEGORIES, DIRECTIONS, Metric, parse_metric
from bragdoc.domain.vocabulary import CATEGORY_LABELS, DIRECTION_LABELS
from bragdoc.ui.kit.theme import brush
from bragdoc.ui.projects.project_table import SUBTITLE_ROLE, TwoLineDelegate

METRIC_ROLE = Qt.ItemDataRole.UserRole + 1
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 2
"""For the override columns: the (label, value) pairs an editor offers; None = inferred."""

_ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    TEXT = 0
    RESULT = 1
    DIRECTION = 2
    CATEGORY = 3


HEADERS = {
    Column.TEXT: "Metric as typed",
    Column.RESULT: "What bragdoc reads",
    Column.DIRECTION: "Better when",
    Column.CATEGORY: "Category",
}

INFERRED = "Inferred"

DIRECTION_CHOICES: list[tuple[str, str | None]] = [
    (INFERRED, None), *((DIRECTION_LABELS[d], d) for d in DIRECTIONS)]
CATEGORY_CHOICES: list[tuple[str, str | None]] = [
    (INFERRED, None), *((CATEGORY_LABELS[c], c) for c in CATEGORIES)]



def direction_override(metric: Metric) -> str | None:
    return metric.direction if metric.direction_source == "user" else None


def category_override(metric: Metric) -> str | None:
    return metric.category if metric.category_source == "user" else None


def reread(metric: Metric, text: str, direction: str | None, category: str | None) -> Metric:
    """The metric read again with new text or overrides, keeping its note."""
    return parse_metric(text, direction=direction, category=category, note=metric.note)


def direction_text(metric: Metric) -> str:
    """Shown grey when inferred (see data()), so the words need no "(inferred)"."""
    return DIRECTION_LABELS.get(metric.direction, metric.direction)


def category_text(metric: Metric) -> str:
    if metric.category is None:
        return "None"
    return CATEGORY_LABELS.get(metric.category, metric.category)


def result_text(metric: Metric) -> str:
    return metric.explain() if metric.quantified else "not quantified"


class MetricTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._metrics: list[Metric] = []

    # --- contents ----------------------------------------------------------------------

    def set_metrics(self, metrics: Sequence[Metric]) -> None:
        self.beginResetModel()
        self._metrics = list(metrics)
        self.endResetModel()

    def metrics(self) -> list[Metric]:
        return list(self._metrics)

    def add(self, metric: Metric) -> int:
        row = len(self._metrics)
        self.beginInsertRows(QModelIndex(), row, row)
        self._metrics.append(metric)
        self.endInsertRows()
        return row

    def remove(self, row: int) -> Metric | None:
        if not 0 <= row < len(self._metrics):
            return None
        self.beginRemoveRows(QModelIndex(), row, row)
        removed = self._metrics.pop(row)
        self.endRemoveRows()
        return removed

    def metric_at(self, index: _ModelIndex | int) -> Metric | None:
        row = index if isinstance(index, int) else (index.row() if index.isValid() else -1)
        return self._metrics[row] if 0 <= row < len(self._metrics) else None

    # --- Qt's side -----------------------------------------------------------------------

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._metrics)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(Column)):
            return HEADERS[Column(section)]
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        metric = self.metric_at(index)
        if metric is None or not 0 <= index.column() < len(Column):
            return None
        column = Column(index.column())
        if role == METRIC_ROLE:
            return metric
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.TEXT:
                return metric.text
            if column == Column.RESULT:
                return result_text(metric)
            if column == Column.DIRECTION:
                return direction_text(metric)
            return category_text(metric)
        if role == Qt.ItemDataRole.EditRole:
            if column == Column.TEXT:
                return metric.text
            if column == Column.DIRECTION:
                return direction_override(metric)
            if column == Column.CATEGORY:
                return category_override(metric)
            return None
        if role == SUBTITLE_ROLE:
            return result_text(metric) if column == Column.TEXT else None
        if role == CHOICES_ROLE:
            if column == Column.DIRECTION:
                return DIRECTION_CHOICES
            if column == Column.CATEGORY:
                return CATEGORY_CHOICES
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (Column.TEXT, Column.RESULT):
                if not metric.quantified:
                    return ("bragdoc found no number it could compare here. Write it as "
                            "NAME: BEFORE -> AFTER, or NAME: VALUE.")
                return metric.explain()
            chosen_by = metric.direction_source if column == Column.DIRECTION \
                else metric.category_source
            if chosen_by == "user":
                return "Your choice. F2 to change it; “Inferred” lets bragdoc decide again."
            return "Inferred by bragdoc. F2 or double-click to choose your own."
        if role == Qt.ItemDataRole.FontRole and column in (Column.DIRECTION, Column.CATEGORY):
            source = metric.direction_source if column == Column.DIRECTION \
                else metric.category_source
            font = QFont()
            font.setItalic(source != "user")
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if column in (Column.TEXT, Column.RESULT) and not metric.quantified:
                return brush("warning")
            inferred = (column == Column.DIRECTION and metric.direction_source != "user") or (
                column == Column.CATEGORY and metric.category_source != "user")
            if inferred:
                return QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        return None

    def setData(self, index: _ModelIndex, value: object,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        metric = self.metric_at(index)
        if metric is None or role != Qt.ItemDataRole.EditRole:
            return False
        column = index.column()
        if column == Column.TEXT:
            if not isinstance(value, str) or not value.strip():
                return False  # removing is its own action; an empty row means nothing
            changed = reread(metric, value, direction_override(metric),
                             category_override(metric))
        elif column == Column.DIRECTION and (value is None or value in DIRECTIONS):
            changed = reread(metric, metric.text, value or None, category_override(metric))
        elif column == Column.CATEGORY and (value is None or value in CATEGORIES):
            changed = reread(metric, metric.text, direction_override(metric),
                             value or None)
        else:
            return False
        self._metrics[index.row()] = changed
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), len(Column) - 1))
        return True

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != Column.RESULT:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags


class ChoiceDelegate(TwoLineDelegate):
    """A combo box editor for cells that offer choices (CHOICES_ROLE); text otherwise."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: _ModelIndex) -> QWidget:
        choices = index.data(CHOICES_ROLE)
        if not choices:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent, objectName="choice_editor")
        for label, value in choices:
            combo.addItem(label, value)
        # A click on an item is a choice made: commit it at once.
        combo.activated.connect(lambda _row, combo=combo: self._commit(combo))
        return combo

    def _commit(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: _ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            current = index.data(Qt.ItemDataRole.EditRole)
            row = 0 if current is None else editor.findData(current)
            editor.setCurrentIndex(max(row, 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: _ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
