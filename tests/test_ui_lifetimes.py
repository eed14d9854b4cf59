"""Qt object lifetimes: work scheduled by a window ends with the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QThreadPool

from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.shell.main_window import FIRST_CHECK_DELAY_MS, MainWindow

WRITE_SERVICES = ("wins", "projects", "people", "profile")


def _shown_window(qtbot, ctx: UiContext, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()
    return window


def test_a_window_closed_before_its_first_paint_work_starts_no_job(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    ctx = UiContext.create(db)
    window = _shown_window(qtbot, ctx, tmp_path)
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    qtbot.wait(FIRST_CHECK_DELAY_MS + 300)
    assert QThreadPool.globalInstance().waitForDone(10_000)
    # The warm-up builds the write services; nothing may have built them for a window
    # that no longer exists.
    assert not [name for name in WRITE_SERVICES if name in vars(ctx.services)]


def test_a_window_that_stays_warms_up_its_write_path(
    qtbot, db: Database, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    ctx = UiContext.create(db)
    window = _shown_window(qtbot, ctx, tmp_path)
    qtbot.addWidget(window)

    qtbot.waitUntil(lambda: all(name in vars(ctx.services) for name in WRITE_SERVICES),
                    timeout=10_000)
