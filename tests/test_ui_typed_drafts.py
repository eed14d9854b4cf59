"""Typed text survives: what is typed in the win dialog and the project editor is kept in a
draft file, offered back after a crash, and removed once saved or deliberately cancelled."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from bragdoc import paths
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import WinDraft
from bragdoc.store.database import Database
from bragdoc.store.typed_drafts import DraftStore, database_key
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.typed_drafts import when
from bragdoc.ui.kit.win_dialog import WinDialog
from bragdoc.ui.projects.form_state import FormState
from bragdoc.ui.shell.main_window import MainWindow
from tests.conftest import answer_discard, show_and_activate

CHILD = textwrap.dedent("""
    import sys
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from bragdoc.store.database import Database
    from bragdoc.ui.kit.context import UiContext
    from bragdoc.ui.shell.main_window import MainWindow

    app = QApplication([])
    window = MainWindow(UiContext.create(Database.open(sys.argv[1])))
    window.show_page("log")
    window.show()
    window.activateWindow()

    def type_a_win():
        QTest.keyClick(window.log_page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        dialog = QApplication.activeModalWidget()
        QTest.keyClicks(dialog.title, "Cut checkout p95 latency")
        QTest.keyClick(dialog.title, Qt.Key.Key_Tab)  # to the date
        QTest.keyClick(dialog.date, Qt.Key.Key_Tab)  # to the details
        QTest.keyClicks(dialog.details, "Moved the price lookup off the request path")
        print("typed", flush=True)  # and now wait to be killed, mid-dialog

    QTimer.singleShot(500, type_a_win)
    app.exec()
""")


def make_window(qtbot, db: Database, tmp_path: Path, name: str = "ui") -> MainWindow:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(UiContext.create(db), settings)
    window.show_page("log")
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    return window


def open_new_win(qtbot, window: MainWindow) -> WinDialog:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.log_page.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), WinDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, WinDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def draft_files(db: Database) -> list[Path]:
    folder = paths.data_dir() / "drafts"
    return sorted(folder.glob(f"{database_key(db.path)}-*.json"))


def modal_win_dialog(qtbot) -> WinDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), WinDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, WinDialog)
    return dialog


@pytest.mark.slow
def test_text_typed_before_a_kill_is_offered_and_saved_on_the_next_start(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db.path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "typed", child.stderr
        typed_at = time.monotonic()
        # At most a couple of seconds of typing may be lost: the draft is on disk by then.
        while not draft_files(db) and time.monotonic() - typed_at < 2.5:
            time.sleep(0.05)
        files = draft_files(db)
        assert len(files) == 1 and files[0].name.endswith("-win-new.json")
        deadline = time.monotonic() + 3
        while "off the request path" not in files[0].read_text() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600

    window = make_window(qtbot, db, tmp_path)
    notice = window.draft_notice
    qtbot.waitUntil(notice.isVisible, timeout=3000)
    assert "You have unsaved text from today at" in notice.text.text()
    assert "a new win “Cut checkout p95 latency”" in notice.text.text()

    qtbot.mouseClick(notice.open_button, Qt.MouseButton.LeftButton)
    dialog = modal_win_dialog(qtbot)
    assert dialog.title.text() == "Cut checkout p95 latency"
    assert dialog.details.toPlainText() == "Moved the price lookup off the request path"
    assert not notice.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert [w.title for w in window.ctx.services.queries.wins()] == ["Cut checkout p95 latency"]
    assert draft_files(db) == []


def test_a_dialog_dropped_without_closing_leaves_its_text_for_the_next_window(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    ctx = UiContext.create(db)
    ctx.services.wins.add(WinDraft(title="Wrote the runbook", date=dt.date(2026, 3, 2)))
    win = ctx.services.queries.wins()[0]
    first = make_window(qtbot, db, tmp_path, "first")
    first.log_page.refresh()
    dialog = first.edit_win(win)
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Wrote the on-call runbook")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Tab)  # leaving a field writes straight away
    files = draft_files(db)
    assert [f.name.split("-", 1)[1] for f in files] == [f"win-{win.id}.json"]
    # The "crash": the window and its dialog vanish without any close or cancel.
    first.hide()
    dialog.hide()

    second = make_window(qtbot, db, tmp_path, "second")
    qtbot.waitUntil(second.draft_notice.isVisible, timeout=3000)
    assert "changes to the win “Wrote the on-call runbook”" in second.draft_notice.text.text()
    qtbot.mouseClick(second.draft_notice.open_button, Qt.MouseButton.LeftButton)
    reopened = modal_win_dialog(qtbot)
    assert reopened is not dialog
    assert reopened.editing is not None and reopened.editing.id == win.id
    assert reopened.title.text() == "Wrote the on-call runbook"
    assert reopened.date.text() == "2026-03-02"

    # Esc is a deliberate "throw it away": the draft goes, the stored win is unchanged.
    qtbot.waitUntil(reopened.isActiveWindow)
    qtbot.keyClick(reopened.title, Qt.Key.Key_Escape)
    answer_discard(qtbot, reopened)
    qtbot.waitUntil(lambda: not reopened.isVisible())
    assert draft_files(db) == []
    assert ctx.services.queries.win(win.id).title == "Wrote the runbook"


def test_cancel_removes_the_draft_and_an_untouched_dialog_keeps_an_older_one(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    window = make_window(qtbot, db, tmp_path)
    dialog = open_new_win(qtbot, window)
    qtbot.keyClicks(dialog.title, "Half a thought")
    qtbot.waitUntil(lambda: len(draft_files(db)) == 1, timeout=3000)  # the debounce
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel),
                     Qt.MouseButton.LeftButton)
    assert len(draft_files(db)) == 1  # asked first: nothing is thrown away yet
    answer_discard(qtbot, dialog)
    assert draft_files(db) == []

    # A draft from an earlier session is not thrown away by a dialog that never touched it.
    DraftStore(db.path).save("win", "new", {"title": "From before"})
    show_and_activate(qtbot, window)
    dialog = open_new_win(qtbot, window)
    qtbot.keyClick(dialog.title, Qt.Key.Key_Escape)
    assert len(draft_files(db)) == 1


def test_a_save_that_fails_keeps_the_dialog_open_with_its_text_and_the_draft(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    db.busy_timeout_ms = 200  # a locked database answers quickly in this test
    window = make_window(qtbot, db, tmp_path)
    dialog = open_new_win(qtbot, window)
    qtbot.keyClicks(dialog.title, "Migrated billing to the new queue")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.date, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.details, "Zero downtime, 3 teams")

    other_writer = sqlite3.connect(db.path)
    other_writer.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
        assert dialog.isVisible()
        assert dialog.save_error.isVisible()
        assert "Not saved" in dialog.save_error.text()
        assert dialog.details.toPlainText() == "Zero downtime, 3 teams"
        files = draft_files(db)
        assert len(files) == 1 and "Zero downtime" in files[0].read_text()
    finally:
        other_writer.rollback()
        other_writer.close()

    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)  # the lock is gone: now it saves
    qtbot.waitUntil(lambda: not dialog.isVisible())
    titles = [w.title for w in window.ctx.services.queries.wins()]
    assert titles == ["Migrated billing to the new queue"]
    assert draft_files(db) == []


def test_project_edits_are_kept_offered_and_saved(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    first = make_window(qtbot, db, tmp_path, "first")
    qtbot.keyClick(first.log_page.view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = first.projects_page
    assert first.current_page_key() == "projects"
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.editor.name, "Search relevance")
    qtbot.keyClicks(page.editor.new_metric, "nDCG: 0.61 -> 0.74")
    qtbot.keyClick(page.editor.new_metric, Qt.Key.Key_Return)  # adds the metric
    page.editor.result.setFocus()
    qtbot.keyClicks(page.editor.result, "Users find answers on the first page")
    qtbot.waitUntil(lambda: any("project-new" in f.name for f in draft_files(db)),
                    timeout=3000)
    qtbot.waitUntil(lambda: "first page" in draft_files(db)[0].read_text(), timeout=3000)
    first.hide()  # crashed: no close, nothing saved

    second = make_window(qtbot, db, tmp_path, "second")
    notice = second.draft_notice
    qtbot.waitUntil(notice.isVisible, timeout=3000)
    assert "a new project “Search relevance”" in notice.text.text()
    qtbot.mouseClick(notice.open_button, Qt.MouseButton.LeftButton)
    editor = second.projects_page.editor
    assert second.current_page_key() == "projects"
    assert editor.name.text() == "Search relevance"
    assert editor.result.toPlainText() == "Users find answers on the first page"
    assert [m.summary() for m in editor.metric_model.metrics()] == [
        parse_metric("nDCG: 0.61 -> 0.74").summary()]
    assert editor.unsaved_label.isVisible()

    editor.name.setFocus()
    qtbot.keyClick(editor.name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    projects = second.ctx.services.queries.projects()
    assert [p.name for p in projects] == ["Search relevance"]
    assert projects[0].star.result == "Users find answers on the first page"
    qtbot.waitUntil(lambda: draft_files(db) == [], timeout=3000)


def test_discard_throws_the_text_away_and_shows_the_next_one(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    store = DraftStore(db.path)
    store.save("win", "new", {"title": "Newest"})
    time.sleep(1.1)  # saved_at has one-second resolution
    store.save("project", "new", FormState(name="Older project").to_json())
    # Drafts of another database are not this window's business.
    DraftStore(tmp_path / "other.sqlite3").save("win", "new", {"title": "Elsewhere"})
    window = make_window(qtbot, db, tmp_path)
    notice = window.draft_notice
    qtbot.waitUntil(notice.isVisible, timeout=3000)
    assert "a new project “Older project”" in notice.text.text()
    assert "1 more" in notice.text.text()
    qtbot.mouseClick(notice.discard_button, Qt.MouseButton.LeftButton)
    assert "a new win “Newest”" in notice.text.text()
    qtbot.mouseClick(notice.discard_button, Qt.MouseButton.LeftButton)
    assert not notice.isVisible()
    assert draft_files(db) == []
    assert len(list((paths.data_dir() / "drafts").glob("*.json"))) == 1


def test_form_state_goes_to_json_and_back() -> None:
    state = FormState(
        name="Checkout latency", summary="Cut p95", start="2025-01-06", scope="cross_team",
        teams="3", pillars=("technical_excellence",), tags="perf",
        metrics=(parse_metric("p95: 2.4s -> 0.6s", direction="lower"),
                 parse_metric("Team morale: better")),
        pending_metric="cost: $5K/month", result="fast",
    )
    again = FormState.from_json(state.to_json())
    assert again == state
    assert FormState.from_json({"name": 3, "scope": "galaxy", "pillars": "x"}) == FormState()


def test_when_reads_like_a_person() -> None:
    now = dt.datetime(2026, 11, 26, 15, 0).astimezone()
    assert when(now.replace(hour=14, minute=2), now) == "today at 14:02"
    assert when(now - dt.timedelta(days=1), now) == "yesterday at 15:00"
    assert when(now - dt.timedelta(days=3), now) == "Mon 23 Nov at 15:00"
    assert when(now - dt.timedelta(days=400), now) == "Wed 22 Oct 2025 at 15:00"


@pytest.mark.parametrize("record", ["new", "a/b", "x" * 200])
def test_draft_files_are_private_and_named_safely(db: Database, record: str) -> None:
    store = DraftStore(db.path)
    store.save("win", record, {"title": "t"})
    [path] = draft_files(db)
    assert path.parent == paths.data_dir() / "drafts"
    assert "/" not in path.name[len(str(path.parent)):] and len(path.name) < 120
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [d.record for d in store.pending()] == [record]
