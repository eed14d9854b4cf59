"""What the window remembers of itself, per database: its size and place, the page it was
on, the dividers of the Log and Projects; and the title that tells two open databases apart.

Two databases are two different records (work and a side project, or the sample), each
with its own window: each comes back the way it was left. The state lives in QSettings
under `databases/<key>/`, the key a hash of the database's absolute path (a path holds
characters QSettings treats as separators). The list of recently opened databases is
kept there too, for File ▸ Open recent."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter

from bragdoc import paths

if TYPE_CHECKING:
    from bragdoc.ui.shell.main_window import MainWindow

RECENT_KEY = "recent/databases"
RECENT_LIMIT = 8
_LEGACY = "window/"
"""Where the state of the only window was kept before it was kept per database."""


def window_title(db_path: Path) -> str:
    """"bragdoc" on the default database, "bragdoc — work.sqlite3" on any other."""
    if _same_file(db_path, paths.default_database_path()):
        return "bragdoc"
    return f"bragdoc — {db_path.name}"


def _same_file(a: Path, b: Path) -> bool:
    return a.expanduser().absolute() == b.expanduser().absolute()


def database_key(db_path: Path) -> str:
    return hashlib.sha256(str(db_path.expanduser().absolute()).encode()).hexdigest()[:16]


def _splitters(window: MainWindow) -> dict[str, QSplitter]:
    """The dividers a person drags on the pages built with the window, by settings key."""
    return {"projects_splitter": window.projects_page.splitter,
            "projects_list_splitter": window.projects_page.list_splitter,
            "log_splitter": window.log_page.splitter}


class WindowState:
    def __init__(self, settings: QSettings, db_path: Path) -> None:
        self.settings = settings
        self.db_path = db_path
        self.prefix = f"databases/{database_key(db_path)}/"
        # The default database inherits what the single window remembered before.
        self._legacy = (_same_file(db_path, paths.default_database_path())
                        and not settings.contains(self.prefix + "page"))

    def _value(self, name: str) -> object:
        if self._legacy:
            return self.settings.value(_LEGACY + name)
        return self.settings.value(self.prefix + name)

    def restore(self, window: MainWindow) -> None:
        geometry = self._value("geometry")
        if isinstance(geometry, QByteArray):
            window.restoreGeometry(geometry)
        for name, splitter in _splitters(window).items():
            state = self._value(name)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        last = self._value("page")
        window.show_page(last if isinstance(last, str) and last in window.by_key else "home")

    def save(self, window: MainWindow) -> None:
        self.settings.setValue(self.prefix + "path", str(self.db_path))
        self.settings.setValue(self.prefix + "geometry", window.saveGeometry())
        for name, splitter in _splitters(window).items():
            self.settings.setValue(self.prefix + name, splitter.saveState())
        self.settings.setValue(self.prefix + "page", window.current_page_key())
        self._legacy = False


def recent_databases(settings: QSettings) -> list[Path]:
    stored = settings.value(RECENT_KEY, [])
    # An INI file hands a one-item list back as a plain string.
    items = [stored] if isinstance(stored, str) else stored if isinstance(stored, list) else []
    return [Path(str(item)) for item in items if str(item)]


def remember_recent(settings: QSettings, db_path: Path) -> None:
    """Put `db_path` first in the recent list (once)."""
    path = db_path.expanduser().absolute()
    others = [p for p in recent_databases(settings) if not _same_file(p, path)]
    settings.setValue(RECENT_KEY, [str(p) for p in [path, *others][:RECENT_LIMIT]])


def drop_missing_recent(settings: QSettings) -> list[Path]:
    """Take the databases that are no longer there off the recent list; returns them."""
    listed = recent_databases(settings)
    missing = [p for p in listed if not p.is_file()]
    if missing:
        settings.setValue(RECENT_KEY, [str(p) for p in listed if p.is_file()])
    return missing
