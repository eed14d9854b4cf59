"""The plain data every chart draws from: one period of the record, already filtered.

Nothing here imports matplotlib, so services can build these records (and the GUI can
hold them) without paying for the plotting library. `ImpactService.data()` fills them
from the database; tests and other callers can build them by hand.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from bragdoc.domain.quantities import Metric, build_metric


@dataclass(frozen=True)
class ImpactWin:
    id: str
    date: dt.date
    title: str
    pillars: tuple[str, ...] = ()
    project_id: str | None = None
    project_name: str | None = None


@dataclass(frozen=True)
class ImpactProject:
    """A project touching the period. `start`/`end` are as recorded (either may be missing);
    `first_win`/`last_win` span all its wins (not only the period's), so a project without
    dates can still be placed on a timeline. `win_ids` are its wins inside the period."""

    id: str
    name: str
    scope: str = "single_team"
    start: dt.date | None = None
    end: dt.date | None = None
    first_win: dt.date | None = None
    last_win: dt.date | None = None
    win_ids: tuple[str, ...] = ()
    pillars: tuple[str, ...] = ()

    def span(self, until: dt.date) -> tuple[dt.date, dt.date] | None:
        """(first day, last day) the project ran; None when nothing dates it. A project
        without an end is ongoing: it runs to `until` (the period's end)."""
        start = self.start or self.first_win
        if start is None:
            return None
        end = self.end or max(until, self.last_win or start)
        return start, max(start, end)

    @property
    def ongoing(self) -> bool:
        return self.end is None


@functools.lru_cache(maxsize=20_000)
def _rebuilt(*typed: str | None) -> Metric:
    name, before, after, value, direction, category, note = typed
    return build_metric(name or "", before=before, after=after, value=value,
                        direction=direction, category=category, note=note)


@dataclass(frozen=True)
class ImpactMetric:
    """One quantified metric of the period, with the numbers charts need.

    `before`/`after`/`value` are the parser's normalised amounts (same unit on both sides),
    so `after / before` is a true ratio. The display texts come from rebuilding the metric
    from what was typed (`typed`: name, before, after, value, user direction, user category,
    note) only when a chart shows it, because rebuilding every metric of a ten-year record
    costs most of a second.
    """

    id: str
    date: dt.date
    name: str
    kind: str  # "change" or "single"
    typed: tuple[str | None, ...]
    before: float | None = None
    after: float | None = None
    value: float | None = None
    category: str | None = None
    improvement_pct: float | None = None
    factor: float | None = None
    annual_value: float | None = None
    currency: str | None = None
    business_value: bool = False
    is_new: bool = False
    win_id: str | None = None
    project_id: str | None = None
    project_name: str | None = None

    @classmethod
    def from_metric(cls, metric: Metric, *, id: str, date: dt.date, win_id: str | None = None,
                    project_id: str | None = None,
                    project_name: str | None = None) -> ImpactMetric:
        """From a parsed metric (tests, or callers that already hold one)."""
        side = metric.value or metric.before
        return cls(
            id=id, date=date, name=metric.name, kind=metric.kind,
            typed=(metric.name, metric.before_text, metric.after_text, metric.value_text,
                   metric.direction if metric.direction_source == "user" else None,
                   metric.category if metric.category_source == "user" else None,
                   metric.note),
            before=metric.before.value if metric.before else None,
            after=metric.after.value if metric.after else None,
            value=metric.value.value if metric.value else None,
            category=metric.category, improvement_pct=metric.improvement_pct,
            factor=metric.factor, annual_value=metric.annual_value,
            currency=side.currency if side else None,
            business_value=metric.counts_as_business_value, is_new=metric.is_new,
            win_id=win_id, project_id=project_id, project_name=project_name,
        )

    @property
    def metric(self) -> Metric:
        return _rebuilt(*self.typed)

    def summary(self) -> str:
        """The computed improvement as lists show it: "91.7% faster", "$600K/year"…"""
        return self.metric.summary()

    def sides(self) -> str:
        """What was typed on each side, "2.4s → 0.6s" (or the single value)."""
        metric = self.metric
        if metric.kind == "change":
            return f"{metric.before_text} → {metric.after_text}"
        return metric.value_text or metric.text


@dataclass(frozen=True)
class ImpactData:
    """One period of the record: its wins, the projects touching it and its metrics
    (those of its wins, and project metrics dated inside it)."""

    since: dt.date
    until: dt.date
    wins: tuple[ImpactWin, ...] = ()
    projects: tuple[ImpactProject, ...] = ()
    metrics: tuple[ImpactMetric, ...] = ()

    def wins_of_project(self, project_id: str | None) -> tuple[str, ...]:
        if project_id is None:
            return ()
        for project in self.projects:
            if project.id == project_id:
                return project.win_ids
        return tuple(w.id for w in self.wins if w.project_id == project_id)

    def wins_behind(self, metric: ImpactMetric) -> tuple[str, ...]:
        """The wins a metric stands for: its own win, or its project's wins in the period."""
        if metric.win_id is not None:
            return (metric.win_id,)
        return self.wins_of_project(metric.project_id)
