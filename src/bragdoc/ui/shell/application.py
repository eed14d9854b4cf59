"""Starting the desktop app: QApplication, database, main window.

`run_app` also takes screenshots for the docs (`bragdoc gui --screenshot OUT.png`) and has
two hooks for the start-up benchmark: with BRAGDOC_EXIT_AFTER_FIRST_PAINT=1 in the
environment the app quits as soon as the main window has been painted for the first time;
with BRAGDOC_EXIT_WHEN_READY=1, as soon as the start page shows the newest records.

Only one app may have a database open: a second launch on the same file brings the
running window forward (ui/shell/single_instance.py) and exits 0. Screenshots skip that: they
never show a window and never touch the user's window state.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bragdoc import paths, resources
from bragdoc.domain.errors import DatabaseDamaged, UserError
from bragdoc.services.desktop_entry import APP_ID, APP_NAME
from bragdoc.store.database import Database

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QWidget

    from bragdoc.services.backups import BackupService
    from bragdoc.services.container import Services
    from bragdoc.ui.shell.main_window import MainWindow
    from bragdoc.ui.shell.single_instance import InstanceServer

log = logging.getLogger(__name__)

EXIT_AFTER_FIRST_PAINT = "BRAGDOC_EXIT_AFTER_FIRST_PAINT"
"""Set to 1 to quit right after the main window's first paint (bench/gui_startup.py)."""
EXIT_WHEN_READY = "BRAGDOC_EXIT_WHEN_READY"
"""Set to 1 to print `ready at <unix time>` on stderr and quit as soon as the start page
shows the person's newest records (bench/gui_startup.py, and outside measurement)."""
QUICK_REQUEST = "log-a-win"
"""What `bragdoc quick` asks a running app for, in place of a page."""
EXIT_AFTER_HANDOVER = "BRAGDOC_EXIT_AFTER_HANDOVER"
"""Tests only: set to 1 to quit once another launch has handed over (or after
HANDOVER_WAIT_MS), saying `bragdoc: serving PATH` on stderr once the database is open."""
HANDOVER_WAIT_MS = 15_000


_OFFSCREEN_NOISE = ("does not support propagateSizeHints", "does not support raise()")


def _hide_offscreen_noise() -> None:
    """The offscreen platform warns on every window that it cannot apply size hints (and
    cannot raise a window another launch brought forward); those lines say nothing about
    bragdoc and would hide real warnings in screenshot runs."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode: object, _context: object, message: str) -> None:
        if not any(noise in message for noise in _OFFSCREEN_NOISE):
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def page_keys(window: MainWindow) -> list[str]:
    """The pages this build of the main window has, in navigation order."""
    return list(window.by_key)


def complain(message: str) -> int:
    print(f"bragdoc: {message}", file=sys.stderr)
    return 2


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or sys.platform in ("win32", "darwin"))


def run_app(
    services: Services,
    *,
    page: str | None = None,
    screenshot: Path | None = None,
    size: tuple[int, int] | None = None,
    theme: str | None = None,
) -> int:
    """Open the main window (on `page`), or with `screenshot` paint it once into that PNG.
    `services` are those of the database to open (not opened yet: this checks it first).
    `theme` (light, dark, system) overrides the one chosen in the settings for this run."""
    db_path = services.db.path
    from bragdoc.ui.shell.pages import PAGES

    keys = [entry.key for entry in PAGES]
    if page is not None and page not in keys:
        # Said before Qt starts: a mistake in the command needs no display to be told.
        return complain(f"page {page!r} is unknown; pages available: {', '.join(keys)}")
    app = start_qt(screenshot=screenshot is not None, theme=theme)
    server = None
    if screenshot is None:
        from bragdoc.ui.shell.single_instance import NotAnswering, claim

        try:
            server, reply = claim(db_path, paths.data_dir(), page=page)
        except NotAnswering as exc:
            return complain(str(exc))
        if reply is not None:
            if not reply.get("ok"):
                return complain(str(reply.get("message")))
            print(f"bragdoc is already open on {db_path}; brought its window forward.")
            return 0
    try:
        return _run_window(app, services, page=page, screenshot=screenshot, size=size,
                           server=server)
    finally:
        if server is not None:
            server.close()


def start_qt(*, screenshot: bool, theme: str | None = None) -> QApplication:
    """The QApplication, named, with its icon, its theme (`theme`, else the one chosen in
    the settings) and the crash handlers."""
    # matplotlib must pick PySide6 even where PyQt is also installed.
    os.environ.setdefault("QT_API", "pyside6")
    if screenshot and not _has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a screenshot needs no screen
    from PySide6.QtWidgets import QApplication

    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        _hide_offscreen_noise()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)  # also the class in WM_CLASS (StartupWMClass)
    app.setOrganizationName(APP_NAME)
    # The desktop matches the window to its launcher entry by this (Wayland's app id),
    # rather than grouping it with every other Python program. No display name is set:
    # Qt would append it to every window title, and the title names the database.
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    from PySide6.QtCore import QSettings

    from bragdoc.ui.kit import theme as themes
    from bragdoc.ui.kit.preferences import theme_mode

    themes.apply(app, theme or theme_mode(QSettings()))
    from bragdoc.ui.shell.crash import install_crash_handlers

    install_crash_handlers()
    return app


def app_icon() -> QIcon:
    """The app's icon at every size it was drawn for: crisp in a title bar (16 px) and in
    a task switcher (256 px) alike."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in resources.APP_ICON_SIZES:
        icon.addFile(str(resources.path(resources.app_icon_png(size))), QSize(size, size))
    return icon


