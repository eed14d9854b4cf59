"""Damage and crashes: detected at open, the file moved aside unchanged, a backup named."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bragdoc.app import main
from bragdoc.domain.errors import DatabaseDamaged, DatabaseRefused
from bragdoc.domain.records import WinDraft
from bragdoc.services.backups import BackupService
from bragdoc.services.queries import Queries
from bragdoc.services.wins import WinService
from bragdoc.store import backups as store
from bragdoc.store import database
from bragdoc.store.database import Database
from tests.test_backups import add_wins, check_of, damage_middle, damaged_after_backup

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA user_version = 7")  # a commit: the WAL now has frames
print("ready", flush=True)
sys.stdin.read()
"""

CRASHER = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA user_version = 7")
os._exit(0)  # no close: the WAL stays, as after a crash or a power cut
"""


def crash_image(db: Database, folder: Path) -> Path:
    """What a crash leaves: the file and a WAL with committed frames, nobody attached.
    Copied while the app's connection is still open, so the WAL is not checkpointed."""
    folder.mkdir()
    image = folder / db.path.name
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{db.path}{suffix}", f"{image}{suffix}")
    os.chmod(image, 0o600)
    return image


@pytest.fixture
def populated(db: Database) -> Database:
    """A few hundred wins checkpointed into the file, a good backup, then three more wins
    that live only in the WAL (the pool keeps a connection open)."""
    add_wins(db, 300)
    BackupService(db).backup_now("manual")
    db.dispose()
    for n in range(3):
        WinService(db).add(WinDraft(title=f"Late {n}", date=dt.date(2026, 3, 1 + n)))
    assert Path(f"{db.path}-wal").stat().st_size > 0
    return db


def copy_backups(source: Database, image: Path) -> Path:
    """The source's newest backup, plus a newer damaged one, in the image's backups."""
    good = BackupService(source).backups()[0].path
    folder = image.parent / "backups"
    folder.mkdir()
    kept = folder / good.name
    shutil.copyfile(good, kept)
    newer = folder / store.backup_name("bragdoc", dt.datetime.now() + dt.timedelta(hours=1),
                                       "scheduled")
    shutil.copyfile(good, newer)
    damage_middle(newer)
    return kept


