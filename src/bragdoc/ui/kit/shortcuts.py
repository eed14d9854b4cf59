"""Keyboard shortcuts a page or view owns, each saying what it does.

PySide (6.11) drops the `context` given to QShortcut's constructor together with a
callable: a shortcut meant for one table then answered anywhere in the window. This sets
it after construction. The description is what Help ▸ Keyboard shortcuts lists."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def shortcut(keys: str | QKeySequence.StandardKey, owner: QWidget, action: Callable[[], object],
             what: str, context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
             ) -> QShortcut:
    made = QShortcut(QKeySequence(keys), owner)
    made.setContext(context)
    made.setWhatsThis(what)
    made.activated.connect(action)
    return made
