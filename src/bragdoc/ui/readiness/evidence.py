"""The Checklist tab's right side: the selected item's evidence, what the record holds
that may prove it (ui/readiness/suggestions.py), and a search to link wins, projects and
feedback to it (Enter on a result links it, Del on a link unlinks it, Ctrl+Z undoes
either)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import UserError
from bragdoc.domain.evidence import LinkedEvidence
from bragdoc.domain.evidence_suggestions import Suggestion
from bragdoc.domain.readiness import ChecklistItem
from bragdoc.domain.records import SearchHit
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.delete_key import DeleteKey
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.jobs import run_in_background
from bragdoc.ui.kit.theme import set_tone
from bragdoc.ui.kit.undo import perform
from bragdoc.ui.kit.views import chain_tab_order, record_table
from bragdoc.ui.readiness.models import EvidenceColumn, EvidenceModel, HitColumn, SearchHitModel
from bragdoc.ui.readiness.suggestions import SuggestionPanel
from bragdoc.ui.readiness.undo import LinkEvidence, UnlinkEvidence

SEARCH_DELAY_MS = 200


def size_columns(view: QTableView, stretch: int, widths: dict[int, int]) -> None:
    header = view.horizontalHeader()
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column, width in widths.items():
        view.setColumnWidth(column, width)


def muted(name: str) -> QLabel:
    label = QLabel(objectName=name)
    set_tone(label, "muted")
    label.setWordWrap(True)
    return label


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class EvidencePanel(QWidget):
    searched = Signal()
    """Emitted each time search results have been shown."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item: ChecklistItem | None = None
        self.links: list[LinkedEvidence] = []
        self._search_generation = 0

        self.item_text = QLabel(objectName="selected_item")
        self.item_text.setWordWrap(True)
        self.item_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.evidence_model = EvidenceModel(self)
        self.evidence_view = record_table("evidence_view", self.evidence_model)
        self.evidence_view.setAccessibleName("Evidence linked to the selected item")
        size_columns(self.evidence_view, EvidenceColumn.TITLE,
                     {EvidenceColumn.KIND: 70, EvidenceColumn.DATE: 90})
        self.unlink_button = QPushButton("Unlink", objectName="unlink_evidence")
        self.unlink_button.setToolTip("Del — Ctrl+Z links it again")
        self.unlink_button.setAccessibleName("Unlink the selected evidence")
        self.search = QLineEdit(objectName="evidence_search",
                                placeholderText="Search wins, projects and feedback (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search wins, projects and feedback to link")
        self.hit_model = SearchHitModel(self)
        self.hit_view = record_table("search_results", self.hit_model)
        self.hit_view.setAccessibleName("Search results")
        size_columns(self.hit_view, HitColumn.TITLE, {HitColumn.KIND: 70, HitColumn.MATCH: 220})
        self.link_button = QPushButton("Link to item", objectName="link_evidence")
        self.link_button.setToolTip("Enter on a result links it too")
        self.link_button.setAccessibleName("Link the selected result to the item")
        self.note = muted("evidence_note")
        self.suggestions = SuggestionPanel(ctx, self.note.setText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.item_text)
        layout.addWidget(self.evidence_view, stretch=2)
        unlink_row = QHBoxLayout()
        unlink_row.addStretch(1)
        unlink_row.addWidget(self.unlink_button)
        layout.addLayout(unlink_row)
        layout.addWidget(self.suggestions, stretch=2)
        layout.addWidget(self.search)
        layout.addWidget(self.hit_view, stretch=3)
        link_row = QHBoxLayout()
        link_row.addWidget(self.note, stretch=1)
        link_row.addWidget(self.link_button)
        layout.addLayout(link_row)

        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.run_search)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self._to_results)
        self.hit_view.activated.connect(lambda _index: self.link_selected())
        self.link_button.clicked.connect(self.link_selected)
        self.unlink_button.clicked.connect(self.unlink_selected)
        DeleteKey(self.evidence_view, self.unlink_selected)
        chain_tab_order(self.evidence_view, self.unlink_button, self.suggestions.view,
                        self.suggestions.confirm_button, self.suggestions.dismiss_button,
                        self.search, self.hit_view, self.link_button)
        self.show_item(None, [])

    def show_item(self, item: ChecklistItem | None, links: list[LinkedEvidence],
                  suggested: Sequence[Suggestion] = ()) -> None:
        changed = item is not None and (self.item is None or item.id != self.item.id)
        self.item, self.links = item, links
        if item is None:
            self.item_text.setText("Select an item of the checklist to see and link its "
                                   "evidence.")
        else:
            count = f"{len(links)} piece(s) of evidence" if links else "No evidence linked yet"
            self.item_text.setText(f"<b>{_escape(item.text)}</b><br>{count}.")
        self.evidence_model.set_rows(links)
        self.suggestions.show_suggestions(suggested)
        self.hit_model.set_hits(self.hit_model.rows, self._linked_pairs())
        self.unlink_button.setEnabled(bool(links))
        self.link_button.setEnabled(item is not None)
        if changed and self.search.text().strip():
            self.run_search()

    def _linked_pairs(self) -> set[tuple[str, str]]:
        return {(link.kind, link.target_id) for link in self.links}

    # --- linking --------------------------------------------------------------------------

    def link_selected(self) -> None:
        hit: SearchHit | None = self.hit_model.record_at(self.hit_view.currentIndex())
        if self.item is None:
            self.note.setText("Select a checklist item first.")
            return
        if hit is None:
            self.note.setText("Search, then pick a result to link.")
            return
        if self.hit_model.is_linked(hit):
            self.note.setText("Already linked to this item.")
            return
        self._perform(LinkEvidence(self.ctx, self.item.id, hit.kind, hit.id, hit.title),
                      f"Linked “{hit.title}”.")

    def unlink_selected(self) -> None:
        link: LinkedEvidence | None = self.evidence_model.record_at(
            self.evidence_view.currentIndex())
        if link is None:
            return
        self._perform(UnlinkEvidence(self.ctx, link.item_id, link.kind, link.target_id,
                                     link.title),
                      f"Unlinked “{link.title}” — Ctrl+Z links it again.")

    def _perform(self, command: LinkEvidence | UnlinkEvidence, done: str) -> None:
        try:
            perform(self.ctx, command)
        except UserError as exc:
            self.note.setText(describe(exc, "Not saved"))
            return
        self.note.setText(done)

    # --- search ---------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def run_search(self) -> None:
        self._debounce.stop()
        text = self.search.text().strip()
        self._search_generation += 1
        generation = self._search_generation
        queries = self.ctx.services.queries
        run_in_background(lambda: queries.search(text) if text else [],
                          lambda hits: self._show_hits(hits, generation),
                          lambda exc: self._search_failed(exc, generation), self)

    def _show_hits(self, hits: list[SearchHit], generation: int) -> None:
        if generation != self._search_generation:
            return
        self.hit_model.set_hits(hits, self._linked_pairs())
        if hits:
            self.hit_view.setCurrentIndex(self.hit_model.index(0, HitColumn.TITLE))
            self.note.setText(f"{len(hits)} found. Enter links the selected one.")
        elif self.search.text().strip():
            self.note.setText("Nothing matches every word typed.")
        else:
            self.note.setText("")
        self.searched.emit()

    def _search_failed(self, exc: Exception, generation: int) -> None:
        if generation == self._search_generation:
            self.note.setText(describe(exc, "Search failed"))
            self.searched.emit()

    def _to_results(self) -> None:
        if self._debounce.isActive():
            self.run_search()
        self.hit_view.setFocus(Qt.FocusReason.OtherFocusReason)
