"""Backups on real files: checked copies, owner-only, rotation, restore, the live check."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from bragdoc.domain.errors import DatabaseBusy, InvalidInput, StorageError
from bragdoc.domain.records import WinDraft
from bragdoc.importers.interchange import Bundle
from bragdoc.services.backups import BackupService
from bragdoc.services.queries import Queries
from bragdoc.services.transfer import TransferService
from bragdoc.services.wins import WinService
from bragdoc.store import backups as store
from bragdoc.store.database import Database
from bragdoc.store.schema import HEAD

PAGE = 4096


def add_wins(db: Database, count: int, prefix: str = "Win") -> None:
    """`count` wins in one transaction (an import, which also makes an 'import' backup)."""
    day = dt.date(2025, 1, 6)
    TransferService(db).import_bundle(Bundle(wins=[
        WinDraft(title=f"{prefix} {i}", date=day + dt.timedelta(days=i % 300),
                 details=f"Shipped step {i} of the migration " * 6, tags=["infra"])
        for i in range(count)
    ]))


def titles(db: Database) -> set[str]:
    return {w.title for w in Queries(db).wins()}


def win_leaf_pages(path: Path) -> list[int]:
    """Leaf pages of the `win` table's b-tree, read from the file format directly."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'win'").fetchone()[0]
    conn.close()
    data = path.read_bytes()
    leaves, todo = [], [root]
    while todo:
        number = todo.pop()
        start = (number - 1) * PAGE
        header = start + (100 if number == 1 else 0)
        kind = data[header]
        if kind == 0x0D:
            leaves.append(number)
            continue
        assert kind == 0x05, f"page {number} is not a table b-tree page"
        cells = int.from_bytes(data[header + 3:header + 5], "big")
        todo.append(int.from_bytes(data[header + 8:header + 12], "big"))
        for i in range(cells):
            pointer = int.from_bytes(data[header + 12 + 2 * i:header + 14 + 2 * i], "big")
            todo.append(int.from_bytes(data[start + pointer:start + pointer + 4], "big"))
    return sorted(leaves)


def damage_middle(path: Path) -> int:
    """Overwrite the start of a leaf page in the middle of the win table; returns it."""
    leaves = win_leaf_pages(path)
    page = leaves[len(leaves) // 2]
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * PAGE)
        handle.write(b"\xff" * 64)
    return page


def damaged_after_backup(db: Database) -> tuple[Path, bytes]:
    """300 wins and a good manual backup, then damage in the win table with every
    connection closed (a clean shutdown): (the backup, the damaged file's bytes)."""
    add_wins(db, 300)
    good = BackupService(db).backup_now("manual").path
    db.dispose()
    assert not Path(f"{db.path}-wal").exists()  # so the next open makes no full check
    damage_middle(db.path)
    return good, db.path.read_bytes()


