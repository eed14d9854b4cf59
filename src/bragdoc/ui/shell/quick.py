"""`bragdoc quick`: only the Log-a-win dialog, for a desktop keyboard shortcut.

When bragdoc is already open on the database, the request goes to it (the one-instance
channel) and its own dialog opens over whatever the person is doing. Otherwise this
process shows the dialog alone — without the main window, so it is ready at once — and
exits once the win is saved or the dialog closed. Typed text is kept in a draft file as
in the window, so a crash or a kill loses nothing.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop

from bragdoc import paths
from bragdoc.domain.errors import UserError
from bragdoc.domain.records import WinDraft
from bragdoc.services.container import Services
from bragdoc.ui.shell.application import (
    EXIT_WHEN_READY,
    QUICK_REQUEST,
    complain,
    save_png,
    start_qt,
)


def run_quick(services: Services, *, screenshot: Path | None = None,
              theme: str | None = None) -> int:
    app = start_qt(screenshot=screenshot is not None, theme=theme)
    if screenshot is None:
        from bragdoc.ui.shell.single_instance import NotAnswering, claim

        try:
            server, reply = claim(services.db.path, paths.data_dir(), page=QUICK_REQUEST)
        except NotAnswering as exc:
            return complain(str(exc))
        if reply is not None:
            print("bragdoc is open: its Log a win dialog is on screen.")
            return 0
        if server is not None:
            # This process is no app: a window opened meanwhile must not hand over to it.
            server.close()
    try:
        services.db.ensure_ready()
    except UserError as exc:
        return complain(str(exc))
    return _show_dialog(app, services, screenshot)


def _show_dialog(app: object, services: Services, screenshot: Path | None) -> int:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from bragdoc.ui.kit.context import UiContext
    from bragdoc.ui.kit.jobs import drain
    from bragdoc.ui.kit.undo import perform
    from bragdoc.ui.kit.win_dialog import WinDialog
    from bragdoc.ui.kit.win_undo import AddWin

    assert isinstance(app, QApplication)
    ctx = UiContext(services=services)
    saved: list[str] = []

    def save(draft: WinDraft) -> None:
        perform(ctx, AddWin(ctx, draft))
        saved.append(draft.title)

    dialog = WinDialog(save, projects=[*services.queries.project_names().values()],
                       known_tags=services.queries.tags(), today=services.today(),
                       drafts=services.drafts if screenshot is None else None)
    try:
        if screenshot is not None:
            dialog.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            dialog.show()
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 200)
            return save_png(dialog, screenshot, "the Log a win dialog")
        # A loop of its own rather than app.exec(): the dialog is all there is, and ending
        # it must not tell the whole application to quit (a test runs this in-process).
        loop = QEventLoop()
        dialog.finished.connect(loop.quit)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        if os.environ.get(EXIT_WHEN_READY) == "1":
            QTimer.singleShot(0, dialog, lambda: _say_ready(loop))
        loop.exec()
    finally:
        drain()
        services.db.dispose()
    if saved:
        print(f"Logged “{saved[0]}”.")
    return 0


def _say_ready(loop: QEventLoop) -> None:
    """The dialog is shown and its title field takes typing."""
    print(f"bragdoc: ready at {time.time():.6f}", file=sys.stderr, flush=True)
    loop.quit()
