"""What a packet template sees: plain dataclasses computed from plain records.

    record = PacketRecord(profile, wins_in_period, projects, feedback, mentoring, ...)
    context = build_context(record, since=..., until=..., audience="committee")

Every number here is read from the record or computed from it (the quantities engine
does the maths); nothing is made up. A part with no evidence stays empty and the
templates say so in plain words. Each item keeps a `ref` (kind + id) to the record it
came from, so the coach and the app can point a person at it.

Formatting is decided here once, so every template agrees: dates as "14 Feb 2025",
money through `format_money` ("$600K"), percentages with at most one decimal ("91.7%").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from bragdoc.domain.business_value import counted_once, result_key
from bragdoc.domain.precision import format_dated
from bragdoc.domain.quantities import Metric, format_money
from bragdoc.domain.records import Feedback, Mentoring, Profile, ProjectView, WinView
from bragdoc.domain.vocabulary import PILLAR_LABELS, PILLARS, SCOPE_LABELS, category_label
from bragdoc.packet import ranking
from bragdoc.packet.ranking import ProjectEvidence, RankedProject

AUDIENCES: tuple[str, ...] = ("committee", "executive", "product", "engineering")
AUDIENCE_LABELS: dict[str, str] = {
    "committee": "Promotion committee",
    "executive": "Executive summary",
    "product": "Product partners",
    "engineering": "Engineering peers",
}
BUSINESS_CATEGORIES = frozenset({"revenue", "cost_savings", "user_experience",
                                  "operational_efficiency"})
VISION_PROMPTS: dict[str, str] = {
    "focus_areas": "Two or three areas you would take on at the next level, one a line: "
                   "the technical bet, how you would bring other teams along, and the "
                   "platform or shared tooling it would leave behind.",
    "days_1_30": "First month: widen your view. Whom would you meet, which roadmaps and "
                 "open problems would you study, and what would you hand over?",
    "days_31_60": "Second month: set direction. Which initiative would you lead, and "
                  "which architecture or roadmap decisions would you drive?",
    "days_61_90": "Third month: make it last. What standard, platform or practice would "
                  "outlive you, and whose growth would you invest in?",
}
"""Hints the app shows where the person writes their vision; never copied into a draft."""
QUOTE_LIMIT = 6
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LEAD_ROLE = re.compile(r"lead|owner|driver|architect|dri\b", re.I)
_ADOPTION = re.compile(r"adopt|\busers?\b|\bcustomers?\b|\btenants?\b|migrat|onboard"
                       r"|sign[- ]?ups?|\binstalls?\b|\bdownloads?\b|teams (?:using|on)\b",
                       re.I)
_TEAMS = re.compile(r"\bteams?\b", re.I)


# --- formatting ------------------------------------------------------------------------


def format_date(day: dt.date | None) -> str:
    """14 Feb 2025; empty for no date."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if day else ""


