"""An unexpected error is shown with its details instead of vanishing."""

from __future__ import annotations

import sys
import threading

from PySide6.QtWidgets import QApplication, QMessageBox

from bragdoc.domain.errors import InvalidInput
from bragdoc.ui.shell.crash import install_crash_handlers


def _raise(error: Exception) -> None:
    try:
        raise error
    except Exception:
        sys.excepthook(*sys.exc_info())


def test_a_bug_is_shown_with_copyable_details(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    install_crash_handlers()
    _raise(ZeroDivisionError("division by zero"))
    qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    box = next(w for w in QApplication.topLevelWidgets()
               if isinstance(w, QMessageBox) and w.isVisible())
    assert "ZeroDivisionError" in box.text()
    assert "Traceback" in box.detailedText()
    box.close()


def test_a_user_error_is_shown_without_a_traceback(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    install_crash_handlers()
    _raise(InvalidInput("a win needs a title"))
    qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))
    box = next(w for w in QApplication.topLevelWidgets()
               if isinstance(w, QMessageBox) and w.isVisible())
    assert box.text() == "a win needs a title"
    assert box.detailedText() == ""
    box.close()
