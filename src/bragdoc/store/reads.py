"""Read queries over a plain sqlite3 connection, returning detached records.

Reads use the standard sqlite3 module instead of SQLAlchemy: a `bragdoc list` or
`bragdoc search` must answer faster than a text-file journal, and importing SQLAlchemy
and SQLModel alone costs about half a second on the reference machine (see
docs/benchmarks.md). Writes go through SQLModel sessions in the services.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence

from bragdoc.domain import headline
from bragdoc.domain.precision import iso_dated
from bragdoc.domain.quantities import Metric, build_metric
from bragdoc.domain.records import (
    Feedback,
    Mentoring,
    MetricView,
    Profile,
    ProjectView,
    SearchHit,
    Star,
    WinFilter,
    WinView,
)
from bragdoc.store import metric_memo

_CHUNK = 500


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def fts_query(text: str) -> str | None:
    """Turn what a person typed into a safe FTS5 query: every word, as a prefix, all required."""
    words = re.findall(r"\w+", text)
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


_METRIC_COLUMNS = (
    "id, win_id, project_id, name, kind, before_text, after_text, value_text, "
    "direction, direction_source, category, category_source, note"
)


@functools.lru_cache(maxsize=50_000)
def _rebuilt(*stored: str | None) -> Metric:
    """Metrics are rebuilt from what was typed, so display and numbers always come from one
    parser. Parsing is the costly part of loading a long log (about 0.1 ms a metric), and
    the same stored metric gives the same frozen result, so repeat loads reuse it."""
    name, before, after, value, direction, category, note = stored
    return build_metric(
        name or "", before=before, after=after, value=value, direction=direction,
        category=category, note=note,
    )


def _metric_view(row: sqlite3.Row) -> MetricView:
    user_direction = row["direction"] if row["direction_source"] == "user" else None
    user_category = row["category"] if row["category_source"] == "user" else None
    stored = (row["name"], row["before_text"], row["after_text"], row["value_text"],
              user_direction, user_category, row["note"])
    memo = metric_memo.ACTIVE.get()
    if memo is None:
        return MetricView(id=row["id"], metric=_rebuilt(*stored))
    metric = memo.get(stored)
    if metric is None:
        metric = _rebuilt(*stored)
        memo.put(stored, metric)
    return MetricView(id=row["id"], metric=metric)


def _metrics_by_owner(
    conn: sqlite3.Connection, owner_column: str, owner_ids: Sequence[str]
) -> dict[str, list[MetricView]]:
    found: dict[str, list[MetricView]] = defaultdict(list)
    for start in range(0, len(owner_ids), _CHUNK):
        chunk = owner_ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT {_METRIC_COLUMNS} FROM metric WHERE {owner_column} IN ({marks})"
            " ORDER BY position",
            chunk,
        )
        for row in rows:
            found[row[owner_column]].append(_metric_view(row))
    return found


def _rows(conn: sqlite3.Connection, sql: str, params: Iterable[object] = ()) -> list[sqlite3.Row]:
    conn.row_factory = sqlite3.Row
    return conn.execute(sql, tuple(params)).fetchall()


def list_wins(conn: sqlite3.Connection, wanted: WinFilter | None = None) -> list[WinView]:
    """Wins matching the filter, newest first."""
    wanted = wanted or WinFilter()
    where: list[str] = []
    params: list[object] = []
    if wanted.since:
        where.append("w.date >= ?")
        params.append(wanted.since.isoformat())
    if wanted.until:
        where.append("w.date <= ?")
        params.append(wanted.until.isoformat())
    if wanted.project:
        where.append("(w.project_id = ? OR p.name = ?)")
        params += [wanted.project, wanted.project]
    if wanted.tag:
        where.append("EXISTS (SELECT 1 FROM json_each(w.tags) WHERE value = ? COLLATE NOCASE)")
        params.append(wanted.tag.lstrip("@#"))
    if wanted.without_tag:
        where.append("NOT EXISTS (SELECT 1 FROM json_each(w.tags)"
                     " WHERE value = ? COLLATE NOCASE)")
        params.append(wanted.without_tag.lstrip("@#"))
    if wanted.pillar:
        where.append("EXISTS (SELECT 1 FROM json_each(w.pillars) WHERE value = ?)")
        params.append(wanted.pillar)
    if wanted.with_follow_up:
        where.append("w.follow_up IS NOT NULL")
    if wanted.follow_up_by:
        where.append("w.follow_up <= ?")
        params.append(wanted.follow_up_by.isoformat())
    if wanted.text is not None:
        query = fts_query(wanted.text)
        if query is None:
            return []
        # Match in the index first, then map rowids to wins: the planner would otherwise
        # walk search_ref and probe the index once per row (0.7 s instead of 10 ms).
        where.append(
            "w.id IN (SELECT r.ref FROM search_ref r WHERE r.kind = 'win' AND r.rowid IN"
            " (SELECT rowid FROM search_index WHERE search_index MATCH ?))"
        )
        params.append(query)
    sql = (
        "SELECT w.id, w.date, w.title, w.details, w.project_id, p.name AS project_name,"
        " w.pillars, w.tags, w.links, w.follow_up, w.date_precision"
        " FROM win w LEFT JOIN project p ON p.id = w.project_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY w.date DESC, w.created_at DESC, w.id"
    )
    rows = _rows(conn, sql, params)
    metrics = _metrics_by_owner(conn, "win_id", [row["id"] for row in rows])
    return [
        WinView(
            id=row["id"],
            date=dt.date.fromisoformat(row["date"]),
            title=row["title"],
            details=row["details"],
            project_id=row["project_id"],
            project_name=row["project_name"],
            pillars=tuple(json.loads(row["pillars"])),
            tags=tuple(json.loads(row["tags"])),
            links=tuple(json.loads(row["links"])),
            metrics=tuple(metrics.get(row["id"], ())),
            follow_up=_day(row["follow_up"]),
            date_precision=row["date_precision"],
        )
        for row in rows
    ]


def get_win(conn: sqlite3.Connection, win_id: str) -> WinView | None:
    rows = _rows(conn, "SELECT date FROM win WHERE id = ?", [win_id])
    if not rows:
        return None
    day = dt.date.fromisoformat(rows[0]["date"])
    for win in list_wins(conn, WinFilter(since=day, until=day)):
        if win.id == win_id:
            return win
    return None


def list_projects(conn: sqlite3.Connection) -> list[ProjectView]:
    rows = _rows(
        conn,
        "SELECT p.*, (SELECT count(*) FROM win WHERE win.project_id = p.id) AS win_count"
        " FROM project p ORDER BY coalesce(p.start_date, '9999') DESC, p.name",
    )
    metrics = _metrics_by_owner(conn, "project_id", [row["id"] for row in rows])
    from_wins = _win_metrics_by_project(conn, [row["id"] for row in rows])
    return [
        _with_headline(ProjectView(
            id=row["id"],
            name=row["name"],
            summary=row["summary"],
            start=_day(row["start_date"]),
            end=_day(row["end_date"]),
            team_size=row["team_size"],
            scope=row["scope"],
            teams=row["teams"],
            engineers_affected=row["engineers_affected"],
            role=row["role"],
            pillars=tuple(json.loads(row["pillars"])),
            tags=tuple(json.loads(row["tags"])),
            star=Star(row["situation"], row["task"], row["action"], row["result"]),
            links=tuple(json.loads(row["links"])),
            metrics=tuple(metrics.get(row["id"], ())),
            win_count=row["win_count"],
        ), from_wins.get(row["id"], []))
        for row in rows
    ]


def _win_metrics_by_project(
    conn: sqlite3.Connection, project_ids: Sequence[str]
) -> dict[str, list[tuple[MetricView, str]]]:
    """Each project's win metrics with the win's title, newest win first."""
    found: dict[str, list[tuple[MetricView, str]]] = defaultdict(list)
    columns = ", ".join(f"m.{c.strip()}" for c in _METRIC_COLUMNS.split(","))
    for start in range(0, len(project_ids), _CHUNK):
        chunk = project_ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = _rows(conn,
            f"SELECT {columns}, w.project_id AS owner, w.title AS win_title FROM metric m"
            f" JOIN win w ON m.win_id = w.id WHERE w.project_id IN ({marks})"
            " ORDER BY w.date DESC, w.created_at DESC, w.id, m.position", chunk)
        for row in rows:
            found[row["owner"]].append((_metric_view(row), row["win_title"]))
    return found


def _with_headline(project: ProjectView, from_wins: list[tuple[MetricView, str]]) -> ProjectView:
    readings: list[tuple[Metric, tuple[MetricView, str | None]]] = [
        (view.metric, (view, None)) for view in project.metrics]
    readings += [(view.metric, (view, title)) for view, title in from_wins]
    best = headline.strongest(readings)
    if best is None:
        return project
    view, title = best[1]
    return dataclasses.replace(project, headline=view, headline_win=title)


def project_names(conn: sqlite3.Connection) -> dict[str, str]:
    """Project id → name, newest first, without loading metrics (for pickers and labels)."""
    rows = _rows(conn, "SELECT id, name FROM project"
                       " ORDER BY coalesce(start_date, '9999') DESC, name")
    return {row["id"]: row["name"] for row in rows}


def win_names(conn: sqlite3.Connection) -> dict[str, str]:
    """Win id → "date · title", newest first, without loading metrics."""
    rows = _rows(conn, "SELECT id, date, date_precision, title FROM win"
                       " ORDER BY date DESC, created_at DESC, id")
    return {row["id"]: f"{iso_dated(dt.date.fromisoformat(row['date']), row['date_precision'])}"
                       f" · {row['title']}" for row in rows}


def get_profile(conn: sqlite3.Connection) -> Profile:
    rows = _rows(conn, "SELECT * FROM profile WHERE id = 1")
    if not rows:
        return Profile()
    row = rows[0]
    return Profile(
        name=row["name"],
        company=row["company"],
        current_level=row["current_level"],
        target_level=row["target_level"],
        level_since=_day(row["level_since"]),
        company_since=_day(row["company_since"]),
        career_start=_day(row["career_start"]),
        focus_area=row["focus_area"],
        goals_this_year=row["goals_this_year"],
        goals_next_year=row["goals_next_year"],
        reminder_enabled=bool(row["reminder_enabled"]),
        reminder_day=row["reminder_day"],
        reminder_time=row["reminder_time"],
        git_repositories=_lines(row["git_repositories"]),
        git_authors=_lines(row["git_authors"]),
    )


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in text.splitlines() if line.strip())


def list_feedback(conn: sqlite3.Connection) -> list[Feedback]:
    rows = _rows(conn, "SELECT * FROM feedback ORDER BY coalesce(date, '0000') DESC, id")
    return [
        Feedback(
            id=row["id"],
            quote=row["quote"],
            from_name=row["from_name"],
            role=row["role"],
            date=_day(row["date"]),
            project_id=row["project_id"],
            win_id=row["win_id"],
        )
        for row in rows
    ]


def list_mentoring(conn: sqlite3.Connection) -> list[Mentoring]:
    rows = _rows(conn, "SELECT * FROM mentoring ORDER BY coalesce(since, '0000') DESC, id")
    return [
        Mentoring(
            id=row["id"],
            mentee=row["mentee"],
            since=_day(row["since"]),
            until=_day(row["until"]),
            outcome=row["outcome"],
            promoted=bool(row["promoted"]),
        )
        for row in rows
    ]


def search(conn: sqlite3.Connection, text: str, limit: int = 200) -> list[SearchHit]:
    """Wins, projects and feedback matching every word typed, best match first."""
    query = fts_query(text)
    if query is None:
        return []
    rows = _rows(
        conn,
        "SELECT r.kind, r.ref, search_index.title AS title,"
        " snippet(search_index, -1, '[', ']', '…', 12) AS snippet"
        " FROM search_index JOIN search_ref r ON r.rowid = search_index.rowid"
        " WHERE search_index MATCH ? ORDER BY rank LIMIT ?",
        [query, limit],
    )
    return [SearchHit(row["kind"], row["ref"], row["title"], row["snippet"]) for row in rows]


def win_dates(conn: sqlite3.Connection, since: dt.date) -> list[dt.date]:
    """The dates of the wins from `since` on (for streaks: no need for the wins)."""
    rows = conn.execute("SELECT date FROM win WHERE date >= ?", (since.isoformat(),))
    return [dt.date.fromisoformat(row[0]) for row in rows]


def known_tags(conn: sqlite3.Connection) -> list[str]:
    rows = _rows(
        conn,
        "SELECT value FROM (SELECT tags FROM win UNION ALL SELECT tags FROM project),"
        " json_each(tags) GROUP BY value COLLATE NOCASE ORDER BY count(*) DESC, value",
    )
    return [row["value"] for row in rows]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = ("win", "project", "metric", "feedback", "mentoring")
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
