"""Backups in the app: taken on a schedule and on close, listed and restored from
File ▸ Restore from backup, and offered at start when the database turns out damaged."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from bragdoc.domain.errors import DatabaseDamaged
from bragdoc.domain.records import WinDraft
from bragdoc.services.backups import BackupInfo, BackupService, file_size
from bragdoc.services.container import Services
from bragdoc.store.database import Database
from bragdoc.ui.backups.restore_dialog import (
    BackupTableModel,
    Column,
    DamagedDatabaseDialog,
    RestoreDialog,
)
from bragdoc.ui.backups.schedule import BackupSchedule
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.shell.main_window import MainWindow
from tests.conftest import show_and_activate


def add_win(ctx: UiContext, title: str, day: dt.date = dt.date(2026, 11, 2)) -> None:
    ctx.services.wins.add(WinDraft(title=title, date=day))
    ctx.signals.wins_changed.emit()


def make_window(qtbot, ctx: UiContext, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx, settings)
    window.show_page("log")
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    qtbot.waitUntil(lambda: window.backups.known, timeout=5000)
    return window


def titles(ctx: UiContext) -> list[str]:
    return sorted(w.title for w in ctx.services.queries.wins())


def info(reason: str = "manual", check: str = "ok", **counts: int) -> BackupInfo:
    return BackupInfo(path=Path(f"/x/{reason}.sqlite3"), taken_at=dt.datetime(2026, 11, 26, 14, 2),
                      reason=reason, size=123_456,
                      counts={"wins": 3, "projects": 1, "feedback": 0, "mentoring": 0,
                              **counts},
                      check=check)


def test_backup_list_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = BackupTableModel()
    model.set_rows([info(), info("close", check="page 3: btree damaged", wins=0)])
    qtmodeltester.check(model)
    assert model.index(0, Column.REASON).data() == "You asked"
    assert model.index(1, Column.REASON).data() == "On closing"
    assert model.index(0, Column.CHECK).data() == "✓ good"
    assert model.index(1, Column.CHECK).data() == "⚠ damaged"
    assert "btree damaged" in model.index(1, Column.CHECK).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, Column.TAKEN).data() == "Thu 26 Nov 2026, 14:02"
    assert [file_size(n) for n in (12, 2048, 123_456, 5_000_000)] == [
        "12 B", "2.0 KB", "121 KB", "4.8 MB"]


# The offscreen platform cannot raise windows or grab the keyboard for a menu popup.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")
def test_restore_from_the_file_menu_brings_back_the_old_wins_and_clears_undo(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    ctx = UiContext.create(db)
    add_win(ctx, "Cut p95 latency")
    add_win(ctx, "Wrote the on-call runbook", dt.date(2026, 11, 9))
    window = make_window(qtbot, ctx, tmp_path)

    # Back up now, from the keyboard.
    qtbot.keyClick(window, Qt.Key.Key_B,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.backups.latest is not None and not window.backups.busy,
                    timeout=5000)
    assert window.last_backup.text().startswith("Backed up today at")

    # Then a mistake: one win deleted, one added; the undo history refers to them.
    ctx.services.wins.delete(ctx.services.queries.wins()[0].id)
    add_win(ctx, "Something I regret")
    ctx.undo_stack.push(QUndoCommand("an edit of data a restore replaces"))
    assert ctx.undo_stack.count() == 1

    # File ▸ Restore from backup…, from the keyboard: Alt+F opens the menu, R the item.
    file_menu = window.menuBar().actions()[0].menu()
    assert window.shell_actions.restore in file_menu.actions()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(file_menu.isVisible)
    qtbot.keyClick(file_menu, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RestoreDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, RestoreDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(lambda: "Newest wins" in dialog.preview.text(), timeout=5000)
    preview = dialog.preview.text()
    assert "2 wins, 0 projects" in preview
    assert "2026-11-09 · Wrote the on-call runbook" in preview
    assert preview.index("on-call runbook") < preview.index("Cut p95 latency")

    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.view, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    confirm = dialog.confirm
    assert confirm is not None and "2 wins" in confirm.text()
    [restore] = [b for b in confirm.buttons() if b.text() == "Restore"]
    with qtbot.waitSignal(ctx.signals.wins_changed, timeout=10000):
        qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert titles(ctx) == ["Cut p95 latency", "Wrote the on-call runbook"]
    assert ctx.undo_stack.count() == 0
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    assert "Restored the backup from" in dialog.status.text()
    before = dialog.selected()  # the backup of what was there is selected afterwards
    assert before is not None and before.reason == "restore"
    assert before.counts["wins"] == 2  # what was there: one win kept, one added
    # The log page shows the restored wins.
    qtbot.waitUntil(lambda: sorted(w.title for week in window.log_page.model.weeks
                                   for w in week.wins) == titles(ctx), timeout=5000)


def test_cancelling_the_question_restores_nothing(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    ctx = UiContext.create(db)
    add_win(ctx, "Kept")
    BackupService(db).backup_now()
    add_win(ctx, "Also kept")
    window = make_window(qtbot, ctx, tmp_path)
    dialog = window.open_restore()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    confirm = dialog.confirm
    assert confirm is not None
    qtbot.waitUntil(confirm.isVisible)
    qtbot.keyClick(confirm, Qt.Key.Key_Escape)
    assert titles(ctx) == ["Also kept", "Kept"]
    assert len(BackupService(db).backups()) == 1


def test_one_enter_does_one_thing_in_the_restore_dialog(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    ctx = UiContext.create(db)
    add_win(ctx, "Kept")
    BackupService(db).backup_now()
    window = make_window(qtbot, ctx, tmp_path)
    dialog = window.open_restore()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.waitUntil(dialog.view.hasFocus)
    assert dialog.restore_button.isDefault() and not dialog.backup_button.isDefault()

    # Enter on the list asks whether to restore the selected backup, and only that.
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    confirm = dialog.confirm
    assert confirm is not None
    qtbot.waitUntil(confirm.isVisible)
    assert not dialog.busy and not dialog.status.isVisible()  # no backup was started
    qtbot.keyClick(confirm, Qt.Key.Key_Return)  # its default is Cancel
    qtbot.waitUntil(lambda: not confirm.isVisible())
    assert len(BackupService(db).backups()) == 1 and titles(ctx) == ["Kept"]

    # Enter on "Back up now" takes a backup, and asks nothing.
    dialog.confirm = None
    qtbot.keyClick(dialog.view, Qt.Key.Key_Tab)
    assert dialog.backup_button.hasFocus()
    qtbot.keyClick(dialog.backup_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    assert dialog.confirm is None and dialog.isVisible()


def test_back_up_now_in_the_dialog_adds_a_row_and_selects_it(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    ctx = UiContext.create(db)
    add_win(ctx, "One")
    window = make_window(qtbot, ctx, tmp_path)
    dialog = window.open_restore()
    qtbot.waitUntil(lambda: "No backups yet" in dialog.preview.text(), timeout=5000)
    assert not dialog.restore_button.isEnabled()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.view, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    assert dialog.selected() is not None and dialog.selected().reason == "manual"
    assert "Backed up today at" in dialog.status.text()
    assert dialog.restore_button.isEnabled()
    assert window.last_backup.text().startswith("Backed up today at")


def test_the_schedule_backs_up_when_due_and_not_again_until_something_changes(
    qtbot, db: Database  # type: ignore[no-untyped-def]
) -> None:
    ctx = UiContext.create(db)
    add_win(ctx, "One")
    schedule = BackupSchedule(ctx, check_every_ms=50)
    schedule.start()
    qtbot.waitUntil(lambda: schedule.latest is not None, timeout=5000)
    assert schedule.latest is not None and schedule.latest.reason == "scheduled"
    qtbot.wait(300)  # several more checks: nothing changed, so no more backups
    qtbot.waitUntil(lambda: not schedule.busy)
    assert len(schedule.service.backups()) == 1
    schedule.timer.stop()


def test_closing_backs_up_when_something_changed(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    ctx = UiContext.create(db)
    window = make_window(qtbot, ctx, tmp_path)
    add_win(ctx, "Shipped it")
    window.close()
    backups = BackupService(db).backups()
    assert [b.reason for b in backups] == ["close"]
    assert backups[0].counts["wins"] == 1

    again = make_window(qtbot, UiContext.create(db), tmp_path / "again")
    again.close()  # opened and closed with nothing changed: no second copy
    assert [b.path for b in BackupService(db).backups()] == [backups[0].path]


def test_a_failing_backup_never_stops_the_window_closing(
    qtbot, db: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture  # type: ignore[no-untyped-def]
) -> None:
    ctx = UiContext.create(db)
    window = make_window(qtbot, ctx, tmp_path)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backup folder should be")
    window._backup_schedule = BackupSchedule(ctx, window,
                                             service=BackupService(db, folder=blocked))
    add_win(ctx, "Shipped it")
    with caplog.at_level(logging.ERROR):
        assert window.close()
    assert not window.isVisible()
    assert "backup on close failed" in caplog.text
    assert "Shipped it" not in caplog.text


def test_settings_show_the_backup_folder_and_the_last_backup(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    ctx = UiContext.create(db)
    BackupService(db).backup_now()
    window = make_window(qtbot, ctx, tmp_path)
    qtbot.waitUntil(lambda: window.backups.latest is not None, timeout=5000)
    dialog = window.open_settings()
    assert dialog.backup_folder.text() == str(BackupService(db).folder)
    assert dialog.last_backup.text().startswith("Backed up today at")


# --- a damaged database at start ------------------------------------------------------


POPULATE = """
import datetime as dt, sys
from bragdoc.domain.records import WinDraft
from bragdoc.services.backups import BackupService
from bragdoc.services.wins import WinService
from bragdoc.store.database import Database

