"""The weekly review, end to end on a small record: numbers added with their read-back,
an outcome opened, pillars ticked, and Done saying how the streak stands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QPushButton

from bragdoc.domain.records import WinDraft
from bragdoc.services.container import Services
from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.win_dialog import WinDialog
from bragdoc.ui.review.page import ReviewPage
from bragdoc.ui.shell.main_window import MainWindow
from tests.conftest import show_and_activate

TODAY = dt.date.today()
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())


@pytest.fixture
def window(qtbot, db: Database, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    services = Services(db)
    services.wins.add(WinDraft(title="Paired on the flaky deploy test", date=MONDAY,
                               pillars=["leadership"]))
    services.wins.add(WinDraft(title="Ran the incident review", date=MONDAY - dt.timedelta(days=7)))
    services.wins.add(WinDraft(title="Shipped the retry queue", date=TODAY - dt.timedelta(days=60),
                               pillars=["technical_excellence"],
                               follow_up=TODAY - dt.timedelta(days=2)))
    main = MainWindow(UiContext.create(db),
                      QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    main.show_page("review")
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.page("review").loaded, timeout=10_000):
        show_and_activate(qtbot, main)
    return main


def child(page: ReviewPage, kind: type, name: str):  # type: ignore[no-untyped-def]
    found = page.findChild(kind, name)
    assert isinstance(found, kind), name
    return found


def test_the_review_walks_the_week(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page: ReviewPage = window.page("review")
    services = window.ctx.services
    # Step 2: both recent wins lack a number; type one and read it back before adding.
    field = child(page, QLineEdit, "review_0_metric")
    title = page.snapshot.home.unquantified[0].title  # type: ignore[union-attr]
    qtbot.keyClicks(field, "Flaky failures: 12/week -> 1/week")
    assert "91.7% lower" in child(page, QLabel, "review_0_reading").text()
    with qtbot.waitSignal(page.loaded):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    win = next(w for w in services.queries.wins() if w.title == title)
    assert win.metrics and win.metrics[0].metric.quantified
    assert "Ctrl+Z" in page.note.text()

    # Step 4: the untagged win gets its pillars.
    untagged = page.snapshot.untagged[0]  # type: ignore[union-attr]
    child(page, QCheckBox, "review_pillar_0_communication").setChecked(True)
    with qtbot.waitSignal(page.loaded):
        qtbot.mouseClick(child(page, QPushButton, "review_save_pillars_0"),
                         Qt.MouseButton.LeftButton)
    tagged = next(w for w in services.queries.wins() if w.id == untagged.id)
    assert tagged.pillars == ("communication",)

    # Step 3: the outcome due opens the outcome dialog.
    qtbot.mouseClick(child(page, QPushButton, "review_outcome_0"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), WinDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, WinDialog) and dialog.recording_outcome
    assert dialog.title.text() == "Shipped the retry queue"
    dialog.reject()

    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    assert page.note.text().startswith("Week reviewed. Your streak: 2 weeks")


def test_home_opens_the_review(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show_page("home")
    qtbot.waitUntil(lambda: window.home_page.findChild(QPushButton, "home_review") is not None,
                    timeout=10_000)
    qtbot.mouseClick(window.home_page.findChild(QPushButton, "home_review"),
                     Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "review"
