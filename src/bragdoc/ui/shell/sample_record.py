"""Trying bragdoc on the sample record: it lives in a database of its own
(`<data dir>/sample.sqlite3`), opened in a second window, never mixed into the person's
own record."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Signal

from bragdoc import paths
from bragdoc.services.container import Services
from bragdoc.services.sample import load_sample
from bragdoc.store.database import Database
from bragdoc.ui.kit.errors import describe
from bragdoc.ui.kit.jobs import run_in_background


def sample_path() -> Path:
    return paths.data_dir() / "sample.sqlite3"


def _prepare(path: Path) -> Path:
    db = Database.open(path)
    try:
        services = Services(db)
        if services.queries.counts()["win"] == 0:
            load_sample(services)
    finally:
        db.dispose()
    return path


class SampleLauncher(QObject):
    started = Signal(str)
    """The sample window is on its way: the database path."""
    failed = Signal(str)

    def open(self) -> None:
        """Fill the sample database (once, off the UI thread) and open it in its own app."""
        run_in_background(lambda: _prepare(sample_path()), self._launch,
                          lambda exc: self.failed.emit(describe(exc, "The sample did not "
                                                                      "open")), self)

    def _launch(self, path: Path) -> None:
        if QProcess.startDetached(sys.executable, ["-m", "bragdoc", "--db", str(path), "gui"])[0]:
            self.started.emit(str(path))
        else:
            self.failed.emit("The sample did not open: bragdoc could not be started again.")
