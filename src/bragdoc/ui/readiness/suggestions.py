"""Suggested evidence for the selected checklist item: what the record already holds
that may prove it (domain/evidence_suggestions.py), for the person to confirm or dismiss.

Enter (or "Confirm") links the suggestion as evidence, as linking a search result does;
Del (or "Dismiss") sets it aside so it is not offered again. Ctrl+Z undoes either. A
suggestion counts for nothing until it is confirmed.

Dismissals are kept in the UI settings, not the record: they change no document, only
what this page offers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from bragdoc.domain.errors import UserError
from bragdoc.domain.evidence_suggestions import Suggestion
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.delete_key import DeleteKey
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.rows import RowTable
from bragdoc.ui.kit.undo import Command, perform
from bragdoc.ui.kit.views import chain_tab_order, record_table
from bragdoc.ui.readiness.models import KIND_LABELS
from bragdoc.ui.readiness.undo import LinkEvidence

DISMISSED_KEY = "readiness/dismissed_suggestions"


def dismissed(settings: QSettings) -> set[tuple[str, str, str]]:
    """The (item, kind, id) suggestions the person set aside."""
    stored = settings.value(DISMISSED_KEY, [])
    lines = [stored] if isinstance(stored, str) else list(stored or [])
    return {(parts[0], parts[1], parts[2]) for line in lines
            if len(parts := str(line).split(" ")) == 3}


class DismissSuggestion(Command):
    announces = ("readiness_changed",)

    def __init__(self, ctx: UiContext, suggestion: Suggestion) -> None:
        super().__init__(ctx, "Dismiss a suggestion")
        self.line = " ".join(suggestion.key)

    def _change(self, keep: bool) -> None:
        # Commands run on a worker thread: it uses a QSettings of its own on the same
        # file, which Qt allows (one QSettings object must not be shared across threads).
        settings = QSettings(self.ctx.settings.fileName(), self.ctx.settings.format())
        lines = {" ".join(key) for key in dismissed(settings)}
        lines = lines | {self.line} if keep else lines - {self.line}
        settings.setValue(DISMISSED_KEY, sorted(lines))
        settings.sync()

    def apply(self) -> None:
        self._change(True)

    def revert(self) -> None:
        self._change(False)


class SuggestionModel(RowTable[Suggestion]):
    HEADERS = ("Kind", "Suggested from your record", "Why")

    def cell(self, record: Suggestion, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (KIND_LABELS.get(record.kind, record.kind), record.title,
                    record.reason)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            day = f" ({record.day.isoformat()})" if record.day else ""
            return f"{record.title}{day}\nSuggested because: {record.reason}"
        return None


class SuggestionPanel(QWidget):
    def __init__(self, ctx: UiContext, say: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.say = say
        self.heading = QLabel("Suggested", objectName="suggestions_heading")
        self.heading.setToolTip("Enter confirms the selected suggestion, Del dismisses it")
        self.model = SuggestionModel(self)
        self.view = record_table("suggestions_view", self.model)
        self.view.setAccessibleName("Suggested evidence for the selected item")
        self.view.setAccessibleDescription(
            "Enter confirms the selected suggestion and links it; Delete dismisses it.")
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        self.view.setColumnWidth(0, 70)
        self.view.setColumnWidth(1, 190)
        # The header and two rows at least, so a suggestion can always be read.
        self.view.setMinimumHeight(self.view.verticalHeader().defaultSectionSize() * 3 + 4)
        self.heading.setBuddy(self.view)
        self.confirm_button = QPushButton("Confirm", objectName="confirm_suggestion")
        self.confirm_button.setAccessibleName("Confirm the suggestion as evidence")
        self.confirm_button.setToolTip("Enter — links it to the item; Ctrl+Z undoes")
        self.dismiss_button = QPushButton("Dismiss", objectName="dismiss_suggestion")
        self.dismiss_button.setAccessibleName("Dismiss the suggestion")
        self.dismiss_button.setToolTip("Del — it is not offered again; Ctrl+Z brings it back")

        row = QHBoxLayout()
        row.addWidget(self.heading, stretch=1)
        row.addWidget(self.confirm_button)
        row.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.view)

        self.view.activated.connect(lambda _index: self.confirm_selected())
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        DeleteKey(self.view, self.dismiss_selected)
        chain_tab_order(self.view, self.confirm_button, self.dismiss_button)
        self.show_suggestions(())

    def show_suggestions(self, suggestions: Sequence[Suggestion]) -> None:
        row = max(self.view.currentIndex().row(), 0)
        self.model.set_rows(suggestions)
        count = len(suggestions)
        self.heading.setText(f"&Suggested from your record ({count})" if count
                             else "&Suggested from your record: nothing to suggest")
        self.confirm_button.setEnabled(bool(count))
        self.dismiss_button.setEnabled(bool(count))
        if count:
            self.view.setCurrentIndex(self.model.index(min(row, count - 1), 1))

    def current(self) -> Suggestion | None:
        return self.model.record_at(self.view.currentIndex())

    def confirm_selected(self) -> None:
        chosen = self.current()
        if chosen is not None:
            self._perform(LinkEvidence(self.ctx, chosen.item_id, chosen.kind,
                                       chosen.target_id, chosen.title),
                          f"Confirmed “{chosen.title}” as evidence — Ctrl+Z undoes it.")

    def dismiss_selected(self) -> None:
        chosen = self.current()
        if chosen is not None:
            self._perform(DismissSuggestion(self.ctx, chosen),
                          f"Dismissed “{chosen.title}” — Ctrl+Z offers it again.")

    def _perform(self, command: Command, done: str) -> None:
        try:
            perform(self.ctx, command)
        except UserError as exc:
            self.say(describe(exc, "Not saved"))
            return
        self.say(done)
