"""Career ladders: levels, how long people usually stay on each, and what the next one asks.

A ladder is one TOML file (`resources/ladders/<name>.toml`, or the user's own in their
data folder), read with the checked reader of domain/toml_files.py, so every problem
found names the file, the line and the field:

    ladder = parse_ladder(text, "meta", source="/path/meta.toml")   # raises LadderFileError
    profile = expected_pillar_profile(ladder, "E5")                 # {pillar: share}

The same reader validates the checklist and plan files (see domain.readiness).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.toml_files import Path, Reader
from bragdoc.domain.vocabulary import PILLARS, SCOPES

TYPICAL_BASES: tuple[str, ...] = ("company", "industry", "none")
"""Where a level's typical time comes from: the company's own figures in the guide, the
guide's industry-wide individual-contributor track, or no figure at all."""

DAYS_PER_YEAR = 365.25


# --- the ladder itself ---------------------------------------------------------------


@dataclass(frozen=True)
class YearsRange:
    """Typical time from one level to the next; `high` None means "this long or more"."""

    low: float
    high: float | None

    @property
    def days(self) -> tuple[int, int | None]:
        high = None if self.high is None else round(self.high * DAYS_PER_YEAR)
        return round(self.low * DAYS_PER_YEAR), high

    def label(self) -> str:
        if self.high is not None and self.high <= 1:
            return f"{_num(self.low * 12)}–{_num(self.high * 12)} months"
        if self.high is None:
            return f"{_num(self.low)}+ years"
        return f"{_num(self.low)}–{_num(self.high)} years"


@dataclass(frozen=True)
class MoneyRange:
    low: int
    high: int
    currency: str = "USD"

    def label(self) -> str:
        return f"{_money(self.low, self.currency)}–{_money(self.high, self.currency)}"


@dataclass(frozen=True)
class Expectation:
    pillar: str
    weight: float
    text: str


@dataclass(frozen=True)
class Level:
    id: str
    title: str
    summary: str
    scope: str
    expectations: tuple[Expectation, ...]
    aliases: tuple[str, ...] = ()
    years_to_next: YearsRange | None = None
    typical_basis: str = "none"
    deadline_months: int | None = None
    """Months at this level by which the next one must be reached, where a company says so."""
    deadline_note: str = ""
    total_comp: MoneyRange | None = None
    terminal: bool = False
    """A level people may stay at for good: no promotion pressure past it."""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.id, self.title, *self.aliases)


@dataclass(frozen=True)
class Ladder:
    name: str
    title: str
    summary: str
    levels: tuple[Level, ...]
    notes: tuple[str, ...] = ()
    total_comp: MoneyRange | None = None
    """A company-wide pay range where the guide gives no per-level one."""
    source: str = ""
    origin: str = "shipped"
    """'shipped' with bragdoc, or 'user' from the data folder."""

    def level(self, name: str) -> Level | None:
        """The level whose id, alias or title matches `name`, in that order of preference
        (case, spaces and dashes ignored). Titles may repeat (Apple's ICT2 and ICT3 are both
        "Software Engineer"); a title then finds the lowest such level."""
        wanted = _key(name)
        if not wanted:
            return None
        for names in (lambda lv: (lv.id,), lambda lv: lv.aliases, lambda lv: (lv.title,)):
            for level in self.levels:
                if wanted in {_key(n) for n in names(level)}:
                    return level
        return None

    def require(self, name: str) -> Level:
        found = self.level(name)
        if found is None:
            known = ", ".join(level.id for level in self.levels)
            raise InvalidInput(f"ladder {self.name} has no level {name!r}; its levels are: {known}")
        return found

    def next_level(self, level: Level) -> Level | None:
        position = self.levels.index(level)
        return self.levels[position + 1] if position + 1 < len(self.levels) else None

    def position(self, level: Level) -> int:
        return self.levels.index(level)


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.strip().lower())


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _money(amount: int, currency: str) -> str:
    sign = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency, "")
    if amount >= 1_000_000:
        text = f"{_num(amount / 1_000_000)}M"
    elif amount >= 1_000:
        text = f"{_num(amount / 1_000)}K"
    else:
        text = str(amount)
    return f"{sign}{text}" if sign else f"{text} {currency}"


_LADDER_KEYS = {"title", "summary", "notes", "currency", "total_comp", "levels"}
_LEVEL_KEYS = {"id", "title", "aliases", "summary", "scope", "years_to_next", "typical_basis",
               "deadline_months", "deadline_note", "total_comp", "terminal", "expectations"}
_EXPECTATION_KEYS = {"pillar", "weight", "text"}


def parse_ladder(text: str, name: str, *, source: str = "", origin: str = "shipped") -> Ladder:
    """Read and validate one ladder file; raises LadderFileError listing every problem."""
    file = source or f"{name}.toml"
    reader = Reader(text, file)
    reader.raise_if_any()
    data = reader.table(reader.data, (), _LADDER_KEYS)
    title = reader.text(data, (), "title", required=True)
    currency = reader.text(data, (), "currency") or "USD"
    notes = reader.get(data, (), "notes", list, default=[])
    if not all(isinstance(n, str) for n in notes):
        reader.fail(("notes",), "should be a list of text")
        notes = []
    levels: list[Level] = []
    seen: dict[str, Path] = {}
    for path, raw in reader.tables(data, (), "levels", required=True):
        level = _parse_level(reader, path, raw, currency)
        if level is None:
            continue
        for alias in (level.id, *level.aliases):
            if _key(alias) in seen and seen[_key(alias)] != path:
                field = "id" if alias == level.id else "aliases"
                reader.fail((*path, field), f"{alias!r} already names another level")
            seen.setdefault(_key(alias), path)
        levels.append(level)
    reader.raise_if_any()
    return Ladder(
        name=name,
        title=title,
        summary=reader.text(data, (), "summary"),
        levels=tuple(levels),
        notes=tuple(n.strip() for n in notes),
        total_comp=_money_range(reader, data, (), currency),
        source=source,
        origin=origin,
    )


