"""Del on a list or table deletes its selection (each page says what that means)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget


class DeleteKey(QObject):
    """Gives Del to a view that has focus, ahead of any wider Del shortcut."""

    def __init__(self, view: QWidget, on_delete: Callable[[], object]) -> None:
        super().__init__(view)
        self.on_delete = on_delete
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        if not isinstance(event, QKeyEvent) or event.key() != Qt.Key.Key_Delete or (
            event.modifiers() != Qt.KeyboardModifier.NoModifier
        ):
            return False
        event.accept()
        if event.type() == QEvent.Type.KeyPress:
            self.on_delete()
        return True
