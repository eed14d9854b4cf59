"""Opening the SQLite file safely: permissions, pragmas, schema checks and upgrades.

The schema check reads `alembic_version` with the standard sqlite3 module so that the
common case (file already at head) never pays for importing Alembic; Alembic and
SQLAlchemy are loaded only when an upgrade or a write actually needs them.

Damage (see `unclean_shutdown` for how a crash is told apart from a running app): a
database whose last session did not close cleanly gets a full `PRAGMA integrity_check`
before use, as Zotero does, because a mismatched WAL can damage data quietly. A file
that fails it, or that SQLite calls "malformed"/"not a database" while it carries
bragdoc's application_id or tables, is moved aside to `NAME.YYYYMMDD-HHMMSS.damaged`
(with its -wal/-shm as `….damaged-wal`/`-shm`, a pair SQLite can still open), never
deleted or overwritten, and `DatabaseDamaged` names the newest backup that passes
quick_check. A healthy file opened after a clean shutdown pays for none of this: one
stat of the -wal, and two folder listings for stale temp files.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from bragdoc.domain.errors import (
    DatabaseDamaged,
    DatabaseRefused,
    StorageError,
    UserError,
)
from bragdoc.paths import backup_dir
from bragdoc.store import backups
from bragdoc.store.connections import (
    BUSY_TIMEOUT_MS,
    apply_pragmas,
    connect_read_only,
    is_corruption,
    sqlite_cause,
    user_error,
)
from bragdoc.store.files import cleanup_stale_temps
from bragdoc.store.schema import APPLICATION_ID, HEAD, REVISIONS

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_ENV = "BRAGDOC_BUSY_TIMEOUT_MS"
"""Overrides BUSY_TIMEOUT_MS (milliseconds), e.g. for scripts that would rather fail fast."""
DAMAGED_STAMP = "%Y%m%d-%H%M%S"
SHM_DMS_BYTE = 128
"""SQLite's "dead man switch" lock in the -shm (os_unix.c UNIX_SHM_DMS): every connection
to a WAL database holds a shared lock on this byte for as long as it is open."""

_OPENED: set[str] = set()
"""Databases this process has opened: a WAL they find is this process's own."""


def _busy_timeout_ms() -> int:
    try:
        return max(0, int(os.environ.get(BUSY_TIMEOUT_ENV, BUSY_TIMEOUT_MS)))
    except ValueError:
        return BUSY_TIMEOUT_MS


def create_private(path: Path) -> None:
    """Create the folder and an empty file readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


# --- telling damage apart ------------------------------------------------------------


def _looks_like_bragdoc(path: Path) -> bool:
    """Raw bytes: bragdoc's application_id in the header, or our tables in the schema."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(256 * 1024)
    except OSError:
        return False
    if len(head) >= 72 and int.from_bytes(head[68:72], "big") == APPLICATION_ID:
        return True
    return b"alembic_version" in head and b"search_index" in head


# --- was the last session closed cleanly? -----------------------------------------------


def held_open(path: Path) -> bool | None:
    """Whether any process (this one included) has the database open: it then holds
    SQLite's locks on the file and on the -shm "dead man switch" byte. None: unknown.

    On Linux this reads /proc/locks and opens nothing. Elsewhere it tries to take the
    -shm byte itself, which only works because the caller has no connection of its own
    to the file: closing any descriptor of a file drops every POSIX lock this process
    holds on it (howtocorrupt.html §2.2), so never call it with a connection open."""
    shm = Path(f"{path}-shm")
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as handle:
            table = handle.read()
    except OSError:
        return _probe_dms_lock(shm)
    ids = set()
    for each in (path, shm):
        try:
            st = os.stat(each)
        except OSError:
            continue
        ids.add(f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}")
    for line in table.splitlines():
        fields = [f for f in line.split() if f != "->"]
        if len(fields) >= 6 and fields[5] in ids:
            return True
    return False


def _probe_dms_lock(shm: Path) -> bool | None:
    try:
        import fcntl
    except ImportError:  # Windows
        return None
    if not shm.exists():
        return False
    try:
        fd = os.open(shm, os.O_RDWR)
    except OSError:
        return None
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, SHM_DMS_BYTE)
        except OSError:
            return True
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, SHM_DMS_BYTE)
        return False
    finally:
        os.close(fd)


def unclean_shutdown(path: Path) -> bool:
    """A non-empty -wal that no running program accounts for.

    The last connection to close checkpoints the WAL and deletes it, so a -wal with
    frames in it means either that a program has the database open right now (the app,
    or a CLI command running alongside) or that the last one to have it open died. The
    two are told apart by SQLite's own locks: every open connection holds a shared lock
    on the -shm's dead-man-switch byte (and on the database file), and the kernel drops
    them when a process dies. So: non-empty -wal, and nobody holds those locks, and this
    process has not opened the file itself = unclean shutdown. When the locks cannot be
    inspected (Windows), a non-empty -wal counts as unclean: a needless check costs
    tens of milliseconds, a missed one could hide damage.

    Rejected alternatives: `PRAGMA wal_checkpoint(TRUNCATE)` succeeds whenever no reader
    is mid-transaction, which says nothing about whether the app is running (and it
    writes the WAL into the file before the check); `locking_mode=EXCLUSIVE` probes need
    a writable connection whose close would checkpoint a possibly damaged WAL."""
    wal = Path(f"{path}-wal")
    try:
        if wal.stat().st_size == 0:
            return False
    except OSError:
        return False
    if str(path.resolve()) in _OPENED:
        return False
    return held_open(path) is not True


