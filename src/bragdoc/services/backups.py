"""Backups of the database: take, list, rotate, restore, and check the live file.

    service = BackupService(db)                  # backups in <db folder>/backups
    info = service.backup_now("manual")          # checked copy, 0600; then rotation
    if service.needs_backup(): service.backup_now("scheduled")
    service.backups()                            # newest first, with counts and checks
    service.restore(path)                        # current file backed up first
    service.check()                              # integrity, schema, search index

Rotation (`prune`) follows domain.retention (Anki's thinning). Pre-upgrade backups less
than 30 days old are left out of it, so repeated upgrade attempts or a busy week of
scheduled backups can never rotate away the copy taken before a schema change (Zotero
keeps its pre-upgrade backup for the same reason). Backups written elsewhere with
`to=` are never rotated. Logs name files and counts only, never record text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bragdoc.domain import retention
from bragdoc.domain.errors import DatabaseDamaged, InvalidInput, StorageError
from bragdoc.paths import backup_dir
from bragdoc.services.clock import Clock, local_naive, system_clock
from bragdoc.store import backups as store
from bragdoc.store.connections import sqlite_cause
from bragdoc.store.database import Database, create_private
from bragdoc.store.schema import APPLICATION_ID, HEAD, REVISIONS

log = logging.getLogger(__name__)

PROTECTED_REASONS = ("upgrade",)
PROTECTED_FOR = dt.timedelta(days=30)
SEARCH_TRIGGERS = tuple(
    [f"{table}_search_{event}" for table in ("win", "project", "feedback")
     for event in ("insert", "update", "delete")]
    + [f"metric_search_{event}" for event in ("insert", "update", "delete")]
)
"""The triggers that keep the search index in step (migration 0001); Alembic's batch
mode drops triggers silently when it rebuilds a table, so check() looks for them."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime           # local time
    reason: str                     # one of store.backups.REASONS
    size: int                       # bytes
    counts: dict[str, int]          # {'wins': n, 'projects': n, 'feedback': n, 'mentoring': n}
    check: str                      # 'ok' or the first quick_check problem

    def counts_text(self) -> str:
        return counts_text(self.counts)

    def size_text(self) -> str:
        return file_size(self.size)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "taken_at": self.taken_at.isoformat(timespec="seconds"),
            "reason": self.reason,
            "size": self.size,
            "counts": dict(self.counts),
            "check": self.check,
        }


def counts_text(counts: dict[str, int]) -> str:
    """"64 wins, 6 projects, 12 pieces of feedback, 4 mentoring notes"."""
    return ", ".join(
        f"{counts.get(key, 0)} {one if counts.get(key, 0) == 1 else many}"
        for key, one, many in (("wins", "win", "wins"), ("projects", "project", "projects"),
                               ("feedback", "piece of feedback", "pieces of feedback"),
                               ("mentoring", "mentoring note", "mentoring notes")))


def file_size(size: int) -> str:
    """Bytes as people read them: "12 B", "2.0 KB", "121 KB", "4.8 MB"."""
    value = float(size)
    unit = "B"
    for bigger in ("KB", "MB", "GB"):
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    if unit == "B":
        return f"{size} B"
    return f"{value:.0f} {unit}" if value >= 10 else f"{value:.1f} {unit}"


@dataclass(frozen=True)
class CheckReport:
    problems: list[str] = field(default_factory=list)
    revision: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _info(found: store.BackupFile, *, check: bool = True) -> BackupInfo:
    inspected = store.inspect(found.path, check=check)
    try:
        size = found.path.stat().st_size
    except OSError:
        size = 0
    return BackupInfo(found.path, found.taken_at, found.reason, size, inspected.counts,
                      inspected.check)


