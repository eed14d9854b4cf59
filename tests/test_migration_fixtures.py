"""Every past schema revision, as a committed populated file, upgrades to head losslessly.

tests/fixtures/revisions/REVISION.sqlite3 are files made at each revision before head by
make_fixtures.py (rows in every table). Each is copied, opened with `Database.open` (which
backs it up and upgrades it, as the app and the CLI do) and compared with a fresh head
database part by part: tables and columns (PRAGMA table_xinfo), indexes, triggers (names
and SQL), CHECK constraints (named and unnamed, read from the CREATE TABLE text: Alembic's
batch mode drops unnamed ones silently), foreign keys (PRAGMA foreign_key_list). The rows
must all still be there, search must find one inserted at the old revision, and the
pre-upgrade backup must hold the file as it was. A migration that fails must leave the
file byte for byte as it was, with the backup and a message naming it.

tests/test_migrations.py covers the rest: REVISIONS against the scripts, the migrated
schema against the models, and an upgrade from every revision built on the fly.
"""

from __future__ import annotations

import gc
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from bragdoc.domain.errors import DatabaseRefused
from bragdoc.services.queries import Queries
from bragdoc.store.database import Database
from bragdoc.store.schema import APPLICATION_ID, HEAD, REVISIONS
from tests.fixtures.revisions.make_fixtures import UNIQUE_WORD, data_tables

FIXTURES = Path(__file__).parent / "fixtures" / "revisions"
FIXTURE_FILES = sorted(FIXTURES.glob("*.sqlite3"))


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def _normal(sql: str | None) -> str:
    """SQL with whitespace collapsed and quotes around plain names dropped."""
    text = " ".join((sql or "").split())
    text = re.sub(r'"(\w+)"', r"\1", text)
    return re.sub(r"\( ", "(", re.sub(r" \)", ")", text))


def _checks(create_sql: str) -> list[tuple[str | None, str]]:
    """(constraint name or None, expression) of every CHECK in a CREATE TABLE text."""
    found = []
    for match in re.finditer(r"(?:CONSTRAINT\s+(\w+|\"[^\"]+\")\s+)?\bCHECK\s*\(", create_sql,
                             re.IGNORECASE):
        depth, i = 1, match.end()
        while depth and i < len(create_sql):
            depth += {"(": 1, ")": -1}.get(create_sql[i], 0)
            i += 1
        name = match.group(1).strip('"') if match.group(1) else None
        found.append((name, _normal(create_sql[match.end():i - 1])))
    return sorted(found, key=lambda item: (item[0] or "", item[1]))


def describe(path: Path) -> dict[str, dict[str, object]]:
    """The parts of a schema that matter, each keyed by object name."""
    conn = sqlite3.connect(path)
    try:
        master = conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master"
            " WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall()
        tables = [name for kind, name, _, _ in master if kind == "table"]
        return {
            "tables": {name: _normal(sql) if "VIRTUAL" in (sql or "") else "table"
                       for kind, name, _, sql in master if kind == "table"},
            "columns": {t: conn.execute(f"PRAGMA table_xinfo({t})").fetchall() for t in tables},
            "indexes": {name: (table, _normal(sql)) for kind, name, table, sql in master
                        if kind == "index"},
            "index columns": {
                name: conn.execute(f"PRAGMA index_xinfo({name})").fetchall()
                for kind, name, _, _ in master if kind == "index"},
            "triggers": {name: (table, _normal(sql)) for kind, name, table, sql in master
                         if kind == "trigger"},
            "views": {name: _normal(sql) for kind, name, _, sql in master if kind == "view"},
            "checks": {name: _checks(sql or "") for kind, name, _, sql in master
                       if kind == "table"},
            "foreign keys": {
                t: sorted(row[2:] for row in conn.execute(f"PRAGMA foreign_key_list({t})"))
                for t in tables},
        }
    finally:
        conn.close()


def _rows(path: Path, table: str, columns: list[str]) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        names = ", ".join(columns)
        return sorted(conn.execute(f"SELECT {names} FROM {table}").fetchall(), key=repr)
    finally:
        conn.close()


