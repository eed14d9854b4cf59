"""The profile: who the record belongs to and where they stand on their ladder."""

from __future__ import annotations

import dataclasses
import itertools

from sqlmodel import Session

from bragdoc.domain import vocabulary
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.records import Profile
from bragdoc.domain.reminders import check_reminder_day, format_reminder_time, parse_reminder_time
from bragdoc.services.queries import Queries
from bragdoc.services.unit_of_work import write
from bragdoc.store import tables
from bragdoc.store.database import Database

REMINDER_FIELDS = ("reminder_enabled", "reminder_day", "reminder_time")
"""The weekly reminder: part of the user's routine on this machine, not of their record."""
FIELDS = tuple(f.name for f in dataclasses.fields(Profile) if f.name not in REMINDER_FIELDS)
"""The record fields, the ones the interchange file carries. An imported profile compares
and saves only these, so importing a backup never resets the reminder."""
ALL_FIELDS = FIELDS + REMINDER_FIELDS


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
        company=vocabulary.company(profile.company),
        name=profile.name.strip(),
        current_level=profile.current_level.strip(),
        target_level=profile.target_level.strip(),
        reminder_enabled=bool(profile.reminder_enabled),
        reminder_day=check_reminder_day(profile.reminder_day),
        reminder_time=format_reminder_time(parse_reminder_time(profile.reminder_time)),
    )


class ProfileService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def update(self, **changes: object) -> Profile:
        """Change the named fields and keep the rest."""
        unknown = set(changes) - set(ALL_FIELDS)
        if unknown:
            raise InvalidInput(f"unknown profile field(s): {', '.join(sorted(unknown))}")
        profile = validated(dataclasses.replace(Queries(self.db).profile(), **changes))  # type: ignore[arg-type]
        with write(self.db) as session:
            save(session, profile, ALL_FIELDS)
        return Queries(self.db).profile()


def save(session: Session, profile: Profile, fields: tuple[str, ...] = FIELDS) -> None:
    """Write the given fields of the single profile row; by default the record fields only,
    leaving the reminder as the user set it (a new row starts with the default reminder)."""
    row = session.get(tables.Profile, 1) or tables.Profile(id=1)
    for name in fields:
        setattr(row, name, getattr(profile, name))
    session.add(row)
