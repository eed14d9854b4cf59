"""Where bragdoc keeps its files. Every user directory can be redirected for tests."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "bragdoc"
DB_ENV = "BRAGDOC_DB"


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def database_path(explicit: str | None = None) -> Path:
    """--db first, then $BRAGDOC_DB, then the user data directory."""
    chosen = explicit or os.environ.get(DB_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    return default_database_path()


def default_database_path() -> Path:
    """The database bragdoc uses when told of no other."""
    return data_dir() / "bragdoc.sqlite3"


def backup_dir(db_path: Path) -> Path:
    """Backups live next to the database, in `<db folder>/backups` (owner-only)."""
    return db_path.parent / "backups"
