"""The Packet page's side tabs: which projects go in (Portfolio), the user's own words for
the future (Vision), and what weakens the draft (Coach).

Each tab only says what the person chose (`choices_changed`, `vision_changed`,
`open_record`); the page stores the choices and draws the packet again.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from bragdoc.packet.context import VISION_PROMPTS, PacketChoices, Vision
from bragdoc.ui.kit.delete_key import DeleteKey
from bragdoc.ui.kit.shortcuts import shortcut
from bragdoc.ui.kit.views import record_table
from bragdoc.ui.packet.models import (
    OPENABLE,
    CoachModel,
    PortfolioColumn,
    PortfolioModel,
    shown_order,
)

if TYPE_CHECKING:
    from bragdoc.packet.coach import Finding
    from bragdoc.packet.ranking import RankedProject

VISION_MS = 1200


def _note(owner: QWidget, name: str, *, lines: int) -> QLabel:
    """The explanation under a tab's list, with room kept so the list does not jump."""
    note = QLabel(objectName=name)
    note.setWordWrap(True)
    note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    note.setMinimumHeight(owner.fontMetrics().height() * lines)
    return note


def _lay_out(tab: QWidget, intro: QLabel, main: QWidget | QLayout,
             *below: QWidget | QLayout) -> None:
    """A tab: its intro, the part that takes the height, then the rest."""
    intro.setWordWrap(True)
    layout = QVBoxLayout(tab)
    layout.addWidget(intro)
    for part, stretch in ((main, 1), *((b, 0) for b in below)):
        if isinstance(part, QLayout):
            layout.addLayout(part, stretch)
        else:
            layout.addWidget(part, stretch)


