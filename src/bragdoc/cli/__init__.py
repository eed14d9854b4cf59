"""The command line: a thin front that parses, calls services and prints text or JSON.

Write services (and with them SQLAlchemy) are imported inside the commands that write,
so read-only commands start quickly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from bragdoc.cli import backups, reports
from bragdoc.cli.output import PROG, print_json
from bragdoc.domain import vocabulary
from bragdoc.domain.errors import (
    DatabaseBusy,
    InvalidInput,
    StorageError,
    UserError,
)
from bragdoc.domain.periods import NAMED_PERIODS, parse_day
from bragdoc.domain.quantities import Metric, parse_metric
from bragdoc.domain.records import MetricView, WinFilter, WinView
from bragdoc.services.queries import Queries
from bragdoc.store.database import Database, is_busy, is_corruption, sqlite_cause

# bragdoc.importers.interchange is imported only by the commands that print or read JSON,
# so the others do not pay for it.



class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def _date_arg(what: str, *, end: bool = False) -> Callable[[str], dt.date]:
    def parse(text: str) -> dt.date:
        try:
            return parse_day(text, dt.date.today(), end=end, what=what)
        except InvalidInput as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc

    return parse


def _count_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value


def _choice_arg(check: Callable[[str], str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        try:
            return check(text)
        except InvalidInput as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc

    return parse


def _size_arg(text: str) -> tuple[int, int]:
    found = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text)
    if not found or not all(0 < int(n) <= 16384 for n in found.groups()):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a window size; write WIDTHxHEIGHT in pixels, e.g. 1280x800")
    return int(found[1]), int(found[2])


GUI_PAGES = ("home", "log", "projects", "impact", "readiness", "people", "inbox", "packet")
"""The desktop app's pages, for `gui --page` (ui.main_window.MainWindow.pages)."""


