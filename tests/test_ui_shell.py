"""The minimal main window: it opens on a real database and shows what is logged."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from bragdoc.domain.records import WinDraft
from bragdoc.services.queries import Queries
from bragdoc.services.wins import WinService
from bragdoc.store.database import Database
from bragdoc.ui.main_window import MainWindow
from tests.conftest import show_and_activate


def test_window_lists_logged_wins(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    WinService(db).add(WinDraft(title="Shipped <b>search</b>", date=dt.date(2025, 1, 2)))
    window = MainWindow(Queries(db))
    qtbot.addWidget(window)
    window.show()
    assert window.wins.count() == 1
    assert window.wins.item(0).text() == "2025-01-02  Shipped <b>search</b>"
    assert "1 wins logged" in window.heading.text()
    assert str(db.path) in window.location.text()


def test_empty_record_says_how_to_start_and_ctrl_q_closes(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(Queries(db))
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    assert window.wins.item(0).text().startswith("Nothing logged yet")
    qtbot.keyClick(window.wins, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)
