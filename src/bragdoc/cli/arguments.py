"""What every command module uses to declare itself: the `Command` record, the parser
class, the shared --db option, and the argument types (dates, counts, choices, sizes)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.periods import parse_day

if TYPE_CHECKING:
    from bragdoc.services.container import Services

Handler = Callable[[argparse.Namespace, "Services"], int]


def never(_args: argparse.Namespace) -> bool:
    return False


def always(_args: argparse.Namespace) -> bool:
    return True


@dataclass(frozen=True)
class Command:
    """One subcommand: its name and help, how it adds its arguments, and what runs it.

    `database`: the file is opened (created or upgraded if need be) before `run`; a
    command that must not create it, or opens it its own way, says False. `writes`:
    whether these arguments change the record, after which a scheduled backup may be
    due. `run` is None only for `gui`, which the composition root starts itself."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Handler | None
    database: bool = True
    writes: Callable[[argparse.Namespace], bool] = never


class Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


# --db is accepted before or after the command; SUPPRESS keeps a later default from
# overwriting an earlier value.
DB_OPTION = Parser(add_help=False)
DB_OPTION.add_argument(
    "--db", metavar="PATH", default=argparse.SUPPRESS,
    help="database file (default: $BRAGDOC_DB or the user data folder)",
)


def actions(parser: argparse.ArgumentParser, dest: str) -> Callable[..., argparse.ArgumentParser]:
    """For commands with actions of their own (`project add`, `ladder show`): a function
    that adds one, taking the --db option too."""
    nested = parser.add_subparsers(dest=dest, metavar="ACTION", required=True,
                                   parser_class=Parser)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return nested.add_parser(name, help=help_text, parents=[DB_OPTION])

    return add


def date_arg(what: str, *, end: bool = False) -> Callable[[str], dt.date]:
    # Arguments are parsed before the services (and their clock) exist: "today" in a
    # date typed on the command line is the system's.
    def parse(text: str) -> dt.date:
        try:
            return parse_day(text, dt.date.today(), end=end, what=what)
        except InvalidInput as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc

    return parse


def count_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value


def choice_arg(check: Callable[[str], str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        try:
            return check(text)
        except InvalidInput as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc

    return parse


def size_arg(text: str) -> tuple[int, int]:
    found = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text)
    if not found or not all(0 < int(n) <= 16384 for n in found.groups()):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a window size; write WIDTHxHEIGHT in pixels, e.g. 1280x800")
    return int(found[1]), int(found[2])
