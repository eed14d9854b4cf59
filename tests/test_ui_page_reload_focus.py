"""A page that makes its widgets anew on each load (Home, the review) never takes the
keyboard focus or typed text away: focus moves to the new widget of the same name, and a
reload waits while a field holds typing."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from bragdoc.ui.shell.main_window import MainWindow
from tests.test_ui_home import MONDAY, add, window

__all__ = ["window"]  # the Home fixture


def test_focus_stays_on_the_same_button_across_a_reload(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.home_page
    add(window.ctx.services.db, "Shipped the thing", MONDAY)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.ctx.signals.wins_changed.emit()
    old = page.findChild(QPushButton, "home_review")
    old.setFocus()
    assert QApplication.focusWidget() is old
    add(window.ctx.services.db, "Another thing", MONDAY)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.ctx.signals.wins_changed.emit()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not old
                    and QApplication.focusWidget().objectName() == "home_review")
    focused = QApplication.focusWidget()
    qtbot.keyClick(focused, Qt.Key.Key_Space)  # the key acts on what the person sees
    assert window.current_page_key() == "review"


def test_a_reload_waits_while_a_field_holds_typing(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.home_page
    add(window.ctx.services.db, "Tuned the cache", MONDAY)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.ctx.signals.wins_changed.emit()
    field = page.findChild(QLineEdit, "unquantified_0_metric")
    assert field is not None
    field.setFocus()
    qtbot.keyClicks(field, "Hit rate: 60% -> 9")
    # Something else changes meanwhile (another window, the command line).
    add(window.ctx.services.db, "Wrote the runbook", MONDAY - dt.timedelta(days=7))
    window.ctx.signals.wins_changed.emit()
    qtbot.wait(1200)
    assert page.findChild(QLineEdit, "unquantified_0_metric") is field
    assert field.text() == "Hit rate: 60% -> 9"
    qtbot.keyClicks(field, "5%")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    titles = [w.title for w in page.snapshot.unquantified]  # type: ignore[union-attr]
    assert "Wrote the runbook" in titles and "Tuned the cache" not in titles
