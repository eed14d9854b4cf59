"""One way to say that something failed, everywhere in the window.

A user mistake (`UserError`) or a file problem (`OSError`: no such folder, no room
left) is shown in its own words; anything else is a bug, shown as one short sentence
pointing to the log (where the job runner or the crash handler has written its
traceback), never as a Python repr.

    label.setText(describe(exc, "Could not load the log"))
    warn(parent, "Not deleted", exc)            # the same text in a message box
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from bragdoc import paths
from bragdoc.domain.errors import UserError


def log_file() -> str:
    return str(paths.log_dir() / "bragdoc.log")


def describe(exc: BaseException, doing: str | None = None) -> str:
    """The sentence to show for `exc`; `doing` ("Could not load the log") leads it."""
    if isinstance(exc, UserError | OSError):
        reason = str(exc)
        if isinstance(exc, OSError) and exc.strerror:  # a file the person named
            reason = f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
        return f"{doing}: {reason}" if doing else reason
    lead = doing or "Something went wrong"
    return f"{lead} because of an unexpected error; the details are in {log_file()}."


def warn(parent: QWidget | None, title: str, exc: BaseException) -> QMessageBox:
    """Tell the person about a failed action in a window-modal box (not blocking tests)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, describe(exc),
                      QMessageBox.StandardButton.Ok, parent)
    box.open()
    return box