def _revision(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def _columns(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[1] for row in conn.execute(f"PRAGMA table_xinfo({table})")]
    finally:
        conn.close()


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in data_tables(conn)}
    finally:
        conn.close()


def _other_files(folder: Path, db_path: Path) -> list[Path]:
    """Files under `folder` that are not the database or its -wal/-shm companions."""
    own = {db_path, db_path.with_name(db_path.name + "-wal"),
           db_path.with_name(db_path.name + "-shm")}
    return sorted(p for p in folder.rglob("*") if p.is_file() and p not in own)


def _backups_of(folder: Path, db_path: Path, revision: str) -> list[Path]:
    """SQLite files next to (or below) the database still at `revision`: the backups."""
    found = []
    for candidate in _other_files(folder, db_path):
        if candidate.read_bytes()[:16] != b"SQLite format 3\x00":
            continue
        try:
            if _revision(candidate) == revision:
                found.append(candidate)
        except sqlite3.DatabaseError:
            continue
    return found


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fresh") / "fresh.sqlite3"
    Database.open(path).dispose()
    return path


def _copy(fixture: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    target = folder / "bragdoc.sqlite3"
    shutil.copyfile(fixture, target)
    target.chmod(0o600)
    return target


# --- the fixtures themselves -----------------------------------------------------------


def test_every_revision_before_head_has_a_committed_fixture() -> None:
    made = {p.stem for p in FIXTURE_FILES}
    missing = [r for r in REVISIONS[:-1] if r not in made]
    assert missing == [], (
        f"no fixture for {missing}: run `.venv/bin/python "
        "tests/fixtures/revisions/make_fixtures.py` and commit the new file")
    assert made <= set(REVISIONS[:-1]), f"fixtures for unknown or head revisions: {made}"


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=_ids(FIXTURE_FILES))
def test_a_fixture_is_at_its_revision_with_rows_in_every_table(fixture: Path) -> None:
    assert _revision(fixture) == fixture.stem
    assert fixture.stat().st_size < 200_000
    counts = _counts(fixture)
    assert counts and all(counts.values()), counts
    conn = sqlite3.connect(fixture)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


# --- upgrading -------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=_ids(FIXTURE_FILES))
def test_an_upgraded_fixture_has_the_schema_of_a_fresh_database(
        fixture: Path, fresh: Path, tmp_path: Path) -> None:
    path = _copy(fixture, tmp_path)
    Database.open(path).dispose()
    assert _revision(path) == HEAD
    upgraded, expected = describe(path), describe(fresh)
    for part in expected:
        assert upgraded[part] == expected[part], f"{part} differ after upgrading {fixture.stem}"
    # The pitfall the comparison is there for: every search trigger is still in place.
    assert len([t for t in upgraded["triggers"] if "_search_" in t]) == 12
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=_ids(FIXTURE_FILES))
def test_an_upgraded_fixture_keeps_every_row_and_search_finds_them(
        fixture: Path, tmp_path: Path) -> None:
    path = _copy(fixture, tmp_path)
    before = {t: (_columns(fixture, t), _rows(fixture, t, _columns(fixture, t)))
              for t in _counts(fixture)}
    db = Database.open(path)
    try:
        for table, (columns, rows) in before.items():
            assert _rows(path, table, columns) == rows, f"rows of {table} changed"
        queries = Queries(db)
        hits = queries.search(UNIQUE_WORD)
        assert [(h.kind, h.id) for h in hits] == [("win", "win-cache")]
        assert [h.id for h in queries.search("Grace")] == ["fb-1"]
        assert [h.id for h in queries.search("checkout rewrite")] == ["proj-checkout"]
        assert {w.id for w in queries.wins()} == {"win-cache", "win-runbook", "win-alone"}
        assert queries.win("win-cache").metrics[0].metric.before_text == "2.4s"
        assert queries.profile().name == "Ada Fixture"
        with db.reading() as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            conn.execute("INSERT INTO search_index(search_index) VALUES ('integrity-check')")
    finally:
        db.dispose()


