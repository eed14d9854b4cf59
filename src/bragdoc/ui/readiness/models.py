"""Qt models for the Readiness page. Each holds plain read records handed to it by the page
and only formats them in data(); ticking a box is announced by a signal (the page writes
through the service), never written here.

    ChecklistModel   areas → items (tree), tick box on items, evidence count, coverage
    EvidenceModel    the links of one checklist item
    SearchHitModel   search results that can be linked
    GapModel         findings with the rule that produced each
    PlanModel        plan steps with due dates, done boxes and overdue marks
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from bragdoc.domain.evidence import LinkedEvidence
from bragdoc.domain.readiness import (
    Checklist,
    ChecklistCoverage,
    Finding,
    ItemCoverage,
)
from bragdoc.domain.readiness_plan import PlannedStep
from bragdoc.domain.records import SearchHit
from bragdoc.ui.kit.rows import RowTable
from bragdoc.ui.kit.theme import brush

ITEM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""Checklist: the item id on item rows (None on area rows). Plan: the step id."""
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
"""The plain record behind a row (LinkedEvidence, SearchHit, Finding, PlannedStep)."""

_ModelIndex = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
KIND_LABELS = {"win": "Win", "project": "Project", "feedback": "Feedback"}


def percent(share: float) -> str:
    return f"{share:.0%}"


# --- the checklist (a two-level tree) ---------------------------------------------------


class ChecklistColumn(IntEnum):
    ITEM = 0
    EVIDENCE = 1


_AREA = 0  # internalId of area rows; item rows carry their area's row + 1


class ChecklistModel(QAbstractItemModel):
    check_toggled = Signal(str, bool)
    """An item's box was ticked (True) or cleared by the user: (item id, ticked)."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._checklist: Checklist | None = None
        self._coverage: dict[str, ItemCoverage] = {}
        self._areas: dict[str, tuple[float, int, int]] = {}
        self.suggested: dict[str, int] = {}
        """Item id → evidence suggested from the record and not yet confirmed."""

    def set_checklist(self, checklist: Checklist, coverage: ChecklistCoverage) -> None:
        """Replace everything (the shape changes only when the checklist file does)."""
        self.beginResetModel()
        self._checklist = checklist
        self._take(coverage)
        self.endResetModel()

    def update_coverage(self, coverage: ChecklistCoverage) -> None:
        """New ticks and counts for the same checklist: rows stay, so does the selection."""
        self._take(coverage)
        self._all_changed()

    def set_suggested(self, counts: dict[str, int]) -> None:
        self.suggested = dict(counts)
        self._all_changed()

    def _all_changed(self) -> None:
        if self.rowCount():
            last = self.index(self.rowCount() - 1, ChecklistColumn.EVIDENCE)
            self.dataChanged.emit(self.index(0, 0), last)
            for row in range(self.rowCount()):
                parent = self.index(row, 0)
                count = self.rowCount(parent)
                if count:
                    self.dataChanged.emit(self.index(0, 0, parent),
                                          self.index(count - 1, ChecklistColumn.EVIDENCE, parent))

    def _take(self, coverage: ChecklistCoverage) -> None:
        self._coverage = {i.item_id: i for a in coverage.areas for i in a.items}
        self._areas = {a.area_id: (a.coverage, a.checked, a.with_evidence)
                       for a in coverage.areas}

    @property
    def checklist(self) -> Checklist | None:
        return self._checklist

    def item_id(self, index: _ModelIndex) -> str | None:
        return self.data(index.sibling(index.row(), 0), ITEM_ID_ROLE) if index.isValid() else None

    def index_of(self, item_id: str) -> QModelIndex:
        if self._checklist is None:
            return QModelIndex()
        for area_row, area in enumerate(self._checklist.areas):
            for row, item in enumerate(area.items):
                if item.id == item_id:
                    return self.index(row, 0, self.index(area_row, 0))
        return QModelIndex()

    # --- shape ---

    def index(self, row: int, column: int, parent: _ModelIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _AREA)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: _ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _AREA:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _AREA)

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        if self._checklist is None:
            return 0
        if not parent.isValid():
            return len(self._checklist.areas)
        if parent.internalId() == _AREA and parent.column() == 0:
            return len(self._checklist.areas[parent.row()].items)
        return 0

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        return len(ChecklistColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY:
            return ("Checklist item", "Evidence")[section] if section < 2 else None
        return None

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != _AREA and index.column() == ChecklistColumn.ITEM:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    # --- contents ---

    def data(self, index: _ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or self._checklist is None:
            return None
        column = index.column()
        if index.internalId() == _AREA:
            area = self._checklist.areas[index.row()]
            share, checked, backed = self._areas.get(area.id, (0.0, 0, 0))
            if role == _DISPLAY:
                if column == ChecklistColumn.ITEM:
                    return f"{area.title}: {percent(share)} covered ({checked} of " \
                           f"{len(area.items)} ticked)"
                return f"{backed} of {len(area.items)} items"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        item = self._checklist.areas[index.internalId() - 1].items[index.row()]
        coverage = self._coverage.get(item.id)
        count = coverage.evidence_count if coverage else 0
        if role == ITEM_ID_ROLE:
            return item.id
        if column == ChecklistColumn.ITEM:
            if role == _DISPLAY:
                return item.text
            if role == Qt.ItemDataRole.ToolTipRole:
                return item.text
            if role == Qt.ItemDataRole.CheckStateRole:
                ticked = coverage is not None and coverage.checked
                return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if column == ChecklistColumn.EVIDENCE and role == _DISPLAY:
            if count == 0 and self.suggested.get(item.id):
                return f"{self.suggested[item.id]} suggested"
            return "none yet" if count == 0 else f"{count} linked"
        if column == ChecklistColumn.EVIDENCE and role == Qt.ItemDataRole.ForegroundRole:
            return brush("muted") if count == 0 else None
        return None

    def setData(self, index: _ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
                ) -> bool:
        if (role != Qt.ItemDataRole.CheckStateRole or not index.isValid()
                or not self.flags(index) & Qt.ItemFlag.ItemIsUserCheckable):
            return False
        item_id = self.item_id(index)
        if item_id is None:
            return False
        ticked = Qt.CheckState(value) == Qt.CheckState.Checked
        old = self._coverage.get(item_id)
        # Show the tick at once; the page's reload brings the stored truth right after.
        self._coverage[item_id] = ItemCoverage(item_id, ticked, old.evidence_count if old else 0)
        self.dataChanged.emit(index, index, [role])
        self.check_toggled.emit(item_id, ticked)
        return True


# --- flat tables ------------------------------------------------------------------------


class _Rows(RowTable[Any]):
    def data(self, index: _ModelIndex, role: int = _DISPLAY) -> Any:
        if role == RECORD_ROLE:
            return self.record_at(index) if index.isValid() else None
        return super().data(index, role)


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


class EvidenceColumn(IntEnum):
    KIND = 0
    TITLE = 1
    DATE = 2


class EvidenceModel(_Rows):
    HEADERS = ("Kind", "Linked evidence", "Date")

    def cell(self, record: LinkedEvidence, column: int, role: int) -> Any:
        if role == _DISPLAY:
            return (KIND_LABELS.get(record.kind, record.kind), record.title,
                    _day(record.day))[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == EvidenceColumn.TITLE:
            return f"{record.title}\nLinked on {record.linked_on.isoformat()}"
        return None


_JSON_PUNCTUATION = re.compile(r'\["|"\]|", "')


def clean_snippet(snippet: str) -> str:
    """The index keeps tags as JSON text (["perf", "launch"]); show them as plain words.
    The [brackets] bragdoc's search puts around matched words stay."""
    return " ".join(_JSON_PUNCTUATION.sub(" ", snippet).split())