def _page_problem(window: MainWindow, page: str) -> str | None:
    available = page_keys(window)
    if page in available:
        return None
    return f"page {page!r} is unknown; pages available: {', '.join(available)}"


def _run_window(
    app: QApplication,
    services: Services,
    *,
    page: str | None,
    screenshot: Path | None,
    size: tuple[int, int] | None,
    server: InstanceServer | None,
) -> int:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QMessageBox

    from bragdoc.services.container import Services
    from bragdoc.ui.kit.context import UiContext
    from bragdoc.ui.kit.jobs import drain
    from bragdoc.ui.shell.main_window import MainWindow

    try:
        services.db.ensure_ready()
    except DatabaseDamaged as exc:
        if screenshot is not None:
            return complain(str(exc))
        recovered = open_damaged(exc, services.backups)
        if recovered is None:
            return complain(str(exc))
        services = Services(recovered, clock=services.clock)
    except UserError as exc:
        if screenshot is not None:
            return complain(str(exc))
        QMessageBox.critical(None, "bragdoc cannot open the database", str(exc))
        return 2
    db = services.db
    hold = server is not None and os.environ.get(EXIT_AFTER_HANDOVER) == "1"
    if hold:
        print(f"bragdoc: serving {db.path}", file=sys.stderr, flush=True)

    # A screenshot must neither use nor change the window state the user's app remembers.
    scratch = tempfile.TemporaryDirectory(prefix="bragdoc-shot-") if screenshot else None
    try:
        settings = None
        if scratch is not None:
            settings = QSettings(str(Path(scratch.name) / "state.ini"),
                                 QSettings.Format.IniFormat)
        window = MainWindow(UiContext(services=services), settings)
        if page is not None:
            problem = _page_problem(window, page)
            if problem is not None:
                return complain(problem)
            window.show_page(page)
        if server is not None:
            def handed_over(asked: str | None) -> str | None:
                if asked == QUICK_REQUEST:  # `bragdoc quick`: the dialog, nothing else
                    window.log_win_from_tray()
                    return None
                problem = _page_problem(window, asked) if asked else None
                window.bring_forward(None if problem else asked)
                if hold:
                    QTimer.singleShot(0, app.quit)
                return problem

            server.on_request = handed_over
        if hold:
            QTimer.singleShot(HANDOVER_WAIT_MS, app.quit)
        # With a tray, the app outlives its window (see ui/shell/tray.py).
        app.setQuitOnLastWindowClosed(not window.tray.available or screenshot is not None)
        if size is not None:
            window.resize(*size)
        if screenshot is not None:
            return _save_screenshot(app, window, screenshot)
        if os.environ.get(EXIT_AFTER_FIRST_PAINT) == "1":
            _quit_after_first_paint(app, window)
        if os.environ.get(EXIT_WHEN_READY) == "1":
            window.ready.connect(lambda: _quit_when_ready(app))
        window.show()
        return app.exec()
    finally:
        if server is not None:
            server.close()  # a launch from now on opens the database itself
        # Jobs and draft writes still running hold the database: let them finish first.
        drain()
        db.dispose()
        if scratch is not None:
            scratch.cleanup()


