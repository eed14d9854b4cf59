"""Opening the SQLite file safely: permissions, pragmas, schema checks and upgrades.

The schema check reads `alembic_version` with the standard sqlite3 module so that the
common case (file already at head) never pays for importing Alembic; Alembic and
SQLAlchemy are loaded only when an upgrade or a write actually needs them.
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

from bragdoc.domain.errors import DatabaseRefused
from bragdoc.store.schema import APPLICATION_ID, HEAD, REVISIONS

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 10_000


def apply_pragmas(conn: sqlite3.Connection, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    """Settings every connection needs; foreign keys and timeouts are per connection."""
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA synchronous = FULL")


def _create_private(path: Path) -> None:
    """Create the folder and an empty file readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _read_state(path: Path) -> tuple[str | None, int, bool]:
    """(alembic revision or None, application_id, has any table) without SQLAlchemy."""
    try:
        conn = sqlite3.connect(path)
        try:
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
        raise DatabaseRefused(f"{path} is not a bragdoc database ({exc})") from exc


def backup_copy(path: Path, label: str) -> Path:
    """A consistent copy next to the file via SQLite's backup API, owner-only."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}.bak")
    old_umask = os.umask(0o077)
    try:
        src = sqlite3.connect(path)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    finally:
        os.umask(old_umask)
    os.chmod(target, 0o600)
    return target


class Database:
    """One bragdoc file. Cheap to create; engines and connections are made on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.busy_timeout_ms = BUSY_TIMEOUT_MS
        """How long a write waits for another writer before giving up (new connections)."""

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Database:
        db = cls(Path(path).expanduser())
        db.ensure_ready()
        return db

    def ensure_ready(self) -> None:
        is_new = not self.path.exists()
        if is_new:
            _create_private(self.path)
        revision, app_id, has_tables = _read_state(self.path)
        if has_tables and revision is None and app_id != APPLICATION_ID:
            raise DatabaseRefused(f"{self.path} is not a bragdoc database")
        if revision is not None and revision not in REVISIONS:
            raise DatabaseRefused(
                f"{self.path} was written by a newer bragdoc (schema {revision}); "
                "install a newer bragdoc to open it"
            )
        if revision == HEAD:
            return
        saved = None
        if has_tables:
            saved = backup_copy(self.path, f"pre-upgrade-{revision or 'none'}")
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
        """A plain sqlite3 connection for fast reads (see bragdoc.store.reads)."""
        conn = sqlite3.connect(self.path)
        apply_pragmas(conn, self.busy_timeout_ms)
        return conn

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        conn = self.connect()
        try:
            yield conn
        finally:
            conn.close()

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