def _parse_level(reader: Reader, path: Path, raw: dict[str, Any], currency: str) -> Level | None:
    reader.table(raw, path, _LEVEL_KEYS)
    level_id = reader.text(raw, path, "id", required=True)
    title = reader.text(raw, path, "title", required=True)
    scope = reader.choice(raw, path, "scope", SCOPES, required=True, default="single_team")
    aliases = reader.get(raw, path, "aliases", list, default=[])
    if not all(isinstance(a, str) and a.strip() for a in aliases):
        reader.fail((*path, "aliases"), "should be a list of non-empty text")
        aliases = []
    years = reader.number_range(raw, path, "years_to_next", open_ended=True)
    basis = reader.choice(raw, path, "typical_basis", TYPICAL_BASES,
                          default="industry" if years else "none")
    deadline = reader.get(raw, path, "deadline_months", int, default=None)
    if deadline is not None and deadline <= 0:
        reader.fail((*path, "deadline_months"), "should be a positive number of months")
        deadline = None
    expectations: list[Expectation] = []
    for where, item in reader.tables(raw, path, "expectations", required=True):
        reader.table(item, where, _EXPECTATION_KEYS)
        pillar = reader.choice(item, where, "pillar", PILLARS, required=True)
        weight = reader.get(item, where, "weight", (int, float), required=True, default=None)
        if weight is not None and not 0 < weight <= 1:
            reader.fail((*where, "weight"), "should be above 0 and at most 1")
            weight = None
        text = reader.text(item, where, "text", required=True)
        if pillar and weight is not None and text:
            expectations.append(Expectation(pillar, float(weight), text))
    terminal = reader.get(raw, path, "terminal", bool, default=False)
    if not (level_id and title):
        return None
    return Level(
        id=level_id,
        title=title,
        summary=reader.text(raw, path, "summary"),
        scope=scope,
        expectations=tuple(expectations),
        aliases=tuple(a.strip() for a in aliases),
        years_to_next=YearsRange(*years) if years else None,
        typical_basis=basis,
        deadline_months=deadline,
        deadline_note=reader.text(raw, path, "deadline_note"),
        total_comp=_money_range(reader, raw, path, currency),
        terminal=terminal,
    )


def _money_range(reader: Reader, data: dict[str, Any], path: Path,
                 currency: str) -> MoneyRange | None:
    found = reader.number_range(data, path, "total_comp", open_ended=False)
    if found is None:
        return None
    low, high = found
    return MoneyRange(int(low), int(high if high is not None else low), currency)


# --- what charts and the packet read from a ladder -----------------------------------


def expected_pillar_profile(ladder: Ladder, level: str | Level) -> dict[str, float]:
    """Each pillar's share of what `level` expects, summing to 1 (0.0 for a pillar the
    level does not mention). The pillar-balance chart draws this as the expected shape."""
    chosen = level if isinstance(level, Level) else ladder.require(level)
    totals = dict.fromkeys(PILLARS, 0.0)
    for expectation in chosen.expectations:
        totals[expectation.pillar] += expectation.weight
    whole = sum(totals.values())
    if whole <= 0:
        return dict.fromkeys(PILLARS, 1 / len(PILLARS))
    return {pillar: round(value / whole, 4) for pillar, value in totals.items()}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), on the month's last day when it is short."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (following - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def ladder_to_json(ladder: Ladder) -> dict[str, Any]:
    """A plain dict for `bragdoc ladder show NAME --json`."""

    def money(value: MoneyRange | None) -> dict[str, Any] | None:
        if value is None:
            return None
        return {"low": value.low, "high": value.high, "currency": value.currency,
                "label": value.label()}

    return {
        "name": ladder.name,
        "title": ladder.title,
        "summary": ladder.summary,
        "origin": ladder.origin,
        "source": ladder.source,
        "notes": list(ladder.notes),
        "total_comp": money(ladder.total_comp),
        "levels": [
            {
                "id": level.id,
                "title": level.title,
                "aliases": list(level.aliases),
                "summary": level.summary,
                "scope": level.scope,
                "years_to_next": None if level.years_to_next is None else {
                    "low": level.years_to_next.low,
                    "high": level.years_to_next.high,
                    "label": level.years_to_next.label(),
                    "days": list(level.years_to_next.days),
                },
                "typical_basis": level.typical_basis,
                "deadline_months": level.deadline_months,
                "deadline_note": level.deadline_note,
                "total_comp": money(level.total_comp),
                "terminal": level.terminal,
                "expectations": [
                    {"pillar": e.pillar, "weight": e.weight, "text": e.text}
                    for e in level.expectations
                ],
                "expected_pillar_profile": expected_pillar_profile(ladder, level),
            }
            for level in ladder.levels
        ],
    }