def format_span(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{format_date(start)} – {format_date(end)}"
    if start:
        return f"{format_date(start)} – ongoing"
    if end:
        return f"until {format_date(end)}"
    return ""


def format_pct(value: float) -> str:
    text = f"{abs(value):,.1f}".rstrip("0").rstrip(".")
    return ("−" if value < 0 else "") + text + "%"


def format_number(value: float) -> str:
    text = f"{value:,.1f}".rstrip("0").rstrip(".")
    return text.replace("-", "−")


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def _tidy(text: str | None) -> str:
    return " ".join((text or "").split())


def _currency(metric: Metric) -> str:
    side = metric.value or metric.before
    return (side.currency if side and side.currency else None) or "USD"


def describe(metric: Metric) -> str:
    """One sentence for a result: "Deployment time reduced 91.7% (2 hours → 10 minutes),
    12× faster". Only what the quantities engine computed; text it could not read is
    said to be unquantified rather than guessed at."""
    name = metric.name or "Result"
    if not metric.quantified:
        return f"{name}: {_tidy(metric.value_text or metric.text)} (not quantified)"
    if metric.kind == "single":
        shown = metric.explain()
        return f"{metric.name}: {shown}" if metric.name else shown
    sides = f"{_tidy(metric.before_text)} → {_tidy(metric.after_text)}"
    if metric.is_new:
        return f"{name}: new ({sides})"
    improvement = metric.improvement_pct
    if improvement is None:
        if not metric.change_pct:
            return f"{name}: no change ({sides})"
        signed = ("+" if metric.change_pct > 0 else "") + format_pct(metric.change_pct)
        return f"{name} changed {signed} ({sides}); better or worse is not set"
    if improvement < 0:
        return f"{name} got worse by {format_pct(-improvement)} ({sides})"
    if improvement == 0:
        return f"{name}: no change ({sides})"
    often = "frequency" in (metric.before.kind, metric.after.kind)
    factor = metric.factor
    if metric.direction == "lower":
        text = f"{name} reduced {format_pct(improvement)} ({sides})"
        if factor:
            word = ("faster" if metric.before.kind == "duration"
                    else "less often" if often else "lower")
            text += f", {format_number(factor)}× {word}"
    elif often and factor:
        text = f"{name} {format_number(factor)}× as often ({sides})"
    else:
        text = f"{name} up {format_pct(improvement)} ({sides})"
        if factor:
            text += f", {format_number(factor)}×"
    if metric.downtime_reduction_pct is not None:
        text += f", {format_pct(metric.downtime_reduction_pct)} less downtime"
    if metric.annual_value is not None:
        text += f", {format_money(metric.annual_value, _currency(metric))} a year"
    return text


# --- inputs ------------------------------------------------------------------------------


class Ref(NamedTuple):
    """Where in the record something came from, or where to fix it."""

    kind: str
    """'win', 'project', 'feedback', 'mentoring', 'profile', 'pillar' or 'section'."""
    id: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id}


@dataclass(frozen=True)
class Vision:
    """What the person wrote about the next level; the packet never invents it."""

    focus_areas: tuple[str, ...] = ()
    days_1_30: str = ""
    days_31_60: str = ""
    days_61_90: str = ""

    @property
    def plan(self) -> tuple[tuple[str, str], ...]:
        return (("Days 1–30", _tidy(self.days_1_30)), ("Days 31–60", _tidy(self.days_31_60)),
                ("Days 61–90", _tidy(self.days_61_90)))


@dataclass(frozen=True)
class PacketChoices:
    """What the person decided in the app, passed in (the app stores it)."""

    pinned: tuple[str, ...] = ()
    """Project ids always shown in the portfolio."""
    dropped: tuple[str, ...] = ()
    """Project ids never shown."""
    order: tuple[str, ...] = ()
    """Project ids shown first, in this order."""
    quotes: tuple[str, ...] | None = None
    """Feedback ids to show, in this order; None lets the packet choose."""
    vision: Vision = field(default_factory=Vision)
    limit: int = ranking.DEFAULT_LIMIT


@dataclass(frozen=True)
class PacketRecord:
    """The plain records a packet is built from (the service reads them)."""

    profile: Profile
    wins: tuple[WinView, ...]
    """Wins inside the period."""
    projects: tuple[ProjectView, ...]
    """Every project; the period's ones are picked here."""
    feedback: tuple[Feedback, ...]
    mentoring: tuple[Mentoring, ...]
    current_title: str = ""
    """The ladder's title for the current level ("Senior Software Engineer")."""
    target_title: str = ""
    company_title: str = ""


# --- the context ---------------------------------------------------------------------------


