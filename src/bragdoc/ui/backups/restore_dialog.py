"""File ▸ Restore from backup: every backup with its date, reason, size, record counts and
check result; a preview of the one selected (its counts and newest wins); Restore, which
asks once and then replaces the data (what is there now is backed up first); and Back up
now.

A restore runs on a worker thread. Afterwards every page reloads (the change signals are
sent) and the undo history is cleared: it describes changes to data that is gone.
"""

from __future__ import annotations

import html
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import UserError
from bragdoc.services.backup_preview import NewestWin, newest_wins
from bragdoc.services.backups import BackupInfo
from bragdoc.ui.backups.schedule import BackupSchedule
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.enter_key import EnterKey
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.field_errors import error_label, show_error
from bragdoc.ui.kit.jobs import run_in_background
from bragdoc.ui.kit.rows import RowTable
from bragdoc.ui.kit.theme import current
from bragdoc.ui.kit.typed_drafts import when
from bragdoc.ui.kit.views import chain_tab_order

_ModelIndex = QModelIndex | QPersistentModelIndex

INFO_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's BackupInfo."""

REASONS = {
    "manual": "You asked",
    "scheduled": "While you worked",
    "close": "On closing",
    "upgrade": "Before an upgrade",
    "import": "Before an import",
    "restore": "Before a restore",
    "bulk-delete": "Before a bulk delete",
}


class Column(IntEnum):
    TAKEN = 0
    REASON = 1
    WINS = 2
    PROJECTS = 3
    SIZE = 4
    CHECK = 5


HEADERS = {
    Column.TAKEN: "Taken",
    Column.REASON: "Why",
    Column.WINS: "Wins",
    Column.PROJECTS: "Projects",
    Column.SIZE: "Size",
    Column.CHECK: "Check",
}


def taken_text(info: BackupInfo) -> str:
    """'Thu 5 Nov 2026, 09:12'."""
    moment = info.taken_at
    return f"{moment:%a} {moment.day} {moment:%b %Y, %H:%M}"