def open_damaged(exc: DatabaseDamaged, service: BackupService) -> Database | None:
    """The database failed its check and was moved aside: ask what to do (newest good
    backup, an empty database, or quit) and open the database chosen; None to quit.
    `service` is the backups of the database's path (nothing is open there now)."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QMessageBox

    from bragdoc.ui.backups.restore_dialog import DamagedDatabaseDialog, taken_text

    summary = ""
    if exc.backup is not None:
        try:
            found = [b for b in service.backups() if b.path == exc.backup]
        except (UserError, OSError):
            found = []
        if found:
            wins = found[0].counts.get("wins", 0)
            summary = f"{taken_text(found[0])}, {wins} win{'s' if wins != 1 else ''}"
    dialog = DamagedDatabaseDialog(exc.path, exc.moved_to, exc.backup, summary)
    loop = QEventLoop()
    dialog.finished.connect(loop.quit)
    dialog.open()  # not exec(): the same wait, but tests (and timers) can answer it
    loop.exec()
    if dialog.choice == DamagedDatabaseDialog.QUIT:
        return None
    try:
        if dialog.choice == DamagedDatabaseDialog.RESTORE and exc.backup is not None:
            service.restore(exc.backup)
        return Database.open(exc.path)
    except UserError as problem:
        log.error("recovering from a damaged database failed: %s", type(problem).__name__)
        box = QMessageBox(QMessageBox.Icon.Critical, "bragdoc cannot open the database",
                          str(problem), QMessageBox.StandardButton.Close)
        box.finished.connect(loop.quit)
        box.open()
        loop.exec()
        return None


def _quit_after_first_paint(app: QApplication, window: MainWindow) -> None:
    """Quit once the window has been painted for the first time (the start-up bench).

    An event filter sees the window's first QEvent.Paint. The window gets that event
    before its children are painted, so the filter does not quit there: it queues the
    quit with a zero timer, which runs only when the event loop is back, i.e. after the
    whole window has been painted and flushed to the screen. (Showing the window and
    queueing a zero timer straight away would not do: the timer can fire before the
    platform has asked the window to paint.) The moment of that first paint is written on
    stderr as `first paint at <unix time>` so the bench can leave shutdown out.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.seen:
                self.seen = True
                QTimer.singleShot(0, self._painted)
            return False

        @staticmethod
        def _painted() -> None:
            print(f"bragdoc: first paint at {time.time():.6f}", file=sys.stderr, flush=True)
            app.quit()

    watcher = FirstPaint(window)
    window.installEventFilter(watcher)


def _quit_when_ready(app: QApplication) -> None:
    print(f"bragdoc: ready at {time.time():.6f}", file=sys.stderr, flush=True)
    app.quit()


def _save_screenshot(app: QApplication, window: MainWindow, out: Path) -> int:
    from PySide6.QtCore import QEventLoop, Qt

    # Laid out and painted like a shown window, but never put on a real screen.
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.show()
    deadline = time.monotonic() + 30.0
    while not window.background_started and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    _settle(app)
    return save_png(window, out, f"page {window.current_page_key()}")


def save_png(widget: QWidget, out: Path, what: str) -> int:
    """Grab the (shown, settled) widget into a PNG file, written atomically."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from bragdoc.store.files import write_atomically

    image = widget.grab()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        return complain("could not encode the screenshot as PNG")
    buffer.close()
    try:
        write_atomically(out, bytes(data.data()))
    except OSError as exc:
        return complain(f"cannot write {out}: {exc.strerror or exc}")
    print(f"Saved {out} ({image.width()}×{image.height()}, {what})")
    return 0


def _settle(app: QApplication, *, minimum_ms: int = 400, timeout_s: float = 30.0) -> None:
    """Run the event loop until the pages have loaded their data and nothing is pending.

    Pages load through run_in_background: wait for the thread pool to drain, then let the
    event loop deliver the results (which may start more jobs), until a pass ends with
    the pool idle. The first spin also lets debounce timers and deferred layouts run.
    """
    from PySide6.QtCore import QEventLoop, QThreadPool, QTimer

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    pool = QThreadPool.globalInstance()
    deadline = time.monotonic() + timeout_s
    spin(minimum_ms)
    while time.monotonic() < deadline:
        pool.waitForDone(max(1, int((deadline - time.monotonic()) * 1000)))
        spin(50)
        if pool.activeThreadCount() == 0:
            break
    app.processEvents()
