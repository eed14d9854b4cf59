"""The command line: a thin front that parses, calls services and prints text or JSON.

Each module declares its commands (`COMMANDS`, a tuple of `arguments.Command`); this one
builds the parser from them and runs the one chosen with the services the composition
root built. To add a command, see CONTRIBUTING.md.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bragdoc.cli import backups, desktop, records, reports, transfer
from bragdoc.cli.arguments import DB_OPTION, Command, Parser
from bragdoc.cli.output import PROG
from bragdoc.domain.errors import UserError
from bragdoc.domain.periods import NAMED_PERIODS

if TYPE_CHECKING:
    from bragdoc.services.container import Services

MODULES = (records, transfer, reports, backups, desktop)
HELP_ORDER = (
    "add", "list", "search", "project", "profile", "metric", "export", "import-git", "inbox",
    "chart", "packet", "coach", "readiness", "ladder", "import", "sample-data", "backup",
    "backups", "restore", "check", "gui", "quick", "desktop",
)
"""The order `bragdoc --help` has always listed the commands in; a command not named
here comes after these, in the order of MODULES."""


def commands() -> list[Command]:
    found = [command for module in MODULES for command in module.COMMANDS]
    return sorted(found, key=lambda c: HELP_ORDER.index(c.name) if c.name in HELP_ORDER
                  else len(HELP_ORDER))


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog=PROG, parents=[DB_OPTION],
        description="Log quantified wins and turn them into a promotion packet. "
        "With no command, opens the desktop app.",
        epilog=f"DATE is YYYY-MM-DD or one of: {', '.join(NAMED_PERIODS)}.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in commands():
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help,
                                    parents=[DB_OPTION])
        command.arguments(sub)
        sub.set_defaults(chosen=command)
    return parser


def _version() -> str:
    from bragdoc import __version__

    return __version__


def run(args: argparse.Namespace, services: Services) -> int:
    """Run a parsed command. A UserError (including every SQLite failure, translated
    where the database runs it) is one line on stderr and exit code 2."""
    command: Command = args.chosen
    assert command.run is not None, f"{command.name} is started by bragdoc.app"
    try:
        if command.database:
            services.db.ensure_ready()
        code = command.run(args, services)
        if code == 0 and command.writes(args):
            backups.scheduled_backup(services)
        return code
    except UserError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
