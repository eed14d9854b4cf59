"""The app on the desktop: its id and icon, a title that names the database, window state
kept per database, and File ▸ Open database / Open recent / Import / Export from the
keyboard."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QProcess, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu

from bragdoc import paths
from bragdoc.domain.records import WinDraft
from bragdoc.services.desktop_entry import APP_ID, WM_CLASS
from bragdoc.store.database import Database
from bragdoc.ui.kit import theme
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.shell.file_menu import launch_command
from bragdoc.ui.shell.main_window import MainWindow
from bragdoc.ui.shell.window_state import recent_databases
from tests.conftest import show_and_activate

# Offscreen, a menu popup cannot grab the keyboard (a window manager's job); harmless.
pytestmark = pytest.mark.qt_log_ignore("does not support grabbing")


def open_window(qtbot, db: Database, settings: QSettings) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(UiContext.create(db), settings)
    qtbot.addWidget(window)
    return window


def ini(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


def copy_db(db_path: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(db_path, target)
    return target


def open_menu_item(qtbot, window: MainWindow, menu_key: Qt.Key, *item_keys: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """Alt+<menu key>, then each item's mnemonic, as a person would."""
    show_and_activate(qtbot, window)
    qtbot.keyClick(window, menu_key, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    for key in item_keys:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        qtbot.keyClick(menu, key)


def test_start_sets_the_desktop_file_name_and_an_icon_for_every_size(
    qapp, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    from bragdoc.ui.shell.application import start_qt

    # What start_qt sets for the whole process is put back for the tests after this one.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    before = (qapp.applicationName(), qapp.organizationName(),
              QGuiApplication.desktopFileName(), QGuiApplication.windowIcon())
    sheet, palette = qapp.styleSheet(), QPalette(qapp.palette())
    try:
        app = start_qt(screenshot=True, theme="light")
        assert app is qapp
        assert QGuiApplication.desktopFileName() == APP_ID
        assert app.applicationName() == WM_CLASS  # what the launcher's StartupWMClass names
        icon = QGuiApplication.windowIcon()
        assert {QSize(16, 16), QSize(256, 256)} <= set(icon.availableSizes())
    finally:
        qapp.setApplicationName(before[0])
        qapp.setOrganizationName(before[1])
        QGuiApplication.setDesktopFileName(before[2])
        QGuiApplication.setWindowIcon(before[3])
        # The look too, as tests/test_ui_theme.py leaves it (other tests run unthemed).
        theme.apply(qapp, "light")
        qapp.setStyleSheet(sheet)
        qapp.setStyle("Fusion")
        qapp.setPalette(palette)


def test_the_title_names_the_database_unless_it_is_the_default(
    qtbot, db_path: Path, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    default = copy_db(db_path, paths.default_database_path())
    work = copy_db(db_path, tmp_path / "work.sqlite3")
    for path, title in ((default, "bragdoc"), (work, "bragdoc — work.sqlite3")):
        db = Database.open(path)
        try:
            window = open_window(qtbot, db, ini(tmp_path))
            assert window.windowTitle() == title
            window.close()
        finally:
            db.dispose()


def test_size_and_page_are_remembered_for_each_database_apart(
    qtbot, db_path: Path, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    settings = ini(tmp_path)
    work = Database.open(copy_db(db_path, tmp_path / "work.sqlite3"))
    side = Database.open(copy_db(db_path, tmp_path / "side.sqlite3"))
    try:
        first = open_window(qtbot, work, settings)
        first.resize(700, 500)
        first.log_page.splitter.setSizes([300, 300])
        dragged = first.log_page.splitter.sizes()
        first.show_page("people")
        first.close()
        second = open_window(qtbot, side, settings)
        assert second.current_page_key() == "home"  # nothing of work's window
        second.resize(900, 640)
        second.show_page("inbox")
        second.close()

        again = open_window(qtbot, work, settings)
        assert (again.width(), again.height(), again.current_page_key()) == (700, 500,
                                                                             "people")
        assert again.log_page.splitter.sizes() == dragged  # the Log's divider too
        again.close()
        assert open_window(qtbot, side, settings).current_page_key() == "inbox"
        assert recent_databases(settings) == [side.path, work.path]
    finally:
        work.dispose()
        side.dispose()


def test_the_default_database_keeps_what_the_window_remembered_before(
    qtbot, db_path: Path, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    settings = ini(tmp_path)
    settings.setValue("window/page", "projects")  # where a single window kept it
    db = Database.open(copy_db(db_path, paths.default_database_path()))
    try:
        assert open_window(qtbot, db, settings).current_page_key() == "projects"
    finally:
        db.dispose()


def test_open_database_from_the_keyboard_starts_a_window_of_its_own(
    qtbot, db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    other = copy_db(db_path, tmp_path / "other" / "work.sqlite3")
    started: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(QProcess, "startDetached",
                        lambda program, arguments: started.append((program, arguments))
                        or (True, 4242))
    asked: list[str] = []

    def choose(_parent: object, title: str, *_args: object) -> tuple[str, str]:
        asked.append(title)
        return str(other), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    window = open_window(qtbot, db, ini(tmp_path))
    show_and_activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Open a bragdoc database"]
    assert started == [(sys.executable, ["-m", "bragdoc", "--db", str(other), "gui"])]
    assert "opens in a window of its own" in window.statusBar().currentMessage()

    # This window's own database, or a file that is not one, starts nothing.
    assert not window.file_menu.open_path(db.path)
    assert "open in this window" in window.statusBar().currentMessage()
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    assert not window.file_menu.open_path(junk)
    assert "not a bragdoc database" in window.statusBar().currentMessage()
    assert len(started) == 1


@pytest.mark.slow
def test_the_command_it_builds_opens_that_database(db_path: Path, tmp_path: Path) -> None:
    other = copy_db(db_path, tmp_path / "work.sqlite3")
    program, arguments = launch_command(other)
    done = subprocess.run([program, *arguments], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                               "BRAGDOC_EXIT_WHEN_READY": "1"})
    assert done.returncode == 0, done.stderr
    assert "ready at" in done.stderr


def test_open_recent_lists_the_others_and_drops_the_missing_saying_so(
    qtbot, db: Database, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    settings = ini(tmp_path)
    gone = copy_db(db_path, tmp_path / "gone.sqlite3")
    kept = copy_db(db_path, tmp_path / "kept.sqlite3")
    settings.setValue("recent/databases", [str(gone), str(kept)])
    gone.unlink()
    started: list[list[str]] = []
    monkeypatch.setattr(QProcess, "startDetached",
                        lambda _program, arguments: started.append(arguments) or (True, 1))
    window = open_window(qtbot, db, settings)
    show_and_activate(qtbot, window)
    # Alt+F, then N for Open recent: its list opens.
    open_menu_item(qtbot, window, Qt.Key.Key_F, Qt.Key.Key_N)
    recent = window.file_menu.recent
    qtbot.waitUntil(recent.isVisible)
    assert [a.text() for a in recent.actions() if not a.isSeparator()] == [
        f"kept.sqlite3 — {tmp_path}",
        f"gone.sqlite3 is no longer in {tmp_path}: taken off this list"]
    assert recent_databases(settings) == [db.path, kept]
    qtbot.keyClick(recent, Qt.Key.Key_Down)
    qtbot.keyClick(recent, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(started))
    assert started == [["-m", "bragdoc", "--db", str(kept), "gui"]]


def test_file_import_shows_the_inbox_and_imports_a_spreadsheet(
    qtbot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    sheet = tmp_path / "wins.csv"
    sheet.write_text("date,title\n2024-02-01,Shipped dark mode\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(sheet), ""))
    window = open_window(qtbot, db, ini(tmp_path))
    show_and_activate(qtbot, window)
    with qtbot.waitSignal(window.ctx.signals.wins_changed, timeout=10_000):
        open_menu_item(qtbot, window, Qt.Key.Key_F, Qt.Key.Key_I, Qt.Key.Key_S)
    assert window.current_page_key() == "inbox"
    assert [w.title for w in window.ctx.services.queries.wins()] == ["Shipped dark mode"]
    assert window.page("inbox").import_status.text().startswith("Imported wins.csv")


def test_file_export_writes_the_record_a_reader_can_load(
    qtbot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    ctx = UiContext.create(db)
    ctx.services.wins.add(WinDraft(title="Cut p95 latency", date=dt.date(2026, 11, 2)))
    out = tmp_path / "out" / "record"
    out.parent.mkdir()
    answers = [(str(out), "Everything, to keep or move (*.json)"),
               (str(tmp_path / "out" / "wins.csv"), "Wins as a spreadsheet (*.csv)")]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: answers.pop(0))
    window = MainWindow(ctx, ini(tmp_path))
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    open_menu_item(qtbot, window, Qt.Key.Key_F, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: window.file_menu.export_job is None, timeout=10_000)
    written = json.loads((tmp_path / "out" / "record.json").read_text(encoding="utf-8"))
    assert [w["title"] for w in written["wins"]] == ["Cut p95 latency"]
    assert "Exported to" in window.statusBar().currentMessage()

    open_menu_item(qtbot, window, Qt.Key.Key_F, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: window.file_menu.export_job is None, timeout=10_000)
    with (tmp_path / "out" / "wins.csv").open(encoding="utf-8") as handle:
        assert [row["title"] for row in csv.DictReader(handle)] == ["Cut p95 latency"]
    assert window.statusBar().currentMessage().endswith("wins.csv: wins: 1")


def test_an_export_that_cannot_be_written_says_why_and_writes_nothing(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    window = open_window(qtbot, db, ini(tmp_path))
    show_and_activate(qtbot, window)
    window.file_menu.export_to(blocker / "record.json")
    qtbot.waitUntil(lambda: window.file_menu.export_job is None, timeout=10_000)
    assert window.statusBar().currentMessage().startswith("Not exported")
    assert blocker.read_text() == "not a folder"
    window.file_menu.export_to(tmp_path / "record.txt")
    qtbot.waitUntil(lambda: window.file_menu.export_job is None, timeout=10_000)
    assert "export writes .json (everything) or .csv (wins)" in (
        window.statusBar().currentMessage())
    assert not (tmp_path / "record.txt").exists()