db = Database.open(sys.argv[1])
for n in range(40):
    WinService(db).add(WinDraft(title=f"Win number {n}",
                                date=dt.date(2026, 1, 1) + dt.timedelta(days=n)))
BackupService(db).backup_now()
db.dispose()
"""


def damage(path: Path) -> None:
    """A crash (a process killed with its -wal not yet folded in), then bytes in the
    middle of the file overwritten, as a failing disk would."""
    subprocess.run([sys.executable, "-c",
                    "import os, sqlite3, sys\n"
                    "conn = sqlite3.connect(sys.argv[1])\n"
                    "conn.execute('PRAGMA user_version = 7')\n"
                    "conn.commit()\n"
                    "os._exit(0)  # killed: no close, no checkpoint\n", str(path)],
                   check=True, timeout=30)
    assert Path(f"{path}-wal").stat().st_size > 0
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle:middle + 4096] = b"\xde\xad\xbe\xef" * 1024
    path.write_bytes(bytes(data))


def answer_when_shown(answer: Callable[[DamagedDatabaseDialog], None]) -> QTimer:
    """Answer the recovery dialog once it is on screen: reading the backups first takes a
    moment that depends on the machine's load, so a fixed delay could come too early."""
    timer = QTimer(interval=20)

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, DamagedDatabaseDialog) and dialog.isVisible():
            timer.stop()
            answer(dialog)

    timer.timeout.connect(look)
    timer.start()
    return timer


