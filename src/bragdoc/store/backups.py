"""Backup files: made with SQLite's backup API, checked, owner-only, named by time.

A backup of `<folder>/bragdoc.sqlite3` is `<folder>/backups/bragdoc-20261126-010203-
scheduled.sqlite3`: the database's name, the local time it was taken and why. Listing
parses those names (file times change when folders are copied); a second backup within
the same second gets `-2`, `-3`… after the reason.

Making one (`take_backup`):

1. a passive checkpoint of the live file, so the copy starts from a short WAL and the
   close of the last connection later finds nothing left to write;
2. an empty owner-only temp file `.NAME.xxxxxxxx.tmp` in the backups folder (mkstemp
   makes it 0600, and SQLite gives the copy's -journal the same mode; the process umask
   is 077 as well while the copy is made, for anything else SQLite might create);
3. `sqlite3.Connection.backup` in one step (one read transaction on the source, so the
   copy is a snapshot), then `journal_mode=DELETE` so the backup is one self-contained
   file that can be read without leaving -wal/-shm files next to it;
4. `PRAGMA quick_check` on the copy: a copy that fails is deleted and
   `BackupCheckFailed` raised, so a damaged database never becomes a "good" backup and
   never triggers rotation;
5. fsync, rename to the final name (never over another backup), fsync the folder.

Restoring (`restore_into`) copies a backup into the live file with the backup API, again
in one step: one write transaction on the live database, so other connections (the app
holding its own) stay valid and see the old content or the new, never a mix.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bragdoc.domain.errors import DatabaseBusy, StorageError
from bragdoc.store.connections import SQLITE_BUSY, SQLITE_LOCKED, connect_read_only, is_corruption
from bragdoc.store.files import fsync_path, temp_file

REASONS = ("manual", "scheduled", "close", "upgrade", "import", "restore", "bulk-delete")
SUFFIX = ".sqlite3"
STAMP = "%Y%m%d-%H%M%S"
COUNTED = {"wins": "win", "projects": "project", "feedback": "feedback",
           "mentoring": "mentoring"}
"""Record counts shown for a backup: label → table."""

_NAME = re.compile(
    r"(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z]+(?:-[a-z]+)*?)(?:-(?P<n>\d+))?"
    + re.escape(SUFFIX)
)


class BackupCheckFailed(StorageError):
    """The copy failed quick_check: the database itself is damaged. Nothing was kept."""

    def __init__(self, source: Path, problem: str) -> None:
        self.problem = problem
        super().__init__(f"the backup of {source} failed its check ({problem}); "
                         "it was not kept, and older backups were left alone")


@dataclass(frozen=True)
class BackupFile:
    """A backup known by its name: where it is, when it was taken, why."""

    path: Path
    taken_at: dt.datetime
    reason: str


@dataclass(frozen=True)
class Inspection:
    """What a backup file holds, read without changing it."""

    check: str                        # 'ok' or the first problem quick_check reports
    application_id: int = 0
    revision: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    has_tables: bool = False


def make_folder(folder: Path) -> Path:
    """The backups folder, created owner-only (0700) if missing."""
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
    return folder


def backup_name(stem: str, taken_at: dt.datetime, reason: str, n: int = 1) -> str:
    extra = f"-{n}" if n > 1 else ""
    return f"{stem}-{taken_at.strftime(STAMP)}-{reason}{extra}{SUFFIX}"


def parse_name(path: Path, stem: str) -> BackupFile | None:
    found = _NAME.fullmatch(path.name)
    if found is None or found["stem"] != stem or found["reason"] not in REASONS:
        return None
    try:
        taken_at = dt.datetime.strptime(found["stamp"], STAMP)
    except ValueError:
        return None
    return BackupFile(path, taken_at, found["reason"])


def list_backups(folder: Path, stem: str) -> list[BackupFile]:
    """Backups of the database named `stem` in `folder`, newest first (by name)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = [parsed for name in names if (parsed := parse_name(folder / name, stem))]
    found.sort(key=lambda b: (b.taken_at, _sequence(b.path)), reverse=True)
    return found


def _sequence(path: Path) -> int:
    found = _NAME.fullmatch(path.name)
    return int(found["n"]) if found and found["n"] else 1


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def quick_check(conn: sqlite3.Connection) -> str:
    rows = conn.execute("PRAGMA quick_check").fetchall()
    return "ok" if rows == [("ok",)] else str(rows[0][0])


def copy_database(source: sqlite3.Connection, target: sqlite3.Connection,
                  timeout_s: float) -> None:
    """All pages in one step. Python retries a busy step forever; give up after timeout_s."""
    deadline = time.monotonic() + timeout_s

    def progress(status: int, _remaining: int, _total: int) -> None:
        if status in (SQLITE_BUSY, SQLITE_LOCKED) and time.monotonic() > deadline:
            raise DatabaseBusy()

    source.backup(target, pages=-1, progress=progress, sleep=0.05)