def build_parser() -> argparse.ArgumentParser:
    # --db is accepted before or after the command; SUPPRESS keeps a later default from
    # overwriting an earlier value.
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS,
        help="database file (default: $BRAGDOC_DB or the user data folder)",
    )
    parser = _Parser(
        prog=PROG, parents=[db_option],
        description="Log quantified wins and turn them into a promotion packet. "
        "With no command, opens the desktop app.",
        epilog=f"DATE is YYYY-MM-DD or one of: {', '.join(NAMED_PERIODS)}.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help_text: str, parents: Sequence[argparse.ArgumentParser] = ()):
        return commands.add_parser(name, help=help_text, description=help_text,
                                   parents=[db_option, *parents])

    add = command("add", "log a win")
    add.add_argument("title", metavar="TITLE")
    add.add_argument("--date", type=_date_arg("--date"), help="default: today")
    add.add_argument("--details", default="", metavar="TEXT")
    add.add_argument("--project", metavar="NAME", help="an existing project, or a new one")
    add.add_argument("--tag", action="append", default=[], metavar="T")
    add.add_argument("--pillar", action="append", default=[], metavar="P",
                     type=_choice_arg(vocabulary.pillar),
                     help=f"one of: {', '.join(vocabulary.PILLARS)}")
    add.add_argument("--metric", action="append", default=[], metavar='"NAME: EXPR"')
    add.add_argument("--link", action="append", default=[], metavar="URL")
    add.add_argument("--follow-up", type=_date_arg("--follow-up"), metavar="YYYY-MM-DD",
                     help="date to come back and record the real outcome")

    listing = command("list", "list wins, newest first")
    listing.add_argument("--since", type=_date_arg("--since"), metavar="DATE")
    listing.add_argument("--until", type=_date_arg("--until", end=True), metavar="DATE")
    listing.add_argument("--project", metavar="NAME")
    listing.add_argument("--tag", metavar="T")
    listing.add_argument("--pillar", metavar="P", type=_choice_arg(vocabulary.pillar))
    listing.add_argument("--json", action="store_true", help="print interchange JSON")

    search = command("search", "full-text search over wins")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--json", action="store_true")

    project = command("project", "add or list projects")
    project_commands = project.add_subparsers(dest="project_command", metavar="ACTION",
                                              required=True, parser_class=_Parser)
    project_add = project_commands.add_parser("add", help="add a project", parents=[db_option])
    project_add.add_argument("name", metavar="NAME")
    project_add.add_argument("--start", type=_date_arg("--start"), metavar="D")
    project_add.add_argument("--end", type=_date_arg("--end", end=True), metavar="D")
    project_add.add_argument("--scope", default="single_team", type=_choice_arg(vocabulary.scope),
                             help=f"one of: {', '.join(vocabulary.SCOPES)}")
    project_add.add_argument("--teams", type=_count_arg, metavar="N")
    project_add.add_argument("--team-size", type=_count_arg, metavar="N")
    project_add.add_argument("--engineers-affected", type=_count_arg, metavar="N")
    project_add.add_argument("--role", default="", metavar="R")
    project_add.add_argument("--summary", default="", metavar="TEXT")
    project_add.add_argument("--metric", action="append", default=[], metavar='"NAME: EXPR"')
    project_list = project_commands.add_parser("list", help="list projects", parents=[db_option])
    project_list.add_argument("--json", action="store_true")

    profile = command("profile", "show or change the profile (no flags: show)")
    profile.add_argument("--name", metavar="N")
    profile.add_argument("--company", type=_choice_arg(vocabulary.company), metavar="C",
                         help=f"one of: {', '.join(vocabulary.COMPANIES)}")
    profile.add_argument("--level", metavar="L")
    profile.add_argument("--target", metavar="L")
    profile.add_argument("--level-since", type=_date_arg("--level-since"), metavar="D")
    profile.add_argument("--company-since", type=_date_arg("--company-since"), metavar="D")
    profile.add_argument("--career-start", type=_date_arg("--career-start"), metavar="D")
    profile.add_argument("--focus", metavar="TEXT")
    profile.add_argument("--json", action="store_true")

    metric = command("metric", "explain how a metric is understood")
    metric.add_argument("text", metavar='"NAME: EXPR"')
    metric.add_argument("--json", action="store_true")

    export = command("export", "write a full backup (.json) or the wins as a spreadsheet (.csv)")
    export.add_argument("out", metavar="OUT.json|OUT.csv", type=Path)

    import_git = command("import-git", "suggest wins from local git history (into the inbox)")
    import_git.add_argument("paths", nargs="+", type=Path, metavar="REPO_OR_FOLDER")
    import_git.add_argument("--author", action="append", default=[], metavar="EMAIL")
    import_git.add_argument("--since", type=_date_arg("--since"), metavar="D")
    import_git.add_argument("--until", type=_date_arg("--until", end=True), metavar="D")
    import_git.add_argument("--json", action="store_true")

    inbox = command("inbox", "review suggested wins: list, accept or reject")
    inbox.add_argument("action", nargs="?", choices=("accept", "reject"), metavar="ACTION",
                       help="accept or reject (no action: list what is pending)")
    inbox.add_argument("ids", nargs="*", metavar="ID", help="ids or unique id prefixes")
    inbox.add_argument("--json", action="store_true")

    chart = command("chart", "draw one impact chart to a PNG or SVG file")
    chart.add_argument("name", metavar="NAME",
                       choices=("cadence", "pillars", "improvements", "value", "balance",
                                "scope"),
                       help="cadence, pillars, improvements, value, balance or scope")
    chart.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.png|OUT.svg")
    chart.add_argument("--since", type=_date_arg("--since"), metavar="DATE")
    chart.add_argument("--until", type=_date_arg("--until", end=True), metavar="DATE")

    packet = command("packet", "write the promotion packet for a period")
    packet.add_argument("-o", "--output", required=True, type=Path, action="append",
                        metavar="OUT.md|OUT.html|OUT.pdf|OUT.docx",
                        help="repeat to write several formats at once (charts drawn once)")
    packet.add_argument("--since", type=_date_arg("--since"), metavar="DATE",
                        help="default: when you reached your current level (the "
                             "profile's level since), else a year before --until")
    packet.add_argument("--until", type=_date_arg("--until", end=True), metavar="DATE",
                        help="default: today")
    packet.add_argument("--audience",
                        choices=("committee", "executive", "product", "engineering"),
                        help="default: committee")
    packet.add_argument("--template", metavar="NAME",
                        help="a template name, or a path to a .j2 file")
    packet.add_argument("--page-size", default="A4", choices=("A4", "Letter"),
                        help="for PDF and Word (default: A4)")
    packet.add_argument("--no-charts", action="store_true",
                        help="leave the charts out (smaller and faster)")
    packet.add_argument("--from-app", action="store_true",
                        help="export the draft as you last left it on the app's Packet page "
                             "(its period, audience and your edits)")

    coach = command("coach", "list what weakens the packet for a period, and where to fix it")
    coach.add_argument("--since", type=_date_arg("--since"), metavar="DATE")
    coach.add_argument("--until", type=_date_arg("--until", end=True), metavar="DATE")
    coach.add_argument("--json", action="store_true")

    readiness = command("readiness", "where you stand against your ladder, and what is missing")
    readiness.add_argument("--json", action="store_true")

    ladder = command("ladder", "list the career ladders or show one")
    ladder_commands = ladder.add_subparsers(dest="ladder_command", metavar="ACTION",
                                            required=True, parser_class=_Parser)
    ladder_commands.add_parser("list", help="list the ladders", parents=[db_option])
    ladder_show = ladder_commands.add_parser("show", help="show one ladder", parents=[db_option])
    ladder_show.add_argument("name", metavar="NAME")
    ladder_show.add_argument("--json", action="store_true")

    imports = command("import", "merge a backup (.json) or spreadsheet (.csv), all or nothing; "
                      "a Markdown brag document (.md) goes to the inbox")
    imports.add_argument("file", metavar="FILE.md|FILE.csv|FILE.json", type=Path)

    sample = command("sample-data", "load a sample 18-month record to try bragdoc with")
    sample.add_argument("--force", action="store_true",
                        help="merge it in even when the database already has wins")

    backup = command("backup", "back up the database now (checked, owner-only); prints its path")
    backup.add_argument("--to", type=Path, metavar="PATH",
                        help="write the backup here (a file or a folder) instead of the "
                        "backups folder next to the database")

    listed_backups = command("backups", "list the backups: date, size, record counts, check")
    listed_backups.add_argument("--json", action="store_true")

    restore = command("restore", "replace the database's content with a backup's, in one "
                      "step; the current content is backed up first")
    restore.add_argument("backup", metavar="BACKUP", type=Path)

    command("check", "check the database: integrity, schema version and search index "
            "(exit code 1 when a problem is found)")

    gui = command("gui", "open the desktop app (what bragdoc does with no command)")
    gui.add_argument("--page", metavar="PAGE",
                     help=f"open on this page: {', '.join(GUI_PAGES)}")
    gui.add_argument("--screenshot", metavar="OUT.png", type=Path,
                     help="paint the window once with its data, save it as PNG and exit")
    gui.add_argument("--size", metavar="WxH", type=_size_arg,
                     help="window size in pixels, e.g. 1280x800")
    return parser


def _version() -> str:
    from bragdoc import __version__

    return __version__


# --- output --------------------------------------------------------------------------


def _metric_labels(metrics: Sequence[MetricView]) -> str:
    return "; ".join(m.label for m in metrics)


def _print_wins(wins: list[WinView], as_json: bool) -> None:
    from bragdoc.importers import interchange

    if as_json:
        print_json([interchange.win_out(w) for w in wins])
        return
    for win in wins:
        print(win.one_line())


def _explain_metrics(metrics: list[Metric]) -> None:
    for metric in metrics:
        mark = "  " if metric.quantified else "! "
        label = f"{metric.name}: " if metric.name else ""
        print(f"  {mark}{label}{metric.explain()}")


# --- commands ------------------------------------------------------------------------


def _cmd_add(args: argparse.Namespace, db: Database) -> int:
    from bragdoc.domain.records import WinDraft
    from bragdoc.services.wins import WinService

    metrics = [parse_metric(text) for text in args.metric]
    win = WinService(db).add(WinDraft(
        title=args.title,
        date=args.date or dt.date.today(),
        details=args.details,
        project=args.project,
        pillars=args.pillar,
        tags=args.tag,
        links=args.link,
        metrics=metrics,
        follow_up=args.follow_up,
    ))
    project = f" ({win.project_name})" if win.project_name else ""
    print(f"Logged {win.date.isoformat()}  {win.title}{project}")
    _explain_metrics(metrics)
    return 0


def _cmd_list(args: argparse.Namespace, db: Database) -> int:
    if args.since and args.until and args.until < args.since:
        raise InvalidInput(f"--until ({args.until}) is before --since ({args.since})")
    wanted = WinFilter(since=args.since, until=args.until, project=args.project, tag=args.tag,
                       pillar=args.pillar)
    _print_wins(Queries(db).wins(wanted), args.json)
    return 0


def _cmd_search(args: argparse.Namespace, db: Database) -> int:
    _print_wins(Queries(db).wins(WinFilter(text=args.query)), args.json)
    return 0


def _cmd_project(args: argparse.Namespace, db: Database) -> int:
    from bragdoc.importers import interchange

    queries = Queries(db)
    if args.project_command == "list":
        projects = queries.projects()
        if args.json:
            print_json([interchange.project_out(p) for p in projects])
        for p in [] if args.json else projects:
            span = f"{p.start or '?'} → {p.end or 'now'}" if (p.start or p.end) else ""
            headline = f"  [{_metric_labels(p.metrics[:2])}]" if p.metrics else ""
            print(f"{p.name}  {vocabulary.SCOPE_LABELS[p.scope]}  {span}  "
                  f"{p.win_count} wins{headline}".replace("    ", "  "))
        return 0

    from bragdoc.domain.records import ProjectDraft
    from bragdoc.services.projects import ProjectService

    metrics = [parse_metric(text) for text in args.metric]
    project = ProjectService(db).add(ProjectDraft(
        name=args.name, summary=args.summary, start=args.start, end=args.end, scope=args.scope,
        teams=args.teams, team_size=args.team_size, engineers_affected=args.engineers_affected,
        role=args.role, metrics=metrics,
    ))
    print(f"Added project {project.name} ({vocabulary.SCOPE_LABELS[project.scope]})")
    _explain_metrics(metrics)
    return 0


_PROFILE_FLAGS = {
    "name": "name",
    "company": "company",
    "level": "current_level",
    "target": "target_level",
    "level_since": "level_since",
    "company_since": "company_since",
    "career_start": "career_start",
    "focus": "focus_area",
}


def _cmd_profile(args: argparse.Namespace, db: Database) -> int:
    from bragdoc.importers import interchange

    changes = {field: getattr(args, flag) for flag, field in _PROFILE_FLAGS.items()
               if getattr(args, flag) is not None}
    if changes:
        from bragdoc.services.profile import ProfileService

        profile = ProfileService(db).update(**changes)
    else:
        profile = Queries(db).profile()
    shown = interchange.profile_out(profile)
    if args.json:
        print_json(shown)
        return 0
    width = max(len(key) for key in shown)
    for key, value in shown.items():
        print(f"{key.replace('_', ' '):<{width}}  {value if value not in (None, '') else '—'}")
    return 0


def _cmd_metric(args: argparse.Namespace, _db: Database | None) -> int:
    from bragdoc.importers import interchange

    metric = parse_metric(args.text)
    if args.json:
        print_json(interchange.metric_out(MetricView(id="", metric=metric)))
        return 0
    label = f"{metric.name}: " if metric.name else ""
    print(f"{label}{metric.explain()}")
    return 0


def _cmd_export(args: argparse.Namespace, db: Database) -> int:
    suffix = args.out.suffix.lower()
    if suffix == ".csv":
        from bragdoc.services.csv_transfer import CsvTransferService

        count = CsvTransferService(db).export_to(args.out)
        print(f"Wrote {args.out}: {count} wins")
        return 0
    if suffix != ".json":
        raise InvalidInput(f"{args.out}: export writes .json (full backup) or .csv (wins)")
    from bragdoc.services.transfer import TransferService

    written = TransferService(db).export_to(args.out)
    print(f"Wrote {args.out}: " + ", ".join(f"{n} {kind}" for kind, n in written.items()))
    return 0


def _cmd_import(args: argparse.Namespace, db: Database) -> int:
    suffix = args.file.suffix.lower()
    if suffix in (".md", ".markdown"):
        from bragdoc.services.inbox import InboxService

        added = InboxService(db).import_markdown(args.file)
        _print_suggestions(added.added)
        for warning in added.warnings:
            print(f"{PROG}: warning: {warning}", file=sys.stderr)
        print(f"{added.summary()}; review them with `bragdoc inbox`")
        return 0
    if suffix == ".csv":
        from bragdoc.services.csv_transfer import CsvTransferService

        report = CsvTransferService(db).import_file(args.file)
    elif suffix == ".json":
        from bragdoc.services.transfer import TransferService

        report = TransferService(db).import_file(args.file)
    else:
        raise InvalidInput(f"{args.file}: import reads .json, .csv or .md files")
    for warning in report.warnings:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    print(f"Imported {args.file}: {report.summary()}")
    return 0


def _print_suggestions(items: Sequence[Any]) -> None:
    for item in items:
        suggestion = item.suggestion
        commits = len(item.commit_hashes)
        extra = f"  ({commits} commit{'s' if commits != 1 else ''})" if commits else ""
        print(f"{item.id[:8]}  {suggestion.date.isoformat()}  {suggestion.title}{extra}")


def _cmd_import_git(args: argparse.Namespace, db: Database) -> int:
    from bragdoc.services.inbox import InboxService

    report = InboxService(db).import_git(args.paths, authors=args.author, since=args.since,
                                         until=args.until)
    for warning in report.warnings:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    if args.json:
        print_json([item.to_json() for item in report.added])
        return 0
    _print_suggestions(report.added)
    print(report.summary())
    return 0


def _cmd_inbox(args: argparse.Namespace, db: Database) -> int:
    from bragdoc.services.inbox import InboxService

    inbox = InboxService(db)
    if args.action is None:
        if args.ids:
            raise InvalidInput("give accept or reject before the ids")
        pending = inbox.pending()
        if args.json:
            print_json([item.to_json() for item in pending])
        else:
            _print_suggestions(pending)
        return 0
    if not args.ids:
        raise InvalidInput(f"inbox {args.action} needs at least one id")
    ids = inbox.resolve(args.ids)
    if args.action == "accept":
        accepted = inbox.accept(ids)
        print(f"Accepted {len(accepted)} into the log")
    else:
        inbox.reject(ids)
        print(f"Rejected {len(ids)}; they will not be suggested again")
    return 0


def _cmd_sample_data(args: argparse.Namespace, db: Database) -> int:
    from bragdoc import resources
    from bragdoc.domain.records import Profile
    from bragdoc.importers import interchange
    from bragdoc.services import profile as profile_service
    from bragdoc.services.transfer import TransferService

    queries = Queries(db)
    wins = queries.counts()["win"]
    if wins and not args.force:
        raise UserError(f"this database already has {wins} wins; the sample is meant for an "
                        "empty one (add --force to merge it in anyway)")
    bundle = interchange.load_file(resources.path(resources.SAMPLE_RECORD))
    current, blank = queries.profile(), Profile()
    kept_profile = any(getattr(current, f) != getattr(blank, f) for f in profile_service.FIELDS)
    if kept_profile:
        bundle.profile = None  # never overwrite a profile the user has filled in
    report = TransferService(db).import_bundle(bundle)
    added = ", ".join(f"{n} {kind}" for kind, n in report.added.items() if n) or "nothing new"
    print(f"Loaded the sample record into {db.path}: added {added}.")
    if kept_profile:
        print("Your profile was kept as it was.")
    elif bundle.profile is not None and report.updated["profile"]:
        sample = bundle.profile
        print(f"Profile set to the sample's: {sample.name}, {sample.current_level} "
              f"aiming for {sample.target_level}.")
    return 0


def _writes(args: argparse.Namespace) -> bool:
    """Commands that change the database (after which a scheduled backup may be due)."""
    command = args.command
    if command in ("add", "import", "import-git", "sample-data"):
        return True
    if command == "project":
        return args.project_command == "add"
    if command == "inbox":
        return args.action is not None
    if command == "profile":
        return any(getattr(args, flag) is not None for flag in _PROFILE_FLAGS)
    return False


def _scheduled_backup(db: Database) -> None:
    """CLI-only users get backups too: after a write, when the last one is 30+ min old."""
    from bragdoc.services.backups import BackupService

    service = BackupService(db)
    try:
        if service.needs_backup():
            service.backup_now("scheduled")
    except UserError as exc:  # the write itself succeeded; say so, but do not fail it
        print(f"{PROG}: warning: the scheduled backup was not made: {exc}", file=sys.stderr)


COMMANDS: dict[str, Callable[[argparse.Namespace, Database], int]] = {
    "backup": backups.cmd_backup,
    "backups": backups.cmd_backups,
    "check": backups.cmd_check,
    "readiness": reports.cmd_readiness,
    "chart": reports.cmd_chart,
    "packet": reports.cmd_packet,
    "import-git": _cmd_import_git,
    "inbox": _cmd_inbox,
    "coach": reports.cmd_coach,
    "add": _cmd_add,
    "list": _cmd_list,
    "search": _cmd_search,
    "project": _cmd_project,
    "profile": _cmd_profile,
    "export": _cmd_export,
    "import": _cmd_import,
    "sample-data": _cmd_sample_data,
}


def _search_index_damaged(db: Database) -> bool:
    from bragdoc.services.backups import BackupService

    return any(problem.startswith("search index")
               for problem in BackupService(db).check().problems)


def run(args: argparse.Namespace, open_db: Callable[[], Database]) -> int:
    """Run a parsed command. UserErrors become one line on stderr and exit code 2; so do
    a database busy past the timeout and one found damaged (moved aside, backup named)."""
    opened: list[Database] = []

    def open_once() -> Database:
        if not opened:
            opened.append(open_db())
        return opened[0]

    try:
        try:
            if args.command == "metric":
                return _cmd_metric(args, None)
            if args.command == "ladder":
                return reports.cmd_ladder(args, None)
            if args.command == "restore":
                return backups.cmd_restore(args, open_db)
            code = COMMANDS[args.command](args, open_once())
            if code == 0 and _writes(args):
                _scheduled_backup(opened[0])
            return code
        except Exception as exc:
            if is_busy(exc):
                raise DatabaseBusy() from exc
            if is_corruption(exc) and opened and not isinstance(exc, UserError):
                opened[0].confirm_damage(exc)  # raises DatabaseDamaged when it is
                raise StorageError(
                    f"SQLite reported damage in {opened[0].path} ({sqlite_cause(exc)}), but "
                    f"its tables pass the integrity check; `{PROG} check` says more") from exc
            if isinstance(exc, MemoryError) and opened and _search_index_damaged(opened[0]):
                # A damaged full-text index can make SQLite ask for absurd amounts of
                # memory (SQLITE_NOMEM) instead of reporting corruption.
                raise StorageError(
                    f"the search index of {opened[0].path} is damaged; its tables are "
                    f"intact — `{PROG} check` says more") from exc
            raise
    except UserError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
