"""Plain records: what services accept (drafts) and hand out (views).

Views are frozen and detached from any database session, so the UI can keep them in
item models and the CLI can print them without holding a connection open.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from bragdoc.domain.precision import iso_dated
from bragdoc.domain.quantities import Metric


def new_id() -> str:
    """A fresh record id (random, 32 hex digits)."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class MetricView:
    id: str
    metric: Metric

    @property
    def label(self) -> str:
        """`name: summary`, the form lists show next to a title."""
        summary = self.metric.summary()
        return f"{self.metric.name}: {summary}" if self.metric.name else summary


@dataclass(frozen=True)
class Profile:
    name: str = ""
    company: str = "generic"
    current_level: str = ""
    target_level: str = ""
    level_since: dt.date | None = None
    company_since: dt.date | None = None
    career_start: dt.date | None = None
    focus_area: str = ""
    goals_this_year: str = ""
    goals_next_year: str = ""
    # The weekly reminder (see domain/reminders.py). Part of the user's routine, so it
    # lives with the profile in the database; the interchange file does not carry it.
    reminder_enabled: bool = True
    reminder_day: int = 4
    """0 is Monday … 6 is Sunday; Friday by default."""
    reminder_time: str = "16:00"
    """HH:MM, 24-hour clock, local time."""
    # What the weekly review scans for suggestions; routine too, so not interchanged.
    git_repositories: tuple[str, ...] = ()
    """Repositories, or folders holding several, as the user typed them."""
    git_authors: tuple[str, ...] = ()
    """The user's commit emails; none means every author."""


@dataclass(frozen=True)
class Star:
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""


@dataclass
class ProjectDraft:
    name: str
    summary: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    team_size: int | None = None
    scope: str = "single_team"
    teams: int | None = None
    engineers_affected: int | None = None
    role: str = ""
    pillars: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    star: Star = field(default_factory=Star)
    links: list[str] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    id: str | None = None


@dataclass(frozen=True)
class ProjectView:
    id: str
    name: str
    summary: str
    start: dt.date | None
    end: dt.date | None
    team_size: int | None
    scope: str
    teams: int | None
    engineers_affected: int | None
    role: str
    pillars: tuple[str, ...]
    tags: tuple[str, ...]
    star: Star
    links: tuple[str, ...]
    metrics: tuple[MetricView, ...]
    win_count: int = 0
    headline: MetricView | None = None
    """Its strongest result among its own metrics and its wins' (domain/headline.py)."""
    headline_win: str | None = None
    """The title of the win the headline was recorded on; None when it is the project's."""


@dataclass
class WinDraft:
    title: str
    date: dt.date
    details: str = ""
    project: str | None = None
    """A project id or name; an unknown name creates the project."""
    pillars: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    follow_up: dt.date | None = None
    id: str | None = None
    date_precision: str = "day"
    """'day', 'month' or 'year' (see domain/precision.py)."""


@dataclass(frozen=True)
class WinView:
    id: str
    date: dt.date
    title: str
    details: str
    project_id: str | None
    project_name: str | None
    pillars: tuple[str, ...]
    tags: tuple[str, ...]
    links: tuple[str, ...]
    metrics: tuple[MetricView, ...]
    follow_up: dt.date | None
    date_precision: str = "day"

    def one_line(self) -> str:
        """Date (as far as known), title and metric summaries: how a terminal or a plain
        list shows a win."""
        parts = [iso_dated(self.date, self.date_precision), self.title]
        if self.metrics:
            parts.append("[" + "; ".join(m.label for m in self.metrics) + "]")
        return "  ".join(parts)


@dataclass(frozen=True)
class Feedback:
    id: str
    quote: str
    from_name: str = ""
    role: str = ""
    date: dt.date | None = None
    project_id: str | None = None
    win_id: str | None = None
    """The win the quote is about, when the user linked one."""


@dataclass(frozen=True)
class Mentoring:
    id: str
    mentee: str
    since: dt.date | None = None
    until: dt.date | None = None
    outcome: str = ""
    promoted: bool = False


@dataclass(frozen=True)
class WinFilter:
    since: dt.date | None = None
    until: dt.date | None = None
    project: str | None = None
    tag: str | None = None
    pillar: str | None = None
    text: str | None = None
    with_follow_up: bool = False
    """Only wins that still wait for their real outcome to be recorded."""
    without_tag: str | None = None
    """Leave out wins with this tag (the packet leaves out personal ones)."""
    follow_up_by: dt.date | None = None
    """Only wins whose follow-up falls on or before this day (the outcomes due)."""


@dataclass(frozen=True)
class SearchHit:
    kind: str
    """'win', 'project' or 'feedback'."""
    id: str
    title: str
    snippet: str


def draft_from_view(win: WinView) -> WinDraft:
    """The draft that recreates a win exactly, id included (for undo and editing)."""
    return WinDraft(
        id=win.id,
        title=win.title,
        date=win.date,
        details=win.details,
        project=win.project_id,
        pillars=list(win.pillars),
        tags=list(win.tags),
        links=list(win.links),
        metrics=[m.metric for m in win.metrics],
        follow_up=win.follow_up,
        date_precision=win.date_precision,
    )


def draft_from_project(project: ProjectView) -> ProjectDraft:
    """The draft that recreates a project exactly, id included (for undo and editing)."""
    return ProjectDraft(
        id=project.id,
        name=project.name,
        summary=project.summary,
        start=project.start,
        end=project.end,
        team_size=project.team_size,
        scope=project.scope,
        teams=project.teams,
        engineers_affected=project.engineers_affected,
        role=project.role,
        pillars=list(project.pillars),
        tags=list(project.tags),
        star=project.star,
        links=list(project.links),
        metrics=[m.metric for m in project.metrics],
    )