def take_backup(source: Path, folder: Path, reason: str, *, to: Path | None = None,
                now: dt.datetime | None = None, timeout_s: float = 10.0) -> BackupFile:
    """Copy `source` into the backups folder (or to `to`), checked; see the module text."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    if to is None:
        make_folder(folder)
    else:
        to.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    src = sqlite3.connect(source, isolation_level=None)
    try:
        src.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
        with contextlib.suppress(sqlite3.Error):  # a read-only file cannot checkpoint
            src.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        taken_at = (now or dt.datetime.now()).replace(microsecond=0)
        final = to if to is not None else folder / backup_name(source.stem, taken_at, reason)
        temp = temp_file(final)
        try:
            with private_umask():
                dst = sqlite3.connect(temp, isolation_level=None)
                try:
                    snapshot = time.time()
                    copy_database(src, dst, timeout_s)
                    dst.execute("PRAGMA journal_mode = DELETE").fetchall()
                    problem = quick_check(dst)
                finally:
                    dst.close()
            if problem != "ok":
                raise BackupCheckFailed(source, problem)
            os.chmod(temp, 0o600)
            # The file's mtime records the snapshot to the sub-second (the name has whole
            # seconds): what needs_backup compares the live file's times with.
            os.utime(temp, (snapshot, snapshot))
            fsync_path(temp)
            final = _publish(temp, final, replace=to is not None)
        except BaseException:
            _remove_quietly(temp)
            raise
    except (sqlite3.Error, OSError) as exc:
        if is_corruption(exc):  # SQLite may raise rather than report it as a check row
            raise BackupCheckFailed(source, str(exc)) from exc
        raise StorageError(f"could not back up {source}: {exc}") from exc
    finally:
        src.close()
    with contextlib.suppress(OSError):
        fsync_path(final.parent)
    return BackupFile(final, taken_at, reason)


def _publish(temp: Path, final: Path, *, replace: bool) -> Path:
    """Rename the checked copy into place; never over another backup unless asked.

    Backups taken within the same second are numbered across reasons (`-2`, `-3`…), so
    the names alone order them."""
    if replace:
        os.replace(temp, final)
        return final
    found = _NAME.fullmatch(final.name)
    assert found is not None
    stem, stamp, reason = found["stem"], found["stamp"], found["reason"]
    taken = [_sequence(final.parent / name) for name in os.listdir(final.parent)
             if name.startswith(f"{stem}-{stamp}-") and _NAME.fullmatch(name)]
    n = max(taken, default=0) + 1
    while True:
        candidate = final.with_name(backup_name(stem, dt.datetime.strptime(stamp, STAMP),
                                                reason, n))
        try:
            os.link(temp, candidate)  # fails if the name is taken: no race, no overwrite
        except FileExistsError:
            n += 1
            continue
        except OSError:  # a filesystem without hard links
            if candidate.exists():
                n += 1
                continue
            os.replace(temp, candidate)
            return candidate
        os.unlink(temp)
        return candidate


def _remove_quietly(temp: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{temp}{suffix}")


def inspect(path: Path, *, check: bool = True) -> Inspection:
    """Check result, application_id, schema revision and record counts of a file."""
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as exc:
        return Inspection(check=str(exc))
    try:
        result = quick_check(conn) if check else "not checked"
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        counts = {label: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for label, table in COUNTED.items() if table in tables}
        return Inspection(result, app_id, revision, counts, bool(tables))
    except sqlite3.Error as exc:
        return Inspection(check=str(exc))
    finally:
        conn.close()


def restore_into(backup: Path, live: Path, timeout_s: float = 10.0) -> None:
    """Replace the live database's content with the backup's, in one transaction."""
    src = connect_read_only(backup)
    dst = sqlite3.connect(live, isolation_level=None)
    try:
        dst.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
        dst.execute("PRAGMA synchronous = FULL")
        copy_database(src, dst, timeout_s)
        # Backups are single files (journal_mode=DELETE); a live file already in WAL mode
        # stays so, and one restored into a new file is switched to it here.
        dst.execute("PRAGMA journal_mode = WAL").fetchall()
    except DatabaseBusy:
        raise
    except sqlite3.Error as exc:
        raise StorageError(f"could not restore {backup} into {live}: {exc}") from exc
    finally:
        dst.close()
        src.close()


def snapshot_time(backup: BackupFile) -> float:
    """When the backup's snapshot was taken (epoch seconds): its file time, which
    take_backup sets to the moment the copy began, unless a copy of the folder moved it
    past the time in the name."""
    named = backup.taken_at.timestamp() + 1
    try:
        return min(backup.path.stat().st_mtime, named)
    except OSError:
        return named


def newest_good(folder: Path, stem: str) -> Path | None:
    """The newest backup that passes quick_check, or None."""
    for backup in list_backups(folder, stem):
        if inspect(backup.path).check == "ok":
            return backup.path
    return None
