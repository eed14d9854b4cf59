"""A read-only database file and a full disk: clear messages, nothing lost, nothing half-saved.

Tests run as root, for whom chmod does not stop a write. So:

- **read-only** is made with the immutable attribute (`chattr +i`), which stops root too;
  where that is not allowed, every connection to the file is opened through a
  `file:…?mode=ro` URI (the stdlib's `sqlite3.connect` wrapped, in this process or in the
  CLI child through a tiny runner);
- **full disk** is a 1 MiB tmpfs mounted for the test and filled up with a filler file;
  where mounting is not allowed, every connection gets `PRAGMA max_page_count` set to the
  file's current size, which makes SQLite raise SQLITE_FULL exactly as a full disk does.

`FaultKit.how` says which one ran (shown in the test output with -v via the fixture id).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bragdoc.domain.errors import DatabaseRefused, StorageError
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import ProjectDraft, WinDraft
from bragdoc.importers.interchange import read_bundle
from bragdoc.services.projects import ProjectService
from bragdoc.services.queries import Queries
from bragdoc.services.transfer import TransferService
from bragdoc.services.wins import WinService
from bragdoc.store.database import Database

FIXTURES = Path(__file__).parent / "fixtures" / "revisions"
SAVED = ["Cut the build time in half", "Ran the incident review", "Mentored a new hire"]

# Wraps sqlite3.connect (the stdlib's, used by bragdoc and SQLAlchemy alike) for one file.
RUNNER = r'''
import sqlite3, sqlite3.dbapi2, sys
_connect = sqlite3.connect
_how, _target, _pages = sys.argv[1], sys.argv[2], int(sys.argv[3])

def connect(database, *args, **kwargs):
    if str(database) != _target:
        return _connect(database, *args, **kwargs)
    if _how == "mode=ro":
        kwargs["uri"] = True
        return _connect(f"file:{_target}?mode=ro", *args, **kwargs)
    conn = _connect(database, *args, **kwargs)
    conn.execute(f"PRAGMA max_page_count = {_pages}")
    return conn

sqlite3.connect = sqlite3.dbapi2.connect = connect
'''
CLI = RUNNER + r'''
from bragdoc.app import main
sys.exit(main(sys.argv[4:]))
'''


def _install(monkeypatch: pytest.MonkeyPatch, how: str, target: Path, pages: int) -> None:
    """In this process, what RUNNER does in the CLI child."""
    original = sqlite3.connect

    def connect(database, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(database) != str(target):
            return original(database, *args, **kwargs)
        if how == "mode=ro":
            return original(f"file:{target}?mode=ro", *args, **{**kwargs, "uri": True})
        conn = original(database, *args, **kwargs)
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", connect)


def _page_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA page_count").fetchone()[0]
    finally:
        conn.close()


@dataclass
class FaultKit:
    """A database with a fault in place, and how to run the CLI against it."""

    path: Path
    how: str
    """'chattr +i', 'mode=ro', 'tmpfs' or 'max_page_count'."""
    pages: int = 0

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ)
        if self.how in ("mode=ro", "max_page_count"):
            how = "mode=ro" if self.how == "mode=ro" else "pages"
            command = [sys.executable, "-c", CLI, how, str(self.path), str(self.pages),
                       "--db", str(self.path), *args]
        else:
            command = [sys.executable, "-m", "bragdoc", "--db", str(self.path), *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)


def _save_some(path: Path) -> None:
    db = Database.open(path)
    wins = WinService(db)
    for n, title in enumerate(SAVED):
        wins.add(WinDraft(title=title, date=dt.date(2025, 3, 1 + n), details="kept",
                          metrics=[parse_metric("build time: 40 min -> 20 min")]))
    db.dispose()


def _snapshot(path: Path) -> dict[str, object]:
    """What the file holds, read without writing (works on a read-only or full file)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            "wins": sorted(r[0] for r in conn.execute("SELECT title FROM win")),
            "metrics": conn.execute("SELECT count(*) FROM metric").fetchone()[0],
            "projects": conn.execute("SELECT count(*) FROM project").fetchone()[0],
            "search rows": conn.execute("SELECT count(*) FROM search_index").fetchone()[0],
            "integrity": conn.execute("PRAGMA integrity_check").fetchone()[0],
        }
    finally:
        conn.close()


