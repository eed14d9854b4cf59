"""Edit a suggested project or goal before accepting it (a suggested win opens the win
form instead). Enter accepts, Esc cancels; a refused save keeps the dialog open with the
text as typed and says why."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import UserError
from bragdoc.importers.suggestion import Suggestion
from bragdoc.ui.inbox.table import GOAL_LABELS
from bragdoc.ui.kit.field_errors import error_label, show_error

if TYPE_CHECKING:  # the inbox service pulls in SQLModel; the dialog needs only the types
    from bragdoc.services.inbox import InboxItem, InboxService


class SuggestionDialog(QDialog):
    def __init__(self, suggestion: Suggestion, save: Callable[[Suggestion], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggestion = suggestion
        self._save = save
        project = suggestion.kind == "project"
        self.setWindowTitle("Edit the project, then accept it" if project
                            else "Edit the goal, then accept it")
        self.name = QLineEdit(suggestion.title, objectName="suggestion_title")
        self.details = QPlainTextEdit(suggestion.details, objectName="suggestion_details")
        self.details.setTabChangesFocus(True)
        self.goal_for = QComboBox(objectName="suggestion_goal_for")
        for key, label in GOAL_LABELS.items():
            self.goal_for.addItem(label, key)
        self.goal_for.setCurrentIndex(max(0, self.goal_for.findData(suggestion.goal_for)))
        self.error = error_label("suggestion_error")

        form = QFormLayout()
        form.addRow("&Name" if project else "&Goal", self.name)
        form.addRow("&Summary" if project else "&Details", self.details)
        if not project:
            form.addRow("&For", self.goal_for)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Accept")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def edited(self) -> Suggestion:
        return dataclasses.replace(
            self.suggestion, title=" ".join(self.name.text().split()),
            details=self.details.toPlainText().strip(),
            goal_for=(self.goal_for.currentData() if self.suggestion.kind == "goal"
                      else self.suggestion.goal_for))

    def accept(self) -> None:
        try:
            self._save(self.edited())
        except UserError as exc:
            show_error(self.error, str(exc))
            return
        super().accept()


def edit_and_accept(inbox: InboxService, item: InboxItem,
                    accepted: Callable[[Suggestion], None],
                    parent: QWidget | None = None) -> SuggestionDialog:
    """Open the dialog on a suggested project or goal; saving stores the edit and accepts
    it in one go, then calls `accepted`."""

    def save(suggestion: Suggestion) -> None:
        inbox.update(item.id, suggestion)
        inbox.accept([item.id])
        accepted(suggestion)

    dialog = SuggestionDialog(item.suggestion, save, parent=parent)
    dialog.open()
    return dialog