class _Damage(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _integrity_problem(conn: sqlite3.Connection) -> str | None:
    rows = conn.execute("PRAGMA integrity_check(5)").fetchall()
    return None if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:3])


def _read_state(path: Path, *, full_check: bool = False) -> tuple[str | None, int, bool]:
    """(alembic revision or None, application_id, has any table) without SQLAlchemy.

    Read-only, so that nothing (not even the checkpoint a last connection makes on
    close) changes a file that may turn out to be damaged."""
    try:
        conn = connect_read_only(path)
        try:
            if full_check and (problem := _integrity_problem(conn)) is not None:
                raise _Damage(problem)
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            return revision, app_id, bool(tables)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc) and _looks_like_bragdoc(path):
            raise _Damage(str(exc)) from exc
        if is_corruption(exc):
            raise DatabaseRefused(f"{path} is not a bragdoc database ({exc})") from exc
        raise DatabaseRefused(f"{path} cannot be opened ({exc})") from exc


def _rename_new(source: Path, target: Path) -> None:
    """Rename without ever replacing an existing file."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links here: check, then rename
        if target.exists():
            raise FileExistsError(target) from None
        os.rename(source, target)
        return
    os.unlink(source)


def move_aside(path: Path, now: dt.datetime | None = None) -> Path:
    """Move the database and its -wal/-shm/-journal to NAME.STAMP.damaged (+ suffix)."""
    stamp = (now or dt.datetime.now()).strftime(DAMAGED_STAMP)
    companions = ("-wal", "-shm", "-journal")
    n = 1
    while True:
        target = path.with_name(f"{path.name}.{stamp}{f'-{n}' if n > 1 else ''}.damaged")
        if not any(Path(f"{target}{s}").exists() for s in ("", *companions)):
            try:
                _rename_new(path, target)
            except FileExistsError:
                n += 1
                continue
            break
        n += 1
    for suffix in companions:
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            _rename_new(companion, Path(f"{target}{suffix}"))
    return target


def damaged_copies(path: Path) -> list[Path]:
    """The copies `move_aside` made of this database, newest first (by their names)."""
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    found = [path.parent / name for name in names
             if name.startswith(f"{path.name}.") and name.endswith(".damaged")]
    return sorted(found, key=lambda p: p.name, reverse=True)


def tidy_folders(path: Path) -> None:
    """Stale temp files from a crash, in the database's folder and the backups folder."""
    cleanup_stale_temps(path.parent)
    cleanup_stale_temps(backup_dir(path))


