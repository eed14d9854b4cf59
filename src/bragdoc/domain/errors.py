"""Errors meant for a person: the CLI prints them on one line, the GUI next to the field."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


class UserError(Exception):
    """Something the user can fix; the message says what and how."""


class InvalidInput(UserError):
    """A value typed or passed by the user does not fit (a date, a pillar, a scope…)."""


class ImportRefused(UserError):
    """An import file was refused as a whole; nothing was written."""


class DatabaseRefused(UserError):
    """The database file cannot be opened safely (newer schema, not a bragdoc file…)."""


class StorageError(UserError):
    """The database could not be written (read-only file, full disk, locked too long)."""


class DatabaseBusy(StorageError):
    """Another program held the write lock for longer than the busy timeout."""

    MESSAGE = "the database is busy: another bragdoc window or command is saving — try again"

    def __init__(self, message: str = MESSAGE) -> None:
        super().__init__(message)


class DatabaseDamaged(DatabaseRefused):
    """The file failed its integrity check at open; it has been moved aside.

    `path` is where the database was, `moved_to` the `.damaged` file (never deleted or
    overwritten), `backup` the newest backup that passes quick_check (None if none does).
    str(exc) is one line naming the file and the command that restores the backup."""

    def __init__(self, path: Path, moved_to: Path, backup: Path | None, problem: str = "") -> None:
        self.path = path
        self.moved_to = moved_to
        self.backup = backup
        self.problem = problem
        import shlex

        if backup is not None:
            then = ("Restore the newest good backup with: bragdoc --db "
                    f"{shlex.quote(str(path))} restore {shlex.quote(str(backup))}")
        else:
            then = ("No backup passes its check, so there is nothing to restore; "
                    "the next start begins an empty database")
        super().__init__(f"{path} is damaged; it was moved to {moved_to}. {then}")
