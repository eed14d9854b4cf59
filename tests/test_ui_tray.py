"""Capture from the tray: closing keeps bragdoc there, its menu logs a win, opens the
window or quits. The offscreen platform has no tray, so the window is told there is one
(the controller behind the icon is the same)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.preferences import set_keep_running_in_tray
from bragdoc.ui.kit.win_dialog import WinDialog
from bragdoc.ui.shell.main_window import MainWindow
from bragdoc.ui.shell.tray import Tray
from tests.conftest import answer_discard, show_and_activate


@pytest.fixture
def window(qtbot, db: Database, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(UiContext.create(db),
                      QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.tray.available = True  # as on a desktop with a tray
    show_and_activate(qtbot, main)
    qtbot.waitUntil(lambda: main.background_started, timeout=10_000)
    qtbot.waitUntil(main.backups.timer.isActive)  # scheduled backups run while bragdoc does
    return main


def test_closing_keeps_bragdoc_in_the_tray_and_quit_really_quits(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.close()
    assert not window.isVisible()
    assert window.backups.timer.isActive()  # still running: no closing backup yet
    window.tray.open_action.trigger()
    qtbot.waitUntil(window.isVisible)
    window.tray.quit_action.trigger()
    assert not window.isVisible() and not window.backups.timer.isActive()


def test_the_tray_logs_a_win_with_the_window_closed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.close()
    window.tray.log_action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), WinDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, WinDialog)
    qtbot.keyClicks(dialog.title, "Unblocked the release")
    dialog.reject()
    answer_discard(qtbot, dialog)
    assert window.ctx.services.queries.wins() == []


def test_the_tray_opens_the_weekly_review(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.close()
    assert [a.text() for a in window.tray.menu.actions() if a.text()] == [
        "&Log a win…", "Weekly &review…", "&Open bragdoc", "&Quit bragdoc"]
    window.tray.review_action.trigger()
    qtbot.waitUntil(window.isVisible)
    assert window.current_page_key() == "review"


def test_the_setting_turns_the_tray_off(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    set_keep_running_in_tray(window.settings, False)
    window.close()
    assert not window.isVisible() and not window.backups.timer.isActive()


def test_without_a_tray_the_menu_still_works_but_nothing_is_notified(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    qtbot.addWidget(owner)
    tray = Tray(QIcon(), owner, available=False)
    with qtbot.waitSignal(tray.log_win):
        tray.log_action.trigger()
    assert tray.icon is None and tray.notify("Time to log a win", "…") is False
