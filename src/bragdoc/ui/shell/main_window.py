"""The main window: a shell that wires actions to pages. Pages do the work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.drafts import PROJECT, Draft
from bragdoc.domain.errors import InvalidInput, UserError
from bragdoc.domain.records import WinDraft, WinView
from bragdoc.ui.home.first_run import FirstRunDialog
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.errors import describe, warn
from bragdoc.ui.kit.jobs import run_in_background
from bragdoc.ui.kit.page import Page
from bragdoc.ui.kit.preferences import keeps_running_in_tray
from bragdoc.ui.kit.theme import set_tone
from bragdoc.ui.kit.typed_drafts import DraftNotice, FormAutosave
from bragdoc.ui.kit.undo import perform
from bragdoc.ui.kit.win_undo import AddWin, DeleteWin, EditWin
from bragdoc.ui.projects.drafts import ProjectPageDrafts
from bragdoc.ui.settings.dialog import SettingsDialog
from bragdoc.ui.shell.actions import create_actions
from bragdoc.ui.shell.external_changes import ExternalChanges
from bragdoc.ui.shell.file_menu import FileMenu
from bragdoc.ui.shell.help_menu import HelpMenu
from bragdoc.ui.shell.lazy_page import LazyPage, build_page
from bragdoc.ui.shell.navigation import Navigation
from bragdoc.ui.shell.pages import PAGES
from bragdoc.ui.shell.reminders import ReminderController
from bragdoc.ui.shell.sample_record import SampleLauncher
from bragdoc.ui.shell.tray import Tray
from bragdoc.ui.shell.window_state import WindowState, remember_recent, window_title

if TYPE_CHECKING:
    from bragdoc.services.backups import BackupInfo
    from bragdoc.ui.backups.restore_dialog import RestoreDialog
    from bragdoc.ui.backups.schedule import BackupSchedule
    from bragdoc.ui.kit.win_dialog import WinDialog

FIRST_CHECK_DELAY_MS = 300


class MainWindow(QMainWindow):
    ready = Signal()
    """The page on screen shows the person's newest records (once, at start-up)."""

    def __init__(self, ctx: UiContext, settings: QSettings | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        if settings is not None:
            ctx.settings = settings
        self.settings = ctx.settings
        self.setWindowTitle(window_title(ctx.services.db.path))
        self.window_state = WindowState(self.settings, ctx.services.db.path)
        remember_recent(self.settings, ctx.services.db.path)
        self.resize(1100, 720)

        self.pages: list[QWidget] = [
            LazyPage(ctx, entry) if entry.lazy else build_page(ctx, entry) for entry in PAGES]
        self.by_key: dict[str, Any] = {page.key: page for page in self.pages}  # type: ignore[attr-defined]
        self.home_page = self.by_key["home"]
        self.log_page = self.by_key["log"]
        self.projects_page = self.by_key["projects"]
        self.packet_page = self.by_key["packet"]
        self.packet_page.built.connect(
            lambda page: page.open_record.connect(self.open_record))
        self.by_key["impact"].built.connect(
            lambda page: page.open_record.connect(self.open_record))
        self.nav = Navigation(ctx, [(page.key, page.title)  # type: ignore[attr-defined]
                                    for page in self.pages])
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)

        self.banner = QLabel(objectName="banner")
        self.banner.setWordWrap(True)
        self.banner.setMargin(6)
        set_tone(self.banner, "banner")
        self.banner.hide()
        self.record_outcome = QPushButton("Record outcome…", objectName="record_outcome")
        self.record_outcome.setToolTip("Open the oldest win whose real outcome is due")
        self.record_outcome.hide()
        self._due: list[WinView] = []
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, stretch=1)
        banner_row.addWidget(self.record_outcome)

        # Text typed in a form is kept in draft files until saved; what an earlier
        # session left behind (a crash, a kill) is offered back here.
        self.drafts = ctx.services.drafts
        self.project_drafts = ProjectPageDrafts(self.projects_page, self.drafts)
        self.draft_notice = DraftNotice()
        self.draft_notice.open_button.clicked.connect(self.open_offered_draft)
        self.draft_notice.discard_button.clicked.connect(self.discard_offered_draft)

        body = QWidget()
        right = QVBoxLayout()
        right.addWidget(self.draft_notice)
        right.addLayout(banner_row)
        right.addWidget(self.stack, stretch=1)
        layout = QHBoxLayout(body)
        layout.addWidget(self.nav)
        layout.addLayout(right, stretch=1)
        self.setCentralWidget(body)

        self.shell_actions = create_actions(self, ctx.undo_stack,
                                      [p.title for p in self.pages])  # type: ignore[attr-defined]
        self._build_menus()
        self.shell_actions.new_win.triggered.connect(self.new_win)
        self.shell_actions.edit_win.triggered.connect(self.edit_selected_win)
        self.shell_actions.delete_win.triggered.connect(self.delete_selected_win)
        # Del means "delete the selected win" only on the Log page; other pages bind Del
        # to their own selection.
        self.removeAction(self.shell_actions.delete_win)
        self.shell_actions.delete_win.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.log_page.addAction(self.shell_actions.delete_win)
        self.shell_actions.quit.triggered.connect(self.quit)
        self.shell_actions.settings.triggered.connect(self.open_settings)
        self.record_outcome.clicked.connect(self.record_next_outcome)
        for row, action in enumerate(self.shell_actions.pages):
            action.triggered.connect(lambda _=False, row=row: self.nav.setCurrentRow(row))
        self.log_page.add_button.clicked.connect(self.new_win)
        home = self.home_page
        home.open_page.connect(self.show_page)
        home.log_win.connect(self.new_win)
        home.edit_win.connect(self.edit_win)
        home.record_outcome.connect(self.record_outcome_of)
        home.open_settings.connect(self.open_settings)
        home.set_up.connect(self.set_up)
        self.by_key["review"].built.connect(self._wire_review)
        self.sample = SampleLauncher(self)
        home.try_sample.connect(self.sample.open)
        self.sample.started.connect(lambda path: self.statusBar().showMessage(
            f"The sample record opens in its own window ({path}).", 10_000))
        self.sample.failed.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        self.log_page.edit_requested.connect(self.edit_win)
        self.projects_page.open_record.connect(self.open_record)
        self.by_key["people"].built.connect(
            lambda page: page.open_record.connect(self.open_record))
        self.statusBar().showMessage(f"Database: {ctx.services.db.path}")
        self.last_backup = QLabel(objectName="last_backup")
        self.last_backup.setToolTip("File ▸ Restore from backup lists every backup")
        self.statusBar().addPermanentWidget(self.last_backup)
        self._backup_schedule: BackupSchedule | None = None
        self.shell_actions.backup_now.triggered.connect(self.back_up_now)
        self.shell_actions.restore.triggered.connect(self.open_restore)

        self.tray = Tray(QApplication.windowIcon(), self)
        self.tray.log_win.connect(self.log_win_from_tray)
        self.tray.open_window.connect(self.bring_forward)
        self.tray.review_week.connect(lambda: self.bring_forward("review"))
        self.tray.quit.connect(self.quit)
        self._quitting = False
        self.reminders = ReminderController(ctx, self.banner, self, settings=self.settings,
                                            check_now=False, notify=self.tray.notify)
        self.reminders.follow_ups_due.connect(self._follow_ups_due)
        self.external_changes = ExternalChanges(ctx, self)
        self._awaiting_first_screen = False
        self.background_started = False
        """Reminders, drafts and backups have been started (after the first screenful)."""
        # The remembered page (of this database) loads its data once it is shown.
        self.window_state.restore(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._awaiting_first_screen and not self.background_started:
            self._awaiting_first_screen = True
            self._await_first_screen()

    def _await_first_screen(self) -> None:
        """Start-up shows the person's records first: reminders, drafts left behind,
        backups and warming up the write path all wait until the page on screen has
        shown its first screenful."""
        page = self.stack.currentWidget()
        if isinstance(page, LazyPage):
            page = page.build()
        assert isinstance(page, Page)  # the stack holds pages and stand-ins for pages
        page.loaded.connect(self._first_screen_shown, Qt.ConnectionType.SingleShotConnection)

    def _first_screen_shown(self) -> None:
        self.ready.emit()
        QTimer.singleShot(FIRST_CHECK_DELAY_MS, self, self._start_background_work)

    def _start_background_work(self) -> None:
        self.background_started = True
        self.nav.count_waiting()
        self.reminders.check()
        self.offer_drafts()
        self._start_backups()
        # The write path (SQLModel) is imported off the UI thread, so the first save does
        # not pay for it; then changes made by other programs start to be noticed.
        run_in_background(self.ctx.services.warm_up,
                          lambda _result: self.external_changes.start(),
                          lambda _error: None, self)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.file_menu = FileMenu(self, file_menu)
        file_menu.addAction(self.shell_actions.settings)
        file_menu.addSeparator()
        file_menu.addActions([self.shell_actions.backup_now, self.shell_actions.restore])
        file_menu.addSeparator()
        file_menu.addAction(self.shell_actions.quit)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.shell_actions.undo, self.shell_actions.redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.shell_actions.new_win, self.shell_actions.edit_win,
                              self.shell_actions.delete_win])
        go_menu = bar.addMenu("&Go")
        go_menu.addActions(self.shell_actions.pages)
        self.help_menu = HelpMenu(self, bar.addMenu("&Help"))

    # --- wins --------------------------------------------------------------------------

    def _win_dialog(self, win: WinView | None, typed: dict[str, object] | None = None,
                    *, outcome: bool = False) -> WinDialog:
        # Imported on first use: the dialog is not needed to paint the first window.
        from bragdoc.ui.kit.win_dialog import WinDialog

        def save(draft: WinDraft) -> None:
            command = AddWin(self.ctx, draft) if win is None else EditWin(self.ctx, win, draft)
            perform(self.ctx, command)
            saved = command.added if isinstance(command, AddWin) else win
            if saved is not None and self.current_page_key() == "log":
                self.log_page.select_when_shown(saved.id)

        return WinDialog(
            save,
            projects=[*self.ctx.services.queries.project_names().values()],
            known_tags=self.ctx.services.queries.tags(),
            win=win,
            drafts=self.drafts,
            typed=typed,
            outcome=outcome,
            parent=self,
        )

    def new_win(self) -> WinDialog:
        dialog = self._win_dialog(None)
        dialog.open()
        return dialog

    def edit_win(self, win: WinView) -> WinDialog:
        dialog = self._win_dialog(win)
        dialog.open()
        return dialog

    def edit_selected_win(self) -> None:
        win = self.log_page.selected_win()
        if win is not None:
            self.edit_win(win)

    def delete_selected_win(self) -> None:
        win = self.log_page.selected_win()
        if win is None:
            return
        try:
            perform(self.ctx, DeleteWin(self.ctx, win))
        except UserError as exc:
            warn(self, "Not deleted", exc)
            return
        self.statusBar().showMessage(f"Deleted “{win.title}” — Ctrl+Z brings it back", 8000)

    def _follow_ups_due(self, due: list[WinView]) -> None:
        self._due = list(due)
        self.record_outcome.setVisible(bool(due))

    def record_next_outcome(self) -> WinDialog | None:
        """Open the longest-overdue win on its result, to write the measured outcome
        down; saving it clears the follow-up."""
        if not self._due:
            return None
        return self.record_outcome_of(self._due[0])

    def record_outcome_of(self, win: WinView) -> WinDialog:
        dialog = self._win_dialog(win, outcome=True)
        dialog.open()
        return dialog

    def open_record(self, kind: str, record_id: str) -> QWidget | None:
        """Open a win or project someone pointed at (a coach finding) to fix it."""
        if kind == "win":
            try:
                return self.edit_win(self.ctx.services.queries.win(record_id))
            except InvalidInput:
                return None  # deleted since the coach looked
        if kind == "project":
            self.show_page("projects")
            self.projects_page.open_project(record_id)
            return self.projects_page
        return None

    # --- text kept from an earlier session --------------------------------------------

    def offer_drafts(self) -> None:
        """Offer the drafts an earlier session left (this session has written none yet)."""
        mine = set(self.project_drafts.written)
        self.draft_notice.offer([d for d in self.drafts.pending()
                                 if not (d.kind == PROJECT and d.record in mine)])

    def open_offered_draft(self) -> QWidget | None:
        """Reopen the offered form with its text; the draft file stays until it is saved
        or cancelled there."""
        draft = self.draft_notice.current()
        if draft is None:
            return None
        self.draft_notice.done_with_current()
        if draft.kind == PROJECT:
            return self._open_project_draft(draft)
        win = None
        if not draft.is_new:
            try:
                win = self.ctx.services.queries.win(draft.record)
            except InvalidInput:
                win = None  # deleted since: the text comes back as a new win
        self.show_page("log")
        dialog = self._win_dialog(win, typed=draft.fields)
        if win is None and not draft.is_new:
            self.drafts.discard(draft)
            if dialog.autosave is not None:
                dialog.autosave.save_now()  # now kept as the new win it will become
        dialog.open()
        return dialog

    def _open_project_draft(self, draft: Draft) -> QWidget:
        from bragdoc.ui.projects.form_state import FormState

        page = self.projects_page
        self.show_page("projects")
        row = -1 if draft.is_new else page.model.row_of(draft.record)
        if row >= 0:
            page.view.setCurrentIndex(page.model.index(row, 0))
        else:
            page.new_project()
        if row < 0 and not draft.is_new:
            self.drafts.discard(draft)  # deleted since: it comes back as a new project
        else:
            self.project_drafts.adopt(draft.record)
        page.editor.restore(FormState.from_json(draft.fields))
        page.editor.focus_name()
        return page

    def discard_offered_draft(self) -> None:
        draft = self.draft_notice.current()
        if draft is not None:
            self.drafts.discard(draft)
            self.draft_notice.done_with_current()

    # --- window ------------------------------------------------------------------------

    def bring_forward(self, page: str | None = None) -> None:
        """Another launch asked for this window: show it on top (on `page`, if given)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        if page is not None:
            self.show_page(page)

    def set_up(self) -> FirstRunDialog:
        dialog = FirstRunDialog(self.ctx, self)
        dialog.open()
        return dialog

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.ctx, self, last_backup=self.backups.describe(),
                                backup_folder=self.backups.service.folder)
        dialog.open()
        return dialog

    # --- backups -----------------------------------------------------------------------

    @property
    def backups(self) -> BackupSchedule:
        """Made after the first paint (the backup code is not needed to show the window)."""
        if self._backup_schedule is None:
            from bragdoc.ui.backups.schedule import BackupSchedule

            self._backup_schedule = BackupSchedule(self.ctx, self)
            self._backup_schedule.changed.connect(self._show_last_backup)
        return self._backup_schedule

    def _start_backups(self) -> None:
        self.backups.start()

    def _show_last_backup(self) -> None:
        self.last_backup.setText(self.backups.describe())

    def back_up_now(self) -> None:
        def done(info: BackupInfo | None) -> None:
            if info is not None:
                self.statusBar().showMessage(f"Backed up to {info.path}", 8000)

        def failed(exc: Exception) -> None:
            self.statusBar().showMessage(describe(exc, "Not backed up"), 15000)

        if not self.backups.backup_now(done, failed):
            self.statusBar().showMessage("A backup is being taken already.", 5000)

    def open_restore(self) -> RestoreDialog:
        from bragdoc.ui.backups.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.ctx, self.backups, self)
        dialog.open()
        return dialog

    # --- state -------------------------------------------------------------------------

    def show_page(self, key: str) -> None:
        keys = [p.key for p in self.pages]  # type: ignore[attr-defined]
        self.nav.setCurrentRow(keys.index(key))

    def page(self, key: str) -> Any:
        """The page itself, built now if it is a stand-in not yet shown."""
        page = self.by_key[key]
        return page.build() if isinstance(page, LazyPage) else page

    def _wire_review(self, review: Any) -> None:
        review.log_win.connect(self.new_win)
        review.record_outcome.connect(self.record_outcome_of)
        review.open_page.connect(self.show_page)
        review.open_settings.connect(self.open_settings)

    def current_page_key(self) -> str:
        return self.pages[self.stack.currentIndex()].key  # type: ignore[attr-defined]

    def quit(self) -> None:
        """Quit for real (File ▸ Quit, Ctrl+Q, the tray's Quit), not only close the window."""
        self._quitting = True
        self.close()

    def log_win_from_tray(self) -> WinDialog:
        """The tray's "Log a win…" and a click on the reminder: the dialog, over whatever
        the person is doing; the window comes along only as the dialog's owner."""
        self.bring_forward()
        return self.new_win()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Unsaved project edits and a win dialog still open are kept as drafts, offered
        # again next time.
        self.project_drafts.sync()
        for keeper in self.findChildren(FormAutosave):
            keeper.flush()
        self.window_state.save(self)
        if self.tray.available and not self._quitting and keeps_running_in_tray(self.settings):
            # Closing the window keeps bragdoc in the tray, where the reminder and "Log a
            # win…" still work; the tray's menu (or File ▸ Quit) quits.
            event.ignore()
            self.hide()
            self.statusBar().clearMessage()
            return
        self.backups.final_backup()  # never raises: a failure is logged, the window closes
        super().closeEvent(event)
        app = QApplication.instance()
        if isinstance(app, QApplication) and not app.quitOnLastWindowClosed():
            app.quit()  # with a tray, closing the last window no longer quits by itself
