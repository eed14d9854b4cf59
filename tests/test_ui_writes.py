"""A write the person waits on runs off the UI thread: while another program holds the
database's write lock, the window keeps painting and its timers keep running."""

from __future__ import annotations

import datetime as dt
import sqlite3

from PySide6.QtCore import QTimer

from bragdoc.domain.errors import DatabaseBusy
from bragdoc.domain.records import WinDraft
from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.undo import perform
from bragdoc.ui.kit.win_undo import AddWin


def test_a_save_waiting_for_the_lock_leaves_the_window_live(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    ctx = UiContext.create(db)
    ctx.services.warm_up()
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program is saving
    ticks: list[int] = []
    heartbeat = QTimer(interval=50)
    heartbeat.timeout.connect(lambda: ticks.append(1))
    heartbeat.start()
    QTimer.singleShot(600, other.rollback)  # …and lets go
    try:
        perform(ctx, AddWin(ctx, WinDraft(title="Saved once the lock was free",
                                          date=dt.date(2026, 3, 2))))
    finally:
        heartbeat.stop()
        other.close()
    assert len(ticks) >= 5  # the UI thread went on running while the write waited
    assert [w.title for w in ctx.services.queries.wins()] == ["Saved once the lock was free"]
    assert ctx.undo_stack.count() == 1


def test_a_refused_write_still_raises_where_it_was_made(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                                       monkeypatch) -> None:
    monkeypatch.setenv("BRAGDOC_BUSY_TIMEOUT_MS", "200")
    ctx = UiContext.create(Database.open(db.path))
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        raised = None
        try:
            perform(ctx, AddWin(ctx, WinDraft(title="Never saved", date=dt.date(2026, 3, 2))))
        except DatabaseBusy as exc:
            raised = exc
    finally:
        other.rollback()
        other.close()
        ctx.services.db.dispose()
    assert raised is not None
    assert ctx.undo_stack.count() == 0  # nothing to undo for a write that never happened
