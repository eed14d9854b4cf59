"""Opening files: permissions, pragmas, refusing what is not ours, upgrading safely."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from bragdoc.domain.errors import DatabaseRefused
from bragdoc.store.database import Database
from bragdoc.store.schema import APPLICATION_ID, HEAD


def test_first_use_creates_folder_and_owner_only_file(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "record.sqlite3"
    Database.open(path).dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_connections_enforce_foreign_keys_and_full_sync(db: Database) -> None:
    with db.reading() as conn:
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert conn.execute("PRAGMA synchronous").fetchone() == (2,)


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("just some notes, not a database " * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseRefused, match="is not a bragdoc database"):
        Database.open(path)
    assert path.read_bytes() == before


def test_another_apps_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseRefused, match="not a bragdoc database"):
        Database.open(path)


def test_a_database_from_a_newer_bragdoc_is_refused(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '0999_future'")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseRefused, match=r"newer bragdoc \(schema 0999_future\)"):
        Database.open(db_path)


def test_an_upgrade_of_an_existing_file_is_preceded_by_a_backup(db_path: Path) -> None:
    # A file whose recorded revision is missing although it has bragdoc's tables: the
    # upgrade from scratch fails (the tables exist), which must be reported clearly,
    # with the copy made beforehand and the file untouched.
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE alembic_version")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseRefused, match="left unchanged; a copy was saved first at"):
        Database.open(db_path)
    backups = list((db_path.parent / "backups").glob("bragdoc-*-upgrade.sqlite3"))
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT count(*) FROM win").fetchone() == (0,)
    conn = sqlite3.connect(db_path)
    assert "win" in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