class MetricLine:
    """One quantified result as the templates show it. The words are worked out when a
    template first asks for them: a long period has thousands of results and most
    audiences show only a few."""

    __slots__ = ("__dict__", "annual_value", "business", "category", "category_label",
                 "date", "direction", "improvement", "kind", "metric", "name", "ref",
                 "source")

    def __init__(self, metric: Metric, source: str, date: dt.date | None, ref: Ref) -> None:
        self.metric = metric
        self.name = metric.name or "Result"
        self.kind = metric.kind
        self.category = metric.category or ""
        self.category_label = category_label(self.category)
        self.direction = metric.direction
        self.improvement = metric.improvement_pct
        """The computed improvement in percent (None when there is none to compute)."""
        value = metric.counts_as_business_value
        self.business = metric.quantified and (self.category in BUSINESS_CATEGORIES or value)
        self.annual_value = metric.annual_value if value else None
        self.source = source
        """The project name or win title it was recorded on."""
        self.date = date
        self.ref = ref

    @functools.cached_property
    def sentence(self) -> str:
        """describe(): the result in words with its computed improvement."""
        return describe(self.metric)

    @functools.cached_property
    def summary(self) -> str:
        return self.metric.summary()

    @property
    def before(self) -> str:
        return _tidy(self.metric.before_text) if self.kind == "change" else ""

    @property
    def after(self) -> str:
        metric = self.metric
        return _tidy(metric.after_text if self.kind == "change" else metric.value_text)

    @property
    def change(self) -> str:
        """The computed change ("91.7% faster", "$600K/year"); empty when it would only
        repeat the value."""
        return "" if self.summary == self.after else self.summary

    @property
    def weight(self) -> float:
        """For sorting the strongest first: yearly value, then improvement."""
        return (abs(self.annual_value or 0.0) * 1e3) + (self.improvement or 0.0)

    def __repr__(self) -> str:
        return f"MetricLine({self.metric.text!r}, {self.source!r})"


class Contributor(NamedTuple):
    name: str
    amount: str
    ref: Ref


class ValueTotal(NamedTuple):
    currency: str
    total: float
    amount: str
    contributors: tuple[Contributor, ...]
    count: int


class Initiative(NamedTuple):
    name: str
    engineers: int | None
    ref: Ref


class Adoption(NamedTuple):
    text: str
    teams: int
    ref: Ref


class KeyAchievements(NamedTuple):
    initiatives: tuple[Initiative, ...]
    engineers_affected: int
    """Sum over the initiatives that recorded a number."""
    values: tuple[ValueTotal, ...]
    mentored: int
    promoted: int
    adoptions: tuple[Adoption, ...]

    @property
    def empty(self) -> bool:
        return not (self.initiatives or self.values or self.mentored or self.adoptions)


class Summary(NamedTuple):
    name: str
    current_role: str
    target_role: str
    years_total: int | None
    years_company: int | None
    company: str
    focus_area: str


class StarText(NamedTuple):
    situation: str
    task: str
    action: str
    result: str

    @property
    def parts(self) -> tuple[tuple[str, str], ...]:
        return tuple((label, text) for label, text in (
            ("Situation", self.situation), ("Task", self.task), ("Action", self.action),
            ("Result", self.result)) if text)


class EvidenceItem(NamedTuple):
    date: str
    text: str
    detail: str
    ref: Ref


class PortfolioProject(NamedTuple):
    id: str
    name: str
    summary: str
    timeline: str
    team_size: str
    scope: str
    role: str
    business_metrics: tuple[MetricLine, ...]
    technical_metrics: tuple[MetricLine, ...]
    other_metrics: tuple[MetricLine, ...]
    """Quantified results no category fits ("Attendees: 400")."""
    leadership: tuple[str, ...]
    star: StarText | None
    wins: tuple[EvidenceItem, ...]
    rank: RankedProject
    ref: Ref

    @property
    def metrics(self) -> tuple[MetricLine, ...]:
        return self.business_metrics + self.technical_metrics + self.other_metrics

    @property
    def headline(self) -> MetricLine | None:
        """Its strongest result: business first, then technical, then any."""
        for lines in (self.business_metrics, self.technical_metrics, self.other_metrics):
            if lines:
                return max(lines, key=lambda line: line.weight)
        return None


class EvidenceGroup(NamedTuple):
    key: str
    title: str
    items: tuple[EvidenceItem, ...]


class Quote(NamedTuple):
    text: str
    who: str
    role: str
    date: str
    project: str
    ref: Ref


class VisionSection(NamedTuple):
    focus_areas: tuple[str, ...]
    plan: tuple[tuple[str, str], ...]
    """(label, text) for the three 30-day steps; text empty when not written."""

    @property
    def has_focus(self) -> bool:
        return bool(self.focus_areas)

    @property
    def has_plan(self) -> bool:
        return any(text for _, text in self.plan)

    @property
    def empty(self) -> bool:
        return not (self.has_focus or self.has_plan)


