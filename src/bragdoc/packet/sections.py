"""The packet's sections built from the period's records: projects with their evidence,
leadership grouped the way a committee reads it, mentees and colleagues' quotes.

Labels claim no more than the record: a group is "Incidents led" only when its wins say
so, and a project "coordinated" teams only when its role does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence

from bragdoc.domain.facts import is_mentoring
from bragdoc.domain.precision import format_dated
from bragdoc.domain.quantities import Metric
from bragdoc.domain.records import Feedback, Mentoring, ProjectView, WinView
from bragdoc.domain.vocabulary import PILLARS, SCOPE_LABELS
from bragdoc.packet.formatting import describe, format_date, format_span, plural, tidy
from bragdoc.packet.inputs import Ref
from bragdoc.packet.model import (
    EvidenceGroup,
    EvidenceItem,
    MetricLine,
    PortfolioProject,
    Quote,
    StarText,
)
from bragdoc.packet.ranking import ProjectEvidence, RankedProject

QUOTE_LIMIT = 6
LEAD_ROLE = re.compile(r"lead|owner|driver|architect|dri\b", re.I)
_COORDINATED = re.compile(r"coordinat|program manag|\bpm\b", re.I)
_LED = re.compile(r"\bled\b|\blead(?:ing)?\b|incident commander|\bic\b", re.I)
_DAYS_A_MONTH = 30.44

_GROUPS: tuple[tuple[str, str, frozenset[str], re.Pattern[str] | None], ...] = (
    ("design", "Design documents and reviews",
     frozenset({"review", "design-review", "design-doc", "architecture", "rfc", "adr",
                "design"}),
     re.compile(r"design review|architecture review|reviewed design", re.I)),
    ("talks", "Talks and presentations",
     frozenset({"talk", "talks", "presentation", "conference", "meetup"}),
     re.compile(r"\btalk\b|\bpresent(ed)?\b|\bspoke\b", re.I)),
    ("docs", "Documentation and standards",
     frozenset({"docs", "documentation", "writing", "standard", "standards", "guide",
                "runbook", "handbook"}), None),
    ("incidents", "Incident response",
     frozenset({"incident", "incidents", "postmortem", "outage", "sev"}),
     re.compile(r"\bincident|\bpostmortem|\boutage", re.I)),
    ("hiring", "Interviews and hiring",
     frozenset({"hiring", "interview", "interviews", "recruiting"}),
     re.compile(r"\binterview", re.I)),
)
GROUP_TITLES = {"mentoring": "Mentoring and coaching",
                **{key: title for key, title, _, _ in _GROUPS}, "other": "Other leadership"}


def line(metric: Metric, source: str, date: dt.date | None, ref: Ref) -> MetricLine:
    return MetricLine(metric, source, date, ref)


def evidence(project: ProjectView, wins: Sequence[WinView], until: dt.date) -> ProjectEvidence:
    metrics: list[tuple[Metric, str, str]] = [(mv.metric, "project", project.id)
                                              for mv in project.metrics]
    names = {m.name.strip().lower() for m, _, _ in metrics if m.name}
    for win in wins:  # newest first: the latest reading of a result wins
        for mv in win.metrics:
            key = mv.metric.name.strip().lower()
            if key and key in names:
                continue
            if key:
                names.add(key)
            metrics.append((mv.metric, "win", win.id))
    pillars = set(project.pillars)
    for win in wins:
        pillars.update(win.pillars)
    running = project.end is None or project.end > until
    last = None if running else project.end
    if project.end is None and project.start is None:
        running, last = False, (wins[0].date if wins else None)
    return ProjectEvidence(project, tuple(wins), tuple(metrics),
                           tuple(p for p in PILLARS if p in pillars), last, running)


def _tag_key(tag: str) -> str:
    return tag.strip().lower().replace("_", "-").replace(" ", "-")


def item(win: WinView) -> EvidenceItem:
    detail = "; ".join(describe(mv.metric) for mv in win.metrics if mv.metric.quantified)
    return EvidenceItem(format_dated(win.date, win.date_precision), win.title, detail,
                        Ref("win", win.id))


def _group_of(win: WinView) -> str | None:
    if is_mentoring(win):
        return "mentoring"
    tags = {_tag_key(t) for t in win.tags}
    for key, _, wanted, words in _GROUPS:
        if tags & wanted or (words is not None and words.search(win.title)):
            return key
    return "other" if "leadership" in win.pillars else None


def leadership(wins: Sequence[WinView]) -> tuple[EvidenceGroup, ...]:
    """Every group in a fixed order; a group without wins has no items."""
    grouped: dict[str, list[WinView]] = defaultdict(list)
    for win in sorted(wins, key=lambda w: w.date):
        key = _group_of(win)
        if key is not None:
            grouped[key].append(win)
    groups = []
    for key, title in GROUP_TITLES.items():
        found = grouped.get(key, [])
        if key == "incidents" and found and all(_LED.search(f"{w.title} {w.details}")
                                                for w in found):
            title = "Incidents led"
        groups.append(EvidenceGroup(key, title, tuple(item(w) for w in found)))
    return tuple(groups)


def mentees(mentoring: Sequence[Mentoring], since: dt.date,
            until: dt.date) -> tuple[EvidenceItem, ...]:
    items = []
    for record in sorted(mentoring, key=lambda m: (m.since or dt.date.min, m.mentee)):
        if (record.since or dt.date.min) > until or (record.until or dt.date.max) < since:
            continue
        detail = tidy(record.outcome) or ("Promoted" if record.promoted else "")
        items.append(EvidenceItem(format_span(record.since, record.until), record.mentee,
                                  detail, Ref("mentoring", record.id)))
    return tuple(items)


def quotes(feedback: Sequence[Feedback], since: dt.date, until: dt.date,
           chosen: tuple[str, ...] | None, featured: set[str],
           names: dict[str, str]) -> tuple[Quote, ...]:
    def quote(entry: Feedback) -> Quote:
        return Quote(tidy(entry.quote), tidy(entry.from_name), tidy(entry.role),
                     format_date(entry.date), names.get(entry.project_id or "", ""),
                     Ref("feedback", entry.id))

    if chosen is not None:
        by_id = {f.id: f for f in feedback}
        return tuple(quote(by_id[i]) for i in chosen if i in by_id)
    dated = [f for f in feedback if f.date is not None and since <= f.date <= until
             and f.quote.strip()]
    best = sorted(dated, key=lambda f: (f.project_id in featured, f.date), reverse=True)
    picked = sorted(best[:QUOTE_LIMIT], key=lambda f: (f.date, f.id))
    return tuple(quote(f) for f in picked)


def _teams_line(project: ProjectView) -> str:
    teams = project.teams or 0
    if _COORDINATED.search(project.role):
        return f"Coordinated work across {teams} teams"
    if LEAD_ROLE.search(project.role):
        return f"Led work across {teams} teams"
    return f"{teams} teams involved"


def _investment(project: ProjectView) -> str:
    if not (project.team_size and project.start and project.end):
        return ""
    months = max(1, round((project.end - project.start).days / _DAYS_A_MONTH))
    return f"{plural(project.team_size, 'engineer')} over {plural(months, 'month')}"


def _scope(project: ProjectView) -> str:
    scope = SCOPE_LABELS.get(project.scope, project.scope)
    if project.teams and not (project.scope == "single_team" and project.teams == 1):
        scope += f", {plural(project.teams, 'team')}"
    if project.engineers_affected:
        scope += f", {plural(project.engineers_affected, 'engineer')} affected"
    return scope


def portfolio_project(found: ProjectEvidence, ranked: RankedProject,
                      wins_by_id: dict[str, WinView]) -> PortfolioProject:
    project = found.project
    business, technical, other, leadership_metrics = [], [], [], []
    for metric, kind, owner in found.metrics:
        if not metric.quantified:
            continue
        source = project.name if kind == "project" else wins_by_id[owner].title
        date = project.end if kind == "project" else wins_by_id[owner].date
        shown = line(metric, source, date, Ref(kind, owner))
        if metric.category == "leadership":
            leadership_metrics.append(shown)
        elif shown.business:
            business.append(shown)
        elif metric.category:
            technical.append(shown)
        else:
            other.append(shown)
    led: list[str] = []
    if project.role:
        led.append(f"Role: {tidy(project.role)}")
    if project.teams and project.teams > 1:
        led.append(_teams_line(project))
    if project.engineers_affected:
        led.append(f"Work reached {project.engineers_affected:,} engineers")
    led += [shown.sentence for shown in leadership_metrics]
    led += [f"{format_dated(w.date, w.date_precision)}: {w.title}" for w in reversed(found.wins)
            if "leadership" in w.pillars]
    star = project.star
    star_text = StarText(tidy(star.situation), tidy(star.task), tidy(star.action),
                         tidy(star.result))
    return PortfolioProject(
        id=project.id, name=project.name, summary=tidy(project.summary),
        timeline=format_span(project.start, project.end),
        team_size=plural(project.team_size, "engineer") if project.team_size else "",
        scope=_scope(project), role=tidy(project.role), business_metrics=tuple(business),
        technical_metrics=tuple(technical), other_metrics=tuple(other),
        leadership=tuple(led), star=star_text if star_text.parts else None,
        wins=tuple(item(w) for w in reversed(found.wins)), rank=ranked,
        ref=Ref("project", project.id), investment=_investment(project))
