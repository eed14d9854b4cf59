"""Home, the start page: this week, what is due, what lacks a number, and the next step;
every item opens what it names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import WinDraft
from bragdoc.services.container import Services
from bragdoc.services.home import next_step
from bragdoc.store.database import Database
from bragdoc.ui.home.first_run import FirstRunDialog
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.win_dialog import WinDialog
from bragdoc.ui.shell.main_window import MainWindow
from tests.conftest import show_and_activate

TODAY = dt.date.today()
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())


def add(db: Database, title: str, day: dt.date, **extra: object) -> None:
    Services(db).wins.add(WinDraft(title=title, date=day, **extra))  # type: ignore[arg-type]


@pytest.fixture
def window(qtbot, db: Database, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(UiContext.create(db),
                      QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    assert main.current_page_key() == "home"  # the start page
    with qtbot.waitSignal(main.home_page.loaded, timeout=10_000):
        show_and_activate(qtbot, main)
    # The quick first read is followed by readiness and the coach.
    qtbot.waitUntil(lambda: main.home_page.snapshot.with_outlook, timeout=10_000)  # type: ignore[union-attr]
    return main


def button(window: MainWindow, name: str) -> QPushButton:
    found = window.home_page.findChild(QPushButton, name)
    assert isinstance(found, QPushButton), name
    return found


def modal_dialog(qtbot) -> WinDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), WinDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, WinDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_an_empty_record_is_welcomed_and_offered_three_ways_in(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    home = window.home_page
    assert home.snapshot is not None and home.snapshot.first_run
    for name in ("set_up_profile", "first_win", "bring_in", "try_sample"):
        assert button(window, name).isVisible()
    # No reminder nags a record that has no win yet.
    assert not window.banner.isVisible() and not window.nav.item(0).text().endswith(")")
    qtbot.mouseClick(button(window, "bring_in"), Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "inbox"
    window.show_page("home")

    # Set up, from the keyboard: name, ladder, level (the target follows), since when.
    qtbot.mouseClick(button(window, "set_up_profile"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), FirstRunDialog))
    setup = QApplication.activeModalWidget()
    assert isinstance(setup, FirstRunDialog)
    qtbot.waitUntil(setup.isActiveWindow)
    qtbot.keyClicks(setup.name, "Maya Castellano")
    setup.ladder.setCurrentIndex(setup.ladder.findData("google"))
    setup.current.setCurrentIndex(setup.current.findData("L5"))
    assert setup.target.currentData() == "L6"
    qtbot.keyClicks(setup.since, "2024-03-01")
    with qtbot.waitSignal(window.home_page.loaded, timeout=10_000):
        qtbot.keyClick(setup.since, Qt.Key.Key_Return)
    profile = window.ctx.services.queries.profile()
    assert (profile.name, profile.company, profile.current_level, profile.target_level,
            profile.level_since) == ("Maya Castellano", "google", "L5", "L6",
                                     dt.date(2024, 3, 1))
    qtbot.waitUntil(lambda: window.home_page.findChild(QPushButton, "set_up_profile") is None)

    qtbot.mouseClick(button(window, "first_win"), Qt.MouseButton.LeftButton)
    dialog = modal_dialog(qtbot)
    qtbot.keyClicks(dialog.title, "Set up bragdoc")
    with qtbot.waitSignal(window.home_page.loaded, timeout=10_000):
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    assert not window.home_page.snapshot.first_run  # type: ignore[union-attr]
    summary = window.home_page.findChild(QLabel, "week_summary")
    assert isinstance(summary, QLabel) and summary.text().startswith("1 win so far")


def test_a_due_outcome_is_recorded_from_home(qtbot, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add(db, "Launched the new checkout", TODAY - dt.timedelta(days=100),
        follow_up=TODAY - dt.timedelta(days=3))
    add(db, "Wrote the rollout plan", MONDAY)
    main = MainWindow(UiContext.create(db),
                      QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    show_and_activate(qtbot, main)
    qtbot.waitUntil(lambda: main.home_page.snapshot is not None
                    and main.home_page.snapshot.with_outlook, timeout=10_000)
    assert main.home_page.step is not None and main.home_page.step.key == "outcome"
    qtbot.mouseClick(button(main, "outcomes_due_0"), Qt.MouseButton.LeftButton)
    dialog = modal_dialog(qtbot)
    assert dialog.recording_outcome and dialog.title.text() == "Launched the new checkout"
    qtbot.keyClicks(dialog.metrics, "Conversion: 2.1% -> 2.6%")
    qtbot.keyClick(dialog.metrics, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    win = next(w for w in main.ctx.services.queries.wins() if w.title.startswith("Launched"))
    assert win.follow_up is None and win.metrics[0].metric.quantified
    qtbot.waitUntil(lambda: main.home_page.findChild(QPushButton, "outcomes_due_0") is None)
    main.close()


def test_items_open_what_they_name(qtbot, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add(db, "Ran the design review", MONDAY - dt.timedelta(days=7))
    add(db, "Cut p95 latency", MONDAY, metrics=[parse_metric("p95: 2.4s -> 0.6s")])
    main = MainWindow(UiContext.create(db),
                      QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    show_and_activate(qtbot, main)
    home = main.home_page
    qtbot.waitUntil(lambda: home.snapshot is not None and home.snapshot.with_outlook,
                    timeout=10_000)
    assert home.step is not None and home.step.key == "number", (home.snapshot, home.step)
    for name, page in (("home_open_readiness", "readiness"), ("home_open_packet", "packet")):
        main.show_page("home")
        qtbot.mouseClick(button(main, name), Qt.MouseButton.LeftButton)
        assert main.current_page_key() == page
    main.show_page("home")
    # A number for a recent win is typed in place, read back, and added (undoable).
    qtbot.waitUntil(lambda: home.findChild(QLineEdit, "unquantified_0_metric") is not None)
    field = home.findChild(QLineEdit, "unquantified_0_metric")
    qtbot.keyClicks(field, "Review time: 3 days -> 1 day")
    assert "faster" in home.findChild(QLabel, "unquantified_0_reading").text()
    with qtbot.waitSignal(home.loaded, timeout=10_000):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    win = next(w for w in main.ctx.services.queries.wins() if w.title == "Ran the design review")
    assert win.metrics and win.metrics[0].metric.quantified
    assert "Ctrl+Z" in home.note.text()
    main.close()


def test_the_next_step_follows_the_weekly_review_order(db: Database) -> None:
    services = Services(db)
    empty = services.home.snapshot(TODAY)
    assert next_step(empty).key == "log" and empty.first_run
    add(db, "Paired on the flaky test", MONDAY)
    assert next_step(services.home.snapshot(TODAY)).key == "number"
    add(db, "Started the cache rollout", TODAY - dt.timedelta(days=40),
        follow_up=TODAY - dt.timedelta(days=1))
    step = next_step(services.home.snapshot(TODAY))
    assert step.key == "outcome" and step.win is not None
    assert step.win.title == "Started the cache rollout"


def test_the_sidebar_counts_what_waits(qtbot, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add(db, "Launched the new checkout", TODAY - dt.timedelta(days=100),
        follow_up=TODAY - dt.timedelta(days=3))
    main = MainWindow(UiContext.create(db),
                      QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    show_and_activate(qtbot, main)
    qtbot.waitUntil(lambda: main.nav.item(0).text() == "Home (1 due)", timeout=10_000)
    assert main.nav.item(6).text() == "Inbox"
    win = main.ctx.services.queries.wins()[0]
    main.ctx.services.wins.update(win.id, WinDraft(title=win.title, date=win.date))
    main.ctx.signals.wins_changed.emit()
    qtbot.waitUntil(lambda: main.nav.item(0).text() == "Home", timeout=5000)
    main.close()


def test_setup_can_be_skipped_and_refuses_a_bad_date(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    setup = window.set_up()
    qtbot.waitUntil(setup.isVisible)
    qtbot.keyClicks(setup.since, "last Tuesday-ish")
    qtbot.mouseClick(setup.save_button, Qt.MouseButton.LeftButton)
    assert setup.isVisible() and setup.since_error.isVisible()
    assert window.ctx.services.queries.profile().current_level == ""
    qtbot.mouseClick(setup.skip_button, Qt.MouseButton.LeftButton)
    assert not setup.isVisible()
    assert window.ctx.services.queries.profile().current_level == ""


@pytest.mark.slow
def test_the_sample_record_opens_in_its_own_database(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # The sample's window (a second bragdoc process) quits by itself once it is ready.
    monkeypatch.setenv("BRAGDOC_EXIT_WHEN_READY", "1")
    with qtbot.waitSignal(window.sample.started, timeout=30_000) as started:
        qtbot.mouseClick(button(window, "try_sample"), Qt.MouseButton.LeftButton)
    sample = Path(started.args[0])
    assert sample.name == "sample.sqlite3" and sample != window.ctx.services.db.path
    assert Services(Database.open(sample)).queries.counts()["win"] > 10
    assert window.ctx.services.queries.counts()["win"] == 0  # the person's record: untouched
