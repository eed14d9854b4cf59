"""The career ladders bragdoc knows: the shipped ones plus the user's own.

    ladders = LadderService()            # reads <data dir>/ladders/*.toml too
    ladders.list()                       # every usable ladder, shipped order first
    ladders.get("meta")                  # InvalidInput when unknown
    ladders.problems                     # broken user files: file, line, field, message

A user file named like a shipped ladder (`google.toml`) replaces it, so a person can
describe their own company's version. A broken user file is reported and skipped; the
shipped files are tested and are expected to load.
"""

from __future__ import annotations

import builtins
from pathlib import Path

from bragdoc import paths, resources
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.ladders import Ladder, parse_ladder
from bragdoc.domain.readiness import Checklist, parse_checklist
from bragdoc.domain.readiness_plan import Plan, parse_plan
from bragdoc.domain.toml_files import LadderFileError, Problem

USER_LADDERS = "ladders"
"""The folder under the user data directory that holds the user's own ladder files."""


def user_ladder_dir() -> Path:
    return paths.data_dir() / USER_LADDERS


class LadderService:
    def __init__(self, user_dir: Path | None = None) -> None:
        self.user_dir = user_dir if user_dir is not None else user_ladder_dir()
        self._ladders: dict[str, Ladder] | None = None
        self._problems: list[Problem] = []

    # --- ladders ---------------------------------------------------------------------

    def reload(self) -> None:
        """Forget what was read; the next call reads the files again."""
        self._ladders = None
        self._problems = []

    def _load(self) -> dict[str, Ladder]:
        if self._ladders is not None:
            return self._ladders
        found: dict[str, Ladder] = {}
        for name, relative in zip(resources.LADDER_NAMES, resources.LADDERS, strict=True):
            file = resources.path(relative)
            found[name] = parse_ladder(file.read_text(encoding="utf-8"), name,
                                       source=str(file), origin="shipped")
        problems: list[Problem] = []
        if self.user_dir.is_dir():
            for file in sorted(self.user_dir.glob("*.toml")):
                ladder = self._read_user_file(file, problems)
                if ladder is not None:
                    found[ladder.name] = ladder
        self._ladders, self._problems = found, problems
        return found

    @staticmethod
    def _read_user_file(file: Path, problems: list[Problem]) -> Ladder | None:
        name = file.stem.strip().lower()
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(file), 1, "", f"cannot be read: {exc}"))
            return None
        try:
            return parse_ladder(text, name, source=str(file), origin="user")
        except LadderFileError as exc:
            problems.extend(exc.problems)
            return None

    @property
    def problems(self) -> list[Problem]:
        """What was wrong with the user's ladder files at the last read (skipped files)."""
        self._load()
        return list(self._problems)

    def list(self) -> list[Ladder]:
        ladders = self._load()
        shipped = [ladders[n] for n in resources.LADDER_NAMES if n in ladders]
        extra = sorted((v for k, v in ladders.items() if k not in resources.LADDER_NAMES),
                       key=lambda ladder: ladder.name)
        return shipped + extra

    def names(self) -> builtins.list[str]:
        return [ladder.name for ladder in self.list()]

    def get(self, name: str) -> Ladder:
        ladders = self._load()
        key = name.strip().lower()
        if key in ladders:
            return ladders[key]
        broken = [p for p in self._problems if Path(p.file).stem.lower() == key]
        if broken:
            raise InvalidInput(f"ladder {name!r} cannot be used: {broken[0]}")
        raise InvalidInput(f"unknown ladder {name!r}; known ladders: {', '.join(self.names())}")

    # --- the checklist and the plan that go with every ladder ---------------------------

    @staticmethod
    def checklist() -> Checklist:
        file = resources.path(resources.PRE_PROMOTION_CHECKLIST)
        return parse_checklist(file.read_text(encoding="utf-8"), str(file))

    @staticmethod
    def plan() -> Plan:
        file = resources.path(resources.SIX_MONTH_PLAN)
        return parse_plan(file.read_text(encoding="utf-8"), str(file))