class HitColumn(IntEnum):
    KIND = 0
    TITLE = 1
    MATCH = 2


class SearchHitModel(_Rows):
    HEADERS = ("Kind", "Found", "Where it matched")

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._linked: frozenset[tuple[str, str]] = frozenset()

    def set_hits(self, hits: Sequence[SearchHit], linked: set[tuple[str, str]]) -> None:
        """Results, with the (kind, id) pairs already linked to the current item marked."""
        self.beginResetModel()
        self._rows = list(hits)
        self._linked = frozenset(linked)
        self.endResetModel()

    def is_linked(self, hit: SearchHit) -> bool:
        return (hit.kind, hit.id) in self._linked

    def cell(self, record: SearchHit, column: int, role: int) -> Any:
        if role == _DISPLAY:
            if column == HitColumn.KIND:
                return KIND_LABELS.get(record.kind, record.kind)
            if column == HitColumn.TITLE:
                return ("✓ " if self.is_linked(record) else "") + record.title
            return clean_snippet(record.snippet)
        if role == Qt.ItemDataRole.ToolTipRole and column == HitColumn.TITLE:
            return "Already linked to this item" if self.is_linked(record) else record.title
        return None


class GapColumn(IntEnum):
    RULE = 0
    STATEMENT = 1
    FOUND = 2


class GapModel(_Rows):
    HEADERS = ("Rule", "What the rule checks", "What your record shows")

    def cell(self, record: Finding, column: int, role: int) -> Any:
        if role in (_DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return (record.rule_id, record.statement, record.message)[column]
        return None


class PlanColumn(IntEnum):
    DUE = 0
    STEP = 1
    PHASE = 2
    STATUS = 3


class PlanModel(_Rows):
    HEADERS = ("Due", "Step", "Phase", "Status")
    done_toggled = Signal(str, bool)
    """A step's done box was ticked or cleared by the user: (step id, done)."""

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == PlanColumn.STEP:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def cell(self, record: PlannedStep, column: int, role: int) -> Any:
        if role == ITEM_ID_ROLE:
            return record.step_id
        if role == _DISPLAY:
            if column == PlanColumn.DUE:
                return record.due.isoformat()
            if column == PlanColumn.STEP:
                return record.text
            if column == PlanColumn.PHASE:
                return record.phase_title
            return "Done" if record.done else ("Overdue" if record.overdue else "To do")
        if role == Qt.ItemDataRole.CheckStateRole and column == PlanColumn.STEP:
            return Qt.CheckState.Checked if record.done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column == PlanColumn.STEP:
            return record.text
        if (role == Qt.ItemDataRole.ForegroundRole and record.overdue
                and column in (PlanColumn.DUE, PlanColumn.STATUS)):
            return brush("error")
        if role == Qt.ItemDataRole.FontRole and record.overdue and column == PlanColumn.STATUS:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: _ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
                ) -> bool:
        if (role != Qt.ItemDataRole.CheckStateRole or not index.isValid()
                or index.column() != PlanColumn.STEP):
            return False
        step: PlannedStep = self._rows[index.row()]
        done = Qt.CheckState(value) == Qt.CheckState.Checked
        self._rows[index.row()] = PlannedStep(
            step.phase_id, step.phase_title, step.step_id, step.text, step.due, done,
            step.overdue and not done)
        self.dataChanged.emit(index.sibling(index.row(), 0),
                              index.sibling(index.row(), PlanColumn.STATUS))
        self.done_toggled.emit(step.step_id, done)
        return True
