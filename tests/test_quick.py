"""`bragdoc quick`: the Log-a-win dialog alone, or the running app's, for a desktop
keyboard shortcut."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from bragdoc.services.container import Services
from bragdoc.store.database import Database
from bragdoc.ui.kit.win_dialog import WinDialog
from bragdoc.ui.shell.application import EXIT_AFTER_HANDOVER, EXIT_WHEN_READY
from bragdoc.ui.shell.quick import _show_dialog
from tests.test_single_instance import BRAGDOC, app_env, launch


@pytest.mark.slow
def test_quick_hands_over_to_the_running_app(tmp_path: Path, db_path: Path) -> None:
    env = app_env(**{EXIT_AFTER_HANDOVER: "1"})
    app = launch(db_path, env=env)
    try:
        deadline = time.monotonic() + 30
        line = ""
        while "serving" not in line and time.monotonic() < deadline:
            line = app.stderr.readline() if app.stderr else ""
        assert "serving" in line
        quick = launch(db_path, "quick", env=env)
        out, err = quick.communicate(timeout=60)
        assert quick.returncode == 0, err
        assert out.strip() == "bragdoc is open: its Log a win dialog is on screen."
        assert app.wait(timeout=30) == 0  # it took the request (and quits, as tests ask)
    finally:
        if app.poll() is None:
            app.kill()
        app.communicate()


@pytest.mark.slow
def test_quick_alone_is_ready_for_typing_and_leaves_no_server(db_path: Path) -> None:
    quick = launch(db_path, "quick", env=app_env(**{EXIT_WHEN_READY: "1"}))
    out, err = quick.communicate(timeout=60)
    assert quick.returncode == 0, err
    assert "bragdoc: ready at" in err and out == ""
    # No app owns the database now: a plain launch serves it itself.
    app = launch(db_path, env=app_env(**{EXIT_AFTER_HANDOVER: "1"}))
    try:
        assert app.stderr is not None and "bragdoc: serving" in app.stderr.readline()
    finally:
        app.kill()
        app.communicate()


def test_the_quick_dialog_saves_a_win_and_ends(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    def type_and_save() -> None:
        dialog = QApplication.activeModalWidget() or next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, WinDialog))
        assert isinstance(dialog, WinDialog)
        qtbot.keyClicks(dialog.title, "Paired on the flaky deploy test")
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)

    QTimer.singleShot(300, type_and_save)
    services = Services(Database(db.path))
    services.db.ensure_ready()
    assert _show_dialog(QApplication.instance(), services, None) == 0
    assert [w.title for w in Services(db).queries.wins()] == ["Paired on the flaky deploy test"]


def test_quick_screenshot_paints_the_dialog(tmp_path: Path, db_path: Path) -> None:
    out = tmp_path / "quick.png"
    done = subprocess.run([*launch_command(), "--db", str(db_path), "quick", "--screenshot",
                           str(out)], capture_output=True, text=True, timeout=60,
                          env=app_env())
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def launch_command() -> list[str]:
    return [str(BRAGDOC)] if BRAGDOC.exists() else [sys.executable, "-m", "bragdoc"]
