"""The facts a period's record supports, worked out once for everything that states them.

    facts = period_facts(wins, projects, mentoring, since, until)
    facts.mentoring.people, facts.adoption, facts.reach, facts.values

The packet's summary, its sections, the readiness page, the coach and the charts used to
count mentoring, adoption and money each in their own way, so one document could say
"no mentoring recorded" above a section listing two mentees. Everything that states one
of these facts reads it from here.

`wins` are the period's wins; `projects` the projects the period touches (the caller
decides which, with `touches_period`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from bragdoc.domain.business_value import counted_once, result_key
from bragdoc.domain.quantities import Metric
from bragdoc.domain.records import Mentoring, ProjectView, WinView

MENTORING_TAGS = frozenset({"mentoring", "mentorship", "mentor", "mentee", "coaching"})
_MENTORING_WORDS = re.compile(r"\bmentor|\bmentee|\bcoach", re.I)
_NOT_ADOPTION = re.compile(r"\bmentor|\bmentee|\bcoach|coordinat|\bhired\b|interview", re.I)
_ADOPTION_WORDS = re.compile(
    r"adopt|\busers?\b|\bcustomers?\b|\btenants?\b|migrat|onboarded|sign[- ]?ups?"
    r"|\binstalls?\b|\bdownloads?\b|\bteams\b|\bservices\b|\bengineers\b"
    r"|\brequests\b|\bcalls\b|\bqueries\b|\borgs\b|\borgani[sz]ations\b", re.I)
_REVENUE_WORDS = re.compile(r"revenue|\barr\b|\bmrr\b|sales|bookings|income|upsell", re.I)
_COUNTING_KINDS = frozenset({"count", "number", "rate"})
"""A share ("90% faster", "60% of teams") is a result; adoption is a number of users,
teams, services or requests."""


class Source(NamedTuple):
    """The record a fact came from: ('win' | 'project' | 'mentoring', id, its name)."""

    kind: str
    id: str
    name: str


class MentoringFacts(NamedTuple):
    people: int
    """Mentees in the mentoring records; without any, the largest "engineers mentored"
    figure a win or project recorded."""
    promoted: int | None
    """Known only from mentoring records."""
    activities: tuple[Source, ...]
    """Wins about mentoring or coaching (by tag, or by their title)."""
    sources: tuple[Source, ...]

    @property
    def any(self) -> bool:
        return bool(self.people or self.activities)


class Counted(NamedTuple):
    """A result counting who or what uses the work ("Teams adopting: 14")."""

    metric: Metric
    number: int
    source: Source


class Reach(NamedTuple):
    engineers: int
    """Engineers affected, summed over the period's projects that recorded it."""
    teams: int
    """The most teams any one project involved."""
    sources: tuple[Source, ...]


class Contributor(NamedTuple):
    source: Source
    amount: float


@dataclass(frozen=True)
class MoneyTotal:
    """Yearly money of one currency: revenue and savings kept apart so a sentence can
    name what there is ("savings", "revenue", or both)."""

    currency: str
    revenue: float
    savings: float
    contributors: tuple[Contributor, ...]
    """Every owner, largest first."""
    count: int

    @property
    def total(self) -> float:
        return self.revenue + self.savings

    @property
    def what(self) -> str:
        if self.revenue and self.savings:
            return "revenue and savings"
        return "revenue" if self.revenue else "savings"


@dataclass(frozen=True)
class Facts:
    mentoring: MentoringFacts
    adoption: tuple[Counted, ...]
    reach: Reach
    values: tuple[MoneyTotal, ...]


def is_mentoring(win: WinView) -> bool:
    tags = {t.strip().lower() for t in win.tags}
    return bool(tags & MENTORING_TAGS) or bool(_MENTORING_WORDS.search(win.title))


def is_revenue(metric: Metric) -> bool:
    return metric.category == "revenue" or bool(_REVENUE_WORDS.search(metric.name))


def counted(metric: Metric) -> int | None:
    """The whole number a result counts, when it counts something (not a share)."""
    if not metric.quantified or metric.kind == "text":
        return None
    side = metric.value if metric.kind == "single" else metric.after
    if side is None or side.kind not in _COUNTING_KINDS or side.value < 1:
        return None
    return int(side.value)


def is_adoption(metric: Metric) -> bool:
    """Who or what took the work up: teams, services, engineers, users, requests."""
    if counted(metric) is None or metric.category in ("cost_savings", "revenue"):
        return False
    return bool(_ADOPTION_WORDS.search(metric.name)) and not _NOT_ADOPTION.search(metric.name)


