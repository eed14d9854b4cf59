"""Icons for the pages and the main actions, drawn in the theme's text colour.

They come from qtawesome (Font Awesome 6 Free, solid): chosen because it ships its fonts
inside the wheel (nothing is fetched at run time), draws crisp at any size and in any
colour — so a dark theme gets light icons without a second set of files — and needs only
QtPy, which uses the PySide6-Essentials already installed (no other Qt binding comes
along). Code MIT; Font Awesome Free fonts SIL OFL 1.1 (icons CC BY 4.0).

    keeper = Icons(window)                     # one per window, owned by it
    keeper.set(action, "new_win")              # now, and again whenever the theme changes
"""

from __future__ import annotations

import os
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon

from bragdoc.ui.kit import theme

NAMES = {
    # pages
    "home": "fa6s.house",
    "log": "fa6s.list-ul",
    "projects": "fa6s.diagram-project",
    "impact": "fa6s.chart-column",
    "readiness": "fa6s.stairs",
    "people": "fa6s.user-group",
    "inbox": "fa6s.inbox",
    "packet": "fa6s.file-lines",
    "review": "fa6s.calendar-check",
    # actions
    "new_win": "fa6s.plus",
    "edit": "fa6s.pen",
    "delete": "fa6s.trash-can",
    "undo": "fa6s.rotate-left",
    "redo": "fa6s.rotate-right",
    "settings": "fa6s.gear",
    "backup": "fa6s.floppy-disk",
    "restore": "fa6s.clock-rotate-left",
    "quit": "fa6s.power-off",
    "export": "fa6s.file-export",
    "import": "fa6s.file-import",
    "search": "fa6s.magnifying-glass",
}


class HasIcon(Protocol):
    def setIcon(self, icon: QIcon, /) -> None: ...


def icon(name: str) -> QIcon:
    """The named icon (a key of NAMES) in the current theme's colours."""
    # qtawesome picks its Qt binding through QtPy, which must find PySide6 even where
    # another binding is installed.
    os.environ.setdefault("QT_API", "pyside6")
    import qtawesome

    palette = theme.current()
    return qtawesome.icon(NAMES[name], color=palette.text, color_active=palette.text,
                          color_selected=palette.highlighted_text,
                          color_disabled=palette.disabled)


class Icons(QObject):
    """Keeps the icons of one window's actions, buttons and list items in the theme's
    colours. Every target must live as long as the keeper's parent."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._targets: list[tuple[HasIcon, str]] = []
        theme.changes().changed.connect(self.refresh)

    def set(self, target: HasIcon, name: str) -> None:
        self._targets.append((target, name))
        target.setIcon(icon(name))

    def refresh(self) -> None:
        for target, name in self._targets:
            target.setIcon(icon(name))
