"""Composition root: paths → logging → database → Services → CLI command or desktop app.

The one place the services are built: a command gets them from here, already sharing
one database and one clock."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence

from bragdoc import cli, paths
from bragdoc.cli.output import PROG
from bragdoc.services.container import Services
from bragdoc.store.database import Database

log = logging.getLogger("bragdoc")


class _PrivateFileHandler(logging.FileHandler):
    """Creates the log owner-only: even without record text, it names files and folders."""

    def _open(self):  # type: ignore[no-untyped-def]
        old_umask = os.umask(0o077)
        try:
            return super()._open()
        finally:
            os.umask(old_umask)


def _setup_logging() -> str | None:
    """Log to a file in the user log folder; returns its path (None if it cannot be made).
    Called once per `main()`; a second call in the same process reuses the handler."""
    try:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = folder / "bragdoc.log"
    except OSError:
        return None
    for existing in [h for h in log.handlers if isinstance(h, _PrivateFileHandler)]:
        if existing.baseFilename == str(target):
            return str(target)
        log.removeHandler(existing)  # the log folder moved (tests redirect it)
        existing.close()
    handler = _PrivateFileHandler(target, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return str(target)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = cli.build_parser().parse_args(argv)
    except SystemExit as exit_request:  # --help, --version, or a usage mistake (code 2)
        return int(exit_request.code or 0)
    log_file = _setup_logging()
    # Every service of the database, built once and shared by whichever runs. Nothing is
    # opened yet: the app and each command decide whether the file is (`check` must not
    # create one; `restore` and the app recover from a damaged one).
    services = Services(Database(paths.database_path(getattr(args, "db", None))))
    try:
        if args.command == "quick":
            from bragdoc.ui.shell.quick import run_quick

            return run_quick(services, screenshot=args.screenshot, theme=args.theme)
        if args.command in (None, "gui"):  # plain `bragdoc` opens the app
            from bragdoc.ui.shell.application import run_app

            return run_app(services, page=getattr(args, "page", None),
                           screenshot=getattr(args, "screenshot", None),
                           size=getattr(args, "size", None),
                           theme=getattr(args, "theme", None))
        return cli.run(args, services)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug, not a user mistake: keep the traceback for the report
        log.exception("unexpected error")
        where = f" (details in {log_file})" if log_file else ""
        print(f"{PROG}: internal error: {exc!r}{where}", file=sys.stderr)
        return 1
