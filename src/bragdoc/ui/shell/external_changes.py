"""Keeps the window current when another program changes the database: within a second or
two of `bragdoc add` on the command line, the Log, the banner and every page agree with it.

A cheap `PRAGMA data_version` look every POLL_MS on the UI thread (it never waits for a
lock); when someone else committed, every change signal is announced, as an undo command
would, and the pages on screen reload.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from bragdoc.store.changes import ChangeWatch
from bragdoc.ui.kit.context import UiContext

POLL_MS = 1000


class ExternalChanges(QObject):
    def __init__(self, ctx: UiContext, parent: QObject) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.watch = ChangeWatch(ctx.services.db.path)
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.destroyed.connect(self.watch.close)

    def start(self) -> None:
        """Begin watching; the write path is imported by now, so its commits are counted."""
        self.watch.count_own_commits(self.ctx.services.db.engine)
        self.timer.start()

    def poll(self) -> None:
        if self.watch.changed_elsewhere():
            signals = self.ctx.signals
            for signal in (signals.wins_changed, signals.projects_changed,
                           signals.people_changed, signals.profile_changed,
                           signals.readiness_changed, signals.inbox_changed):
                signal.emit()