def test_a_damaged_database_is_offered_its_newest_backup(
    qtbot, db_path: Path  # type: ignore[no-untyped-def]
) -> None:
    from bragdoc.ui.shell.application import open_damaged

    # Another process logged the wins and took a backup (this one never opened the file:
    # a file a process has open itself is never taken for a crashed one).
    subprocess.run([sys.executable, "-c", POPULATE, str(db_path)], check=True, timeout=60)
    damage(db_path)
    damaged_bytes = db_path.read_bytes()

    with pytest.raises(DatabaseDamaged) as caught:
        Database.open(db_path)
    exc = caught.value
    assert exc.backup is not None and exc.moved_to.read_bytes() == damaged_bytes

    answered: list[DamagedDatabaseDialog] = []

    def answer(dialog: DamagedDatabaseDialog) -> None:
        answered.append(dialog)
        assert str(exc.moved_to) in dialog.findChild(QLabel, "what_happened").text()
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    waiting = answer_when_shown(answer)
    restored = open_damaged(exc, Services(Database(exc.path)).backups)
    waiting.stop()
    assert answered and "40 wins" in answered[0].restore_button.text()
    assert restored is not None
    try:
        assert len(UiContext.create(restored).services.queries.wins()) == 40
        assert restored.path == db_path
    finally:
        restored.dispose()
    assert exc.moved_to.read_bytes() == damaged_bytes  # kept, unchanged
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


@pytest.mark.parametrize("button", ["start_empty", "quit"])
def test_a_damaged_database_can_start_empty_or_quit(
    qtbot, tmp_path: Path, migrated_template: Path, button: str  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QPushButton

    from bragdoc.ui.shell.application import open_damaged

    db_path = tmp_path / "bragdoc.sqlite3"  # a copy this process never opened
    db_path.write_bytes(migrated_template.read_bytes())
    damage(db_path)
    with pytest.raises(DatabaseDamaged) as caught:
        Database.open(db_path)
    exc = caught.value

    def answer(dialog: DamagedDatabaseDialog) -> None:
        assert not dialog.restore_button.isVisible()  # no backup to offer
        qtbot.mouseClick(dialog.findChild(QPushButton, button), Qt.MouseButton.LeftButton)

    waiting = answer_when_shown(answer)
    opened = open_damaged(exc, Services(Database(exc.path)).backups)
    waiting.stop()
    if button == "quit":
        assert opened is None
        assert not db_path.exists()
    else:
        assert opened is not None
        try:
            assert UiContext.create(opened).services.queries.wins() == []
        finally:
            opened.dispose()
    assert exc.moved_to.exists()
