"""The main window: a shell that wires actions to pages. Pages do the work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bragdoc.domain.errors import UserError
from bragdoc.domain.records import WinDraft, WinView
from bragdoc.ui.actions import create_actions
from bragdoc.ui.context import UiContext
from bragdoc.ui.dialogs.settings_dialog import SettingsDialog
from bragdoc.ui.pages.inbox_page import InboxPage
from bragdoc.ui.pages.lazy import LazyPage
from bragdoc.ui.pages.log_page import LogPage
from bragdoc.ui.pages.people_page import PeoplePage
from bragdoc.ui.pages.projects_page import ProjectsPage
from bragdoc.ui.pages.readiness_page import ReadinessPage
from bragdoc.ui.reminders import ReminderController
from bragdoc.ui.undo import AddWin, DeleteWin, EditWin, perform
from bragdoc.ui.worker import run_in_background

if TYPE_CHECKING:
    from bragdoc.ui.dialogs.win_dialog import WinDialog

FIRST_CHECK_DELAY_MS = 300


class Page(Protocol):
    key: str
    title: str

    def refresh(self) -> None: ...


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext, settings: QSettings | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.settings = settings or QSettings()
        self.setWindowTitle("bragdoc")
        self.resize(1100, 720)

        self.log_page = LogPage(ctx)
        self.projects_page = ProjectsPage(ctx)
        self.people_page = PeoplePage(ctx)
        self.impact_page = LazyPage(ctx, "impact", "Impact", "bragdoc.ui.pages.impact_page",
                                    "ImpactPage")
        self.readiness_page = ReadinessPage(ctx)
        self.inbox_page = InboxPage(ctx, settings=self.settings)
        self.pages: list[QWidget] = [self.log_page, self.projects_page, self.impact_page,
                                     self.readiness_page, self.people_page, self.inbox_page]
        self.nav = QListWidget(objectName="navigation")
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        for page in self.pages:
            self.nav.addItem(page.title)  # type: ignore[attr-defined]
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self._page_changed)
        self._loaded_pages: set[int] = set()

        self.banner = QLabel(objectName="banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4ce; color: #3d3000; padding: 6px;")
        self.banner.hide()
        self.record_outcome = QPushButton("Record outcome…", objectName="record_outcome")
        self.record_outcome.setToolTip("Open the oldest win whose real outcome is due")
        self.record_outcome.hide()
        self._due: list[WinView] = []
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, stretch=1)
        banner_row.addWidget(self.record_outcome)

        body = QWidget()
        right = QVBoxLayout()
        right.addLayout(banner_row)
        right.addWidget(self.stack, stretch=1)
        layout = QHBoxLayout(body)
        layout.addWidget(self.nav)
        layout.addLayout(right, stretch=1)
        self.setCentralWidget(body)

        self.actions = create_actions(self, ctx.undo_stack,
                                      [p.title for p in self.pages])  # type: ignore[attr-defined]
        self._build_menus()
        self.actions.new_win.triggered.connect(self.new_win)
        self.actions.edit_win.triggered.connect(self.edit_selected_win)
        self.actions.delete_win.triggered.connect(self.delete_selected_win)
        # Del means "delete the selected win" only on the Log page; other pages bind Del
        # to their own selection.
        self.removeAction(self.actions.delete_win)
        self.actions.delete_win.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.log_page.addAction(self.actions.delete_win)
        self.actions.quit.triggered.connect(self.close)
        self.actions.settings.triggered.connect(self.open_settings)
        self.record_outcome.clicked.connect(self.record_next_outcome)
        for row, action in enumerate(self.actions.pages):
            action.triggered.connect(lambda _=False, row=row: self.nav.setCurrentRow(row))
        self.log_page.add_button.clicked.connect(self.new_win)
        self.log_page.edit_requested.connect(self.edit_win)
        self.statusBar().showMessage(f"Database: {ctx.db.path}")

        self._restore_state()  # shows the remembered page, which loads its data
        # The first check waits until the window has painted: start-up should show the
        # window first and the reminders a moment later, not the other way round.
        self.reminders = ReminderController(ctx, self.banner, self, settings=self.settings,
                                            check_now=False)
        self.reminders.follow_ups_due.connect(self._follow_ups_due)
        QTimer.singleShot(FIRST_CHECK_DELAY_MS, self.reminders.check)
        # The write path (SQLModel) is imported after the first paint, off the UI thread,
        # so the first save does not pay for it either.
        QTimer.singleShot(FIRST_CHECK_DELAY_MS, lambda: run_in_background(
            ctx.warm_up, lambda _result: None, lambda _error: None))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.actions.settings)
        file_menu.addSeparator()
        file_menu.addAction(self.actions.quit)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.actions.undo, self.actions.redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.actions.new_win, self.actions.edit_win,
                              self.actions.delete_win])
        go_menu = bar.addMenu("&Go")
        go_menu.addActions(self.actions.pages)

    # --- wins --------------------------------------------------------------------------

    def _win_dialog(self, win: WinView | None) -> WinDialog:
        # Imported on first use: the dialog is not needed to paint the first window.
        from bragdoc.ui.dialogs.win_dialog import WinDialog

        def save(draft: WinDraft) -> None:
            command = AddWin(self.ctx, draft) if win is None else EditWin(self.ctx, win, draft)
            perform(self.ctx.undo_stack, command)

        return WinDialog(
            save,
            projects=[p.name for p in self.ctx.queries.projects()],
            known_tags=self.ctx.queries.tags(),
            win=win,
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
            perform(self.ctx.undo_stack, DeleteWin(self.ctx, win))
        except UserError as exc:
            QMessageBox.warning(self, "Not deleted", str(exc))
            return
        self.statusBar().showMessage(f"Deleted “{win.title}” — Ctrl+Z brings it back", 8000)

    def _follow_ups_due(self, due: list[WinView]) -> None:
        self._due = list(due)
        self.record_outcome.setVisible(bool(due))

    def record_next_outcome(self) -> WinDialog | None:
        """Open the longest-overdue win so the real outcome can be written down; untick
        "outcome pending" there once it is recorded."""
        if not self._due:
            return None
        return self.edit_win(self._due[0])

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.ctx, self)
        dialog.open()
        return dialog

    # --- state -------------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = self.settings.value("window/projects_splitter")
        if isinstance(splitter, QByteArray):
            self.projects_page.splitter.restoreState(splitter)
        keys = [p.key for p in self.pages]  # type: ignore[attr-defined]
        last = self.settings.value("window/page", "log")
        self.show_page(last if last in keys else "log")

    def _page_changed(self, row: int) -> None:
        """Pages load on first view, so start-up only pays for the page on screen; after
        that they keep themselves current through the change signals."""
        self.stack.setCurrentIndex(row)
        if row not in self._loaded_pages:
            self._loaded_pages.add(row)
            self.pages[row].refresh()  # type: ignore[attr-defined]

    def show_page(self, key: str) -> None:
        keys = [p.key for p in self.pages]  # type: ignore[attr-defined]
        self.nav.setCurrentRow(keys.index(key))

    def current_page_key(self) -> str:
        return self.pages[self.stack.currentIndex()].key  # type: ignore[attr-defined]

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/projects_splitter",
                               self.projects_page.splitter.saveState())
        self.settings.setValue("window/page", self.current_page_key())
        super().closeEvent(event)

