"""The Inbox page: suggestions from git history, brag documents and spreadsheets wait here
until the user decides. Nothing enters the log but through Accept.

Enter accepts the selected suggestions, Del rejects them, "Edit and accept…" opens the win
form filled from one suggestion, Merge folds several into the first; Ctrl+A selects all.
The git scan runs on a worker thread: its progress comes back through a queued signal and
Cancel raises a flag the scan checks between chunks. A spreadsheet goes straight into the
log (as `bragdoc import FILE.csv` does): its rows are already wins the user wrote.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import InvalidInput, UserError
from bragdoc.domain.periods import parse_day
from bragdoc.ui.inbox.table import Column, InboxTableModel, accepted_text, waiting_text
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.delete_key import DeleteKey
from bragdoc.ui.kit.field_errors import error_label, show_error
from bragdoc.ui.kit.jobs import run_in_background
from bragdoc.ui.kit.undo import Command, perform
from bragdoc.ui.kit.views import chain_tab_order

if TYPE_CHECKING:  # the inbox service pulls in SQLModel: imported on first use instead
    from bragdoc.domain.records import WinDraft
    from bragdoc.importers.git_history import Progress
    from bragdoc.importers.suggestion import Suggestion
    from bragdoc.services.inbox import GitImportReport, InboxItem, InboxService
    from bragdoc.ui.inbox.suggestion_dialog import SuggestionDialog
    from bragdoc.ui.log.win_dialog import WinDialog


class _EnterKey(QObject):
    """Gives Enter/Return on the table to `on_enter` (accept), ahead of item activation."""

    def __init__(self, view: QWidget, on_enter: Any) -> None:
        super().__init__(view)
        self.on_enter = on_enter
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        event.accept()
        self.on_enter()
        return True


class _ProgressRelay(QObject):
    """Carries the scan's progress from the worker thread to the page (queued)."""

    progress = Signal(object)


def split_emails(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text) if part]


