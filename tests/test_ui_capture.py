"""Logging a win never loses words: Esc asks first, dates may be typed as words and show
the day they name, and after saving the new win is selected in a focused list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from bragdoc.domain.future import parse_future_day
from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.win_dialog import WinDialog
from bragdoc.ui.shell.main_window import MainWindow
from tests.conftest import answer_discard, show_and_activate

TODAY = dt.date.today()


@pytest.fixture
def window(qtbot, db: Database, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(UiContext.create(db),
                      QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    main.show_page("log")
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.log_page.loaded, timeout=5000):
        show_and_activate(qtbot, main)
    return main


def open_dialog(qtbot, window: MainWindow) -> WinDialog:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.log_page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), WinDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, WinDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_esc_on_typed_text_asks_and_keep_editing_keeps_every_word(
        qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.title, "Halved the deploy time")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.discard_question is not None
                    and dialog.discard_question.isVisible())
    assert dialog.isVisible()
    # Esc again (or Enter: Keep editing is the default) answers "keep editing".
    qtbot.keyClick(dialog.discard_question, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.discard_question.isVisible())  # type: ignore[union-attr]
    assert dialog.isVisible() and dialog.title.text() == "Halved the deploy time"

    qtbot.keyClick(dialog.title, Qt.Key.Key_Escape)
    answer_discard(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.ctx.services.queries.wins() == []


def test_esc_on_an_untouched_dialog_just_closes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, window)
    qtbot.keyClick(dialog.title, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.discard_question is None


def test_follow_up_in_words_shows_its_day_and_is_stored(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.title, "Rolled the new cache out to one region")
    dialog.date.selectAll()
    qtbot.keyClicks(dialog.date, "yesterday")
    yesterday = TODAY - dt.timedelta(days=1)
    assert dialog.date_reading.isVisible()
    assert dialog.date_reading.text() == f"= {yesterday:%a} {yesterday.day} {yesterday:%b %Y}"
    dialog.follow_up_enabled.setChecked(True)
    dialog.follow_up.selectAll()
    qtbot.keyClicks(dialog.follow_up, "in 6 weeks")
    due = TODAY + dt.timedelta(weeks=6)
    assert dialog.follow_up_reading.text() == f"= {due:%a} {due.day} {due:%b %Y}"

    with qtbot.waitSignal(window.log_page.loaded):
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    (win,) = window.ctx.services.queries.wins()
    assert (win.date, win.follow_up) == (yesterday, due)


def test_a_past_period_is_no_follow_up(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.title, "Started the migration")
    dialog.follow_up_enabled.setChecked(True)
    dialog.follow_up.selectAll()
    qtbot.keyClicks(dialog.follow_up, "last month")
    assert not dialog.follow_up_reading.isVisible()
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert dialog.isVisible() and "'in 6 weeks'" in dialog.follow_up_error.text()
    assert window.ctx.services.queries.wins() == []
    dialog.follow_up.selectAll()
    qtbot.keyClicks(dialog.follow_up, "end of quarter")
    with qtbot.waitSignal(window.log_page.loaded):
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    (win,) = window.ctx.services.queries.wins()
    assert win.follow_up == parse_future_day("end of quarter", TODAY)


def test_after_saving_the_new_win_is_selected_and_arrows_move_through_wins(
        qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    for title in ("First win of the week", "Second win of the week"):
        dialog = open_dialog(qtbot, window)
        qtbot.keyClicks(dialog.title, title)
        with qtbot.waitSignal(window.log_page.loaded):
            qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
        view = window.log_page.view
        # Offscreen, nothing hands activation back once the dialog is gone; a window
        # manager does (as a click on the window would here).
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.waitUntil(view.hasFocus)
        assert window.log_page.selected_win().title == title  # type: ignore[union-attr]
    # Down moves to the other win of the week, not to another page of the window.
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert window.current_page_key() == "log"
    assert window.log_page.selected_win().title == "First win of the week"  # type: ignore[union-attr]
