"""`bragdoc export`, `import`, `import-git`, `inbox` and `sample-data`: records in and out.

What an import brings is either merged whole (JSON, CSV) or waits in the inbox for the
person to accept (Markdown, git history); nothing enters the log half-way."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bragdoc.cli.arguments import Command, always, date_arg
from bragdoc.cli.output import PROG, print_json
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.precision import iso_dated

if TYPE_CHECKING:
    from bragdoc.services.container import Services
    from bragdoc.services.inbox import InboxItem


def _export_arguments(export: argparse.ArgumentParser) -> None:
    export.add_argument("out", metavar="OUT.json|OUT.csv", type=Path)


def cmd_export(args: argparse.Namespace, services: Services) -> int:
    suffix = args.out.suffix.lower()
    if suffix == ".csv":
        count = services.csv.export_to(args.out)
        print(f"Wrote {args.out}: {count} wins")
        return 0
    if suffix != ".json":
        raise InvalidInput(f"{args.out}: export writes .json (full backup) or .csv (wins)")
    written = services.transfer.export_to(args.out)
    print(f"Wrote {args.out}: " + ", ".join(f"{n} {kind}" for kind, n in written.items()))
    return 0


def _import_arguments(imports: argparse.ArgumentParser) -> None:
    imports.add_argument("file", metavar="FILE.md|FILE.csv|FILE.json", type=Path)


def cmd_import(args: argparse.Namespace, services: Services) -> int:
    suffix = args.file.suffix.lower()
    if suffix in (".md", ".markdown"):
        added = services.inbox.import_markdown(args.file)
        _print_suggestions(added.added)
        _warn(added.warnings)
        print(f"{args.file.name}: {added.summary()}; review them with `bragdoc inbox`")
        return 0
    if suffix == ".csv":
        report = services.csv.import_file(args.file)
    elif suffix == ".json":
        report = services.transfer.import_file(args.file)
    else:
        raise InvalidInput(f"{args.file}: import reads .json, .csv or .md files")
    _warn(report.warnings)
    print(f"Imported {args.file}: {report.summary()}")
    return 0


def _import_git_arguments(import_git: argparse.ArgumentParser) -> None:
    import_git.add_argument("paths", nargs="+", type=Path, metavar="REPO_OR_FOLDER")
    import_git.add_argument("--author", action="append", default=[], metavar="EMAIL")
    import_git.add_argument("--since", type=date_arg("--since"), metavar="D")
    import_git.add_argument("--until", type=date_arg("--until", end=True), metavar="D")
    import_git.add_argument("--json", action="store_true")


def cmd_import_git(args: argparse.Namespace, services: Services) -> int:
    report = services.inbox.import_git(args.paths, authors=args.author, since=args.since,
                                       until=args.until)
    _warn(report.warnings)
    if args.json:
        print_json([item.to_json() for item in report.added])
        return 0
    _print_suggestions(report.added)
    print(report.summary())
    return 0


def _inbox_arguments(inbox: argparse.ArgumentParser) -> None:
    inbox.add_argument("action", nargs="?", choices=("accept", "reject"), metavar="ACTION",
                       help="accept or reject (no action: list what is pending)")
    inbox.add_argument("ids", nargs="*", metavar="ID", help="ids or unique id prefixes")
    inbox.add_argument("--json", action="store_true")


def cmd_inbox(args: argparse.Namespace, services: Services) -> int:
    inbox = services.inbox
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


def _print_suggestions(items: Sequence[InboxItem]) -> None:
    for item in items:
        suggestion = item.suggestion
        commits = len(item.commit_hashes)
        extra = f"  ({commits} commit{'s' if commits != 1 else ''})" if commits else ""
        kind = "" if suggestion.kind == "win" else f"{suggestion.kind}: "
        # A goal's date only says when it was read: not worth a column.
        day = "" if suggestion.kind == "goal" else iso_dated(suggestion.date,
                                                             suggestion.date_precision)
        print(f"{item.id[:8]}  {day:<10}  {kind}{suggestion.title}{extra}")


def _warn(warnings: Sequence[str]) -> None:
    for warning in warnings:
        print(f"{PROG}: warning: {warning}", file=sys.stderr)


def _sample_arguments(sample: argparse.ArgumentParser) -> None:
    sample.add_argument("--force", action="store_true",
                        help="merge it in even when the database already has wins")


def cmd_sample_data(args: argparse.Namespace, services: Services) -> int:
    from bragdoc.services.sample import load_sample

    report = load_sample(services, force=args.force)
    added = ", ".join(f"{n} {kind}" for kind, n in report.added.items() if n) or "nothing new"
    print(f"Loaded the sample record into {services.db.path}: added {added}.")
    if report.kept_profile:
        print("Your profile was kept as it was.")
    elif report.profile is not None:
        sample = report.profile
        print(f"Profile set to the sample's: {sample.name}, {sample.current_level} "
              f"aiming for {sample.target_level}.")
    return 0


COMMANDS = (
    Command("export", "write a full backup (.json) or the wins as a spreadsheet (.csv)",
            _export_arguments, cmd_export),
    Command("import", "merge a backup (.json) or spreadsheet (.csv), all or nothing; "
            "a Markdown brag document (.md) goes to the inbox", _import_arguments, cmd_import,
            writes=always),
    Command("import-git", "suggest wins from local git history (into the inbox)",
            _import_git_arguments, cmd_import_git, writes=always),
    Command("inbox", "review suggested wins: list, accept or reject", _inbox_arguments,
            cmd_inbox, writes=lambda args: args.action is not None),
    Command("sample-data", "load a sample 18-month record to try bragdoc with",
            _sample_arguments, cmd_sample_data, writes=always),
)
