"""`bragdoc backup`, `backups`, `restore` and `check`: the database's safety net; and the
scheduled backup after a command that wrote."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bragdoc.cli.arguments import Command
from bragdoc.cli.output import PROG, print_json
from bragdoc.domain.errors import DatabaseDamaged, UserError
from bragdoc.store.database import damaged_copies

if TYPE_CHECKING:
    from bragdoc.services.container import Services


def _backup_arguments(backup: argparse.ArgumentParser) -> None:
    backup.add_argument("--to", type=Path, metavar="PATH",
                        help="write the backup here (a file or a folder) instead of the "
                        "backups folder next to the database")


def cmd_backup(args: argparse.Namespace, services: Services) -> int:
    print(services.backups.backup_now("manual", to=args.to).path)
    return 0


def _backups_arguments(listed: argparse.ArgumentParser) -> None:
    listed.add_argument("--json", action="store_true")


def cmd_backups(args: argparse.Namespace, services: Services) -> int:
    service = services.backups
    found = service.backups()
    if args.json:
        print_json([info.to_json() for info in found])
        return 0
    if not found:
        print(f"No backups yet in {service.folder}; make one with `bragdoc backup`.")
        return 0
    for info in found:
        check = "ok" if info.check == "ok" else f"FAILS CHECK: {info.check}"
        print(f"{info.taken_at:%Y-%m-%d %H:%M:%S}  {info.reason:<11} {info.size_text():>9}  "
              f"{info.counts_text()}  [{check}]  {info.path}")
    return 0


def _restore_arguments(restore: argparse.ArgumentParser) -> None:
    restore.add_argument("backup", metavar="BACKUP", type=Path)


def cmd_restore(args: argparse.Namespace, services: Services) -> int:
    from bragdoc.services.backups import counts_text

    db = services.db
    try:
        db.ensure_ready()
    except DatabaseDamaged as damaged:
        # What restore is for: the damaged file is already set aside; restore into a new one.
        print(f"{PROG}: {damaged.path} was damaged and has been moved to {damaged.moved_to}",
              file=sys.stderr)
        db.ensure_ready()
    service = services.backups
    inspected = service.inspect_backup(args.backup)
    kept = service.restore(args.backup)
    if kept is None:
        print(f"There was no database at {db.path} to back up first")
    elif kept.check == "ok":
        print(f"Backed up the current database to {kept.path}")
    else:
        print(f"The current database was damaged ({kept.check}); it was kept as {kept.path}")
    print(f"Restored {args.backup} into {db.path}: {counts_text(inspected.counts)}")
    return 0


def cmd_check(_args: argparse.Namespace, services: Services) -> int:
    db = services.db
    if not db.path.exists():
        # Checking must not create the file it was asked about.
        print(_missing(services))
        return 1
    db.ensure_ready()
    report = services.backups.check()
    if report.ok:
        print(f"{db.path}: ok (integrity, schema {report.revision}, search index)")
        return 0
    for problem in report.problems:
        print(problem)
    good = services.backups.newest_good()
    if good is not None:
        print(f"The newest good backup can be restored with: {_restore_command(services, good)}")
    return 1


def _missing(services: Services) -> str:
    path = services.db.path
    line = f"{path} does not exist"
    damaged = damaged_copies(path)
    if damaged:
        line += f"; the damaged file was moved to {damaged[0]}"
    good = services.backups.newest_good()
    if good is not None:
        return f"{line}; restore the newest good backup with: {_restore_command(services, good)}"
    return f"{line}; there is no backup to restore"


def _restore_command(services: Services, backup: Path) -> str:
    return (f"{PROG} --db {shlex.quote(str(services.db.path))} restore "
            f"{shlex.quote(str(backup))}")


def scheduled_backup(services: Services) -> None:
    """CLI-only users get backups too: after a write, when the last one is 30+ min old."""
    service = services.backups
    try:
        if service.needs_backup():
            service.backup_now("scheduled")
    except UserError as exc:  # the write itself succeeded; say so, but do not fail it
        print(f"{PROG}: warning: the scheduled backup was not made: {exc}", file=sys.stderr)


COMMANDS = (
    Command("backup", "back up the database now (checked, owner-only); prints its path",
            _backup_arguments, cmd_backup),
    Command("backups", "list the backups: date, size, record counts, check", _backups_arguments,
            cmd_backups),
    Command("restore", "replace the database's content with a backup's, in one step; the "
            "current content is backed up first", _restore_arguments, cmd_restore,
            database=False),
    Command("check", "check the database: integrity, schema version and search index "
            "(exit code 1 when a problem is found)", lambda _parser: None, cmd_check,
            database=False),
)
