"""A number for a win, typed where the win is listed (Home, the weekly review): the field,
the live read-back of what bragdoc understood, and Add — an undoable edit of the win."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from bragdoc.domain.errors import UserError
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import WinView, draft_from_view
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.undo import perform
from bragdoc.ui.kit.win_dialog import describe_metrics
from bragdoc.ui.kit.win_undo import EditWin


class MetricEntry(QWidget):
    said = Signal(str)
    """What happened (added, or why not), for the page's note line."""

    def __init__(self, ctx: UiContext, win: WinView, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.win = win
        title = QLabel(f"{win.title} — {win.date:%d %b}")
        title.setTextFormat(Qt.TextFormat.PlainText)
        self.field = QLineEdit(objectName=f"{name}_metric")
        self.field.setPlaceholderText("NAME: BEFORE -> AFTER, e.g. Build time: 12 min -> 4 min")
        self.field.setAccessibleName(f"A number for {win.title}")
        self.reading = QLabel(objectName=f"{name}_reading")
        self.reading.setTextFormat(Qt.TextFormat.RichText)
        self.add_button = QPushButton("Add", objectName=f"{name}_add")
        row = QHBoxLayout()
        row.addWidget(self.field, stretch=1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addLayout(row)
        layout.addWidget(self.reading)
        self.field.textChanged.connect(self._read)
        self.field.returnPressed.connect(self.add)
        self.add_button.clicked.connect(self.add)

    def _read(self, text: str) -> None:
        text = text.strip()
        self.reading.setText(describe_metrics([parse_metric(text)]) if text else "")

    def add(self) -> None:
        text = self.field.text().strip()
        if not text:
            return
        draft = draft_from_view(self.win)
        draft.metrics = [*draft.metrics, parse_metric(text)]
        try:
            perform(self.ctx, EditWin(self.ctx, self.win, draft))
        except UserError as exc:
            self.said.emit(describe(exc, "Not saved"))
            return
        # Saved, so nothing typed is held any more; the page rebuilds its list after the
        # change (a rebuilding page waits while a field holds typing) and this entry goes.
        self.field.clear()
        self.said.emit(f"Added a number to “{self.win.title}”. Ctrl+Z undoes it.")
