"""`bragdoc backup | backups | restore | check`, busy and damaged databases, as run."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bragdoc.app import main
from bragdoc.services.backups import BackupService
from bragdoc.store import backups as store
from bragdoc.store.database import Database
from tests.test_backups import add_wins, damage_middle

BRAGDOC = Path(sys.executable).with_name("bragdoc")
BUSY = "bragdoc: the database is busy: another bragdoc window or command is saving — try again\n"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(BRAGDOC)] if BRAGDOC.exists() else [sys.executable, "-m", "bragdoc"]
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled(db: Database) -> Path:
    add_wins(db, 12)
    db.dispose()
    return db.path


def test_backup_prints_the_path_of_an_owner_only_copy(
        filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "--db", str(filled), "backup")
    assert code == 0, err
    made = Path(out.strip())
    assert made.parent == filled.parent / "backups"
    assert store.parse_name(made, "bragdoc").reason == "manual"  # type: ignore[union-attr]
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    code, out, err = cli(capsys, "backup", "--db", str(filled), "--to",
                         str(tmp_path / "elsewhere.sqlite3"))
    assert (code, out) == (0, f"{tmp_path / 'elsewhere.sqlite3'}\n"), err


def test_backup_to_a_place_that_cannot_be_written_is_one_line(
        filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, out, err = cli(capsys, "--db", str(filled), "backup", "--to",
                         str(blocker / "inside" / "copy.sqlite3"))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("bragdoc: could not write a backup in ")
    assert blocker.read_text() == "not a folder"


def test_backups_lists_date_size_counts_and_check(
        filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "--db", str(filled), "backup")
    code, out, err = cli(capsys, "--db", str(filled), "backups")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2  # the manual one, and the one made before the import
    assert "manual" in lines[0]
    assert "12 wins, 0 projects, 0 pieces of feedback, 0 mentoring notes" in lines[0]
    assert "[ok]" in lines[0] and " KB" in lines[0]
    assert "import" in lines[1] and "0 wins" in lines[1]
    code, out, err = cli(capsys, "--db", str(filled), "backups", "--json")
    listed = json.loads(out)
    assert [item["reason"] for item in listed] == ["manual", "import"]
    assert set(listed[0]) == {"path", "taken_at", "reason", "size", "counts", "check"}
    assert listed[0]["counts"]["wins"] == 12 and listed[0]["check"] == "ok"


def test_backups_says_when_there_are_none(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "empty.sqlite3"
    code, out, _ = cli(capsys, "--db", str(db), "backups")
    assert code == 0 and out.startswith("No backups yet in ")
    assert cli(capsys, "--db", str(db), "backups", "--json")[1] == "[]\n"


def test_restore_backs_up_the_current_file_first_and_says_what_it_did(
        filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chosen = cli(capsys, "--db", str(filled), "backup")[1].strip()
    assert cli(capsys, "--db", str(filled), "add", "Only in the current file")[0] == 0
    code, out, err = cli(capsys, "--db", str(filled), "restore", chosen)
    assert code == 0, err
    first, second = out.splitlines()
    assert first.startswith("Backed up the current database to ")
    safety = Path(first.rsplit(" ", 1)[1])
    assert store.parse_name(safety, "bragdoc").reason == "restore"  # type: ignore[union-attr]
    assert second == f"Restored {chosen} into {filled}: 12 wins, 0 projects, " \
                     "0 pieces of feedback, 0 mentoring notes"
    listed = cli(capsys, "--db", str(filled), "list")[1]
    assert "Only in the current file" not in listed and len(listed.splitlines()) == 12
    conn = sqlite3.connect(safety)
    assert conn.execute("SELECT count(*) FROM win").fetchone() == (13,)
    conn.close()


def test_restore_of_a_missing_or_foreign_file_is_a_one_line_error(
        filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "--db", str(filled), "restore", str(tmp_path / "nope"))
    assert (code, out) == (2, "") and err.count("\n") == 1 and "does not exist" in err


def test_check_exit_codes(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "--db", str(filled), "check")
    assert code == 0, err
    assert out.startswith(f"{filled}: ok")
    assert cli(capsys, "--db", str(filled), "check", "--bogus")[0] == 2
    conn = sqlite3.connect(filled)
    conn.execute("DROP TRIGGER project_search_update")
    conn.commit()
    conn.close()
    code, out, err = cli(capsys, "--db", str(filled), "check")
    assert code == 1
    assert "search index: triggers missing: project_search_update" in out.splitlines()
    assert "restore " in out.splitlines()[-1]  # and how to get a good copy back


def test_check_on_a_missing_database_says_so_and_creates_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "never" / "bragdoc.sqlite3"
    code, out, err = cli(capsys, "--db", str(missing), "check")
    assert (code, err) == (1, "")
    assert out.splitlines() == [f"{missing} does not exist; there is no backup to restore"]
    assert not missing.parent.exists()


def test_a_damaged_database_is_exit_2_with_one_line_for_any_command(db: Database) -> None:
    add_wins(db, 300)
    db.dispose()
    damage_middle(db.path)
    result = run("--db", str(db.path), "search", "migration")
    assert result.returncode == 2
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"bragdoc: {db.path} is damaged; it was moved to ")
    assert "restore " in result.stderr
    # the file was set aside: `check` says so, names the copy and the way back, and does
    # not create an empty database in its place
    checked = run("--db", str(db.path), "check")
    assert checked.returncode == 1, checked.stderr
    moved = [p for p in db.path.parent.iterdir() if p.name.endswith(".damaged")]
    assert checked.stdout.splitlines() == [
        f"{db.path} does not exist; the damaged file was moved to {moved[0]}; restore the "
        f"newest good backup with: bragdoc --db {db.path} restore "
        f"{BackupService(db).newest_good()}"]
    assert not db.path.exists()


def test_a_write_while_another_program_holds_the_lock_fails_with_one_clear_line(
        db: Database) -> None:
    writer = sqlite3.connect(db.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        result = run("--db", str(db.path), "add", "Blocked win",
                     env={"BRAGDOC_BUSY_TIMEOUT_MS": "300"})
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert (result.returncode, result.stdout, result.stderr) == (2, "", BUSY)


def test_a_write_waits_for_a_short_lock_and_then_goes_through(db: Database) -> None:
    writer = sqlite3.connect(db.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    command = [str(BRAGDOC)] if BRAGDOC.exists() else [sys.executable, "-m", "bragdoc"]
    adding = subprocess.Popen([*command, "--db", str(db.path), "add", "Patient win"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.8)  # longer than the process needs to reach its write
    writer.execute("ROLLBACK")
    writer.close()
    out, err = adding.communicate(timeout=30)
    assert adding.returncode == 0, err
    assert "Patient win" in out


def test_cli_writes_take_a_scheduled_backup_when_one_is_due(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli-only.sqlite3"
    assert cli(capsys, "--db", str(db), "list")[0] == 0
    assert not (tmp_path / "backups").exists()  # reading never backs up
    assert cli(capsys, "--db", str(db), "add", "First")[0] == 0
    made = store.list_backups(tmp_path / "backups", "cli-only")
    assert [b.reason for b in made] == ["scheduled"]
    assert cli(capsys, "--db", str(db), "add", "Second")[0] == 0
    assert len(store.list_backups(tmp_path / "backups", "cli-only")) == 1  # < 30 min old


def test_damage_only_in_the_search_index_is_reported_not_moved(
        filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(filled)
    conn.execute("UPDATE search_index_data SET block = randomblob(18) WHERE id = 10")
    conn.commit()
    conn.close()
    before = filled.read_bytes()
    code, out, err = cli(capsys, "--db", str(filled), "search", "migration")
    assert (code, out) == (2, "") and err.count("\n") == 1
    # Depending on the random bytes SQLite reports corruption or runs out of memory.
    assert ("its tables pass the integrity check; `bragdoc check` says more" in err
            or "its tables are intact — `bragdoc check` says more" in err)
    assert filled.read_bytes() == before
    code, out, _ = cli(capsys, "--db", str(filled), "check")
    assert code == 1 and out.startswith("search index: ")


def test_an_index_so_damaged_that_even_the_check_runs_out_of_memory_is_reported(
        filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The random damage above lands on bytes like these about one run in fifty: SQLite
    then answers NOMEM while the check itself counts the index."""
    conn = sqlite3.connect(filled)
    conn.execute("UPDATE search_index_data SET block = X'fc500a20880871aa20e565c3b5e6e17206bc'"
                  " WHERE id = 10")
    conn.commit()
    conn.close()
    before = filled.read_bytes()
    code, out, err = cli(capsys, "--db", str(filled), "search", "migration")
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "its tables are intact — `bragdoc check` says more" in err
    assert filled.read_bytes() == before
    code, out, _ = cli(capsys, "--db", str(filled), "check")
    assert code == 1 and out.startswith("search index: unreadable")
