"""Reads of stored packet drafts over the plain sqlite3 connection (see store/reads.py)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from bragdoc.domain.records import ProjectView, Star
from bragdoc.store import reads as _reads


@dataclass(frozen=True)
class DraftRow:
    id: str
    since: dt.date
    until: dt.date
    audience: str
    template: str | None
    choices: dict[str, Any]
    markdown: str
    generated: str
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class VersionRow:
    id: int
    draft_id: str
    saved_at: dt.datetime
    kind: str
    markdown: str


def _moment(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _draft(row: sqlite3.Row) -> DraftRow:
    return DraftRow(
        id=row["id"], since=dt.date.fromisoformat(row["since"]),
        until=dt.date.fromisoformat(row["until"]), audience=row["audience"],
        template=row["template"], choices=json.loads(row["choices"]),
        markdown=row["markdown"], generated=row["generated"],
        created_at=_moment(row["created_at"]), updated_at=_moment(row["updated_at"]))


def _version(row: sqlite3.Row) -> VersionRow:
    return VersionRow(id=row["id"], draft_id=row["draft_id"],
                      saved_at=_moment(row["saved_at"]), kind=row["kind"],
                      markdown=row["markdown"])


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> list[sqlite3.Row]:
    conn.row_factory = sqlite3.Row
    return conn.execute(sql, params).fetchall()


def latest_draft(conn: sqlite3.Connection) -> DraftRow | None:
    rows = _rows(conn, "SELECT * FROM packet_draft ORDER BY updated_at DESC, id LIMIT 1", ())
    return _draft(rows[0]) if rows else None


def get_draft(conn: sqlite3.Connection, draft_id: str) -> DraftRow | None:
    rows = _rows(conn, "SELECT * FROM packet_draft WHERE id = ?", (draft_id,))
    return _draft(rows[0]) if rows else None


def versions(conn: sqlite3.Connection, draft_id: str) -> list[VersionRow]:
    """Newest first; the id breaks ties between versions saved in the same instant."""
    rows = _rows(conn, "SELECT * FROM packet_draft_version WHERE draft_id = ?"
                       " ORDER BY saved_at DESC, id DESC", (draft_id,))
    return [_version(row) for row in rows]


_PERIOD_PROJECT_IDS = (
    "SELECT id FROM project WHERE"
    " (coalesce(start_date, end_date) <= :until AND coalesce(end_date, :until) >= :since)"
    " OR id IN (SELECT project_id FROM win WHERE project_id IS NOT NULL"
    "           AND date BETWEEN :since AND :until)"
)


def period_projects(conn: sqlite3.Connection, since: dt.date,
                     until: dt.date) -> list[ProjectView]:
    """The projects a packet for the period can use: dated inside it or with a win in it.

    Only these are loaded: rebuilding every metric of a long record's other projects
    is what made drafting slow. The view is built exactly as `reads.list_projects`."""
    params = {"since": since.isoformat(), "until": until.isoformat()}
    wanted = {row[0] for row in conn.execute(_PERIOD_PROJECT_IDS, params)}
    if not wanted:
        return []
    ids = sorted(wanted)
    marks = ",".join("?" * len(ids))
    rows = _reads._rows(
        conn,
        "SELECT p.*, (SELECT count(*) FROM win WHERE win.project_id = p.id) AS win_count"
        f" FROM project p WHERE p.id IN ({marks})"
        " ORDER BY coalesce(p.start_date, '9999') DESC, p.name", ids)
    metrics = _reads._metrics_by_owner(conn, "project_id", [row["id"] for row in rows])
    return [
        ProjectView(
            id=row["id"], name=row["name"], summary=row["summary"],
            start=_day(row["start_date"]), end=_day(row["end_date"]),
            team_size=row["team_size"], scope=row["scope"], teams=row["teams"],
            engineers_affected=row["engineers_affected"], role=row["role"],
            pillars=tuple(json.loads(row["pillars"])), tags=tuple(json.loads(row["tags"])),
            star=Star(row["situation"], row["task"], row["action"], row["result"]),
            links=tuple(json.loads(row["links"])), metrics=tuple(metrics.get(row["id"], ())),
            win_count=row["win_count"])
        for row in rows
    ]


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def record_span(conn: sqlite3.Connection) -> tuple[dt.date, dt.date] | None:
    """The first and last day anything in the record is dated (wins and projects)."""
    row = conn.execute(
        "SELECT min(d), max(d) FROM (SELECT date AS d FROM win"
        " UNION ALL SELECT start_date FROM project UNION ALL SELECT end_date FROM project)"
        " WHERE d IS NOT NULL").fetchone()
    if row is None or row[0] is None:
        return None
    return dt.date.fromisoformat(row[0][:10]), dt.date.fromisoformat(row[1][:10])


def period_has_records(conn: sqlite3.Connection, since: dt.date, until: dt.date) -> bool:
    """Whether a win or a project falls in the period."""
    params = {"since": since.isoformat(), "until": until.isoformat()}
    if conn.execute("SELECT 1 FROM win WHERE date BETWEEN :since AND :until LIMIT 1",
                    params).fetchone():
        return True
    return conn.execute(_PERIOD_PROJECT_IDS + " LIMIT 1", params).fetchone() is not None