class BackupTableModel(RowTable[BackupInfo]):
    """The backups, newest first, as handed over by BackupService.backups()."""

    HEADERS = tuple(HEADERS[column] for column in Column)

    def row_of(self, info: BackupInfo) -> int:
        return next((row for row, candidate in enumerate(self._rows)
                     if candidate.path == info.path), -1)

    def cell(self, info: BackupInfo, column_number: int, role: int) -> Any:
        column = Column(column_number)
        if role == INFO_ROLE:
            return info
        if role == Qt.ItemDataRole.DisplayRole:
            if column is Column.TAKEN:
                return taken_text(info)
            if column is Column.REASON:
                return REASONS.get(info.reason, info.reason)
            if column is Column.WINS:
                return str(info.counts.get("wins", 0))
            if column is Column.PROJECTS:
                return str(info.counts.get("projects", 0))
            if column is Column.SIZE:
                return info.size_text()
            return "✓ good" if info.check == "ok" else "⚠ damaged"
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is Column.CHECK and info.check != "ok":
                return f"The check found: {info.check}"
            return str(info.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
                Column.WINS, Column.PROJECTS, Column.SIZE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RestoreDialog(QDialog):
    loaded = Signal()
    """Emitted each time the list of backups has been read."""

    def __init__(self, ctx: UiContext, schedule: BackupSchedule,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.schedule = schedule
        self.service = schedule.service
        self.busy = False
        self.confirm: QMessageBox | None = None
        self.setWindowTitle("Restore from backup")
        self.setMinimumSize(860, 520)

        intro = QLabel(
            "bragdoc backs up your data every half hour while something changed, when you "
            "close it, and before upgrades, imports and restores. Backups are kept in "
            f"<a href='{self.service.folder.as_uri()}'>{html.escape(str(self.service.folder))}"
            "</a>. Restoring one replaces what bragdoc shows now; what is there now is "
            "backed up first, so a restore can itself be undone by restoring that backup.",
            objectName="intro")
        intro.setWordWrap(True)
        intro.setOpenExternalLinks(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)

        self.model = BackupTableModel(self)
        self.view = QTableView(objectName="backup_list")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.REASON, QHeaderView.ResizeMode.Stretch)
        list_label = QLabel("&Backups, newest first")
        list_label.setBuddy(self.view)

        self.preview = QLabel(objectName="preview")
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setWordWrap(True)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview.setMinimumWidth(300)
        self.preview.setMaximumWidth(340)
        self.preview.setStyleSheet("QLabel#preview { background: palette(base); "
                                   "border: 1px solid palette(mid); padding: 8px; }")
        self._newest: dict[str, list[NewestWin] | str] = {}

        self.status = QLabel(objectName="status")
        self.status.setWordWrap(True)
        self.status.hide()
        self.error = error_label("restore_error")

        self.backup_button = QPushButton("Back &up now", objectName="backup_now")
        self.backup_button.setToolTip("Take a backup of what bragdoc holds now")
        self.restore_button = QPushButton("&Restore…", objectName="restore")
        self.restore_button.setToolTip("Replace the data with the selected backup "
                                       "(you are asked once)")
        self.restore_button.setEnabled(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.ask_restore)

        middle = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(list_label)
        left.addWidget(self.view, stretch=1)
        middle.addLayout(left, stretch=1)
        right = QVBoxLayout()
        right.addWidget(QLabel("Preview"))
        right.addWidget(self.preview, stretch=1)
        middle.addLayout(right)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(middle, stretch=1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        chain_tab_order(self.view, self.backup_button, self.restore_button, self.buttons)
        # Restore… is shown as the default because Enter on the list asks to restore the
        # selected backup (set here: a button becomes its dialog's default only once it is
        # in the dialog). Enter on a button with focus presses that button instead.
        self.restore_button.setDefault(True)

        self.view.selectionModel().currentRowChanged.connect(self._selected)
        # Enter on a backup asks whether to restore it, and only that: the key goes no
        # further, so no button of the dialog fires with it.
        EnterKey(self.view, self.ask_restore)
        self.view.doubleClicked.connect(lambda _index: self.ask_restore())
        self.reload()
        self.view.setFocus()

    # --- the list and the preview -----------------------------------------------------

    def reload(self, select: BackupInfo | None = None) -> None:
        """Read the list of backups again (on a worker: each one is looked into)."""
        self._set_busy(True)

        def listed(backups: list[BackupInfo]) -> None:
            self._set_busy(False)
            self.model.set_rows(backups)
            row = self.model.row_of(select) if select is not None else 0
            if self.model.rowCount():
                self.view.selectRow(max(row, 0))
            else:
                self.preview.setText("<i>No backups yet. “Back up now” takes the first.</i>")
            self.loaded.emit()

        run_in_background(self.service.backups, listed, self._failed, parent=self)

    def selected(self) -> BackupInfo | None:
        return self.model.record_at(self.view.currentIndex().row())

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        info = self.model.record_at(current.row())
        self.restore_button.setEnabled(info is not None and not self.busy)
        self._show_preview(info)
        if info is not None and str(info.path) not in self._newest:
            key = str(info.path)

            def read(wins: list[NewestWin]) -> None:
                self._newest[key] = wins
                if self.selected() is info:
                    self._show_preview(info)

            def unreadable(exc: Exception) -> None:
                self._newest[key] = str(exc) if isinstance(exc, UserError) else "unreadable"
                if self.selected() is info:
                    self._show_preview(info)

            run_in_background(lambda: newest_wins(info.path), read, unreadable, parent=self)

    def _show_preview(self, info: BackupInfo | None) -> None:
        if info is None:
            self.preview.setText("")
            return
        parts = [f"<b>{html.escape(taken_text(info))}</b>",
                 html.escape(REASONS.get(info.reason, info.reason)),
                 html.escape(info.counts_text()) + f" · {info.size_text()}"]
        if info.check == "ok":
            parts.append(f"<span style='color:{current().success}'>✓ Passed its check</span>")
        else:
            parts.append(f"<span style='color:{current().error}'>⚠ Failed its check: "
                         f"{html.escape(info.check)}</span>")
        newest = self._newest.get(str(info.path))
        if newest is None:
            parts.append("<i>Reading its newest wins…</i>")
        elif isinstance(newest, str):
            parts.append(f"<i>Its wins cannot be read: {html.escape(newest)}</i>")
        elif not newest:
            parts.append("<i>It holds no wins.</i>")
        else:
            items = "".join(
                f"<li>{w.date.isoformat() if w.date else '—'} · {html.escape(w.title)}</li>"
                for w in newest)
            parts.append(f"Newest wins:<ul style='margin-left:-20px'>{items}</ul>")
        self.preview.setText("<br>".join(parts[:4]) + "<br><br>" + "".join(parts[4:]))

    # --- back up ----------------------------------------------------------------------

    def back_up_now(self) -> None:
        if self.busy:
            return
        self._set_busy(True)
        self._say("Backing up…")

        def done(info: BackupInfo | None) -> None:
            self._set_busy(False)
            if info is not None:
                self._say(f"Backed up {when(info.taken_at)}: {info.counts_text()}.")
                self.reload(select=info)

        if not self.schedule.backup_now(done, self._failed):
            self._set_busy(False)
            self._say("A backup is being taken already; try again in a moment.")

    # --- restore ----------------------------------------------------------------------

    def ask_restore(self) -> QMessageBox | None:
        info = self.selected()
        if info is None or self.busy:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, "Restore this backup?",
                          f"Replace everything bragdoc holds now with the backup from "
                          f"{taken_text(info)} ({info.counts_text()})?",
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirm_restore")
        box.setInformativeText("What is there now is backed up first, so you can go back "
                               "to it from this list. The undo history is cleared.")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda button: self.restore(info) if button is restore
                                  else None)
        self.confirm = box
        box.open()
        return box

    def restore(self, info: BackupInfo) -> None:
        """Replace the data with `info` (on a worker), then make every page reload."""
        self._set_busy(True)
        self._say(f"Restoring the backup from {taken_text(info)}…")

        def done(before: BackupInfo) -> None:
            self._set_busy(False)
            announce_restore(self.ctx)
            self.schedule.taken(before)
            self._say(f"Restored the backup from {taken_text(info)}. What was there before "
                      f"is kept as the backup from {taken_text(before)}.")
            self.reload(select=before)

        run_in_background(lambda: self.service.restore(info.path), done, self._failed,
                          parent=self)

    # --- state ------------------------------------------------------------------------

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.status.hide()
        message = describe(exc, "Nothing was changed")
        show_error(self.error, message)

    def _say(self, text: str) -> None:
        show_error(self.error, None)
        self.status.setText(text)
        self.status.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.backup_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy and self.selected() is not None)


