"""Wins: the weekly log."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from sqlmodel import Session

from bragdoc.domain import vocabulary
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.precision import checked_precision, start_of
from bragdoc.domain.records import ProjectDraft, WinDraft, WinView, new_id
from bragdoc.services import projects
from bragdoc.services.metric_rows import replace_metrics
from bragdoc.services.queries import Queries
from bragdoc.services.unit_of_work import write
from bragdoc.store import tables
from bragdoc.store.database import Database
from bragdoc.store.tables import utc_now


def validated(draft: WinDraft) -> WinDraft:
    title = " ".join(draft.title.split())
    if not title:
        raise InvalidInput("a win needs a title")
    draft.title = title
    draft.date_precision = checked_precision(draft.date_precision)
    draft.date = start_of(draft.date, draft.date_precision)
    draft.pillars = vocabulary.pillars(draft.pillars)
    draft.tags = vocabulary.tags(draft.tags)
    draft.links = [link.strip() for link in draft.links if link.strip()]
    if draft.project is not None and not draft.project.strip():
        draft.project = None
    return draft


def project_id_for(session: Session, ref: str | None) -> str | None:
    """The id of the referenced project, creating a project when a new name is given."""
    if ref is None:
        return None
    found = projects.find(session, ref.strip())
    if found is not None:
        return found.id
    return projects.save(session, ProjectDraft(name=ref.strip()), existing=None)


class WinFields(TypedDict):
    """The columns of tables.Win a draft sets."""

    date: dt.date
    title: str
    details: str
    project_id: str | None
    pillars: list[str]
    tags: list[str]
    links: list[str]
    follow_up: dt.date | None
    date_precision: str
    updated_at: dt.datetime


class WinValues(WinFields):
    """Every column of a new tables.Win, for the constructor or a bulk insert."""

    id: str
    created_at: dt.datetime


def _fields(session: Session, draft: WinDraft) -> WinFields:
    return {
        "date": draft.date,
        "title": draft.title,
        "details": draft.details,
        "project_id": project_id_for(session, draft.project),
        "pillars": list(draft.pillars),
        "tags": list(draft.tags),
        "links": list(draft.links),
        "follow_up": draft.follow_up,
        "date_precision": draft.date_precision,
        "updated_at": utc_now(),
    }


def new_row_values(session: Session, draft: WinDraft) -> WinValues:
    """Column values of a win not yet stored, for bulk inserts (imports)."""
    fields = _fields(session, draft)
    return {"id": draft.id or new_id(), "created_at": fields["updated_at"], **fields}


def save(session: Session, draft: WinDraft, *, existing: tables.Win | None) -> str:
    if existing is None:
        # Every field goes to the constructor: pydantic's default factories are costly
        # (it inspects each factory's signature on every construction).
        row = tables.Win(**new_row_values(session, draft))
    else:
        row = existing
        for name, value in _fields(session, draft).items():
            setattr(row, name, value)
    session.add(row)
    session.flush()
    replace_metrics(session, draft.metrics, win_id=row.id, fresh=existing is None)
    return row.id


class WinService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.queries = Queries(db)

    def add(self, draft: WinDraft) -> WinView:
        """Log a win. A draft that carries the id of a deleted win restores it (undo)."""
        draft = validated(draft)
        with write(self.db) as session:
            if draft.id is not None and session.get(tables.Win, draft.id) is not None:
                raise InvalidInput(f"a win with id {draft.id} already exists")
            win_id = save(session, draft, existing=None)
        return self.queries.win(win_id)

    def update(self, win_id: str, draft: WinDraft) -> WinView:
        draft = validated(draft)
        with write(self.db) as session:
            row = session.get(tables.Win, win_id)
            if row is None:
                raise InvalidInput(f"no win with id {win_id}")
            save(session, draft, existing=row)
        return self.queries.win(win_id)

    def attach_to_project(self, win_ids: list[str], project_id: str | None) -> None:
        """Point several wins at one project (or none) in one transaction."""
        with write(self.db) as session:
            for win_id in win_ids:
                row = session.get(tables.Win, win_id)
                if row is not None:
                    row.project_id = project_id
                    session.add(row)

    def delete(self, win_id: str) -> WinView:
        """Removes the win and its metrics; returns what was removed so it can be restored."""
        removed = self.queries.win(win_id)
        with write(self.db) as session:
            row = session.get(tables.Win, win_id)
            if row is not None:
                session.delete(row)
        return removed