@dataclass(frozen=True)
class PacketContext:
    audience: str
    audience_label: str
    today: dt.date
    since: dt.date
    until: dt.date
    period: str
    summary: Summary
    achievements: KeyAchievements
    portfolio: tuple[PortfolioProject, ...]
    ranking: tuple[RankedProject, ...]
    """Every project of the period, best first, with why (selected or not)."""
    leadership: tuple[EvidenceGroup, ...]
    mentees: tuple[EvidenceItem, ...]
    quotes: tuple[Quote, ...]
    vision: VisionSection
    metrics: tuple[MetricLine, ...]
    """Every quantified result of the period (wins and the period's projects)."""
    user_facing: tuple[MetricLine, ...]
    adoption: tuple[MetricLine, ...]
    risk: tuple[MetricLine, ...]
    architecture: tuple[EvidenceItem, ...]
    win_count: int
    pillar_counts: dict[str, int]
    empty_sections: tuple[str, ...]
    """Keys of sections with no evidence: see SECTION_TITLES."""
    ladder_label: str = ""
    """e.g. "Google L6", when the profile names a ladder level the app knows."""
    ladder_appendix: tuple[Any, ...] = ()
    """`ladder_appendix.AppendixRow`s, filled in by the packet service."""

    @property
    def pillars(self) -> tuple[tuple[str, int], ...]:
        return tuple((PILLAR_LABELS[p], self.pillar_counts.get(p, 0)) for p in PILLARS)


SECTION_TITLES: dict[str, str] = {
    "achievements": "Key achievements",
    "portfolio": "Technical impact portfolio",
    "leadership": "Leadership and influence",
    "quotes": "What colleagues say",
    "vision": "Future vision and readiness",
}


# --- building it ------------------------------------------------------------------------


def _years(start: dt.date | None, until: dt.date) -> int | None:
    if start is None or start > until:
        return None
    years = until.year - start.year - ((until.month, until.day) < (start.month, start.day))
    return years


def _role(level: str, title: str) -> str:
    if level and title and title.lower() != level.lower():
        return f"{title} ({level})"
    return level or title


def _line(metric: Metric, source: str, date: dt.date | None, ref: Ref) -> MetricLine:
    return MetricLine(metric, source, date, ref)


def _in_period(project: ProjectView, wins: Sequence[WinView], since: dt.date,
               until: dt.date) -> bool:
    if wins:
        return True
    if project.start is None and project.end is None:
        return False
    start = project.start or project.end
    end = project.end or until
    return start <= until and end >= since


def _evidence(project: ProjectView, wins: Sequence[WinView], until: dt.date) -> ProjectEvidence:
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


def _project_date(evidence: ProjectEvidence) -> dt.date | None:
    project = evidence.project
    return project.end or project.start or (evidence.wins[0].date if evidence.wins else None)


def _business_values(record: PacketRecord, evidence: Sequence[ProjectEvidence],
                     since: dt.date, until: dt.date,
                     names: dict[str, str]) -> tuple[ValueTotal, ...]:
    """Yearly revenue and savings of the period. A project's own result counts when the
    project's date (its end, else its start) falls in the period; the same result
    recorded on the project and on one of its wins counts once (domain.business_value)."""
    candidates: list[tuple[Metric, str, str, Ref]] = []  # metric, owner, name, ref
    for item in evidence:
        day = _project_date(item)
        if day is not None and since <= day <= until:
            candidates.extend((mv.metric, item.project.id, item.project.name,
                               Ref("project", item.project.id))
                              for mv in item.project.metrics)
    for win in record.wins:
        name = names.get(win.project_id or "", "") or win.title
        ref = Ref("project", win.project_id) if win.project_id else Ref("win", win.id)
        candidates.extend((mv.metric, win.project_id or win.id, name, ref)
                          for mv in win.metrics)
    valued = [c for c in candidates
              if c[0].counts_as_business_value and c[0].annual_value is not None]
    items = [(metric, name, ref) for metric, _, name, ref in counted_once(
        valued, lambda c: result_key(c[1], c[0].name, c[0].annual_value or 0.0))]

    by_currency: dict[str, list[tuple[Metric, str, Ref]]] = defaultdict(list)
    for metric, name, ref in items:
        by_currency[_currency(metric)].append((metric, name, ref))
    totals = []
    for currency, found in by_currency.items():
        per_name: dict[str, tuple[float, Ref]] = {}
        for metric, name, ref in found:
            amount, _ = per_name.get(name, (0.0, ref))
            per_name[name] = (amount + (metric.annual_value or 0.0), ref)
        top = sorted(per_name.items(), key=lambda kv: (-kv[1][0], kv[0]))[:3]
        total = sum(metric.annual_value or 0.0 for metric, _, _ in found)
        totals.append(ValueTotal(
            currency, total, format_money(total, currency),
            tuple(Contributor(name, format_money(amount, currency), ref)
                  for name, (amount, ref) in top), len(found)))
    return tuple(sorted(totals, key=lambda v: -abs(v.total)))


