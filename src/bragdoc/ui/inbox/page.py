"""The Inbox page: suggestions from git history and brag documents wait here until the
user decides. Nothing enters the log but through Accept.

Enter accepts the selected suggestions, Del rejects them (Ctrl+Z brings them back),
"Edit and accept…" opens the win form filled from one suggestion, Merge folds several
into the first; Ctrl+A selects all. Bringing work in is the panel above the list
(`importing.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from bragdoc.domain.errors import UserError
from bragdoc.ui.inbox.importing import ImportPanel
from bragdoc.ui.inbox.table import Column, InboxTableModel, accepted_text, waiting_text
from bragdoc.ui.inbox.undo import RejectSuggestions
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.delete_key import DeleteKey
from bragdoc.ui.kit.enter_key import EnterKey
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.field_errors import error_label, show_error
from bragdoc.ui.kit.jobs import wait_off_the_ui_thread
from bragdoc.ui.kit.page import Page
from bragdoc.ui.kit.theme import set_tone
from bragdoc.ui.kit.undo import perform
from bragdoc.ui.kit.views import chain_tab_order

if TYPE_CHECKING:  # the inbox service pulls in SQLModel: imported on first use instead
    from bragdoc.domain.records import WinDraft
    from bragdoc.importers.suggestion import Suggestion
    from bragdoc.services.inbox import InboxItem
    from bragdoc.ui.inbox.suggestion_dialog import SuggestionDialog
    from bragdoc.ui.kit.win_dialog import WinDialog


@dataclass(frozen=True)
class _Snapshot:
    items: list[InboxItem]
    projects: list[str]
    tags: list[str]


class InboxPage(Page):
    key = "inbox"
    title = "Inbox"
    failure_text = "Could not read the inbox"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.dialog: WinDialog | None = None
        self.other_dialog: SuggestionDialog | None = None
        self._projects: list[str] = []
        self._tags: list[str] = []
        self._select_row: int | None = None
        self._select_id: str | None = None

        self.import_panel = ImportPanel(ctx)
        self.import_box = self.import_panel
        panel = self.import_panel
        self.git_authors, self.git_since = panel.git_authors, panel.git_since
        self.since_error, self.import_status = panel.since_error, panel.status
        self.import_git_button, self.cancel_button = panel.import_git_button, panel.cancel_button
        self.import_markdown_button = panel.import_markdown_button
        self.import_csv_button = panel.import_csv_button
        self.import_finished = panel.finished

        # --- the suggestions -----------------------------------------------------------
        self.summary = QLabel(objectName="inbox_summary")
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.summary.setFont(font)
        self.hint = QLabel("Enter accepts · Del rejects · Ctrl+A selects all",
                           objectName="inbox_hint")
        set_tone(self.hint, "muted")
        self.error = error_label("inbox_error")

        self.model = InboxTableModel(self)
        self.view = QTableView(objectName="inbox_view")
        self.view.setAccessibleName("Suggestions waiting in the inbox")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setTabKeyNavigation(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((Column.DATE, 95), (Column.SOURCE, 115), (Column.COMMITS, 75),
                              (Column.METRICS, 200), (Column.KIND, 115)):
            self.view.setColumnWidth(column, width)

        self.accept_button = QPushButton("&Accept", objectName="accept_selected")
        self.accept_button.setToolTip("Enter — the selected suggestions go into your record "
                                      "(projects first, so their wins join them)")
        self.edit_button = QPushButton("Edi&t and accept…", objectName="edit_accept")
        self.edit_button.setToolTip("Change the suggestion before it goes into the log")
        self.merge_button = QPushButton("&Merge", objectName="merge_selected")
        self.merge_button.setToolTip("Fold the selected suggestions into the first one")
        self.reject_button = QPushButton("Re&ject", objectName="reject_selected")
        self.reject_button.setToolTip("Del — set the selected suggestions aside for good")
        decisions = QHBoxLayout()
        for button in (self.accept_button, self.edit_button, self.merge_button,
                       self.reject_button):
            decisions.addWidget(button)
        decisions.addStretch(1)
        decisions.addWidget(self.hint)

        top = QHBoxLayout()
        top.addWidget(self.summary)
        top.addStretch(1)
        layout = self.page_layout
        layout.addWidget(self.import_box)
        layout.addWidget(self.error)
        layout.addLayout(top)
        layout.addWidget(self.view, stretch=1)
        layout.addLayout(decisions)

        # --- wiring --------------------------------------------------------------------
        panel.suggested.connect(self._suggested)
        panel.failed.connect(lambda text: show_error(self.error, text))
        for button in (self.import_git_button, self.import_markdown_button,
                       self.import_csv_button):
            button.clicked.connect(lambda: show_error(self.error, None))
        self.accept_button.clicked.connect(self.accept_selected)
        self.edit_button.clicked.connect(self.edit_and_accept)
        self.merge_button.clicked.connect(self.merge_selected)
        self.reject_button.clicked.connect(self.reject_selected)
        self.view.doubleClicked.connect(lambda _index: self.edit_and_accept())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        EnterKey(self.view, self.accept_selected)
        DeleteKey(self.view, self.reject_selected)

        order = [self.git_authors, self.git_since, self.import_git_button, self.cancel_button,
                 self.import_markdown_button, self.import_csv_button, self.view,
                 self.accept_button, self.edit_button, self.merge_button, self.reject_button]
        chain_tab_order(*order)

        self.watch(ctx.signals.inbox_changed, ctx.signals.wins_changed,
                   ctx.signals.projects_changed)
        self._update_buttons()

    # --- loading ---------------------------------------------------------------------

    def read_snapshot(self, _request: None) -> _Snapshot:
        queries = self.ctx.services.queries
        return _Snapshot(self.ctx.services.inbox.pending(),
                         [*queries.project_names().values()], queries.tags())

    def show_snapshot(self, snapshot: _Snapshot) -> None:
        """Show the pending suggestions, keeping the selection, or the row position after
        a decision took rows away."""
        keep = {item.id for item in self.selected_items()}
        current = self.model.item_at(self.view.currentIndex())
        items = snapshot.items
        self._projects, self._tags = snapshot.projects, snapshot.tags
        self.model.set_items(items)
        self._restore_selection(keep, current.id if current is not None else None)
        self.summary.setText(waiting_text(items))
        # A brag document has no commits: the title gets the room instead.
        self.view.setColumnHidden(Column.COMMITS, not any(i.commit_hashes for i in items))
        self._update_buttons()

    def _suggested(self, first_id: str | None) -> None:
        self._select_id = first_id
        self.ctx.signals.inbox_changed.emit()
        self.view.setFocus()

    def _restore_selection(self, keep: set[str], current_id: str | None) -> None:
        selection = self.view.selectionModel()
        rows = [self.model.row_of(i) for i in keep]
        rows = [r for r in rows if r >= 0]
        if self._select_id is not None:
            rows = [r for r in [self.model.row_of(self._select_id)] if r >= 0]
            current_id = self._select_id
        elif not rows and self._select_row is not None and self.model.rowCount():
            rows = [min(self._select_row, self.model.rowCount() - 1)]
        self._select_id = self._select_row = None
        if not rows:
            return
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        selection.clearSelection()
        for row in rows:
            selection.select(self.model.index(row, 0), flags)
        current_row = self.model.row_of(current_id) if current_id else -1
        current_row = current_row if current_row in rows else rows[0]
        selection.setCurrentIndex(self.model.index(current_row, 0),
                                  QItemSelectionModel.SelectionFlag.NoUpdate)
        self.view.scrollTo(self.model.index(current_row, 0))

    def _update_buttons(self) -> None:
        count = len(self.view.selectionModel().selectedRows())
        self.accept_button.setEnabled(count >= 1)
        self.reject_button.setEnabled(count >= 1)
        self.edit_button.setEnabled(count == 1)
        self.merge_button.setEnabled(count >= 2)

    # --- selection -------------------------------------------------------------------

    def selected_items(self) -> list[InboxItem]:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        found = [self.model.item_at(self.model.index(row, 0)) for row in rows]
        return [item for item in found if item is not None]

    def _after_decision(self, items: list[InboxItem]) -> None:
        """Put the cursor where the first decided row was, so Enter/Del walk the list."""
        rows = [self.model.row_of(item.id) for item in items]
        self._select_row = min((r for r in rows if r >= 0), default=0)

    # --- decisions -------------------------------------------------------------------

    def accept_selected(self) -> None:
        items = self.selected_items()
        if not items:
            return
        show_error(self.error, None)
        try:
            inbox, ids = self.ctx.services.inbox, [item.id for item in items]
            wins = wait_off_the_ui_thread(lambda: inbox.accept(ids))
        except UserError as exc:
            show_error(self.error, describe(exc, "Not accepted"))
            return
        self._after_decision(items)
        self._announce_wins()
        self.import_status.setText(accepted_text([i.suggestion.kind for i in items], len(wins)))

    def reject_selected(self) -> None:
        items = self.selected_items()
        if not items:
            return
        show_error(self.error, None)
        self._after_decision(items)
        try:
            perform(self.ctx, RejectSuggestions(self.ctx, [item.id for item in items]))
        except UserError as exc:
            self._select_row = None
            show_error(self.error, describe(exc, "Not rejected"))
            return
        self.import_status.setText(f"{len(items)} suggestion{'s' if len(items) != 1 else ''} "
                                   "set aside; they will not be suggested again "
                                   "(Ctrl+Z brings them back)")

    def merge_selected(self) -> None:
        items = self.selected_items()
        if len(items) < 2:
            return
        show_error(self.error, None)
        try:
            inbox, ids = self.ctx.services.inbox, [item.id for item in items]
            combined = wait_off_the_ui_thread(lambda: inbox.merge(ids))
        except UserError as exc:
            show_error(self.error, describe(exc, "Not merged"))
            return
        self._select_id = combined.id
        self.ctx.signals.inbox_changed.emit()
        self.import_status.setText(f"{len(items)} suggestions merged into "
                                   f"“{combined.suggestion.title}”")
        self.view.setFocus()

    def edit_and_accept(self) -> WinDialog | SuggestionDialog | None:
        items = self.selected_items()
        if len(items) != 1:
            return None
        item = items[0]
        if item.suggestion.kind != "win":
            from bragdoc.ui.inbox.suggestion_dialog import edit_and_accept

            def accepted(suggestion: Suggestion) -> None:
                self._after_decision([item])
                self._announce_wins()
                self.import_status.setText(f"“{suggestion.title}” accepted")
                self.view.setFocus()

            self.other_dialog = edit_and_accept(self.ctx.services.inbox, item, accepted, self)
            return self.other_dialog
        from bragdoc.services.inbox import draft_from
        from bragdoc.ui.kit.win_dialog import WinDialog

        def save(draft: WinDraft) -> None:
            if draft.date == item.suggestion.date:  # untouched: still only a year or month
                draft.date_precision = item.suggestion.date_precision
            # A UserError raised here is shown by the dialog, next to its fields.
            inbox = self.ctx.services.inbox
            wait_off_the_ui_thread(lambda: inbox.accept([item.id], edits={item.id: draft}))
            self._after_decision([item])
            self._announce_wins()
            self.import_status.setText(f"“{draft.title}” added to the log")
            self.view.setFocus()

        dialog = WinDialog(save, projects=self._projects, known_tags=self._tags,
                           draft=draft_from(item.suggestion), parent=self)
        dialog.setWindowTitle("Edit, then accept into the log")
        self.dialog = dialog
        dialog.open()
        return dialog

    def _announce_wins(self) -> None:
        # The log and charts refresh on these, and so does this page.
        self.ctx.signals.inbox_changed.emit()
        self.ctx.signals.projects_changed.emit()
        self.ctx.signals.wins_changed.emit()