class BackupService:
    def __init__(self, db: Database, folder: Path | None = None, *,
                 clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock
        self.folder = folder if folder is not None else backup_dir(db.path)

    def _now(self) -> dt.datetime:
        # Backup names and their comparisons are in local wall-clock time.
        return local_naive(self.clock)

    # --- taking and listing ------------------------------------------------------------

    def backup_now(self, reason: str = "manual", to: Path | None = None) -> BackupInfo:
        """A checked, owner-only copy; then rotation (unless written elsewhere with `to`).

        Raises StorageError when the copy cannot be made or fails quick_check (then the
        copy is removed and no rotation happens)."""
        if to is not None:
            to = to.expanduser().resolve()
            if to.is_dir():
                to = None if to.resolve() == self.folder.resolve() else to / (
                    store.backup_name(self.db.path.stem, self._now(), reason))
            elif to.exists() and to.resolve() == self.db.path.resolve():
                raise InvalidInput(f"{to} is the database itself; choose another file")
        if reason not in store.REASONS:
            raise InvalidInput(f"unknown backup reason {reason!r}; expected one of: "
                               + ", ".join(store.REASONS))
        try:
            made = store.take_backup(self.db.path, self.folder, reason, to=to, now=self._now(),
                                     timeout_s=self.db.busy_timeout_ms / 1000)
        except (OSError, sqlite3.OperationalError) as exc:
            where = to.parent if to is not None else self.folder
            reason_text = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise StorageError(f"could not write a backup in {where}: {reason_text}") from exc
        info = _info(made, check=False)
        info = BackupInfo(info.path, info.taken_at, info.reason, info.size, info.counts, "ok")
        log.info("backup (%s) written to %s", reason, made.path)
        if to is None:
            self.prune()
        return info

    def backups(self) -> list[BackupInfo]:
        """Every backup of this database in the folder, newest first, each re-checked."""
        return [_info(found) for found in store.list_backups(self.folder, self.db.path.stem)]

    def newest_taken_at(self) -> dt.datetime | None:
        """When the newest backup in the folder was taken (from its name; not re-checked)."""
        found = store.list_backups(self.folder, self.db.path.stem)
        return found[0].taken_at if found else None

    def newest_good(self) -> Path | None:
        """The newest backup in the folder that passes quick_check (None if none does)."""
        return store.newest_good(self.folder, self.db.path.stem)

    def needs_backup(self, now: dt.datetime | None = None,
                     every: dt.timedelta = dt.timedelta(minutes=30)) -> bool:
        """The database (or its WAL) changed after the newest backup, and that backup is
        older than `every`; True also when there is no backup yet.

        "Changed after" compares the live files' modification times with the moment the
        newest backup's snapshot began (recorded, to the sub-second, as that file's time;
        see store.backups.snapshot_time). A backup makes a passive checkpoint before its
        snapshot, so the checkpoint the last connection makes on close normally has
        nothing left to write; when readers kept it from finishing, that later write
        counts as a change and one extra backup follows."""
        now = now or self._now()
        found = store.list_backups(self.folder, self.db.path.stem)
        changed_at = self._changed_at()
        if changed_at is None:
            return False
        if not found:
            return True
        newest = found[0]
        return changed_at > store.snapshot_time(newest) and now - newest.taken_at >= every

    def _changed_at(self) -> float | None:
        times = []
        for path, must_have_data in ((self.db.path, False), (Path(f"{self.db.path}-wal"), True)):
            try:
                st = os.stat(path)
            except OSError:
                continue
            if must_have_data and st.st_size == 0:
                continue
            times.append(st.st_mtime)
        return max(times) if times else None

    # --- rotation ----------------------------------------------------------------------

    def prune(self, today: dt.date | None = None) -> list[Path]:
        """Delete the backups rotation no longer keeps; returns them."""
        now = self._now()
        today = today or now.date()
        found = store.list_backups(self.folder, self.db.path.stem)
        protected_since = dt.datetime.combine(today, now.time()) - PROTECTED_FOR
        rotated = [b for b in found
                   if not (b.reason in PROTECTED_REASONS and b.taken_at >= protected_since)]
        keep = retention.kept([b.taken_at for b in rotated], today)
        removed = []
        for index, backup in enumerate(rotated):
            if index in keep:
                continue
            try:
                backup.path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                log.warning("could not remove old backup %s: %s", backup.path, exc)
                continue
            removed.append(backup.path)
        if removed:
            log.info("rotation removed %d old backup(s) from %s", len(removed), self.folder)
        return removed

    # --- restore -----------------------------------------------------------------------

    def restore(self, backup: Path) -> BackupInfo | None:
        """Replace the database's content with a backup's, atomically.

        The backup must pass quick_check, carry bragdoc's application_id and a schema
        revision this version knows (older ones are upgraded afterwards; newer ones are
        refused): InvalidInput otherwise, before anything is touched. The current content
        is backed up first (reason 'restore') and that backup's info returned; a current
        file too damaged to copy is moved aside instead (the info then describes the
        `.damaged` file, its `check` naming the problem); None when there was no file at
        all (after a damaged one was set aside). Other connections stay open and see the
        new content."""
        backup = backup.expanduser()
        inspected = self.inspect_backup(backup)
        safety: BackupInfo | None = None
        if not self.db.path.exists():
            create_private(self.db.path)
        else:
            try:
                safety = self.backup_now("restore")
            except store.BackupCheckFailed as exc:
                safety = self._keep_damaged(exc.problem)
        store.restore_into(backup, self.db.path, timeout_s=self.db.busy_timeout_ms / 1000)
        log.info("restored %s into %s (%s)", backup, self.db.path,
                 ", ".join(f"{n} {kind}" for kind, n in inspected.counts.items()))
        self.db.ensure_ready()
        return safety

    def _keep_damaged(self, problem: str) -> BackupInfo:
        """The current file is damaged, so no checked copy of it can be made: move it
        aside (kept as NAME.STAMP.damaged) and restore into a new file instead."""
        outcome = self.db.set_aside(problem)
        if not isinstance(outcome, DatabaseDamaged):
            raise outcome
        create_private(self.db.path)
        moved = outcome.moved_to
        return BackupInfo(moved, self._now().replace(microsecond=0), "restore",
                          moved.stat().st_size, {}, problem)

    def inspect_backup(self, backup: Path) -> store.Inspection:
        """Check a file offered for restore; InvalidInput says what is wrong with it."""
        if not backup.is_file():
            raise InvalidInput(f"{backup} does not exist or is not a file")
        if backup.resolve() == self.db.path.resolve():
            raise InvalidInput(f"{backup} is the database itself")
        inspected = store.inspect(backup)
        if inspected.check != "ok":
            raise InvalidInput(f"{backup} cannot be restored: it fails its check "
                               f"({inspected.check})")
        if inspected.application_id != APPLICATION_ID and inspected.revision is None:
            raise InvalidInput(f"{backup} is not a bragdoc database")
        if inspected.revision not in REVISIONS:
            raise InvalidInput(
                f"{backup} was written by a newer bragdoc (schema {inspected.revision}); "
                "install a newer bragdoc to restore it")
        return inspected

    # --- checking the live database -----------------------------------------------------

    def check(self) -> CheckReport:
        """integrity_check, foreign keys, schema at head, and the search index."""
        problems: list[str] = []
        revision = None
        try:
            # Not `reading()`: a damaged file is what this reports on, not a reason to
            # move it aside in the middle of the check.
            with contextlib.closing(self.db.connect()) as conn:
                rows = conn.execute("PRAGMA integrity_check(20)").fetchall()
                if rows != [("ok",)]:
                    problems += [f"integrity: {row[0]}" for row in rows]
                problems += [f"foreign key: {table} row {rowid} points to a missing {parent}"
                             for table, rowid, parent, _ in
                             conn.execute("PRAGMA foreign_key_check").fetchall()]
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
                if app_id != APPLICATION_ID:
                    problems.append(f"application_id is {app_id}, not bragdoc's")
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
                if revision != HEAD:
                    problems.append(f"schema is at {revision}, expected {HEAD}")
                problems += _search_index_problems(conn)
        except Exception as exc:  # a damaged file can fail anywhere; report, do not crash
            if sqlite_cause(exc) is None:
                raise
            problems.append(f"the check could not finish: {exc}")
        return CheckReport(problems, revision)


def _search_index_problems(conn: Any) -> list[str]:
    problems = []
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    missing = [t for t in SEARCH_TRIGGERS if t not in triggers]
    if missing:
        problems.append("search index: triggers missing: " + ", ".join(missing))
    indexed = dict(conn.execute("SELECT kind, count(*) FROM search_ref GROUP BY kind").fetchall())
    for table in ("win", "project", "feedback"):
        have = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        unindexed = conn.execute(
            f"SELECT count(*) FROM {table} WHERE id NOT IN "
            "(SELECT ref FROM search_ref WHERE kind = ?)", (table,)).fetchone()[0]
        if unindexed or indexed.get(table, 0) != have:
            problems.append(f"search index: {indexed.get(table, 0)} entries for {have} "
                            f"{table} rows ({unindexed} missing)")
    refs = conn.execute("SELECT count(*) FROM search_ref").fetchone()[0]
    try:
        entries = conn.execute("SELECT count(*) FROM search_index").fetchone()[0]
        if refs != entries:
            problems.append(f"search index: {entries} entries for {refs} references")
        conn.execute("INSERT INTO search_index(search_index, rank) VALUES('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:  # the index is unreadable or disagrees with itself
        problems.append(f"search index: {exc}")
    except MemoryError:
        # Damage can make SQLite ask for absurd amounts of memory (SQLITE_NOMEM) instead
        # of reporting corruption; the check must still finish and say where.
        problems.append("search index: unreadable (SQLite ran out of memory reading it)")
    finally:
        conn.rollback()
    return problems