def _adoptions(record: PacketRecord, evidence: Sequence[ProjectEvidence]) -> tuple[Adoption, ...]:
    """Standards or tools taken up by other teams: a leadership result with "adopt" in
    its name ("Teams adopting the pipeline: 14"), or a result counting teams on a win or
    project tagged `standard`."""
    found: list[Adoption] = []
    owners: list[tuple[Iterable[Metric], tuple[str, ...], str, Ref]] = [
        ([mv.metric for mv in e.project.metrics], e.project.tags, e.project.name,
         Ref("project", e.project.id)) for e in evidence]
    owners += [([mv.metric for mv in w.metrics], w.tags, w.title, Ref("win", w.id))
               for w in record.wins]
    for metrics, tags, source, ref in owners:
        standard = any(t.strip().lower() in ("standard", "standards") for t in tags)
        for metric in metrics:
            if not metric.quantified:
                continue
            adopted = metric.category == "leadership" and "adopt" in metric.name.lower()
            if not (adopted or (standard and _TEAMS.search(f"{metric.name} {metric.text}"))):
                continue
            side = metric.value if metric.kind == "single" else metric.after
            if side is None or side.kind != "count":
                continue
            teams = int(side.value)
            if teams <= 0:
                continue
            found.append(Adoption(f"{source}: {describe(metric)}", teams, ref))
    return tuple(found)


_GROUPS: tuple[tuple[str, str, frozenset[str], re.Pattern[str] | None], ...] = (
    ("mentoring", "Mentoring and coaching",
     frozenset({"mentoring", "mentorship", "coaching", "onboarding", "pairing", "mentor"}),
     re.compile(r"\bmentor|\bcoach|\bonboard|\bpaired\b", re.I)),
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
    ("incidents", "Incidents led",
     frozenset({"incident", "incidents", "postmortem", "outage", "sev"}),
     re.compile(r"\bincident|\bpostmortem|\boutage", re.I)),
    ("hiring", "Interviews and hiring",
     frozenset({"hiring", "interview", "interviews", "recruiting"}),
     re.compile(r"\binterview", re.I)),
)


def _tag_key(tag: str) -> str:
    return tag.strip().lower().replace("_", "-").replace(" ", "-")


def _item(win: WinView) -> EvidenceItem:
    detail = "; ".join(describe(mv.metric) for mv in win.metrics if mv.metric.quantified)
    return EvidenceItem(format_dated(win.date, win.date_precision), win.title, detail,
                        Ref("win", win.id))


def _leadership(wins: Sequence[WinView]) -> tuple[EvidenceGroup, ...]:
    grouped: dict[str, list[EvidenceItem]] = defaultdict(list)
    for win in sorted(wins, key=lambda w: w.date):
        tags = {_tag_key(t) for t in win.tags}
        for key, _, wanted, words in _GROUPS:
            if tags & wanted or (words is not None and words.search(win.title)):
                grouped[key].append(_item(win))
                break
        else:
            if "leadership" in win.pillars:
                grouped["other"].append(_item(win))
    groups = [EvidenceGroup(key, title, tuple(grouped.get(key, ())))
              for key, title, _, _ in _GROUPS]
    groups.append(EvidenceGroup("other", "Other leadership", tuple(grouped.get("other", ()))))
    return tuple(groups)


