"""What the impact charts read: one period of the record as plain `ImpactData`.

    data = ImpactService(db).data(since, until)
    figure = bragdoc.charts.render_chart("cadence", data)

Reading does not import matplotlib: `bragdoc.charts.data` holds only dataclasses.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import TYPE_CHECKING

from bragdoc.charts.data import ImpactData, ImpactMetric, ImpactProject, ImpactWin
from bragdoc.domain.errors import InvalidInput
from bragdoc.services.clock import Clock, system_clock
from bragdoc.store import impact_reads, reads
from bragdoc.store.database import Database

if TYPE_CHECKING:
    from bragdoc.services.ladders import LadderService

__all__ = ["ImpactData", "ImpactMetric", "ImpactProject", "ImpactService", "ImpactWin"]


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _metric(row: sqlite3.Row, date: dt.date) -> ImpactMetric:
    return ImpactMetric(
        id=row["id"], date=date, name=row["name"], kind=row["kind"],
        typed=(row["name"], row["before_text"], row["after_text"], row["value_text"],
               row["direction"] if row["direction_source"] == "user" else None,
               row["category"] if row["category_source"] == "user" else None,
               row["note"]),
        before=row["before_value"], after=row["after_value"], value=row["value"],
        category=row["category"], improvement_pct=row["improvement_pct"],
        factor=row["factor"], annual_value=row["annual_value"], currency=row["currency"],
        business_value=bool(row["business_value"]), is_new=bool(row["is_new"]),
        win_id=row["win_id"], project_id=row["owner_project_id"], project_name=row["project_name"],
    )


class ImpactService:
    def __init__(self, db: Database, *, clock: Clock = system_clock,
                 ladders: LadderService | None = None) -> None:
        self.db = db
        self.clock = clock
        self._ladders = ladders

    def expected_balance(self) -> tuple[dict[str, float], str] | None:
        """What the profile's target level expects per pillar (for the balance chart), and
        a label naming it; None when no ladder level is set or the ladder cannot be read."""
        from bragdoc.domain.ladders import expected_pillar_profile
        from bragdoc.services.ladders import LadderService

        ladders = self._ladders or LadderService()
        with self.db.reading() as conn:
            profile = reads.get_profile(conn)
        level = profile.target_level or profile.current_level
        if not level:
            return None
        try:
            ladder = ladders.get(profile.company)
            return expected_pillar_profile(ladder, level), f"{ladder.title} {level} expects"
        except InvalidInput:
            return None

    def data(self, since: dt.date | None = None, until: dt.date | None = None,
             *, today: dt.date | None = None) -> ImpactData:
        """The record between `since` and `until` (both included). Without `until` the
        period ends today; without `since` it starts at the first dated thing recorded."""
        today = today or self.clock().date()
        with self.db.reading() as conn:
            if since is None:
                first, _ = impact_reads.record_bounds(conn)
                since = min(first, until or today) if first else (until or today)
            until = until or max(today, since)
            if since > until:
                raise InvalidInput(f"the period starts ({since}) after it ends ({until})")
            win_rows = impact_reads.period_wins(conn, since, until)
            project_rows = impact_reads.projects_with_win_span(conn)
            win_metric_rows = impact_reads.period_win_metrics(conn, since, until)
            project_metric_rows = impact_reads.project_metrics(conn)

        wins = tuple(
            ImpactWin(id=row["id"], date=dt.date.fromisoformat(row["date"]), title=row["title"],
                      pillars=tuple(json.loads(row["pillars"])), project_id=row["project_id"],
                      project_name=row["project_name"])
            for row in win_rows
        )
        by_project: dict[str, list[str]] = {}
        for win in wins:
            if win.project_id is not None:
                by_project.setdefault(win.project_id, []).append(win.id)

        projects: list[ImpactProject] = []
        project_dates: dict[str, dt.date] = {}
        for row in project_rows:
            project = ImpactProject(
                id=row["id"], name=row["name"], scope=row["scope"],
                start=_day(row["start_date"]), end=_day(row["end_date"]),
                first_win=_day(row["first_win"]), last_win=_day(row["last_win"]),
                win_ids=tuple(by_project.get(row["id"], ())),
                pillars=tuple(json.loads(row["pillars"] or "[]")),
            )
            dated = project.end or project.start or project.last_win
            if dated is not None:
                project_dates[project.id] = dated
            span = project.span(until)
            overlaps = span is not None and span[0] <= until and span[1] >= since
            if overlaps or project.win_ids:
                projects.append(project)

        metrics = [_metric(row, dt.date.fromisoformat(row["owner_date"]))
                   for row in win_metric_rows]
        for row in project_metric_rows:
            day = project_dates.get(row["project_id"])
            if day is not None and since <= day <= until:
                metrics.append(_metric(row, day))
        metrics.sort(key=lambda m: m.date)
        return ImpactData(since=since, until=until, wins=wins, projects=tuple(projects),
                          metrics=tuple(metrics))
