"""Qt models for the Packet page. Each holds plain records handed to it by the page and only
formats them in data(); a tick in the portfolio is announced by a signal (the page
decides what it means and stores it), never acted on here.

    PortfolioModel   the period's ranked projects, shown ones first, tick = in the packet
    CoachModel       coach findings grouped by rule (a two-level tree)
    VersionModel     the saved versions of a draft, newest first
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from bragdoc.packet.coach import Finding
from bragdoc.packet.ranking import RankedProject
from bragdoc.ui.kit.rows import RowTable

if TYPE_CHECKING:  # the drafts service brings SQLModel; the model only needs the shape
    from bragdoc.services.packet_drafts import DraftVersion

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
"""The plain record behind a row: RankedProject, Finding or DraftVersion (None on groups)."""
ID_ROLE = Qt.ItemDataRole.UserRole + 2
"""Portfolio: the project id. Versions: the version id."""

_ModelIndex = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_CHECK = Qt.ItemDataRole.CheckStateRole


# --- the portfolio ----------------------------------------------------------------------


class PortfolioColumn(IntEnum):
    PROJECT = 0
    SCORE = 1
    CHOICE = 2


_PORTFOLIO_HEADERS = {PortfolioColumn.PROJECT: "Project", PortfolioColumn.SCORE: "Score",
                      PortfolioColumn.CHOICE: "Your choice"}


def shown_order(ranking: Sequence[RankedProject], order: Sequence[str]) -> list[RankedProject]:
    """The projects as the packet shows them: the selected ones in the packet's order
    (those in `order` first, the rest by rank), then the others by rank."""
    selected = [r for r in ranking if r.selected]
    placed = {r.project_id: r for r in selected}
    first = [placed[p] for p in dict.fromkeys(order) if p in placed]
    rest = sorted((r for r in selected if r.project_id not in {f.project_id for f in first}),
                  key=lambda r: r.position)
    others = sorted((r for r in ranking if not r.selected), key=lambda r: r.position)
    return first + rest + others


class PortfolioModel(QAbstractTableModel):
    check_toggled = Signal(str, bool)
    """The person ticked a project in (True) or out (False) of the packet: (id, ticked)."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._rows: list[RankedProject] = []

    def set_rows(self, rows: Sequence[RankedProject]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[RankedProject]:
        return list(self._rows)

    def row_of(self, project_id: str) -> int:
        for row, ranked in enumerate(self._rows):
            if ranked.project_id == project_id:
                return row
        return -1

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(PortfolioColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == _DISPLAY
                and 0 <= section < len(PortfolioColumn)):
            return _PORTFOLIO_HEADERS[PortfolioColumn(section)]
        return None

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == PortfolioColumn.PROJECT:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        ranked = self._rows[index.row()]
        column = index.column()
        if role == RECORD_ROLE:
            return ranked
        if role == ID_ROLE:
            return ranked.project_id
        if role == _TOOLTIP:
            return ranked.why
        if role == _CHECK and column == PortfolioColumn.PROJECT:
            return Qt.CheckState.Checked if ranked.selected else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PortfolioColumn.SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and ranked.pinned and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role != _DISPLAY:
            return None
        if column == PortfolioColumn.PROJECT:
            return ranked.name
        if column == PortfolioColumn.SCORE:
            return f"{ranked.score:.0f}"
        if ranked.pinned:
            return "Pinned"
        if ranked.dropped:
            return "Left out"
        return "Proposed" if ranked.selected else ""

    def setData(self, index: _ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
                ) -> bool:
        if (role != _CHECK or not index.isValid()
                or index.column() != PortfolioColumn.PROJECT):
            return False
        ranked = self._rows[index.row()]
        self.check_toggled.emit(ranked.project_id, Qt.CheckState(value) == Qt.CheckState.Checked)
        return True


# --- the coach --------------------------------------------------------------------------

RULE_TITLES = {
    "win.unquantified": "Wins without a number",
    "project.unquantified": "Projects without a measured result",
    "project.no-star": "Projects without a STAR story",
    "project.no-scope": "Projects that do not show their scale",
    "pillar.no-evidence": "Pillars with no evidence this period",
    "metric.direction-unknown": "Results with no known better direction",
    "follow-up.pending": "Outcomes still to record",
    "section.empty": "Empty sections",
    "ladder.uncovered": "Level expectations nothing backs yet",
}
OPENABLE = frozenset({"win", "project"})
"""Finding refs the page can open in an editor; the others are only read."""

_GROUP = 0  # internalId of group rows; finding rows carry their group's row + 1


class CoachModel(QAbstractItemModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._groups: list[tuple[str, list[Finding]]] = []

    def set_findings(self, findings: Sequence[Finding]) -> None:
        grouped: dict[str, list[Finding]] = {}
        for finding in findings:
            grouped.setdefault(finding.rule_id, []).append(finding)
        self.beginResetModel()
        self._groups = list(grouped.items())
        self.endResetModel()

    def count(self) -> int:
        return sum(len(items) for _, items in self._groups)

    def finding(self, index: _ModelIndex) -> Finding | None:
        if not index.isValid() or index.internalId() == _GROUP:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def index(self, row: int, column: int,
              parent: _ModelIndex = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _GROUP) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != _GROUP or parent.row() >= len(self._groups):
            return QModelIndex()
        if row >= len(self._groups[parent.row()][1]):
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, index: _ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP)

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:
        return 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and section == 0:
            return "What weakens the draft"
        return None

    def data(self, index: _ModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            rule, items = self._groups[index.row()]
            if role == _DISPLAY:
                return f"{RULE_TITLES.get(rule, rule)} ({len(items)})"
            if role == _TOOLTIP:
                return items[0].statement
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        finding = self.finding(index)
        if finding is None:
            return None
        if role == _DISPLAY:
            return finding.message
        if role == RECORD_ROLE:
            return finding
        if role == _TOOLTIP:
            return f"{finding.message}\n{finding.statement}"
        return None


# --- versions ---------------------------------------------------------------------------


class VersionColumn(IntEnum):
    SAVED = 0
    KIND = 1
    LENGTH = 2


KIND_LABELS = {
    "generated": "Drafted from the record",
    "edited": "Your edits",
    "before-regenerate": "Your edits, before redrafting",
    "restored": "Brought back",
}
_VERSION_HEADERS = {VersionColumn.SAVED: "Saved", VersionColumn.KIND: "What",
                    VersionColumn.LENGTH: "Words"}


def local_time(moment: dt.datetime) -> str:
    """A stored UTC moment as the person's local time, to the minute."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone().strftime("%d %b %Y %H:%M")


class VersionModel(RowTable["DraftVersion"]):
    HEADERS = tuple(_VERSION_HEADERS[column] for column in VersionColumn)

    def cell(self, version: DraftVersion, column: int, role: int) -> Any:
        if role == RECORD_ROLE:
            return version
        if role == ID_ROLE:
            return version.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column == VersionColumn.LENGTH:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != _DISPLAY:
            return None
        if column == VersionColumn.SAVED:
            return local_time(version.saved_at)
        if column == VersionColumn.KIND:
            return KIND_LABELS.get(version.kind, version.kind)
        return f"{len(version.markdown.split()):,}"
