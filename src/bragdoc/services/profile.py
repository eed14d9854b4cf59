"""The profile: who the record belongs to and where they stand on their ladder."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable

from sqlmodel import Session

from bragdoc.domain import vocabulary
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.records import Profile
from bragdoc.domain.reminders import check_reminder_day, format_reminder_time, parse_reminder_time
from bragdoc.services.ladders import LadderService
from bragdoc.services.queries import Queries
from bragdoc.services.unit_of_work import write
from bragdoc.store import tables
from bragdoc.store.database import Database

ROUTINE_FIELDS = ("reminder_enabled", "reminder_day", "reminder_time", "git_repositories",
                  "git_authors")
"""The weekly reminder and the repositories the weekly review scans: part of the user's
routine on this machine, not of their record."""
FIELDS = tuple(f.name for f in dataclasses.fields(Profile) if f.name not in ROUTINE_FIELDS)
"""The record fields, the ones the interchange file carries. An imported profile compares
and saves only these, so importing a backup never resets the routine."""
ALL_FIELDS = FIELDS + ROUTINE_FIELDS
_LISTS = ("git_repositories", "git_authors")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


def validated(profile: Profile) -> Profile:
    dates = [
        ("career start", profile.career_start),
        ("company start", profile.company_since),
        ("level since", profile.level_since),
    ]
    known = [(what, day) for what, day in dates if day is not None]
    for (earlier, first), (later, second) in itertools.pairwise(known):
        if second < first:
            raise InvalidInput(f"{later} ({second}) is before {earlier} ({first})")
    return dataclasses.replace(
        profile,
        company=vocabulary.ladder_name(profile.company),
        name=profile.name.strip(),
        current_level=profile.current_level.strip(),
        target_level=profile.target_level.strip(),
        reminder_enabled=bool(profile.reminder_enabled),
        reminder_day=check_reminder_day(profile.reminder_day),
        reminder_time=format_reminder_time(parse_reminder_time(profile.reminder_time)),
        git_repositories=_distinct(profile.git_repositories),
        git_authors=_authors(profile.git_authors),
    )


def _distinct(entries: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.strip() for e in entries if e.strip()))


def _authors(entries: Iterable[str]) -> tuple[str, ...]:
    authors = _distinct(entries)
    for author in authors:
        if not _EMAIL.fullmatch(author):
            raise InvalidInput(f"author email {author!r} is not an email address "
                               "(the address your commits carry, e.g. you@work.com)")
    return authors


class ProfileService:
    def __init__(self, db: Database, ladders: LadderService | None = None) -> None:
        self.db = db
        self.ladders = ladders or LadderService()

    def update(self, **changes: object) -> Profile:
        """Change the named fields and keep the rest. A changed ladder or level must exist
        on the ladder (a user's own ladder file also takes levels it does not list)."""
        unknown = set(changes) - set(ALL_FIELDS)
        if unknown:
            raise InvalidInput(f"unknown profile field(s): {', '.join(sorted(unknown))}")
        stored = Queries(self.db).profile()
        profile = validated(dataclasses.replace(stored, **changes))  # type: ignore[arg-type]
        profile = self._on_ladder(profile, stored)
        with write(self.db) as session:
            save(session, profile, ALL_FIELDS)
        return Queries(self.db).profile()


    def _on_ladder(self, profile: Profile, stored: Profile) -> Profile:
        """Levels as the ladder names them. Only what changed is checked, so a level saved
        before levels were checked never blocks saving another field."""
        moved = profile.company != stored.company
        if not moved and (profile.current_level, profile.target_level) == (
                stored.current_level, stored.target_level):
            return profile
        if profile.company not in self.ladders.names():
            raise InvalidInput(f"unknown company ladder {profile.company!r}; known ladders: "
                               f"{', '.join(self.ladders.names())} (your own ladder files go "
                               f"in {self.ladders.user_dir})")
        ladder = self.ladders.get(profile.company)

        def named(typed: str, before: str) -> str:
            if not typed or (not moved and typed == before):
                return typed
            level = ladder.level(typed)
            if level is not None:
                return level.id
            if ladder.origin == "user":
                return typed
            known = ", ".join(lv.id for lv in ladder.levels)
            raise InvalidInput(f"the {ladder.title} ladder has no level {typed!r}; "
                               f"its levels are {known}")

        return dataclasses.replace(
            profile, current_level=named(profile.current_level, stored.current_level),
            target_level=named(profile.target_level, stored.target_level))


def save(session: Session, profile: Profile, fields: tuple[str, ...] = FIELDS) -> None:
    """Write the given fields of the single profile row; by default the record fields only,
    leaving the reminder as the user set it (a new row starts with the default reminder)."""
    row = session.get(tables.Profile, 1) or tables.Profile(id=1)
    for name in fields:
        value = getattr(profile, name)
        setattr(row, name, "\n".join(value) if name in _LISTS else value)
    session.add(row)
