"""Reads of stored packet drafts over the plain sqlite3 connection (see store/reads.py)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from typing import Any


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
