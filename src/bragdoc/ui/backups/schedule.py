"""Backups while the app is open: every few minutes a look whether one is due (changed
since the newest backup and that one is older than half an hour), and one last backup
when the window closes if anything changed.

Backups are taken on a worker thread (the backup API copies page by page, a large file
takes a moment); the one on close is taken on the UI thread because the app is about to
end, and a failure there is logged, never allowed to stop the window closing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from bragdoc.services.backups import BackupInfo, BackupService
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.kit.jobs import run_in_background
from bragdoc.ui.kit.typed_drafts import when

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 5 * 60 * 1000
BACKUP_EVERY = timedelta(minutes=30)


class BackupSchedule(QObject):
    """Takes the scheduled backups of one database and knows the newest one."""

    changed = Signal()
    """The newest backup changed (one was taken or restored, or the list was read)."""

    def __init__(self, ctx: UiContext, parent: QObject | None = None, *,
                 service: BackupService | None = None,
                 check_every_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = service or ctx.services.backups
        self.latest: BackupInfo | None = None
        self.known = False
        """False until the list of backups has been read once."""
        self.last_error: str | None = None
        self.busy = False
        self.timer = QTimer(self, interval=check_every_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        """Read the newest backup (for the status line) and start the timer."""
        self.timer.start()
        run_in_background(self.service.backups, self._listed, self._failed_to_list,
                          parent=self)

    def _listed(self, backups: list[BackupInfo]) -> None:
        self.known = True
        self.latest = backups[0] if backups else None
        self.changed.emit()

    def _failed_to_list(self, exc: Exception) -> None:
        log.warning("could not list the backups: %s", type(exc).__name__)
        self.known = True
        self.changed.emit()

    # --- taking backups ---------------------------------------------------------------

    def check(self) -> None:
        """Take a backup if one is due (on a worker thread)."""
        if self.busy:
            return

        def due_backup() -> BackupInfo | None:
            if self.service.needs_backup(every=BACKUP_EVERY):
                return self.service.backup_now("scheduled")
            return None

        self._run(due_backup, lambda _info: None)

    def backup_now(self, on_done: Callable[[BackupInfo | None], None] | None = None,
                   on_error: Callable[[Exception], None] | None = None) -> bool:
        """A backup the person asked for; False if one is being taken already."""
        if self.busy:
            return False
        self._run(lambda: self.service.backup_now("manual"), on_done or (lambda _i: None),
                  on_error)
        return True

    def _run(self, work: Callable[[], BackupInfo | None],
             on_done: Callable[[BackupInfo | None], None],
             on_error: Callable[[Exception], None] | None = None) -> None:
        self.busy = True

        def done(info: BackupInfo | None) -> None:
            self.busy = False
            if info is not None:
                self.taken(info)
            on_done(info)

        def failed(exc: Exception) -> None:
            self.busy = False
            self.last_error = str(exc)
            log.warning("backup failed: %s", type(exc).__name__)
            self.changed.emit()
            if on_error is not None:
                on_error(exc)

        run_in_background(work, done, failed, parent=self)

    def taken(self, info: BackupInfo) -> None:
        """A backup was made (here, or by a restore): it is the newest now."""
        self.known = True
        self.last_error = None
        if self.latest is None or info.taken_at >= self.latest.taken_at:
            self.latest = info
        self.changed.emit()

    def final_backup(self) -> BackupInfo | None:
        """On close: a backup if anything changed since the newest one. Never raises."""
        self.timer.stop()
        if self.busy:  # a scheduled one is running: let it finish, it may be enough
            QThreadPool.globalInstance().waitForDone(30_000)
        try:
            if not self.service.needs_backup(every=timedelta(0)):
                return None
            info = self.service.backup_now("close")
        except Exception:
            log.exception("the backup on close failed")
            return None
        self.latest = info
        return info

    # --- what the status line says ----------------------------------------------------

    def describe(self, now: dt.datetime | None = None) -> str:
        if self.last_error is not None:
            return "Last backup failed — see File ▸ Restore from backup"
        if not self.known:
            return ""
        if self.latest is None:
            return "No backup yet"
        return f"Backed up {when(self.latest.taken_at, now)}"
