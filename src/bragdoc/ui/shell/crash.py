"""Unexpected errors in the desktop app: logged with their traceback and shown to the
person with the details one click away, instead of a silent failure or a dead window."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from bragdoc.domain.errors import UserError

log = logging.getLogger("bragdoc")


class _Reporter(QObject):
    """Carries reports from any thread to the UI thread (queued signal)."""

    report = Signal(str, str)


_installed: list[_Reporter] = []


def install_crash_handlers() -> _Reporter:
    reporter = _Reporter()
    _installed[:] = [reporter]  # the hooks need it alive for the life of the app
    reporter.report.connect(_show)

    def hook(kind: type[BaseException], value: BaseException,
             tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, value, tb))
        if isinstance(value, UserError):
            reporter.report.emit(str(value), "")
            return
        log.error("unexpected error\n%s", details)
        reporter.report.emit(f"Something went wrong inside bragdoc: {value!r}", details)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        hook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
    return reporter


def _show(message: str, details: str) -> None:
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Warning if not details else QMessageBox.Icon.Critical)
    box.setWindowTitle("bragdoc")
    box.setText(message)
    if details:
        box.setInformativeText("Your data is safe: nothing half-done was saved. "
                               "The details below help fix it; they are also in the log.")
        box.setDetailedText(details)  # "Show Details…", selectable and copyable
    _open_boxes.append(box)  # without a parent window nothing else keeps it alive
    box.finished.connect(lambda _result: _open_boxes.remove(box))
    box.open()


_open_boxes: list[QMessageBox] = []