def _mentees(mentoring: Sequence[Mentoring], since: dt.date,
             until: dt.date) -> tuple[tuple[EvidenceItem, ...], int, int]:
    items = []
    promoted = 0
    for record in sorted(mentoring, key=lambda m: (m.since or dt.date.min, m.mentee)):
        start = record.since or dt.date.min
        end = record.until or dt.date.max
        if start > until or end < since:
            continue
        promoted += record.promoted
        detail = _tidy(record.outcome)
        if record.promoted and not detail:
            detail = "Promoted"
        span = format_span(record.since, record.until)
        items.append(EvidenceItem(span, record.mentee, detail, Ref("mentoring", record.id)))
    return tuple(items), len(items), promoted


def _quotes(feedback: Sequence[Feedback], since: dt.date, until: dt.date,
            chosen: tuple[str, ...] | None, featured: set[str],
            names: dict[str, str]) -> tuple[Quote, ...]:
    def quote(item: Feedback) -> Quote:
        return Quote(_tidy(item.quote), _tidy(item.from_name), _tidy(item.role),
                     format_date(item.date), names.get(item.project_id or "", ""),
                     Ref("feedback", item.id))

    if chosen is not None:
        by_id = {f.id: f for f in feedback}
        return tuple(quote(by_id[i]) for i in chosen if i in by_id)
    dated = [f for f in feedback if f.date is not None and since <= f.date <= until
             and f.quote.strip()]
    best = sorted(dated, key=lambda f: (f.project_id in featured, f.date), reverse=True)
    picked = sorted(best[:QUOTE_LIMIT], key=lambda f: (f.date, f.id))
    return tuple(quote(f) for f in picked)


def _portfolio_project(evidence: ProjectEvidence, ranked: RankedProject,
                       wins_by_id: dict[str, WinView]) -> PortfolioProject:
    project = evidence.project
    business, technical, other, leadership_metrics = [], [], [], []
    for metric, kind, owner in evidence.metrics:
        if not metric.quantified:
            continue
        source = project.name if kind == "project" else wins_by_id[owner].title
        date = project.end if kind == "project" else wins_by_id[owner].date
        line = _line(metric, source, date, Ref(kind, owner))
        if metric.category == "leadership":
            leadership_metrics.append(line)
        elif line.business:
            business.append(line)
        elif metric.category:
            technical.append(line)
        else:
            other.append(line)
    leadership: list[str] = []
    if project.role:
        leadership.append(f"Role: {_tidy(project.role)}")
    if project.teams and project.teams > 1:
        leadership.append(f"Coordinated work across {project.teams} teams")
    if project.engineers_affected:
        leadership.append(f"Work reached {project.engineers_affected:,} engineers")
    leadership += [line.sentence for line in leadership_metrics]
    leadership += [f"{format_date(w.date)}: {w.title}" for w in reversed(evidence.wins)
                   if "leadership" in w.pillars]
    star = project.star
    star_text = StarText(_tidy(star.situation), _tidy(star.task), _tidy(star.action),
                         _tidy(star.result))
    scope = SCOPE_LABELS.get(project.scope, project.scope)
    if project.teams and not (project.scope == "single_team" and project.teams == 1):
        scope += f", {plural(project.teams, 'team')}"
    if project.engineers_affected:
        scope += f", {plural(project.engineers_affected, 'engineer')} affected"
    return PortfolioProject(
        id=project.id, name=project.name, summary=_tidy(project.summary),
        timeline=format_span(project.start, project.end),
        team_size=plural(project.team_size, "engineer") if project.team_size else "",
        scope=scope, role=_tidy(project.role), business_metrics=tuple(business),
        technical_metrics=tuple(technical), other_metrics=tuple(other),
        leadership=tuple(leadership),
        star=star_text if star_text.parts else None,
        wins=tuple(_item(w) for w in reversed(evidence.wins)), rank=ranked,
        ref=Ref("project", project.id))