class Database:
    """One bragdoc file. Cheap to create; engines and connections are made on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.busy_timeout_ms = _busy_timeout_ms()
        """How long a write waits for another writer before giving up (new connections)."""
        self.checked_after_crash = False
        """True when the last open found an unclean shutdown and integrity_check passed."""

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Database:
        db = cls(Path(path).expanduser())
        db.ensure_ready()
        return db

    def ensure_ready(self) -> None:
        """Create, check, back up and upgrade as needed; raises DatabaseRefused (or its
        DatabaseDamaged) when the file cannot be used."""
        is_new = not self.path.exists()
        if is_new:
            try:
                create_private(self.path)
            except OSError as exc:
                raise StorageError(f"could not create {self.path}: "
                                   f"{exc.strerror or exc}") from exc
        tidy_folders(self.path)
        unclean = not is_new and unclean_shutdown(self.path)
        if unclean:
            log.warning("%s was not closed cleanly; running a full integrity check", self.path)
        try:
            revision, app_id, has_tables = _read_state(self.path, full_check=unclean)
        except _Damage as damage:
            raise self.set_aside(damage.problem) from None
        self.checked_after_crash = unclean
        if has_tables and revision is None and app_id != APPLICATION_ID:
            raise DatabaseRefused(f"{self.path} is not a bragdoc database")
        if revision is not None and revision not in REVISIONS:
            raise DatabaseRefused(
                f"{self.path} was written by a newer bragdoc (schema {revision}); "
                "install a newer bragdoc to open it"
            )
        if revision != HEAD:
            self._upgrade_with_backup(revision, has_tables)
        _OPENED.add(str(self.path.resolve()))

    def _upgrade_with_backup(self, revision: str | None, has_tables: bool) -> None:
        saved = None
        if has_tables:
            try:
                saved = backups.take_backup(self.path, backup_dir(self.path), "upgrade").path
            except backups.BackupCheckFailed as exc:
                raise self.set_aside(exc.problem) from None
            except StorageError as exc:
                raise DatabaseRefused(f"{self.path} was left as it was: the backup that "
                                      f"must precede its upgrade failed ({exc})") from exc
            log.info("backed up %s to %s before upgrading", self.path, saved)
        try:
            self._upgrade()
        except Exception as exc:
            # The upgrade runs in one transaction, so the file is as it was.
            log.exception("upgrading %s failed", self.path)
            kept = f"; a copy was saved first at {saved}" if saved else ""
            raise DatabaseRefused(
                f"upgrading {self.path} to schema {HEAD} failed ({exc.__class__.__name__}: "
                f"{str(exc).splitlines()[0]}); the file was left unchanged{kept}"
            ) from exc

    def set_aside(self, problem: str) -> DatabaseRefused:
        """Move a damaged file aside and name the newest good backup (DatabaseDamaged, to
        raise). Closes this object's pooled connections first; if another program still
        has the file open it is left in place and a plain DatabaseRefused says why."""
        self.dispose()
        if held_open(self.path):
            return DatabaseRefused(
                f"{self.path} is damaged ({problem}), but another program has it open; "
                "close bragdoc everywhere and try again")
        moved = move_aside(self.path)
        _OPENED.discard(str(self.path.resolve()))
        found = backups.newest_good(backup_dir(self.path), self.path.stem)
        log.error("%s failed its check (%s); moved to %s; newest good backup: %s",
                  self.path, problem, moved, found)
        return DatabaseDamaged(self.path, moved, found, problem)

    def confirm_damage(self, error: BaseException) -> None:
        """After SQLite reported damage while in use (`is_corruption(error)`): run a full
        integrity_check and, if it fails, move the file aside and raise DatabaseDamaged.

        Returns quietly when the check passes (the damage is then outside the tables,
        e.g. in the search index, which `bragdoc check` reports). The caller must have
        closed its own connections."""
        self.dispose()
        try:
            conn = connect_read_only(self.path)
            try:
                problem = _integrity_problem(conn)
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            if not is_corruption(exc):
                raise
            problem = str(exc)
        if problem is not None:
            raise self.set_aside(problem) from error

    def _upgrade(self) -> None:
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        conn = self.connect()
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()

    def connect(self) -> sqlite3.Connection:
        """A plain sqlite3 connection; its errors are left as SQLite raised them (for
        callers that report them, like `bragdoc check`). Reads go through `reading`."""
        conn = sqlite3.connect(self.path)
        apply_pragmas(conn, self.busy_timeout_ms)
        return conn

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A connection for fast reads (see bragdoc.store.reads), closed afterwards."""
        with self.translating("read"):
            conn = self.connect()
            try:
                yield conn
            finally:
                conn.close()

    @contextmanager
    def translating(self, doing: str) -> Iterator[None]:
        """Where SQLite's errors become UserErrors, for every read (`reading`) and write
        (services.unit_of_work) of this file: busy past the timeout, read-only, full
        disk, a broken rule; damage is confirmed with a full check and the file moved
        aside (DatabaseDamaged). The connections used inside must be closed before this
        block ends, so the damage check sees the file alone."""
        try:
            yield
        except UserError:
            raise
        except MemoryError as exc:
            # A damaged full-text index can make SQLite ask for absurd amounts of memory
            # (SQLITE_NOMEM) instead of reporting corruption.
            if self._search_index_damaged():
                raise StorageError(
                    f"the search index of {self.path} is damaged; its tables are intact — "
                    "`bragdoc check` says more") from exc
            raise
        except Exception as exc:
            if is_corruption(exc):
                self.confirm_damage(exc)  # raises DatabaseDamaged when the tables are
                raise StorageError(
                    f"SQLite reported damage in {self.path} ({sqlite_cause(exc)}), but its "
                    "tables pass the integrity check; `bragdoc check` says more") from exc
            translated = user_error(exc, self.path, doing)
            if translated is None:
                raise
            raise translated from exc

    def _search_index_damaged(self) -> bool:
        try:
            conn = self.connect()
            try:
                conn.execute(
                    "INSERT INTO search_index(search_index, rank) VALUES('integrity-check', 1)")
            finally:
                conn.rollback()
                conn.close()
        except (sqlite3.DatabaseError, MemoryError):  # the index's own check fails the same way
            return True
        return False

    @cached_property
    def engine(self) -> Engine:
        from sqlalchemy import create_engine, event

        engine = create_engine(f"sqlite:///{self.path}")

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin.
            dbapi_connection.isolation_level = None
            apply_pragmas(dbapi_connection, self.busy_timeout_ms)

        @event.listens_for(engine, "begin")
        def _on_begin(connection):  # type: ignore[no-untyped-def]
            # Take the write lock up front: a reader that later wants to write cannot
            # deadlock against another writer, it waits (busy_timeout) instead.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine

    def dispose(self) -> None:
        """Close pooled connections; the next write opens fresh ones (with new settings)."""
        if "engine" in self.__dict__:
            self.engine.dispose()