class PortfolioTab(QWidget):
    choices_changed = Signal(object)
    """New PacketChoices (pins, leave-outs, order) to store and draw from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = PacketChoices()
        self.model = PortfolioModel(self)
        self.view = record_table("packet_portfolio", self.model)
        self.view.setAccessibleName("Projects in the packet")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(PortfolioColumn.PROJECT, QHeaderView.ResizeMode.Stretch)
        for column in (PortfolioColumn.SCORE, PortfolioColumn.CHOICE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.pin_button = QPushButton("P&in", objectName="packet_pin")
        self.pin_button.setToolTip("Always include the selected project (Ctrl+P)")
        self.drop_button = QPushButton("&Leave out", objectName="packet_drop")
        self.drop_button.setToolTip("Never include the selected project (Del)")
        self.up_button = QPushButton("Move &up", objectName="packet_up")
        self.up_button.setToolTip("Show the selected project earlier (Ctrl+Up)")
        self.down_button = QPushButton("Move &down", objectName="packet_down")
        self.down_button.setToolTip("Show the selected project later (Ctrl+Down)")
        buttons = QHBoxLayout()
        for button in (self.pin_button, self.drop_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        self.why = _note(self, "packet_why", lines=4)
        _lay_out(self, QLabel("Projects of the period, best first. Ticked ones are in the "
                              "packet, in this order."), self.view, buttons, self.why)

        self.pin_button.clicked.connect(self.pin_selected)
        self.drop_button.clicked.connect(self.drop_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.model.check_toggled.connect(self._ticked)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        DeleteKey(self.view, self.drop_selected)
        in_table = Qt.ShortcutContext.WidgetShortcut
        shortcut("Ctrl+Up", self.view, lambda: self.move_selected(-1),
                 "Move the selected project up", in_table)
        shortcut("Ctrl+Down", self.view, lambda: self.move_selected(1),
                 "Move the selected project down", in_table)
        shortcut("Ctrl+P", self.view, self.pin_selected, "Pin the selected project", in_table)

    def show_ranking(self, ranking: list[RankedProject], choices: PacketChoices) -> None:
        self.choices = choices
        selected = self.selected_project()
        self.model.set_rows(shown_order(ranking, choices.order))
        row = self.model.row_of(selected) if selected else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.view.selectRow(row)
        self._row_changed()

    def selected_project(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.rows()[index.row()].project_id if index.isValid() else None

    def _row_changed(self, *_: QModelIndex) -> None:
        index = self.view.currentIndex()
        ranked = self.model.rows()[index.row()] if index.isValid() else None
        # The ranking's reasons are for the person choosing; they never reach the packet.
        self.why.setText(f"Why “{ranked.name}”: {ranked.why}." if ranked else
                         "No project has work in this period yet.")
        self.pin_button.setEnabled(ranked is not None)
        self.drop_button.setEnabled(ranked is not None)
        self.pin_button.setText("Unp&in" if ranked and ranked.pinned else "P&in")
        self.drop_button.setText("&Bring back" if ranked and ranked.dropped else "&Leave out")
        movable = ranked is not None and ranked.selected
        self.up_button.setEnabled(movable)
        self.down_button.setEnabled(movable)

    def _ranked(self, project_id: str | None) -> RankedProject | None:
        row = self.model.row_of(project_id) if project_id else -1
        return self.model.rows()[row] if row >= 0 else None

    def _change(self, **changes: tuple[str, ...]) -> None:
        self.choices = dataclasses.replace(self.choices, **changes)  # type: ignore[arg-type]
        self.choices_changed.emit(self.choices)

    def set_pinned(self, project_id: str, pinned: bool) -> None:
        pins = [p for p in self.choices.pinned if p != project_id]
        drops = [p for p in self.choices.dropped if p != project_id]
        if pinned:
            pins.append(project_id)
        self._change(pinned=tuple(pins), dropped=tuple(drops))

    def set_dropped(self, project_id: str, dropped: bool) -> None:
        pins = [p for p in self.choices.pinned if p != project_id]
        drops = [p for p in self.choices.dropped if p != project_id]
        order = [p for p in self.choices.order if p != project_id]
        if dropped:
            drops.append(project_id)
        self._change(pinned=tuple(pins), dropped=tuple(drops), order=tuple(order))

    def pin_selected(self) -> None:
        ranked = self._ranked(self.selected_project())
        if ranked is not None:
            self.set_pinned(ranked.project_id, not ranked.pinned)

    def drop_selected(self) -> None:
        ranked = self._ranked(self.selected_project())
        if ranked is not None:
            self.set_dropped(ranked.project_id, not ranked.dropped)

    def _ticked(self, project_id: str, ticked: bool) -> None:
        if ticked:
            self.set_pinned(project_id, True)
        else:
            self.set_dropped(project_id, True)

    def move_selected(self, step: int) -> None:
        """Move the selected project up (-1) or down (+1) among the ones shown."""
        project_id = self.selected_project()
        shown = [r.project_id for r in self.model.rows() if r.selected]
        if project_id not in shown:
            return
        where = shown.index(project_id)
        to = where + step
        if not 0 <= to < len(shown):
            return
        shown[where], shown[to] = shown[to], shown[where]
        # Show the new order at once; the reload brings the stored truth right after.
        rows = self.model.rows()
        by_id = {r.project_id: r for r in rows if r.selected}
        self.model.set_rows([by_id[p] for p in shown] + [r for r in rows if not r.selected])
        self.view.selectRow(to)
        self._change(order=tuple(shown))


class VisionTab(QWidget):
    vision_changed = Signal(object)
    """The Vision as typed, a moment after the typing stopped."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.focus_areas = self._field("focus_areas")
        self.days_1_30 = self._field("days_1_30")
        self.days_31_60 = self._field("days_31_60")
        self.days_61_90 = self._field("days_61_90")
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for label, field in (("&Focus areas (one a line)", self.focus_areas),
                             ("Days &1–30", self.days_1_30),
                             ("Days &31–60", self.days_31_60),
                             ("Days &61–90", self.days_61_90)):
            shown = QLabel(label)
            shown.setBuddy(field)
            form.addRow(shown, field)
        _lay_out(self, QLabel("In your own words; the packet uses exactly what you write here "
                              "and leaves a part out when it is empty."), form)
        self._timer = QTimer(self, singleShot=True, interval=VISION_MS)
        self._timer.timeout.connect(lambda: self.vision_changed.emit(self.vision()))
        for field in self.fields():
            field.textChanged.connect(self._timer.start)

    def _field(self, name: str) -> QPlainTextEdit:
        field = QPlainTextEdit(objectName=f"packet_{name}")
        field.setPlaceholderText(VISION_PROMPTS[name])
        field.setTabChangesFocus(True)
        field.setMinimumHeight(self.fontMetrics().height() * 4)
        return field

    def fields(self) -> tuple[QPlainTextEdit, ...]:
        return (self.focus_areas, self.days_1_30, self.days_31_60, self.days_61_90)

    def vision(self) -> Vision:
        focus = tuple(line.strip() for line in self.focus_areas.toPlainText().splitlines()
                      if line.strip())
        return Vision(focus_areas=focus, days_1_30=self.days_1_30.toPlainText().strip(),
                      days_31_60=self.days_31_60.toPlainText().strip(),
                      days_61_90=self.days_61_90.toPlainText().strip())

    def show_vision(self, vision: Vision) -> None:
        """Fill the fields from a stored draft without it counting as typing."""
        for field, text in zip(self.fields(), ("\n".join(vision.focus_areas),
                                               vision.days_1_30, vision.days_31_60,
                                               vision.days_61_90), strict=True):
            field.blockSignals(True)
            field.setPlainText(text)
            field.blockSignals(False)


class CoachTab(QWidget):
    open_record = Signal(str, str)
    """(kind 'win' or 'project', id) the person wants to open and fix."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CoachModel(self)
        self.view = QTreeView(objectName="packet_coach")
        self.view.setAccessibleName("What the coach found in your record")
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setWordWrap(True)
        self.view.setUniformRowHeights(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.note = _note(self, "packet_coach_note", lines=5)
        _lay_out(self, QLabel("What weakens the draft. Enter on a win or project opens it to "
                              "fix."), self.view, self.note)
        self.view.activated.connect(self._activated)
        self.view.selectionModel().currentChanged.connect(self._current)

    def show_findings(self, findings: list[Finding]) -> int:
        self.model.set_findings(findings)
        self.view.expandAll()
        count = self.model.count()
        self.note.setText("" if count else "Nothing to strengthen in this period.")
        return count

    def _current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        finding = self.model.finding(index)
        if finding is None:
            self.note.setText("")
            return
        ref = finding.ref
        hint = f" Press Enter to open the {ref.kind}." if ref and ref.kind in OPENABLE else ""
        self.note.setText(f"{finding.message} {finding.statement}{hint}")

    def _activated(self, index: QModelIndex) -> None:
        finding = self.model.finding(index)
        if finding is None:
            self.view.setExpanded(index, not self.view.isExpanded(index))
            return
        if finding.ref is not None and finding.ref.kind in OPENABLE:
            self.open_record.emit(finding.ref.kind, finding.ref.id)
        else:
            self.note.setText(f"{finding.message} {finding.statement}")
