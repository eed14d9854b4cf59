"""Plain sqlite3 connections, and what SQLite's errors mean to the person using bragdoc.

The bottom of the store: `database` (opening, upgrading, the transactions every read
and write runs in) and `backups` (copies of the file) both build on it, and it imports
nothing of the store, so the two never need each other's internals.

`user_error` is the one place a SQLite failure becomes a sentence: the database turns
every error raised inside a read or a write into it (`Database.translating`), so the
desktop app and the command line say the same thing about a locked, full, read-only or
damaged file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bragdoc.domain.errors import DatabaseBusy, InvalidInput, StorageError, UserError

BUSY_TIMEOUT_MS = 10_000
# Primary result codes (sqlite3.h); extended codes carry them in the low byte.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_CORRUPT = 5, 6, 8, 11
SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 13, 14, 26


def apply_pragmas(conn: sqlite3.Connection, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    """Settings every connection needs; foreign keys and timeouts are per connection."""
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA synchronous = FULL")


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file (no checkpoint on close either)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def sqlite_cause(exc: BaseException | None) -> sqlite3.Error | None:
    """The sqlite3 error behind `exc` (itself, SQLAlchemy's `.orig`, or a cause)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, sqlite3.Error):
            return exc
        orig = getattr(exc, "orig", None)
        if isinstance(orig, sqlite3.Error):
            return orig
        exc = exc.__cause__ if (exc.__cause__ is not None or exc.__suppress_context__) \
            else exc.__context__
    return None


def primary_code(error: sqlite3.Error) -> int:
    return (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def is_corruption(exc: BaseException | None) -> bool:
    """SQLite said the file is damaged ("malformed") or not a database at all."""
    error = sqlite_cause(exc)
    if error is None:
        return False
    text = str(error)
    return (primary_code(error) in (SQLITE_CORRUPT, SQLITE_NOTADB)
            or "malformed" in text or "file is not a database" in text)


def is_busy(exc: BaseException | None) -> bool:
    """Another connection held the lock past the busy timeout."""
    error = sqlite_cause(exc)
    if error is None:
        return False
    return primary_code(error) in (SQLITE_BUSY, SQLITE_LOCKED) or (
        "database is locked" in str(error))


def user_error(exc: BaseException, path: Path, doing: str) -> UserError | None:
    """The UserError a SQLite failure stands for, or None when `exc` is not one.

    `doing` completes "could not … <path>" ("read", "write to"). Damage is not decided
    here: it needs a full integrity check first (`Database.confirm_damage`)."""
    if isinstance(exc, UserError):
        return exc
    error = sqlite_cause(exc)
    if error is None:
        return None
    if is_busy(error):
        return DatabaseBusy()
    if isinstance(error, sqlite3.IntegrityError):
        # The schema's checks are the last line of defence; services validate first, so
        # reaching one means input slipped through. Say which rule, not a traceback.
        return InvalidInput(f"the record breaks a rule of the database: {error}")
    # Read-only file, full disk, a folder that cannot be written, an I/O error: nothing
    # was changed, and the person should know why in plain words. SQLite's own text
    # names the cause ("attempt to write a readonly database", "database or disk is
    # full", "unable to open database file", "disk I/O error").
    return StorageError(f"could not {doing} {path}: {error}")