class InboxPage(QWidget):
    key = "inbox"
    title = "Inbox"

    loaded = Signal()
    """Emitted each time the table has been refreshed from the database."""
    import_finished = Signal()
    """Emitted when a background git import has ended, however it ended."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings or ctx.settings
        self.dialog: WinDialog | None = None
        self.other_dialog: SuggestionDialog | None = None
        self._inbox: InboxService | None = None
        self._cancel: threading.Event | None = None
        self._relay: _ProgressRelay | None = None
        self._select_row: int | None = None
        self._select_id: str | None = None

        # --- bringing work in ----------------------------------------------------------
        self.git_authors = QLineEdit(objectName="git_authors")
        self.git_authors.setPlaceholderText("you@work.com, you@home.org — empty: every author")
        self.git_authors.setText(str(self.settings.value("inbox/git_authors", "")))
        self.git_since = QLineEdit(objectName="git_since")
        self.git_since.setPlaceholderText("2024-01-01")
        self.git_since.setToolTip("Only commits from this day on (a date, or words such as "
                                  "“this year”); empty: the whole history")
        self.git_since.setMaximumWidth(190)
        self.since_error = error_label("since_error")
        self.import_git_button = QPushButton("Import from g&it…", objectName="import_git")
        self.import_git_button.setToolTip(
            "Choose a repository, or a folder holding several, and scan your commits")
        self.cancel_button = QPushButton("&Cancel import", objectName="cancel_import")
        self.cancel_button.hide()
        self.import_markdown_button = QPushButton("Import brag &document…",
                                                  objectName="import_markdown")
        self.import_markdown_button.setToolTip(
            "Read a Markdown brag document: its projects, goals and wins become suggestions "
            "to review")
        self.import_csv_button = QPushButton("Import &spreadsheet…", objectName="import_csv")
        self.import_csv_button.setToolTip(
            "Add the rows of a .csv file straight to the log (date, title, details, …)")
        self.import_status = QLabel(objectName="import_status")
        self.import_status.setWordWrap(True)
        self.import_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        authors_label = QLabel("Author &emails")
        authors_label.setBuddy(self.git_authors)
        since_label = QLabel("Si&nce")
        since_label.setBuddy(self.git_since)
        git_row = QHBoxLayout()
        git_row.addWidget(authors_label)
        git_row.addWidget(self.git_authors, stretch=1)
        git_row.addWidget(since_label)
        git_row.addWidget(self.git_since)
        git_row.addWidget(self.import_git_button)
        files_row = QHBoxLayout()
        files_row.addWidget(self.import_status, stretch=1)
        files_row.addWidget(self.cancel_button)
        files_row.addWidget(self.import_markdown_button)
        files_row.addWidget(self.import_csv_button)
        self.import_box = QGroupBox("Bring in past work")
        box_layout = QVBoxLayout(self.import_box)
        box_layout.addLayout(git_row)
        box_layout.addWidget(self.since_error)
        box_layout.addLayout(files_row)

        # --- the suggestions -----------------------------------------------------------
        self.summary = QLabel(objectName="inbox_summary")
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.summary.setFont(font)
        self.hint = QLabel("Enter accepts · Del rejects · Ctrl+A selects all",
                           objectName="inbox_hint")
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.error = error_label("inbox_error")

        self.model = InboxTableModel(self)
        self.view = QTableView(objectName="inbox_view")
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
                              (Column.METRICS, 230), (Column.KIND, 115)):
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.import_box)
        layout.addWidget(self.error)
        layout.addLayout(top)
        layout.addWidget(self.view, stretch=1)
        layout.addLayout(decisions)

        # --- wiring --------------------------------------------------------------------
        self.import_git_button.clicked.connect(self.import_git)
        self.cancel_button.clicked.connect(self.cancel_import)
        self.import_markdown_button.clicked.connect(self.import_markdown)
        self.import_csv_button.clicked.connect(self.import_csv)
        self.accept_button.clicked.connect(self.accept_selected)
        self.edit_button.clicked.connect(self.edit_and_accept)
        self.merge_button.clicked.connect(self.merge_selected)
        self.reject_button.clicked.connect(self.reject_selected)
        self.view.doubleClicked.connect(lambda _index: self.edit_and_accept())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        _EnterKey(self.view, self.accept_selected)
        DeleteKey(self.view, self.reject_selected)

        order = [self.git_authors, self.git_since, self.import_git_button, self.cancel_button,
                 self.import_markdown_button, self.import_csv_button, self.view,
                 self.accept_button, self.edit_button, self.merge_button, self.reject_button]
        chain_tab_order(*order)

        ctx.signals.wins_changed.connect(self._refresh_if_loaded)
        self._loaded_once = False
        self._update_buttons()

    # --- loading ---------------------------------------------------------------------

    @property
    def inbox(self) -> InboxService:
        if self._inbox is None:
            from bragdoc.services.inbox import InboxService

            self._inbox = InboxService(self.ctx.services.db)
        return self._inbox

    def _refresh_if_loaded(self) -> None:
        if self._loaded_once:
            self.refresh()

    def refresh(self) -> None:
        """Reload the pending suggestions (a few hundred at most: read directly), keeping
        the selection, or the row position after a decision took rows away."""
        self._loaded_once = True
        keep = {item.id for item in self.selected_items()}
        current = self.model.item_at(self.view.currentIndex())
        try:
            items = self.inbox.pending()
        except UserError as exc:
            show_error(self.error, f"Could not read the inbox: {exc}")
            self.loaded.emit()
            return
        self.model.set_items(items)
        self._restore_selection(keep, current.id if current is not None else None)
        self.summary.setText(waiting_text(items))
        self._update_buttons()
        self.loaded.emit()

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
            wins = self.inbox.accept([item.id for item in items])
        except UserError as exc:
            show_error(self.error, f"Not accepted: {exc}")
            return
        self._after_decision(items)
        self._announce_wins()
        self.import_status.setText(accepted_text([i.suggestion.kind for i in items], len(wins)))

    def reject_selected(self) -> None:
        items = self.selected_items()
        if not items:
            return
        show_error(self.error, None)
        try:
            perform(self.ctx, RejectSuggestions(self, [item.id for item in items]))
        except UserError as exc:
            show_error(self.error, f"Not rejected: {exc}")
            return
        self._after_decision(items)
        self.refresh()
        self.import_status.setText(f"{len(items)} suggestion{'s' if len(items) != 1 else ''} "
                                   "set aside; they will not be suggested again "
                                   "(Ctrl+Z brings them back)")

    def merge_selected(self) -> None:
        items = self.selected_items()
        if len(items) < 2:
            return
        show_error(self.error, None)
        try:
            combined = self.inbox.merge([item.id for item in items])
        except UserError as exc:
            show_error(self.error, f"Not merged: {exc}")
            return
        self._select_id = combined.id
        self.refresh()
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

            self.other_dialog = edit_and_accept(self.inbox, item, accepted, self)
            return self.other_dialog
        from bragdoc.services.inbox import draft_from
        from bragdoc.ui.log.win_dialog import WinDialog

        def save(draft: WinDraft) -> None:
            if draft.date == item.suggestion.date:  # untouched: still only a year or month
                draft.date_precision = item.suggestion.date_precision
            self.inbox.accept([item.id], edits={item.id: draft})  # UserError: dialog shows it
            self._after_decision([item])
            self._announce_wins()
            self.import_status.setText(f"“{draft.title}” added to the log")
            self.view.setFocus()

        dialog = WinDialog(save, projects=[p.name for p in self.ctx.services.queries.projects()],
                           known_tags=self.ctx.services.queries.tags(),
                           draft=draft_from(item.suggestion), parent=self)
        dialog.setWindowTitle("Edit, then accept into the log")
        self.dialog = dialog
        dialog.open()
        return dialog

    def _announce_wins(self) -> None:
        # The win page and charts refresh on these; this page refreshes on wins_changed.
        self.ctx.signals.projects_changed.emit()
        self.ctx.signals.wins_changed.emit()
        if not self._loaded_once:
            self.refresh()

    # --- importing -------------------------------------------------------------------

    def _folder(self) -> str:
        return str(self.settings.value("inbox/last_folder", str(Path.home())))

    def _remember_folder(self, path: Path) -> None:
        self.settings.setValue("inbox/last_folder", str(path))

    def _since(self) -> tuple[bool, dt.date | None]:
        text = self.git_since.text().strip()
        if not text:
            show_error(self.since_error, None)
            return True, None
        try:
            day = parse_day(text, dt.date.today(), what="since date")
        except InvalidInput as exc:
            show_error(self.since_error, str(exc))
            return False, None
        show_error(self.since_error, None)
        return True, day

    def import_git(self) -> None:
        """Ask for a repository (or a folder of them) and scan it on a worker thread."""
        if self._cancel is not None:
            return  # one scan at a time
        show_error(self.error, None)
        ok, since = self._since()
        if not ok:
            self.git_since.setFocus()
            return
        chosen = QFileDialog.getExistingDirectory(
            self, "Choose a git repository or a folder of repositories", self._folder())
        if not chosen:
            return
        folder = Path(chosen)
        self._remember_folder(folder.parent if folder.parent != folder else folder)
        authors = split_emails(self.git_authors.text())
        self.settings.setValue("inbox/git_authors", ", ".join(authors))
        inbox = self.inbox  # created here, on the UI thread
        cancel = threading.Event()
        relay = _ProgressRelay()  # no parent: it lives as long as the job needs it
        relay.progress.connect(self._show_progress)
        self._cancel, self._relay = cancel, relay

        def work() -> GitImportReport:
            return inbox.import_git([folder], authors=authors, since=since,
                                    progress=relay.progress.emit, cancelled=cancel.is_set)

        self._set_running(True)
        self.import_status.setText(f"Looking for repositories in {folder}…")
        run_in_background(work, self._git_done, self._git_failed, self)

    def cancel_import(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.import_status.setText("Stopping the scan…")

    @property
    def importing(self) -> bool:
        return self._cancel is not None

    def _set_running(self, running: bool) -> None:
        self.import_git_button.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        if running:
            self.cancel_button.setFocus()

    def _show_progress(self, progress: Progress) -> None:
        if self._cancel is None or self._cancel.is_set():
            return  # a late report from a scan that has ended or is stopping
        if progress.repos_done >= progress.repos_total:
            self.import_status.setText("Grouping commits into suggestions…")
            return
        self.import_status.setText(
            f"Reading {progress.repo.name} (repository {progress.repos_done + 1} of "
            f"{progress.repos_total}): {progress.commits_read:,} commits so far")

    def _finish(self) -> None:
        if self._relay is not None:
            self._relay.deleteLater()
        self._cancel = self._relay = None
        self._set_running(False)
        self.import_git_button.setFocus()
        self.import_finished.emit()

    def _git_done(self, report: GitImportReport) -> None:
        self._finish()
        text = report.summary()
        if report.warnings:
            text += "\n" + "\n".join(f"Note: {w}" for w in report.warnings[:5])
        self.import_status.setText(text)
        if report.added:
            self._select_id = report.added[0].id
        self.refresh()

    def _git_failed(self, exc: Exception) -> None:
        from bragdoc.importers.git_history import ImportCancelled

        self._finish()
        if isinstance(exc, ImportCancelled):
            self.import_status.setText("Import cancelled — nothing was added to the inbox.")
        elif isinstance(exc, UserError):
            self.import_status.clear()
            show_error(self.error, f"Git import failed: {exc}")
        else:
            self.import_status.clear()
            show_error(self.error, f"Git import failed unexpectedly: {exc}")

    def _pick_file(self, title: str, filters: str) -> Path | None:
        """Ask for a file to import (from the last folder used); clears the old error."""
        chosen, _ = QFileDialog.getOpenFileName(self, title, self._folder(), filters)
        if not chosen:
            return None
        path = Path(chosen)
        self._remember_folder(path.parent)
        show_error(self.error, None)
        return path

    def import_markdown(self) -> None:
        """Add a brag document's bullets to the inbox (the review happens here)."""
        path = self._pick_file("Import a brag document",
                               "Markdown (*.md *.markdown);;All files (*)")
        if path is None:
            return
        try:
            report = self.inbox.import_markdown(path)
        except (UserError, OSError) as exc:
            show_error(self.error, f"Could not import {path.name}: {exc}")
            return
        text = f"{path.name}: {report.summary()} — review them below"
        if report.warnings:
            text += "\n" + "\n".join(f"Note: {w}" for w in report.warnings[:5])
        self.import_status.setText(text)
        if report.added:
            self._select_id = report.added[0].id
        self.refresh()
        self.view.setFocus()

    def import_csv(self) -> None:
        """Add a spreadsheet's rows straight to the log, all or none (as the CLI does)."""
        path = self._pick_file("Import a spreadsheet of wins",
                               "Spreadsheet (*.csv);;All files (*)")
        if path is None:
            return
        from bragdoc.services.csv_transfer import CsvTransferService

        try:
            report = CsvTransferService(self.ctx.services.db).import_file(path)
        except (UserError, OSError) as exc:
            show_error(self.error, f"Nothing imported from {path.name}: {exc}")
            return
        text = f"Imported {path.name} into the log: {report.summary()}"
        if report.warnings:
            text += "\n" + "\n".join(f"Note: {w}" for w in report.warnings[:5])
        self.import_status.setText(text)
        self._announce_wins()


class RejectSuggestions(Command):
    """Reject is undoable: the suggestions go back to pending (their commits stay known)."""

    def __init__(self, page: InboxPage, item_ids: list[str]) -> None:
        count = len(item_ids)
        super().__init__(page.ctx, f"Reject {count} suggestion{'s' if count != 1 else ''}")
        self.page = page
        self.item_ids = item_ids

    def apply(self) -> None:
        self.page.inbox.reject(self.item_ids)
        self.page.refresh()

    def revert(self) -> None:
        self.page.inbox.restore(self.item_ids)
        self.page.refresh()
