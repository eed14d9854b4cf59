"""Enter on a list or table does the one thing the page says, and nothing else.

A view's own Enter emits `activated` and then lets the key travel on to the dialog, whose
default button fires too: two actions for one key. This takes the key first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget


class EnterKey(QObject):
    """Gives Enter/Return on `view` to `on_enter`, ahead of item activation and of any
    default button."""

    def __init__(self, view: QWidget, on_enter: Callable[[], object]) -> None:
        super().__init__(view)
        self.on_enter = on_enter
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        event.accept()
        self.on_enter()
        return True