def touches_period(project: ProjectView, wins: Sequence[WinView], since: dt.date,
                   until: dt.date) -> bool:
    """A project belongs to the period when one of its wins does or its dates overlap it."""
    if wins:
        return True
    if project.start is None and project.end is None:
        return False
    start = project.start or project.end
    end = project.end or until
    return start <= until and end >= since  # type: ignore[operator]


def _owners(wins: Sequence[WinView],
            projects: Sequence[ProjectView]) -> list[tuple[Source, Iterable[Metric]]]:
    owners: list[tuple[Source, Iterable[Metric]]] = [
        (Source("project", p.id, p.name), [mv.metric for mv in p.metrics]) for p in projects]
    owners += [(Source("win", w.id, w.title), [mv.metric for mv in w.metrics]) for w in wins]
    return owners


def mentoring_facts(wins: Sequence[WinView], projects: Sequence[ProjectView],
                    mentoring: Sequence[Mentoring], since: dt.date,
                    until: dt.date) -> MentoringFacts:
    records = [m for m in mentoring
               if (m.since or dt.date.min) <= until and (m.until or dt.date.max) >= since]
    activities = tuple(Source("win", w.id, w.title)
                       for w in sorted(wins, key=lambda w: w.date) if is_mentoring(w))
    if records:
        return MentoringFacts(len(records), sum(m.promoted for m in records), activities,
                              tuple(Source("mentoring", m.id, m.mentee) for m in records))
    best = 0
    where: tuple[Source, ...] = ()
    for source, metrics in _owners(wins, projects):
        for metric in metrics:
            number = counted(metric)
            if number and _MENTORING_WORDS.search(metric.name) and number > best:
                best, where = number, (source,)
    return MentoringFacts(best, None, activities, where)


def _reach(projects: Sequence[ProjectView]) -> Reach:
    engineers = sum(p.engineers_affected or 0 for p in projects)
    teams = max((p.teams or 0 for p in projects), default=0)
    sources = tuple(Source("project", p.id, p.name) for p in projects
                    if p.engineers_affected or (p.teams or 0) > 1)
    return Reach(engineers, teams, sources)


def _project_day(project: ProjectView, wins: Sequence[WinView]) -> dt.date | None:
    dates = [w.date for w in wins if w.project_id == project.id]
    return project.end or project.start or (max(dates) if dates else None)


def _values(wins: Sequence[WinView], projects: Sequence[ProjectView], since: dt.date,
            until: dt.date) -> tuple[MoneyTotal, ...]:
    """A project's own result counts when the project's date (its end, else its start)
    falls in the period; a result recorded on a project and on one of its wins counts
    once (domain.business_value)."""
    candidates: list[tuple[Metric, str, Source]] = []
    for project in projects:
        day = _project_day(project, wins)
        if day is not None and since <= day <= until:
            source = Source("project", project.id, project.name)
            candidates += [(mv.metric, project.id, source) for mv in project.metrics]
    names = {p.id: p.name for p in projects}
    for win in wins:
        if win.project_id:
            source = Source("project", win.project_id,
                            names.get(win.project_id) or win.project_name or win.title)
        else:
            source = Source("win", win.id, win.title)
        candidates += [(mv.metric, win.project_id or win.id, source) for mv in win.metrics]
    valued = [c for c in candidates
              if c[0].counts_as_business_value and c[0].annual_value is not None]
    kept = counted_once(valued, lambda c: result_key(c[1], c[0].name, c[0].annual_value or 0))
    by_currency: dict[str, list[tuple[Metric, Source]]] = defaultdict(list)
    for metric, _, source in kept:
        side = metric.value or metric.before
        by_currency[(side.currency if side else None) or "USD"].append((metric, source))
    totals = []
    for currency, found in by_currency.items():
        per_owner: dict[Source, float] = defaultdict(float)
        revenue = savings = 0.0
        for metric, source in found:
            amount = metric.annual_value or 0.0
            per_owner[source] += amount
            if is_revenue(metric):
                revenue += amount
            else:
                savings += amount
        ranked = sorted(per_owner.items(), key=lambda kv: (-kv[1], kv[0].name))
        totals.append(MoneyTotal(currency, revenue, savings,
                                 tuple(Contributor(s, a) for s, a in ranked), len(found)))
    return tuple(sorted(totals, key=lambda v: -abs(v.total)))


def period_facts(wins: Sequence[WinView], projects: Sequence[ProjectView],
                 mentoring: Sequence[Mentoring], since: dt.date, until: dt.date) -> Facts:
    adoption = [Counted(metric, counted(metric) or 0, source)
                for source, metrics in _owners(wins, projects)
                for metric in metrics if is_adoption(metric)]
    return Facts(mentoring=mentoring_facts(wins, projects, mentoring, since, until),
                 adoption=tuple(adoption), reach=_reach(projects),
                 values=_values(wins, projects, since, until))
