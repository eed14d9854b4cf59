"""Feedback from colleagues and the people the user mentors."""

from __future__ import annotations

import dataclasses

from sqlmodel import Session

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.records import Feedback, Mentoring
from bragdoc.services.unit_of_work import write
from bragdoc.services.wins import project_id_for
from bragdoc.store import tables
from bragdoc.store.database import Database


def validated_feedback(item: Feedback) -> Feedback:
    quote = item.quote.strip()
    if not quote:
        raise InvalidInput("feedback needs a quote")
    return dataclasses.replace(item, quote=quote, from_name=item.from_name.strip())


def validated_mentoring(item: Mentoring) -> Mentoring:
    mentee = item.mentee.strip()
    if not mentee:
        raise InvalidInput("a mentoring record needs the mentee's name")
    if item.since and item.until and item.until < item.since:
        raise InvalidInput(f"mentoring of {mentee} ends ({item.until}) before it starts")
    return dataclasses.replace(item, mentee=mentee)


def save_feedback(session: Session, item: Feedback) -> None:
    row = session.get(tables.Feedback, item.id) or tables.Feedback(id=item.id, quote=item.quote)
    row.quote = item.quote
    row.from_name = item.from_name
    row.role = item.role
    row.date = item.date
    row.project_id = project_id_for(session, item.project_id)
    if item.win_id is not None and session.get(tables.Win, item.win_id) is None:
        raise InvalidInput("the win this quote is about no longer exists")
    row.win_id = item.win_id
    session.add(row)


def save_mentoring(session: Session, item: Mentoring) -> None:
    row = session.get(tables.Mentoring, item.id) or tables.Mentoring(id=item.id, mentee=item.mentee)
    for field in ("mentee", "since", "until", "outcome", "promoted"):
        setattr(row, field, getattr(item, field))
    session.add(row)


class PeopleService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save_feedback(self, item: Feedback) -> Feedback:
        item = validated_feedback(item)
        with write(self.db) as session:
            save_feedback(session, item)
        return item

    def save_mentoring(self, item: Mentoring) -> Mentoring:
        item = validated_mentoring(item)
        with write(self.db) as session:
            save_mentoring(session, item)
        return item

    def delete_feedback(self, feedback_id: str) -> None:
        with write(self.db) as session:
            row = session.get(tables.Feedback, feedback_id)
            if row is not None:
                session.delete(row)

    def delete_mentoring(self, mentoring_id: str) -> None:
        with write(self.db) as session:
            row = session.get(tables.Mentoring, mentoring_id)
            if row is not None:
                session.delete(row)