def test_damage_after_an_unclean_shutdown_is_moved_aside_unchanged_and_restored(
        populated: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    image = crash_image(populated, tmp_path / "crashed")
    good = copy_backups(populated, image)
    damage_middle(image)
    assert check_of(image) != "ok"
    before = {s: Path(f"{image}{s}").read_bytes() for s in ("", "-wal")}

    with pytest.raises(DatabaseDamaged) as caught:
        Database.open(image)

    assert "not closed cleanly; running a full integrity check" in caplog.text
    damaged = caught.value
    assert damaged.path == image and not image.exists()
    assert damaged.moved_to.name.startswith("bragdoc.sqlite3.")
    assert damaged.moved_to.name.endswith(".damaged")
    assert damaged.moved_to.read_bytes() == before[""]
    assert Path(f"{damaged.moved_to}-wal").read_bytes() == before["-wal"]
    assert not Path(f"{image}-wal").exists() and not Path(f"{image}-shm").exists()
    assert damaged.backup == good  # the newer, damaged backup is passed over
    message = str(damaged)
    assert "\n" not in message
    assert message.startswith(f"{image} is damaged; it was moved to {damaged.moved_to}.")
    assert message.endswith(f"bragdoc --db {image} restore {good}")

    code = main(["--db", str(image), "restore", str(good)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"Restored {good} into {image}: 300 wins" in out
    restored = Database.open(image)
    assert len(Queries(restored).wins()) == 300
    assert BackupService(restored).check().ok
    restored.dispose()
    assert damaged.moved_to.read_bytes() == before[""]  # still kept as it was


def test_a_healthy_file_after_an_unclean_shutdown_is_checked_and_left_alone(
        populated: Database, tmp_path: Path) -> None:
    image = crash_image(populated, tmp_path / "crashed")
    before = image.read_bytes()
    opened = Database.open(image)
    assert opened.checked_after_crash
    assert image.read_bytes() == before  # the check changed nothing
    assert {w.title for w in Queries(opened).wins()} >= {"Late 0", "Late 1", "Late 2"}
    assert sorted(p.name for p in tmp_path.joinpath("crashed").iterdir()
                  if ".damaged" in p.name) == []
    opened.dispose()


def test_a_real_crash_is_noticed_at_the_next_open(db: Database) -> None:
    db.dispose()
    path = db.path
    database._OPENED.discard(str(path.resolve()))  # as in a new process
    subprocess.run([sys.executable, "-c", CRASHER, str(path)], check=True, timeout=30)
    assert Path(f"{path}-wal").stat().st_size > 0
    assert database.held_open(path) is False
    assert database.unclean_shutdown(path)
    reopened = Database.open(path)
    assert reopened.checked_after_crash
    assert Queries(reopened).counts()["win"] == 0


def test_a_wal_kept_by_a_running_program_is_not_a_crash(db: Database) -> None:
    db.dispose()
    path = db.path
    database._OPENED.discard(str(path.resolve()))
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "ready\n"
        assert Path(f"{path}-wal").stat().st_size > 0
        assert database.held_open(path) is True
        assert database._probe_dms_lock(Path(f"{path}-shm")) is True  # the non-Linux way
        assert not database.unclean_shutdown(path)
        assert not Database.open(path).checked_after_crash
    finally:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()
    assert database._probe_dms_lock(Path(f"{path}-shm")) is False


def test_damage_found_while_reading_moves_the_file_aside(
        db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    good, before = damaged_after_backup(db)

    code = main(["--db", str(db.path), "list"])

    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"bragdoc: {db.path} is damaged; it was moved to ")
    assert err.rstrip().endswith(f"restore {good}")
    moved = [p for p in db.path.parent.iterdir() if p.name.endswith(".damaged")]
    assert len(moved) == 1 and moved[0].read_bytes() == before


def test_damage_is_left_in_place_while_another_program_has_the_file(db: Database) -> None:
    add_wins(db, 300)
    db.dispose()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db.path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "ready\n"
        damage_middle(db.path)
        with pytest.raises(DatabaseRefused, match="another program has it open") as caught:
            db.confirm_damage(sqlite3.DatabaseError("database disk image is malformed"))
        assert not isinstance(caught.value, DatabaseDamaged)
        assert db.path.exists()
    finally:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()


def test_a_bragdoc_file_that_is_no_longer_a_database_is_moved_aside(db: Database) -> None:
    add_wins(db, 5)
    db.dispose()
    with open(db.path, "r+b") as handle:
        handle.write(b"garbage garbage!")  # the "SQLite format 3" magic is gone
    database._OPENED.discard(str(db.path.resolve()))
    with pytest.raises(DatabaseDamaged) as caught:
        Database.open(db.path)
    assert caught.value.backup is not None  # the pre-import backup
    assert caught.value.moved_to.read_bytes()[:16] == b"garbage garbage!"


def test_a_file_that_never_was_bragdocs_is_refused_and_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n" * 500)
    with pytest.raises(DatabaseRefused, match="not a bragdoc database") as caught:
        Database.open(notes)
    assert not isinstance(caught.value, DatabaseDamaged)
    assert notes.read_text() == "shopping list\n" * 500
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_healthy_clean_file_is_opened_without_a_full_check(db: Database) -> None:
    add_wins(db, 3)
    db.dispose()
    database._OPENED.discard(str(db.path.resolve()))
    assert not Database.open(db.path).checked_after_crash


def test_stale_temp_files_are_removed_at_open(db: Database) -> None:
    db.dispose()
    folder, backups = db.path.parent, db.path.parent / "backups"
    backups.mkdir()
    hour_ago = time.time() - 2 * 3600
    stale = [folder / ".bragdoc.sqlite3.a1b2c3d4.tmp", folder / ".report.md.zz_9y8x7.tmp",
             backups / ".bragdoc-20261126-010203-manual.sqlite3.k3j4h5g6.tmp",
             backups / ".bragdoc-20261126-010203-manual.sqlite3.k3j4h5g6.tmp-journal"]
    fresh = folder / ".bragdoc.sqlite3.q1w2e3r4.tmp"      # maybe being written right now
    other = [folder / ".hidden.tmp", folder / "notes.a1b2c3d4.tmp", folder / "keep.txt"]
    for path in [*stale, fresh, *other]:
        path.write_bytes(b"partial")
    for path in [*stale, *other]:
        os.utime(path, (hour_ago, hour_ago))
    Database.open(db.path).dispose()
    assert [p for p in stale if p.exists()] == []
    assert fresh.exists() and all(p.exists() for p in other)


def test_an_export_cleans_what_a_killed_export_of_the_same_file_left(tmp_path: Path) -> None:
    from bragdoc.store.files import write_atomically

    two_hours_ago = time.time() - 2 * 3600
    left = tmp_path / ".packet.md.a1b2c3d4.tmp"
    other_target = tmp_path / ".notes.md.a1b2c3d4.tmp"
    for path in (left, other_target):
        path.write_bytes(b"half a packet")
        os.utime(path, (two_hours_ago, two_hours_ago))
    write_atomically(tmp_path / "packet.md", b"# Packet\n")
    assert not left.exists() and other_target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notes.md.a1b2c3d4.tmp",
                                                          "packet.md"]


def test_restoring_over_a_damaged_file_keeps_it_aside_first(db: Database) -> None:
    good, before = damaged_after_backup(db)
    kept = BackupService(db).restore(good)
    assert kept is not None and kept.path.name.endswith(".damaged") and kept.check != "ok"
    assert kept.path.read_bytes() == before
    assert len(Queries(db).wins()) == 300 and BackupService(db).check().ok


def test_restoring_where_the_damaged_file_was_set_aside_makes_a_private_file(
        db: Database) -> None:
    """What the app does after DatabaseDamaged: no file at the path, restore the backup."""
    good, _ = damaged_after_backup(db)
    with pytest.raises(DatabaseDamaged) as caught:
        db.confirm_damage(sqlite3.DatabaseError("database disk image is malformed"))
    assert not db.path.exists() and caught.value.backup == good
    old = os.umask(0o022)
    try:
        assert BackupService(Database(db.path)).restore(good) is None
    finally:
        os.umask(old)
    assert stat.S_IMODE(db.path.stat().st_mode) == 0o600
    reopened = Database.open(db.path)
    assert len(Queries(reopened).wins()) == 300
    conn = sqlite3.connect(db.path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()
    reopened.dispose()
