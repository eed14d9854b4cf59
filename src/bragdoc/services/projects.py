"""Projects: the larger units of work that wins and metrics hang off."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from sqlmodel import Session, col, select

from bragdoc.domain import vocabulary
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.records import ProjectDraft, ProjectView, new_id
from bragdoc.services.metric_rows import replace_metrics
from bragdoc.services.queries import Queries
from bragdoc.services.unit_of_work import write
from bragdoc.store import tables
from bragdoc.store.database import Database
from bragdoc.store.tables import utc_now


def _non_negative(value: int | None, what: str) -> int | None:
    if value is not None and value < 0:
        raise InvalidInput(f"{what} cannot be negative (got {value})")
    return value


def validated(draft: ProjectDraft) -> ProjectDraft:
    name = draft.name.strip()
    if not name:
        raise InvalidInput("a project needs a name")
    if draft.start and draft.end and draft.end < draft.start:
        raise InvalidInput(f"project {name!r} ends ({draft.end}) before it starts ({draft.start})")
    draft.name = name
    draft.scope = vocabulary.scope(draft.scope)
    draft.pillars = vocabulary.pillars(draft.pillars)
    draft.tags = vocabulary.tags(draft.tags)
    draft.links = [link.strip() for link in draft.links if link.strip()]
    for field in ("team_size", "teams", "engineers_affected"):
        _non_negative(getattr(draft, field), field.replace("_", " "))
    return draft


def find(session: Session, ref: str) -> tables.Project | None:
    """A project by id, or else by name (names are unique, case-insensitively)."""
    by_id = session.get(tables.Project, ref)
    if by_id is not None:
        return by_id
    return session.exec(select(tables.Project).where(col(tables.Project.name) == ref)).first()


class ProjectFields(TypedDict):
    """The columns of tables.Project a draft sets."""

    name: str
    summary: str
    start_date: dt.date | None
    end_date: dt.date | None
    team_size: int | None
    scope: str
    teams: int | None
    engineers_affected: int | None
    role: str
    pillars: list[str]
    tags: list[str]
    links: list[str]
    situation: str
    task: str
    action: str
    result: str
    updated_at: dt.datetime


def _fields(draft: ProjectDraft) -> ProjectFields:
    return {
        "name": draft.name,
        "summary": draft.summary,
        "start_date": draft.start,
        "end_date": draft.end,
        "team_size": draft.team_size,
        "scope": draft.scope,
        "teams": draft.teams,
        "engineers_affected": draft.engineers_affected,
        "role": draft.role,
        "pillars": list(draft.pillars),
        "tags": list(draft.tags),
        "links": list(draft.links),
        "situation": draft.star.situation,
        "task": draft.star.task,
        "action": draft.star.action,
        "result": draft.star.result,
        "updated_at": utc_now(),
    }


def save(session: Session, draft: ProjectDraft, *, existing: tables.Project | None) -> str:
    """Insert or update inside the caller's transaction; returns the project id."""
    clash = find(session, draft.name)
    if clash is not None and (existing is None or clash.id != existing.id):
        raise InvalidInput(f"a project named {clash.name!r} already exists")
    fields = _fields(draft)
    if existing is None:
        # All fields in the constructor: pydantic default factories are slow (see wins.save).
        row = tables.Project(id=draft.id or new_id(), created_at=fields["updated_at"], **fields)
    else:
        row = existing
        for name, value in fields.items():
            setattr(row, name, value)
    session.add(row)
    session.flush()
    replace_metrics(session, draft.metrics, project_id=row.id, fresh=existing is None)
    return row.id


class ProjectService:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.queries = Queries(db)

    def add(self, draft: ProjectDraft) -> ProjectView:
        draft = validated(draft)
        with write(self.db) as session:
            project_id = save(session, draft, existing=None)
        return self.queries.project(project_id)

    def update(self, project_id: str, draft: ProjectDraft) -> ProjectView:
        draft = validated(draft)
        with write(self.db) as session:
            row = session.get(tables.Project, project_id)
            if row is None:
                raise InvalidInput(f"no project with id {project_id}")
            save(session, draft, existing=row)
        return self.queries.project(project_id)

    def delete(self, project_id: str) -> ProjectView:
        """Removes the project and its metrics; its wins stay, without a project."""
        before = self.queries.project(project_id)
        with write(self.db) as session:
            row = session.get(tables.Project, project_id)
            if row is not None:
                session.delete(row)
        return before