def check_of(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()
    return "ok" if rows == [("ok",)] else str(rows[0][0])


def names(folder: Path) -> list[str]:
    return sorted(os.listdir(folder)) if folder.exists() else []


# --- making backups ----------------------------------------------------------------------


def test_a_backup_is_a_checked_owner_only_single_file_even_with_umask_022(
        db: Database) -> None:
    add_wins(db, 30)
    old = os.umask(0o022)
    try:
        info = BackupService(db).backup_now("manual")
    finally:
        os.umask(old)
    assert info.path.parent == db.path.parent / "backups"
    assert store.parse_name(info.path, "bragdoc") == store.BackupFile(info.path, info.taken_at,
                                                                      "manual")
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(info.path.parent.stat().st_mode) == 0o700
    assert (info.check, info.reason, info.counts["wins"]) == ("ok", "manual", 30)
    assert info.size == info.path.stat().st_size
    # one self-contained file: no -wal/-journal next to it, and none after reading it
    assert [n for n in names(info.path.parent) if not n.endswith(".sqlite3")] == []
    conn = sqlite3.connect(info.path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert conn.execute("SELECT count(*) FROM win").fetchone() == (30,)
    conn.close()
    assert BackupService(db).backups()[0].to_json() == {
        "path": str(info.path), "taken_at": info.taken_at.isoformat(), "reason": "manual",
        "size": info.size, "counts": {"wins": 30, "projects": 0, "feedback": 0,
                                      "mentoring": 0}, "check": "ok"}


def test_a_backup_elsewhere_is_owner_only_and_left_out_of_rotation(
        db: Database, tmp_path: Path) -> None:
    add_wins(db, 3)
    old = os.umask(0o022)
    try:
        info = BackupService(db).backup_now("manual", to=tmp_path / "usb" / "copy.sqlite3")
        into_folder = BackupService(db).backup_now("manual", to=tmp_path / "usb")
    finally:
        os.umask(old)
    assert info.path == tmp_path / "usb" / "copy.sqlite3"
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    assert into_folder.path.parent == tmp_path / "usb"
    assert into_folder.path.name.startswith("bragdoc-")
    with pytest.raises(InvalidInput, match="the database itself"):
        BackupService(db).backup_now(to=db.path)


def test_backups_in_the_same_second_never_overwrite_each_other(db: Database) -> None:
    folder = db.path.parent / "backups"
    moment = dt.datetime(2026, 11, 26, 1, 2, 3)
    made = [store.take_backup(db.path, folder, "manual", now=moment) for _ in range(3)]
    assert [m.path.name for m in made] == [
        "bragdoc-20261126-010203-manual.sqlite3",
        "bragdoc-20261126-010203-manual-2.sqlite3",
        "bragdoc-20261126-010203-manual-3.sqlite3",
    ]
    listed = store.list_backups(folder, "bragdoc")
    assert [b.path for b in listed] == [m.path for m in reversed(made)]


def test_listing_reads_names_not_file_times(db: Database) -> None:
    folder = db.path.parent / "backups"
    folder.mkdir()
    for name in ("bragdoc-20260101-090000-scheduled.sqlite3",
                 "bragdoc-20261126-010203-bulk-delete.sqlite3",
                 "bragdoc-20250505-050505-upgrade-2.sqlite3",
                 "bragdoc-20260101-090000-unknownreason.sqlite3",  # not ours
                 "other-20260101-090000-manual.sqlite3",           # another database's
                 "notes.txt"):
        (folder / name).write_bytes(b"")
    os.utime(folder / "bragdoc-20250505-050505-upgrade-2.sqlite3", (2e9, 2e9))  # newest mtime
    listed = store.list_backups(folder, "bragdoc")
    assert [(b.taken_at, b.reason) for b in listed] == [
        (dt.datetime(2026, 11, 26, 1, 2, 3), "bulk-delete"),
        (dt.datetime(2026, 1, 1, 9), "scheduled"),
        (dt.datetime(2025, 5, 5, 5, 5, 5), "upgrade"),
    ]


def test_a_backup_failing_its_check_is_not_kept_and_rotates_nothing(db: Database) -> None:
    add_wins(db, 300)
    service = BackupService(db)
    good = service.backup_now("manual")
    folder = good.path.parent
    ancient = folder / "bragdoc-20200105-120000-scheduled.sqlite3"
    ancient.write_bytes(good.path.read_bytes())  # rotation would remove this one
    db.dispose()
    damage_middle(db.path)
    before = names(folder)
    with pytest.raises(StorageError, match="failed its check"):
        service.backup_now("scheduled")
    assert names(folder) == before  # no copy, no temp file, nothing rotated away
    assert [b.path for b in service.backups()][-1] == ancient
    assert service.backups()[0].check == "ok"


def test_the_listing_reports_a_backup_damaged_later(db: Database) -> None:
    add_wins(db, 300)
    info = BackupService(db).backup_now("manual")
    damage_middle(info.path)
    listed = BackupService(db).backups()
    assert listed[0].path == info.path and listed[0].check != "ok"
    assert store.newest_good(info.path.parent, "bragdoc") != info.path


# --- when a backup is due ----------------------------------------------------------------


def test_needs_backup_follows_changes_and_the_interval(db: Database) -> None:
    service = BackupService(db)
    assert service.needs_backup()  # nothing backed up yet
    WinService(db).add(WinDraft(title="First", date=dt.date(2026, 1, 5)))
    info = service.backup_now("scheduled")
    later = info.taken_at + dt.timedelta(minutes=31)
    assert not service.needs_backup(now=later)  # nothing changed since
    WinService(db).add(WinDraft(title="Second", date=dt.date(2026, 1, 6)))
    assert not service.needs_backup(now=info.taken_at + dt.timedelta(minutes=29))
    assert service.needs_backup(now=later)
    assert not service.needs_backup(now=later, every=dt.timedelta(hours=2))
    db.dispose()  # the last connection closes: checkpoint, WAL removed
    assert service.needs_backup(now=later)  # the change is now in the main file
    service.backup_now("scheduled")
    db.dispose()
    assert not service.needs_backup(now=later + dt.timedelta(hours=1))


# --- rotation ----------------------------------------------------------------------------


def test_rotation_over_a_simulated_year_of_real_files(tmp_path: Path) -> None:
    """Daily 'scheduled' backups for a year, pruned each day as the app does, plus a
    pre-upgrade backup 20 days ago (protected) and one 200 days ago (rotated normally)."""
    db = Database(tmp_path / "bragdoc.sqlite3")
    service = BackupService(db)
    folder = service.folder
    folder.mkdir()
    first = dt.date(2025, 11, 27)
    today = first
    for n in range(365):
        today = first + dt.timedelta(days=n)
        taken = dt.datetime.combine(today, dt.time(18, 30))
        (folder / store.backup_name("bragdoc", taken, "scheduled")).write_bytes(b"")
        if n in (165, 345):
            upgrade = dt.datetime.combine(today, dt.time(9, 0))
            (folder / store.backup_name("bragdoc", upgrade, "upgrade")).write_bytes(b"")
        service.prune(today=today)
    kept = store.list_backups(folder, "bragdoc")
    scheduled = [b.taken_at.date() for b in kept if b.reason == "scheduled"]
    assert [b.taken_at.date() for b in kept if b.reason == "upgrade"] == [
        first + dt.timedelta(days=345)]
    assert len(scheduled) == 2 + 12 + 10 + 9
    assert scheduled[:14] == [today - dt.timedelta(days=n) for n in range(14)]
    weekly, monthly = scheduled[14:24], scheduled[24:]
    assert all(d.weekday() == 6 for d in weekly + monthly)  # Sundays survive
    assert len({d.isocalendar()[:2] for d in weekly}) == 10
    assert len({(d.year, d.month) for d in monthly}) == 9
    assert monthly[-1] == dt.date(2025, 12, 28)


def test_an_upgrade_backup_is_protected_for_30_days(tmp_path: Path) -> None:
    db = Database(tmp_path / "bragdoc.sqlite3")
    service = BackupService(db)
    service.folder.mkdir()
    today = dt.date(2026, 11, 26)
    for day in range(8):  # several backups a day for a week, three upgrade attempts
        for hour in (9, 12, 15):
            when = dt.datetime.combine(today - dt.timedelta(days=day), dt.time(hour))
            reason = "upgrade" if day == 5 else "scheduled"
            (service.folder / store.backup_name("bragdoc", when, reason)).write_bytes(b"")
    service.prune(today=today)
    upgrades = [b for b in store.list_backups(service.folder, "bragdoc")
                if b.reason == "upgrade"]
    assert len(upgrades) == 3  # the thinning would have kept one of that day at most
    service.prune(today=today + dt.timedelta(days=40))
    upgrades = [b for b in store.list_backups(service.folder, "bragdoc")
                if b.reason == "upgrade"]
    assert len(upgrades) == 1


# --- restore -----------------------------------------------------------------------------


def test_restore_backs_up_first_and_the_apps_open_connections_see_the_result(
        db: Database) -> None:
    add_wins(db, 5, prefix="Before")
    service = BackupService(db)
    chosen = service.backup_now("manual")
    add_wins(db, 2, prefix="After")
    other = sqlite3.connect(db.path)  # the app's own connection, open throughout
    assert other.execute("SELECT count(*) FROM win").fetchone() == (7,)
    WinService(db).add(WinDraft(title="Pooled", date=dt.date(2026, 2, 2)))  # pool warm

    safety = service.restore(chosen.path)

    assert safety.reason == "restore" and safety.counts["wins"] == 8
    assert other.execute("SELECT count(*) FROM win").fetchone() == (5,)
    assert titles(db) == {f"Before {i}" for i in range(5)}
    # the pooled SQLAlchemy connection and the search index work on the restored data
    WinService(db).add(WinDraft(title="Afterwards", date=dt.date(2026, 2, 3)))
    assert other.execute("SELECT count(*) FROM win").fetchone() == (6,)
    conn = sqlite3.connect(db.path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute("SELECT count(*) FROM search_index WHERE search_index MATCH "
                        "'Afterwards'").fetchone() == (1,)
    conn.close()
    other.close()
    assert BackupService(db).check().ok


def test_a_restore_that_cannot_finish_changes_nothing(db: Database) -> None:
    add_wins(db, 4, prefix="Kept")
    service = BackupService(db)
    chosen = service.backup_now("manual")
    add_wins(db, 1, prefix="Newer")
    db.busy_timeout_ms = 200
    writer = sqlite3.connect(db.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with pytest.raises(DatabaseBusy):
            service.restore(chosen.path)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert titles(db) == {f"Kept {i}" for i in range(4)} | {"Newer 0"}


def test_restore_refuses_what_is_not_a_good_bragdoc_backup(db: Database, tmp_path: Path
                                                           ) -> None:
    add_wins(db, 2)
    service = BackupService(db)
    text = tmp_path / "notes.sqlite3"
    text.write_text("just some notes\n" * 100)
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    newer = service.backup_now("manual", to=tmp_path / "newer.sqlite3").path
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '0999_future'")
    conn.commit()
    conn.close()
    broken = service.backup_now("manual", to=tmp_path / "broken.sqlite3").path
    add_wins(db, 300)
    broken.write_bytes(db.path.read_bytes()[:PAGE * 3])  # truncated
    before = names(service.folder)
    for path, message in ((tmp_path / "missing.sqlite3", "does not exist"),
                          (text, "fails its check"), (foreign, "not a bragdoc database"),
                          (newer, "newer bragdoc"), (db.path, "the database itself")):
        with pytest.raises(InvalidInput, match=message):
            service.restore(path)
    with pytest.raises(InvalidInput):
        service.restore(broken)
    assert names(service.folder) == before  # refused before anything was backed up
    assert len(Queries(db).wins()) == 302


def test_an_older_schema_backup_is_restored_then_upgraded(db: Database, tmp_path: Path
                                                          ) -> None:
    from alembic import command
    from alembic.config import Config

    from bragdoc.store.database import MIGRATIONS_DIR

    old = Database(tmp_path / "old" / "bragdoc.sqlite3")
    old.path.parent.mkdir()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with old.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002_reminder_settings")
    old.dispose()
    conn = sqlite3.connect(old.path)
    conn.execute("PRAGMA application_id = 1112686919")
    conn.execute("INSERT INTO win (id, date, title, details, tags, pillars, links, "
                 "created_at, updated_at) VALUES ('w1', '2024-05-01', 'Old win', '', '[]', "
                 "'[]', '[]', '2024-05-01 10:00:00', '2024-05-01 10:00:00')")
    conn.commit()
    conn.close()

    BackupService(db).restore(old.path)

    assert titles(db) == {"Old win"}
    conn = sqlite3.connect(db.path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
    conn.close()
    reasons = [b.reason for b in BackupService(db).backups()]
    assert reasons.count("restore") == 1 and reasons.count("upgrade") == 1


# --- the live check ------------------------------------------------------------------------


def test_check_passes_on_a_healthy_database_and_names_search_index_problems(
        db: Database) -> None:
    add_wins(db, 10)
    report = BackupService(db).check()
    assert report.ok and report.revision == HEAD
    conn = sqlite3.connect(db.path)
    conn.execute("DROP TRIGGER win_search_insert")
    conn.execute("DELETE FROM search_ref WHERE rowid IN (SELECT rowid FROM search_ref "
                 "WHERE kind = 'win' LIMIT 2)")
    conn.execute("UPDATE alembic_version SET version_num = '0004_inbox'")
    conn.commit()
    conn.close()
    problems = BackupService(db).check().problems
    assert any("triggers missing: win_search_insert" in p for p in problems)
    assert any("8 entries for 10 win rows (2 missing)" in p for p in problems)
    assert any(f"schema is at 0004_inbox, expected {HEAD}" in p for p in problems)


def test_check_reports_damage_in_the_tables(db: Database) -> None:
    add_wins(db, 300)
    db.dispose()
    damage_middle(db.path)
    report = BackupService(db).check()
    assert not report.ok
    assert report.problems[0].startswith(("integrity:", "the check could not finish"))
