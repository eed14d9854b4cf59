"""Reads of the import inbox over the plain sqlite3 connection (see store/reads.py).

Rows come back as detached records holding the suggestion as the JSON it was stored as;
services/inbox.py turns that into an importers Suggestion (store may not import importers).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

STATUSES = ("pending", "accepted", "rejected", "merged")

_COLUMNS = ("id, source, created_on, status, suggestion, commit_hashes, win_id, merged_into, "
            "position, kind")


@dataclass(frozen=True)
class InboxRow:
    id: str
    source: str
    created_on: dt.date
    status: str
    suggestion: dict[str, Any]
    commit_hashes: tuple[str, ...]
    win_id: str | None
    merged_into: str | None
    position: int
    kind: str
    """'win', 'project' or 'goal'."""


def _row(row: tuple[Any, ...]) -> InboxRow:
    (id_, source, created_on, status, suggestion, hashes, win_id, merged_into, position,
     kind) = row
    return InboxRow(
        id=id_, source=source, created_on=dt.date.fromisoformat(created_on), status=status,
        suggestion=json.loads(suggestion), commit_hashes=tuple(json.loads(hashes or "[]")),
        win_id=win_id, merged_into=merged_into, position=position, kind=kind,
    )


def items(conn: sqlite3.Connection, status: str | None = "pending") -> list[InboxRow]:
    """Items with that status (all with None), in the order they arrived."""
    if status is None:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM inbox_item ORDER BY position").fetchall()
    else:
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM inbox_item WHERE status = ? ORDER BY position", (status,)
        ).fetchall()
    return [_row(r) for r in rows]


def item(conn: sqlite3.Connection, item_id: str) -> InboxRow | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM inbox_item WHERE id = ?", (item_id,)).fetchone()
    return _row(row) if row else None


def existing_ids(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(r[0] for r in conn.execute(
            f"SELECT id FROM inbox_item WHERE id IN ({marks})", chunk))
    return found


def seen_hashes(conn: sqlite3.Connection) -> set[str]:
    """Every commit hash ever suggested."""
    return {r[0] for r in conn.execute("SELECT hash FROM seen_commit")}


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    found = dict(conn.execute("SELECT status, count(*) FROM inbox_item GROUP BY status"))
    return {status: found.get(status, 0) for status in STATUSES}


def next_position(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM inbox_item").fetchone()
    return int(row[0])
