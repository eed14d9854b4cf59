"""Checked TOML files: the ladder, checklist and plan files bragdoc reads are parsed with
stdlib `tomllib` and checked field by field, and every problem found names the file, the
line and the field, so a person can open the file and fix it.

    reader = Reader(text, "meta.toml")        # a syntax error is the first problem
    title = reader.text(data, (), "title", required=True)
    reader.raise_if_any()                     # LadderFileError listing every problem
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bragdoc.domain.errors import InvalidInput

# --- problems and the error that carries them ----------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, located well enough to fix it."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}: {field}{self.message}"


class LadderFileError(InvalidInput):
    """A ladder, checklist or plan file that cannot be used; `problems` lists every fault."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0]
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        super().__init__(f"{first}{suffix}")

    @property
    def file(self) -> str:
        return self.problems[0].file

    @property
    def line(self) -> int:
        return self.problems[0].line

    @property
    def field(self) -> str:
        return self.problems[0].field


# --- finding the line a key was written on --------------------------------------------

Path = tuple[str | int, ...]

_ARRAY_HEADER = re.compile(r"^\[\[\s*([^\]]+?)\s*\]\]")
_TABLE_HEADER = re.compile(r"^\[\s*([^\]]+?)\s*\]")
_KEY = re.compile(r'^((?:[A-Za-z0-9_\-]+|"[^"]*")(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"))*)\s*=')


def _names(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip('"') for part in dotted.split("."))


def index_lines(text: str) -> dict[Path, int]:
    """Map each key path (`("levels", 2, "title")`) and table to the line it starts on.

    Not a TOML parser: tomllib has already accepted the text; this only walks headers
    and `key =` lines so a problem can point at a line. Lines inside multi-line strings
    are skipped."""
    found: dict[Path, int] = {}
    counts: dict[Path, int] = {}
    current: Path = ()
    in_string = False

    def resolve(names: tuple[str, ...]) -> Path:
        path: Path = ()
        for name in names:
            path = (*path, name)
            if path in counts:
                path = (*path, counts[path] - 1)
        return path

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        quotes = line.count('"""') + line.count("'''")
        if in_string:
            in_string = quotes % 2 == 0
            continue
        if quotes % 2 == 1:
            in_string = True
        if not line or line.startswith("#"):
            continue
        if match := _ARRAY_HEADER.match(line):
            names = _names(match[1])
            array = (*resolve(names[:-1]), names[-1])
            counts[array] = counts.get(array, 0) + 1
            current = (*array, counts[array] - 1)
            found.setdefault(array, number)
            found[current] = number
        elif match := _TABLE_HEADER.match(line):
            current = resolve(_names(match[1]))
            found[current] = number
        elif match := _KEY.match(line):
            found[(*current, *_names(match[1]))] = number
    return found


# --- a reader that checks types and collects problems ---------------------------------


class Reader:
    """Walks a parsed TOML document, checking fields and remembering what was wrong."""

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        try:
            self.data: dict[str, Any] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line = re.search(r"at line (\d+)", str(exc))
            self.data = {}
            self.lines: dict[Path, int] = {}
            reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
            self.problems.append(
                Problem(file, int(line[1]) if line else 1, "", f"not valid TOML: {reason}")
            )
            self.broken = True
            return
        self.lines = index_lines(text)
        self.broken = False

    def line(self, path: Path) -> int:
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1

    @staticmethod
    def label(path: Path) -> str:
        """`levels[3].expectations[1].pillar`, counting entries from 1 as people do."""
        text = ""
        for part in path:
            text += f"[{part + 1}]" if isinstance(part, int) else f".{part}" if text else part
        return text

    def fail(self, path: Path, message: str) -> None:
        self.problems.append(Problem(self.file, self.line(path), self.label(path), message))

    def table(self, data: dict[str, Any], path: Path, allowed: set[str]) -> dict[str, Any]:
        for key in data:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.fail((*path, key), f"unknown field; expected one of: {known}")
        return data

    def get(self, data: dict[str, Any], path: Path, key: str, kind: type | tuple[type, ...],
            *, required: bool = False, default: Any = None) -> Any:
        where = (*path, key)
        if key not in data:
            if required:
                self.fail(where, "this field is required and missing")
            return default
        value = data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            value = None  # TOML true/false is not a number here
        if value is None or not isinstance(value, kinds):
            names = " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kinds)
            self.fail(where, f"should be {names}")
            return default
        return value

    def text(self, data: dict[str, Any], path: Path, key: str, *, required: bool = False) -> str:
        value: str = self.get(data, path, key, str, required=required, default="")
        if required and isinstance(value, str) and key in data and not value.strip():
            self.fail((*path, key), "must not be empty")
        return value.strip()

    def choice(self, data: dict[str, Any], path: Path, key: str, allowed: tuple[str, ...],
               *, required: bool = False, default: str = "") -> str:
        value: str | None = self.get(data, path, key, str, required=required, default=None)
        if value is None:
            return default
        if value not in allowed:
            known = ", ".join(allowed)
            self.fail((*path, key), f"unknown value {value!r}; expected one of: {known}")
            return default
        return value

    def tables(self, data: dict[str, Any], path: Path, key: str, *,
               required: bool = False) -> Iterator[tuple[Path, dict[str, Any]]]:
        value = self.get(data, path, key, list, required=required, default=[])
        if required and key in data and not value:
            self.fail((*path, key), "needs at least one entry")
        for number, item in enumerate(value):
            where = (*path, key, number)
            if isinstance(item, dict):
                yield where, item
            else:
                self.fail(where, "each entry should be a table")

    def number_range(self, data: dict[str, Any], path: Path, key: str, *,
                     open_ended: bool) -> tuple[float, float | None] | None:
        if key not in data:
            return None
        value = data[key]
        where = (*path, key)
        sizes = "one or two numbers" if open_ended else "two numbers"
        if not isinstance(value, list):
            value = [None]
        numbers = [v for v in value if isinstance(v, int | float) and not isinstance(v, bool)]
        if len(numbers) != len(value) or len(value) not in ((1, 2) if open_ended else (2,)):
            self.fail(where, f"should be a list of {sizes}, low first")
            return None
        if any(v < 0 for v in numbers):
            self.fail(where, "numbers must not be negative")
            return None
        high = numbers[1] if len(numbers) == 2 else None
        if high is not None and high < numbers[0]:
            self.fail(where, "the low end is above the high end")
            return None
        return float(numbers[0]), None if high is None else float(high)

    def raise_if_any(self) -> None:
        if self.problems:
            raise LadderFileError(self.problems)


_KIND_NAMES = {str: "text", int: "a whole number", float: "a number", list: "a list",
               dict: "a table", bool: "true or false"}
