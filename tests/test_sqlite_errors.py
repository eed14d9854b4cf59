"""SQLite's errors become UserErrors in one place (Database.translating), for the plain
reads the desktop app makes as much as for writes: busy, a broken rule, damage."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from bragdoc.domain.errors import DatabaseBusy, DatabaseDamaged, InvalidInput, StorageError
from bragdoc.services import unit_of_work
from bragdoc.services.queries import Queries
from bragdoc.store import connections
from bragdoc.store.database import Database
from tests.test_backups import damaged_after_backup


def test_a_read_while_another_program_holds_the_file_is_busy(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRAGDOC_BUSY_TIMEOUT_MS", "100")
    db = Database.open(db_path)
    holder = sqlite3.connect(db_path)
    try:
        # Exclusive locking mode keeps even a WAL database to this one connection.
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(DatabaseBusy):
            Queries(db).wins()
    finally:
        holder.rollback()
        holder.close()
    assert Queries(db).wins() == []


def test_damage_found_by_a_plain_read_moves_the_file_aside(db: Database) -> None:
    good, before = damaged_after_backup(db)

    with pytest.raises(DatabaseDamaged) as caught:
        Queries(db).wins()

    assert caught.value.backup == good
    assert caught.value.moved_to.read_bytes() == before
    assert not db.path.exists()


def test_a_write_that_breaks_a_rule_of_the_schema_is_invalid_input(db: Database) -> None:
    with pytest.raises(InvalidInput, match="breaks a rule of the database"), \
            unit_of_work.write(db) as session:
        session.execute(text(
            "INSERT INTO win (id, date, title, details, pillars, tags, links, created_at, "
            "updated_at) VALUES ('w1', '2025-01-01', ' ', '', '[]', '[]', '[]', "
            "'2025-01-01', '2025-01-01')"))
    assert Queries(db).wins() == []


def test_errors_that_are_not_sqlites_pass_through_untouched(db: Database) -> None:
    with pytest.raises(KeyError), db.reading():
        raise KeyError("a bug stays a bug")


@pytest.mark.parametrize(("message", "code", "expected"), [
    ("attempt to write a readonly database", 8, "could not write to"),
    ("database or disk is full", 13, "disk is full"),
    ("unable to open database file", 14, "unable to open"),
])
def test_storage_failures_read_as_one_line_naming_the_file(
        tmp_path: Path, message: str, code: int, expected: str) -> None:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    translated = connections.user_error(error, tmp_path / "b.sqlite3", "write to")
    assert isinstance(translated, StorageError) and not isinstance(translated, DatabaseBusy)
    assert expected in str(translated) and str(tmp_path / "b.sqlite3") in str(translated)
    assert "\n" not in str(translated)


def test_a_folder_where_the_database_cannot_be_made_is_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(StorageError, match="could not create"):
        Database.open(blocker / "bragdoc.sqlite3")
