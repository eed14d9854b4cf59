"""Lean reads for the impact charts, over the plain sqlite3 connection (see store/reads.py).

Charts need dates, pillars, projects and the numbers already computed when a metric was
saved; they do not need details, links or tags, nor every metric rebuilt from its text.
Reading only that keeps a ten-year record under a tenth of a second.
"""

from __future__ import annotations

import datetime as dt
import sqlite3


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
    conn.row_factory = sqlite3.Row
    return conn.execute(sql, params).fetchall()


def record_bounds(conn: sqlite3.Connection) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day anything in the record is dated (wins, project starts/ends)."""
    row = conn.execute(
        "SELECT min(d), max(d) FROM (SELECT date AS d FROM win"
        " UNION ALL SELECT start_date FROM project UNION ALL SELECT end_date FROM project)"
    ).fetchone()
    first, last = row
    return (dt.date.fromisoformat(first) if first else None,
            dt.date.fromisoformat(last) if last else None)


def period_wins(conn: sqlite3.Connection, since: dt.date, until: dt.date) -> list[sqlite3.Row]:
    """Wins dated in [since, until], oldest first."""
    return _rows(
        conn,
        "SELECT w.id, w.date, w.title, w.pillars, w.project_id, p.name AS project_name"
        " FROM win w LEFT JOIN project p ON p.id = w.project_id"
        " WHERE w.date >= ? AND w.date <= ? ORDER BY w.date, w.created_at, w.id",
        (since.isoformat(), until.isoformat()),
    )


def projects_with_win_span(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every project with its recorded dates and the dates of its first and last win."""
    return _rows(
        conn,
        "SELECT p.id, p.name, p.scope, p.start_date, p.end_date, p.pillars,"
        " s.first_win, s.last_win FROM project p LEFT JOIN"
        " (SELECT project_id, min(date) AS first_win, max(date) AS last_win FROM win"
        "  WHERE project_id IS NOT NULL GROUP BY project_id) s ON s.project_id = p.id"
        " ORDER BY coalesce(p.start_date, s.first_win, '9999'), p.name",
    )


_METRIC_COLUMNS = (
    "m.id, m.win_id, m.project_id, m.name, m.kind, m.before_text, m.after_text, m.value_text,"
    " m.before_value, m.after_value, m.value, m.currency, m.direction, m.direction_source,"
    " m.category, m.category_source, m.improvement_pct, m.factor, m.annual_value, m.is_new,"
    " m.business_value, m.note"
)


def period_win_metrics(conn: sqlite3.Connection, since: dt.date,
                       until: dt.date) -> list[sqlite3.Row]:
    """Quantified metrics of the wins dated in [since, until], with the win's date."""
    return _rows(
        conn,
        f"SELECT {_METRIC_COLUMNS}, w.date AS owner_date, w.project_id AS owner_project_id,"
        " p.name AS project_name"
        " FROM win w JOIN metric m ON m.win_id = w.id LEFT JOIN project p ON p.id = w.project_id"
        " WHERE w.date >= ? AND w.date <= ? AND m.quantified AND m.kind IN ('change', 'single')"
        " ORDER BY w.date, m.position",
        (since.isoformat(), until.isoformat()),
    )


def project_metrics(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Quantified metrics recorded on projects (the caller dates them by their project)."""
    return _rows(
        conn,
        f"SELECT {_METRIC_COLUMNS}, m.project_id AS owner_project_id, p.name AS project_name"
        " FROM metric m"
        " JOIN project p ON p.id = m.project_id"
        " WHERE m.quantified AND m.kind IN ('change', 'single') ORDER BY m.position",
    )
