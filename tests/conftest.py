"""Shared test setup: headless Qt, private user folders, a real migrated SQLite file."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

# Before any Qt import: no display here, and matplotlib must choose PySide6.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["QT_API"] = "pyside6"

import pytest

from bragdoc.store.database import Database

JOB_TIMEOUT_MS = 30_000
"""Far longer than any job a test starts: one still running after this is stuck."""


@pytest.fixture(autouse=True)
def private_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every user directory (data, config, logs, cache) lives under this test's tmp_path."""
    home = tmp_path / "home"
    for variable, folder in {
        "XDG_DATA_HOME": "data",
        "XDG_CONFIG_HOME": "config",
        "XDG_STATE_HOME": "state",
        "XDG_CACHE_HOME": "cache",
    }.items():
        monkeypatch.setenv(variable, str(home / folder))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("BRAGDOC_DB", raising=False)
    return home


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    Database.open(path).dispose()
    return path


@pytest.fixture
def db_path(tmp_path: Path, migrated_template: Path) -> Path:
    """A fresh database at the newest schema, copied with SQLite's backup API."""
    path = tmp_path / "bragdoc.sqlite3"
    source = sqlite3.connect(migrated_template)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    os.chmod(path, 0o600)
    return path


@pytest.fixture
def db(db_path: Path):
    database = Database.open(db_path)
    yield database
    settle_qt()  # a job still reading this database must end before it is closed
    database.dispose()


def settle_qt() -> None:
    """Wait for the background jobs and serial writers to finish, deliver the answers
    they posted (which may start more jobs) and run the pending deferred deletes, so no
    job, relay or half-deleted object outlives the test that made it. Does nothing
    before the first Qt test (the core's tests never load Qt)."""
    qt_core = sys.modules.get("PySide6.QtCore")
    if qt_core is None or qt_core.QCoreApplication.instance() is None:
        return
    from bragdoc.ui.kit.jobs import drain

    app = qt_core.QCoreApplication
    while True:
        assert drain(JOB_TIMEOUT_MS), "a background job outlived its test"
        app.processEvents()
        app.sendPostedEvents(None, qt_core.QEvent.Type.DeferredDelete)
        if drain(0):
            return


@pytest.fixture(autouse=True)
def qt_settled() -> Iterator[None]:
    """After every test (pytest-qt has closed its widgets by then), nothing the test
    started in Qt is left running or waiting to be deleted."""
    yield
    settle_qt()


def show_and_activate(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Show a top-level window and wait until it really is the active one, so keyboard
    shortcuts reach it (waitActive alone can return before activation on offscreen)."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def answer_discard(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    """Esc on a win dialog with typed text asks first: answer "Discard"."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    qtbot.waitUntil(lambda: dialog.discard_question is not None
                    and dialog.discard_question.isVisible())
    button = dialog.discard_question.findChild(QPushButton, "discard")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