def announce_restore(ctx: UiContext) -> None:
    """Everything changed: the undo history no longer fits, and every page reloads."""
    ctx.undo_stack.clear()
    for signal in (ctx.signals.wins_changed, ctx.signals.projects_changed,
                   ctx.signals.people_changed, ctx.signals.profile_changed):
        signal.emit()


class DamagedDatabaseDialog(QDialog):
    """At start, when the database failed its check and was moved aside: say what
    happened and offer the newest good backup, an empty database, or quitting.

    `choice` is RESTORE, EMPTY or QUIT once the dialog is done (QUIT if simply closed).
    """

    RESTORE = "restore"
    EMPTY = "empty"
    QUIT = "quit"

    def __init__(self, path: Path, moved_to: Path, backup: Path | None,
                 backup_summary: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = self.QUIT
        self.setWindowTitle("bragdoc: the database is damaged")
        self.setMinimumWidth(560)
        what = QLabel(
            f"<p><b>{html.escape(path.name)} failed its check when bragdoc opened it.</b></p>"
            f"<p>So that nothing more is lost, the damaged file was moved aside, unchanged, "
            f"to:<br><code>{html.escape(str(moved_to))}</code><br>It is kept there; bragdoc "
            "never deletes or overwrites it.</p>", objectName="what_happened")
        what.setWordWrap(True)
        what.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if backup is not None:
            advice = QLabel("Restoring the newest backup that passes its check brings back "
                            "everything up to when it was taken.")
        else:
            advice = QLabel("There is no backup that passes its check. You can start with an "
                            "empty database, or quit and look at the damaged file first.")
        advice.setObjectName("advice")
        advice.setWordWrap(True)

        self.restore_button = QPushButton(
            f"&Restore newest backup{f' ({backup_summary})' if backup_summary else ''}",
            objectName="restore_newest")
        self.restore_button.setVisible(backup is not None)
        self.empty_button = QPushButton("Start with an &empty database",
                                        objectName="start_empty")
        self.quit_button = QPushButton("&Quit", objectName="quit")
        self.restore_button.clicked.connect(lambda: self._choose(self.RESTORE))
        self.empty_button.clicked.connect(lambda: self._choose(self.EMPTY))
        self.quit_button.clicked.connect(lambda: self._choose(self.QUIT))
        # One choice a line: the restore button names the backup, which makes it long.
        buttons = QVBoxLayout()
        for button in (self.restore_button, self.empty_button, self.quit_button):
            button.setStyleSheet("text-align: left; padding: 4px 10px;")
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(advice)
        layout.addLayout(buttons)
        default = self.restore_button if backup is not None else self.quit_button
        default.setDefault(True)
        default.setFocus()
        chain_tab_order(self.restore_button, self.empty_button, self.quit_button)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        if choice == self.QUIT:
            self.reject()
        else:
            self.accept()