@pytest.mark.parametrize("fixture", FIXTURE_FILES, ids=_ids(FIXTURE_FILES))
def test_an_upgrade_is_preceded_by_a_backup_of_the_old_file(
        fixture: Path, tmp_path: Path) -> None:
    path = _copy(fixture, tmp_path)
    Database.open(path).dispose()
    backups = _backups_of(tmp_path, path, fixture.stem)
    assert len(backups) == 1, _other_files(tmp_path, path)
    backup = backups[0]
    assert _counts(backup) == _counts(fixture)
    assert backup.stat().st_mode & 0o777 == 0o600
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_opening_a_database_already_at_head_makes_no_backup(fresh: Path,
                                                            tmp_path: Path) -> None:
    path = _copy(fresh, tmp_path)
    Database.open(path).dispose()
    assert _other_files(tmp_path, path) == []


# --- a migration that fails ------------------------------------------------------------


def _blocked_fixtures() -> list[tuple[Path, str]]:
    """(fixture, a table a later revision creates): making that table first breaks it."""
    head_tables = set(_counts_of_fresh_tables())
    cases = []
    for fixture in FIXTURE_FILES:
        conn = sqlite3.connect(fixture)
        try:
            later = sorted(head_tables - set(data_tables(conn)))
        finally:
            conn.close()
        if later:
            cases.append((fixture, later[-1]))
    return cases


def _counts_of_fresh_tables() -> list[str]:
    """The data tables a head database has, from the fixture generator's sample rows."""
    from tests.fixtures.revisions.make_fixtures import ROWS

    return list(ROWS)


@pytest.mark.parametrize(("fixture", "table"), _blocked_fixtures(),
                         ids=[f.stem for f, _ in _blocked_fixtures()])
def test_a_failed_upgrade_leaves_the_file_unchanged_and_names_the_backup(
        fixture: Path, table: str, tmp_path: Path) -> None:
    path = _copy(fixture, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TABLE {table} (squatter TEXT)")  # a later revision creates it
    conn.execute(f"INSERT INTO {table} VALUES ('was here first')")
    conn.commit()
    conn.close()
    original = path.read_bytes()
    counts = _counts(path)

    with pytest.raises(DatabaseRefused) as refused:
        Database.open(path)
    gc.collect()  # let the failed attempt's pooled connections close

    message = str(refused.value)
    assert "\n" not in message
    assert str(path) in message
    assert path.read_bytes() == original
    assert _revision(path) == fixture.stem
    assert _counts(path) == counts
    backups = _backups_of(tmp_path, path, fixture.stem)
    assert len(backups) == 1
    assert str(backups[0]) in message
    assert _counts(backups[0]) == counts
    # Nothing else was left behind: no half-written copy, no temp file.
    assert _other_files(tmp_path, path) == backups


# --- the comparison itself -------------------------------------------------------------


def test_the_comparison_reads_named_and_unnamed_checks() -> None:
    sql = ("CREATE TABLE readiness_check (a INTEGER CHECK (a > (0)), b TEXT,"
           ' CONSTRAINT "ck_b" CHECK (length(b) > 0), CONSTRAINT pk PRIMARY KEY (a))')
    assert _checks(sql) == [(None, "a > (0)"), ("ck_b", "length(b) > 0")]


def test_the_comparison_sees_what_batch_mode_can_lose(fresh: Path, tmp_path: Path) -> None:
    path = _copy(fresh, tmp_path)
    conn = sqlite3.connect(path)
    conn.executescript("""
        DROP TRIGGER win_search_update;
        CREATE TABLE mentoring_copy AS SELECT * FROM mentoring;
        DROP TABLE mentoring;
        ALTER TABLE mentoring_copy RENAME TO mentoring;
    """)
    conn.close()
    damaged, expected = describe(path), describe(fresh)
    assert set(expected["triggers"]) - set(damaged["triggers"]) == {"win_search_update"}
    assert damaged["checks"]["mentoring"] == [] != expected["checks"]["mentoring"]
    assert damaged["columns"]["mentoring"] != expected["columns"]["mentoring"]