def build_context(record: PacketRecord, *, since: dt.date, until: dt.date,
                  audience: str = "committee", today: dt.date | None = None,
                  choices: PacketChoices | None = None) -> PacketContext:
    choices = choices or PacketChoices()
    today = today or until
    wins = tuple(w for w in record.wins if since <= w.date <= until)
    wins_by_project: dict[str, list[WinView]] = defaultdict(list)
    for win in sorted(wins, key=lambda w: w.date, reverse=True):
        if win.project_id:
            wins_by_project[win.project_id].append(win)
    names = {p.id: p.name for p in record.projects}
    evidence = [_evidence(p, wins_by_project.get(p.id, ()), until) for p in record.projects
                if _in_period(p, wins_by_project.get(p.id, ()), since, until)]
    everyone, shown = ranking.rank(evidence, since, until, pinned=choices.pinned,
                                   dropped=choices.dropped, order=choices.order,
                                   limit=choices.limit)
    by_id = {e.project.id: e for e in evidence}
    wins_by_id = {w.id: w for w in wins}
    portfolio = tuple(_portfolio_project(by_id[r.project_id], r, wins_by_id) for r in shown)

    initiatives = tuple(
        Initiative(e.project.name, e.project.engineers_affected, Ref("project", e.project.id))
        for e in sorted(evidence, key=lambda e: (e.project.start or dt.date.min, e.project.name))
        if e.project.scope in ("cross_team", "org_wide") and _LEAD_ROLE.search(e.project.role))
    mentees, mentored, promoted = _mentees(record.mentoring, since, until)
    achievements = KeyAchievements(
        initiatives=initiatives,
        engineers_affected=sum(i.engineers or 0 for i in initiatives),
        values=_business_values(record, evidence, since, until, names),
        mentored=mentored, promoted=promoted, adoptions=_adoptions(record, evidence))

    profile = record.profile
    summary = Summary(
        name=_tidy(profile.name), current_role=_role(profile.current_level,
                                                     record.current_title),
        target_role=_role(profile.target_level, record.target_title),
        years_total=_years(profile.career_start, until),
        years_company=_years(profile.company_since, until),
        company=record.company_title, focus_area=_tidy(profile.focus_area))

    metrics: list[MetricLine] = []
    seen: set[tuple[str, str]] = set()
    for e in evidence:
        for metric, kind, owner in e.metrics:
            if metric.quantified and kind == "project" and (owner, metric.text) not in seen:
                seen.add((owner, metric.text))
                metrics.append(_line(metric, e.project.name, e.project.end,
                                     Ref("project", owner)))
    for win in sorted(wins, key=lambda w: w.date):
        for mv in win.metrics:
            if mv.metric.quantified:
                # The table prints a full day: leave it blank rather than make one up.
                day = win.date if win.date_precision == "day" else None
                metrics.append(_line(mv.metric, win.title, day, Ref("win", win.id)))
    metrics.sort(key=lambda m: (m.date or until, m.source.lower()))

    leadership = _leadership(wins)
    featured = {p.id for p in portfolio}
    quotes = _quotes(record.feedback, since, until, choices.quotes, featured, names)
    vision = VisionSection(tuple(t for t in (_tidy(a) for a in choices.vision.focus_areas) if t),
                           choices.vision.plan)
    pillar_counts = {p: sum(p in w.pillars for w in wins) for p in PILLARS}
    architecture = tuple(_item(w) for w in sorted(wins, key=lambda w: w.date)
                         if "system_design" in w.pillars)
    empty = []
    if achievements.empty:
        empty.append("achievements")
    if not portfolio:
        empty.append("portfolio")
    if not mentees and not any(g.items for g in leadership):
        empty.append("leadership")
    if not quotes:
        empty.append("quotes")
    if vision.empty:
        empty.append("vision")
    return PacketContext(
        audience=audience, audience_label=AUDIENCE_LABELS.get(audience, audience),
        today=today, since=since, until=until,
        period=f"{format_date(since)} – {format_date(until)}", summary=summary,
        achievements=achievements, portfolio=portfolio, ranking=tuple(everyone),
        leadership=leadership, mentees=mentees, quotes=quotes, vision=vision,
        metrics=tuple(metrics),
        user_facing=tuple(m for m in metrics
                          if m.category in ("user_experience", "performance")),
        adoption=tuple(m for m in metrics if _ADOPTION.search(m.name)),
        risk=tuple(m for m in metrics if m.category == "reliability"),
        architecture=architecture, win_count=len(wins), pillar_counts=pillar_counts,
        empty_sections=tuple(empty))
