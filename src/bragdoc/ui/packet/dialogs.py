"""Dialogs of the Packet page: the history of a draft, with Restore.

Restoring never loses anything: the service keeps the current text as a version before
it brings an older one back, so a restore is undone by restoring that version in turn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import UserError
from bragdoc.ui.kit.field_errors import error_label, show_error
from bragdoc.ui.kit.views import chain_tab_order, record_table
from bragdoc.ui.packet.models import KIND_LABELS, VersionColumn, VersionModel, local_time

if TYPE_CHECKING:
    from bragdoc.services.packet_drafts import DraftVersion


class HistoryDialog(QDialog):
    """Every saved text of the draft, newest first; Enter restores the selected one."""

    def __init__(self, load: Callable[[], Sequence[DraftVersion]],
                 restore: Callable[[int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_dialog")
        self.setWindowTitle("Draft history")
        self.resize(860, 560)
        self._load = load
        self._restore = restore

        intro = QLabel("Every text this draft has had. Bringing one back keeps the current "
                       "text here too, so nothing is lost.")
        intro.setWordWrap(True)
        self.model = VersionModel(self)
        self.view = record_table("history_versions", self.model)
        self.view.setAccessibleName("Saved versions of the draft")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(VersionColumn.KIND, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(VersionColumn.SAVED, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VersionColumn.LENGTH,
                                    QHeaderView.ResizeMode.ResizeToContents)
        self.preview = QPlainTextEdit(objectName="history_preview", readOnly=True)
        self.preview.setAccessibleName("The chosen version's text")
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(self.preview)
        splitter.setSizes([430, 430])

        self.error = error_label("history_error")
        self.note = QLabel(objectName="history_note")
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton("&Restore this version", objectName="history_restore")
        self.restore_button.setToolTip("Make the selected version the draft's text (Enter)")
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setDefault(True)
        self.restore_button.setAutoDefault(True)
        self.buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, stretch=1)
        layout.addWidget(self.error)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        chain_tab_order(self.view, self.preview, self.restore_button)

        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.reload()
        self.view.setFocus()

    def reload(self) -> None:
        self.model.set_rows(self._load())
        if self.model.rowCount():
            self.view.selectRow(0)
        self._selected()

    def selected(self) -> DraftVersion | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()) if rows else None

    def _selected(self, *_: QItemSelection) -> None:
        version = self.selected()
        self.preview.setPlainText(version.markdown if version else "")
        self.restore_button.setEnabled(version is not None)

    def restore_selected(self) -> None:
        version = self.selected()
        if version is None:
            return
        try:
            self._restore(version.id)
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        show_error(self.error, None)
        self.reload()
        self.note.setText(
            f"Brought back the text saved {local_time(version.saved_at)} "
            f"({KIND_LABELS.get(version.kind, version.kind).lower()}). The text it replaced "
            "is kept in this list.")
