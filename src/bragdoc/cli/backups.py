"""`bragdoc backup`, `backups`, `restore` and `check`: the database's safety net."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from bragdoc.cli.output import PROG, print_json
from bragdoc.domain.errors import DatabaseDamaged
from bragdoc.store.database import Database


def cmd_backup(args: argparse.Namespace, db: Database) -> int:
    from bragdoc.services.backups import BackupService

    print(BackupService(db).backup_now("manual", to=args.to).path)
    return 0


def cmd_backups(args: argparse.Namespace, db: Database) -> int:
    from bragdoc.services.backups import BackupService

    service = BackupService(db)
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


def cmd_restore(args: argparse.Namespace, open_db: Callable[[], Database]) -> int:
    from bragdoc.services.backups import BackupService, counts_text

    try:
        db = open_db()
    except DatabaseDamaged as damaged:
        # What restore is for: the damaged file is already set aside; restore into a new one.
        print(f"{PROG}: {damaged.path} was damaged and has been moved to {damaged.moved_to}",
              file=sys.stderr)
        db = open_db()
    service = BackupService(db)
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


def cmd_check(_args: argparse.Namespace, db: Database) -> int:
    import shlex

    from bragdoc.services.backups import BackupService

    service = BackupService(db)
    report = service.check()
    if report.ok:
        print(f"{db.path}: ok (integrity, schema {report.revision}, search index)")
        return 0
    for problem in report.problems:
        print(problem)
    good = service.newest_good()
    if good is not None:
        print(f"The newest good backup can be restored with: {PROG} --db "
              f"{shlex.quote(str(db.path))} restore {shlex.quote(str(good))}")
    return 1
