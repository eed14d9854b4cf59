"""A change made by another program shows in the open window within two seconds."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from bragdoc.domain.records import WinDraft
from bragdoc.services.container import Services
from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.shell.main_window import MainWindow
from tests.conftest import show_and_activate
from tests.test_cli import run


@pytest.fixture
def window(qtbot, db: Database, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    # The weekly reminder falls due at midnight today, so the banner nags until a win.
    today = dt.date.today()
    services = Services(db)
    services.profile.update(reminder_enabled=True, reminder_day=today.weekday(),
                            reminder_time="00:00")
    services.wins.add(WinDraft(title="Wrote the first runbook",
                               date=today - dt.timedelta(days=30)))
    main = MainWindow(UiContext.create(db),
                      QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    main.show_page("log")
    qtbot.addWidget(main)
    show_and_activate(qtbot, main)
    # Other programs are watched once the first screen is shown and the write path is in.
    qtbot.waitUntil(lambda: main.external_changes.timer.isActive(), timeout=10_000)
    return main


def titles(window: MainWindow) -> list[str]:
    return [w.title for week in window.log_page.model.weeks for w in week.wins]


@pytest.mark.slow
def test_a_win_added_on_the_command_line_appears_in_the_open_window(
        qtbot, window: MainWindow, db: Database) -> None:  # type: ignore[no-untyped-def]
    assert window.banner.isVisible() and "Nothing logged this week" in window.banner.text()
    done = run("--db", str(db.path), "add", "Cut the build time in half")
    assert done.returncode == 0, done.stderr
    added_at = time.monotonic()
    qtbot.waitUntil(lambda: "Cut the build time in half" in titles(window), timeout=2000)
    assert time.monotonic() - added_at < 2.0
    # The banner and the streak say the same as the list.
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=2000)
    assert window.log_page.streak_label.text().startswith("Streak: 1 week")


def test_the_windows_own_saves_are_not_announced_twice(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    window.ctx.signals.wins_changed.connect(lambda: seen.append("wins"))
    window.ctx.services.wins.add(WinDraft(title="Saved by this window",
                                          date=window.ctx.services.today()))
    window.ctx.signals.wins_changed.emit()  # as the undo command announces it
    window.external_changes.poll()
    qtbot.wait(50)
    assert seen == ["wins"]