PORTABLE = os.environ.get("BRAGDOC_TEST_FAULTS") == "portable"
"""Set BRAGDOC_TEST_FAULTS=portable to run the fallbacks even where root tricks work."""


def _run_quietly(command: list[str]) -> bool:
    if PORTABLE and command[0] != "umount":
        return False
    try:
        return subprocess.run(command, capture_output=True).returncode == 0
    except OSError:
        return False


def _chattr(flag: str, path: Path) -> bool:
    return _run_quietly(["chattr", flag, str(path)])


def _mount_tmpfs(folder: Path) -> bool:
    return _run_quietly(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs",
                         str(folder)])


@pytest.fixture
def read_only(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultKit]:
    _save_some(db_path)
    if _chattr("+i", db_path):
        try:
            yield FaultKit(db_path, "chattr +i")
        finally:
            _chattr("-i", db_path)
        return
    _install(monkeypatch, "mode=ro", db_path, 0)
    yield FaultKit(db_path, "mode=ro")


@pytest.fixture
def full_disk(tmp_path: Path, db_path: Path,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultKit]:
    """The saved wins on a disk with no room left; a reader keeps the database open (as
    the running app would), so its -shm file exists and reads still work."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    if not _mount_tmpfs(mount):
        _save_some(db_path)
        pages = _page_count(db_path)
        _install(monkeypatch, "pages", db_path, pages)
        yield FaultKit(db_path, "max_page_count", pages)
        return
    try:
        path = mount / "bragdoc.sqlite3"
        shutil.copyfile(db_path, path)
        _save_some(path)
        holder = sqlite3.connect(path)
        holder.execute("SELECT count(*) FROM win").fetchone()
        _fill(mount / "filler")
        try:
            yield FaultKit(path, "tmpfs")
        finally:
            holder.close()
    finally:
        gc.collect()
        assert _run_quietly(["umount", "-l", str(mount)])


def _fill(filler: Path) -> None:
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for chunk in (1 << 16, 1 << 12, 1):
            try:
                while True:
                    os.write(fd, b"\0" * chunk)
            except OSError:
                pass
    finally:
        os.close(fd)


# --- read-only -------------------------------------------------------------------------


def test_services_on_a_read_only_database_raise_storage_error(read_only: FaultKit) -> None:
    before = _snapshot(read_only.path)
    db = Database.open(read_only.path)
    try:
        assert [w.title for w in Queries(db).wins()] != []
        with pytest.raises(StorageError, match="could not write to") as refused:
            WinService(db).add(WinDraft(title="Not to be saved", date=dt.date(2025, 4, 1),
                                        metrics=[parse_metric("p95: 2s -> 1s")]))
        assert "\n" not in str(refused.value)
        with pytest.raises(StorageError):
            ProjectService(db).add(ProjectDraft(name="Not a project"))
        with pytest.raises(StorageError):
            TransferService(db).import_bundle(read_bundle({
                "format": "bragdoc", "version": 1,
                "wins": [{"date": "2025-04-02", "title": f"Imported {n}"} for n in range(50)]}))
        with pytest.raises(StorageError):
            WinService(db).delete(Queries(db).wins()[0].id)
    finally:
        db.dispose()
    assert _snapshot(read_only.path) == before
    assert before["wins"] == sorted(SAVED)


def test_the_cli_on_a_read_only_database_says_so_in_one_line(read_only: FaultKit) -> None:
    before = _snapshot(read_only.path)
    added = read_only.cli("add", "Typed on a read-only day", "--metric", "p95: 2s -> 1s")
    assert added.returncode == 2, (read_only.how, added)
    assert added.stdout == ""
    lines = added.stderr.splitlines()
    assert len(lines) == 1, added.stderr
    assert lines[0].startswith("bragdoc: could not write to ")
    assert str(read_only.path) in lines[0] and "readonly" in lines[0]
    listed = read_only.cli("list")
    assert listed.returncode == 0, listed.stderr
    assert all(title in listed.stdout for title in SAVED)
    assert _snapshot(read_only.path) == before


def test_an_upgrade_of_a_read_only_old_database_fails_cleanly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = sorted(FIXTURES.glob("*.sqlite3"))[-1]
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "bragdoc.sqlite3"
    shutil.copyfile(old, path)
    original = path.read_bytes()
    made_immutable = _chattr("+i", path)
    if not made_immutable:
        _install(monkeypatch, "mode=ro", path, 0)
    try:
        with pytest.raises(DatabaseRefused) as refused:
            Database.open(path)
        gc.collect()
    finally:
        if made_immutable:
            _chattr("-i", path)
    message = str(refused.value)
    assert "\n" not in message and str(path) in message
    assert path.read_bytes() == original
    backups = [p for p in folder.rglob("*") if p.is_file() and p != path and str(p) in message]
    assert len(backups) == 1, message
    conn = sqlite3.connect(backups[0])
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (old.stem,)
        assert conn.execute("SELECT count(*) FROM win").fetchone()[0] == 3
    finally:
        conn.close()


# --- full disk -------------------------------------------------------------------------


def test_services_on_a_full_disk_raise_storage_error_and_keep_what_was_saved(
        full_disk: FaultKit) -> None:
    before = _snapshot(full_disk.path)
    db = Database.open(full_disk.path)
    try:
        for n in range(3):
            with pytest.raises(StorageError, match="full") as refused:
                WinService(db).add(WinDraft(
                    title=f"Too big to fit {n}", date=dt.date(2025, 4, 1),
                    details="A long story. " * 400,
                    metrics=[parse_metric(f"metric {m}: {m}s -> 1s") for m in range(20)]))
            assert "\n" not in str(refused.value)
        with pytest.raises(StorageError, match="full"):
            TransferService(db).import_bundle(read_bundle({
                "format": "bragdoc", "version": 1,
                "wins": [{"date": "2025-04-02", "title": f"Imported {n}",
                          "details": "words " * 200} for n in range(200)]}))
        assert sorted(w.title for w in Queries(db).wins()) == sorted(SAVED)
    finally:
        db.dispose()
    assert _snapshot(full_disk.path) == before


def test_the_cli_on_a_full_disk_says_so_in_one_line(full_disk: FaultKit) -> None:
    before = _snapshot(full_disk.path)
    added = full_disk.cli("add", "Typed on a full disk", "--details", "x" * 20_000,
                          "--metric", "p95: 2s -> 1s")
    assert added.returncode == 2, (full_disk.how, added)
    assert added.stdout == ""
    lines = added.stderr.splitlines()
    assert len(lines) == 1, added.stderr
    assert lines[0].startswith("bragdoc: could not write to ")
    assert "full" in lines[0]
    listed = full_disk.cli("list")
    assert listed.returncode == 0, listed.stderr
    assert all(title in listed.stdout for title in SAVED)
    assert _snapshot(full_disk.path) == before


def test_a_database_on_a_disk_that_filled_up_while_closed_is_not_called_foreign(
        tmp_path: Path, db_path: Path) -> None:
    """With no -shm file and no room to make one, SQLite cannot even read a WAL database.
    The message must say the disk is the problem, not that the file is not bragdoc's."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    if not _mount_tmpfs(mount):
        # No mount rights: no -shm can be made either (a folder is in its way).
        path = db_path
        _save_some(path)
        shm = path.with_name(path.name + "-shm")
        shm.mkdir()  # a directory where the -shm file must go: SQLite's I/O error
        try:
            _check_refusal(FaultKit(path, "shm blocked"))
        finally:
            shm.rmdir()
        return
    try:
        path = mount / "bragdoc.sqlite3"
        shutil.copyfile(db_path, path)
        _save_some(path)
        _fill(mount / "filler")
        _check_refusal(FaultKit(path, "tmpfs"))
        (mount / "filler").unlink()
        listed = FaultKit(path, "tmpfs").cli("list")
        assert listed.returncode == 0 and all(t in listed.stdout for t in SAVED)
    finally:
        assert _run_quietly(["umount", "-l", str(mount)])


def _check_refusal(kit: FaultKit) -> None:
    """Either the saved wins are listed, or one line refuses without calling the file
    foreign (which would send the person looking for another file, or worse)."""
    listed = kit.cli("list")
    if listed.returncode == 0:
        assert all(title in listed.stdout for title in SAVED)
        return
    assert listed.returncode == 2, listed
    lines = listed.stderr.splitlines()
    assert len(lines) == 1, listed.stderr
    assert str(kit.path) in lines[0]
    assert "not a bragdoc database" not in lines[0], lines[0]
