"""Reads of the promotion-readiness state over the plain sqlite3 connection (see
store/reads.py): ticked checklist items, evidence links, finished plan steps and the
promotion date the plan counts back from.

Ids are returned as stored; checking them against the checklist and plan files is the
service's job (a file may change and drop an item; its old tick then simply counts for
nothing).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

from bragdoc.domain.evidence import LinkedEvidence
from bragdoc.domain.readiness import EvidenceRef
from bragdoc.domain.readiness_plan import LAID_OUT_MARK


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
    conn.row_factory = sqlite3.Row
    return conn.execute(sql, params).fetchall()


@dataclass(frozen=True)
class ReadinessState:
    checked: dict[str, dt.date] = field(default_factory=dict)
    """Ticked item id → the day it was ticked."""
    evidence: dict[str, tuple[EvidenceRef, ...]] = field(default_factory=dict)
    """Item id → its links, oldest first."""
    done: dict[str, dt.date] = field(default_factory=dict)
    """Finished plan step id → the day it was marked done."""
    promotion_target: dt.date | None = None
    plan_laid_out: dt.date | None = None
    """The day the promotion date was chosen (None for dates set before this was kept)."""


def checked_items(conn: sqlite3.Connection) -> dict[str, dt.date]:
    rows = _rows(conn, "SELECT item_id, checked_on FROM readiness_check ORDER BY item_id")
    return {row["item_id"]: dt.date.fromisoformat(row["checked_on"]) for row in rows}


def done_steps(conn: sqlite3.Connection) -> dict[str, dt.date]:
    rows = _rows(conn, "SELECT step_id, done_on FROM readiness_plan_step ORDER BY step_id")
    return {row["step_id"]: dt.date.fromisoformat(row["done_on"]) for row in rows
            if row["step_id"] != LAID_OUT_MARK}


def plan_laid_out(conn: sqlite3.Connection) -> dt.date | None:
    row = conn.execute("SELECT done_on FROM readiness_plan_step WHERE step_id = ?",
                       (LAID_OUT_MARK,)).fetchone()
    return _day(row[0]) if row else None


def promotion_target(conn: sqlite3.Connection) -> dt.date | None:
    row = conn.execute("SELECT promotion_target FROM profile WHERE id = 1").fetchone()
    return _day(row[0]) if row else None


_KIND = (
    "CASE WHEN e.win_id IS NOT NULL THEN 'win'"
    " WHEN e.project_id IS NOT NULL THEN 'project' ELSE 'feedback' END"
)


def evidence_links(conn: sqlite3.Connection, item_id: str | None = None) -> list[LinkedEvidence]:
    """Every link (or one item's), oldest first, with the title of what it points at."""
    where = " WHERE e.item_id = ?" if item_id is not None else ""
    rows = _rows(
        conn,
        f"SELECT e.item_id, {_KIND} AS kind,"
        " coalesce(e.win_id, e.project_id, e.feedback_id) AS target_id, e.linked_on,"
        " coalesce(w.title, p.name,"
        "   CASE WHEN f.from_name <> '' THEN f.from_name || ': ' ELSE '' END || f.quote, '')"
        "   AS title,"
        " coalesce(w.date, p.start_date, f.date) AS day"
        " FROM readiness_evidence e"
        " LEFT JOIN win w ON w.id = e.win_id"
        " LEFT JOIN project p ON p.id = e.project_id"
        " LEFT JOIN feedback f ON f.id = e.feedback_id"
        f"{where} ORDER BY e.item_id, e.linked_on, e.rowid",
        (item_id,) if item_id is not None else (),
    )
    return [
        LinkedEvidence(
            item_id=row["item_id"], kind=row["kind"], target_id=row["target_id"],
            title=row["title"], day=_day(row["day"]),
            linked_on=dt.date.fromisoformat(row["linked_on"]),
        )
        for row in rows
    ]


def readiness_state(conn: sqlite3.Connection) -> ReadinessState:
    evidence: dict[str, list[EvidenceRef]] = defaultdict(list)
    for link in evidence_links(conn):
        evidence[link.item_id].append(link.ref)
    return ReadinessState(
        checked=checked_items(conn),
        evidence={item: tuple(refs) for item, refs in evidence.items()},
        done=done_steps(conn),
        promotion_target=promotion_target(conn),
        plan_laid_out=plan_laid_out(conn),
    )
