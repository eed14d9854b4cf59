"""What a packet template sees: plain values, each keeping a `ref` to the record it came
from so the coach and the app can point a person at it. Nothing here states a gap: an
empty part is simply empty, and the templates leave it out."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any, NamedTuple

from bragdoc.domain import headline
from bragdoc.domain.facts import Facts
from bragdoc.domain.quantities import Metric
from bragdoc.domain.vocabulary import PILLAR_LABELS, PILLARS, category_label
from bragdoc.packet.formatting import describe, tidy
from bragdoc.packet.inputs import Ref
from bragdoc.packet.ranking import RankedProject


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
        self.business = headline.is_business(metric)
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
        return tidy(self.metric.before_text) if self.kind == "change" else ""

    @property
    def after(self) -> str:
        metric = self.metric
        return tidy(metric.after_text if self.kind == "change" else metric.value_text)

    @property
    def change(self) -> str:
        """The computed change ("91.7% faster", "$600K/year"); empty when it would only
        repeat the value."""
        return "" if self.summary == self.after else self.summary

    @property
    def weight(self) -> float:
        """For sorting the strongest first: yearly value, then improvement."""
        return headline.weight(self.metric)

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
    """The three largest."""
    results: int
    """How many measured results add up to the total."""
    what: str
    """"revenue and savings", "revenue" or "savings": only what the record holds."""
    owners: int
    """How many projects or wins the money came from."""


class Initiative(NamedTuple):
    name: str
    engineers: int | None
    ref: Ref


class Adoption(NamedTuple):
    text: str
    teams: int
    """The number the result counts (teams, services, engineers, requests…)."""
    ref: Ref


class KeyAchievements(NamedTuple):
    initiatives: tuple[Initiative, ...]
    engineers_affected: int
    """Sum over the initiatives that recorded a number."""
    values: tuple[ValueTotal, ...]
    mentored: int
    promoted: int | None
    """None when only a win's figure says engineers were mentored."""
    mentoring_activities: int
    adoptions: tuple[Adoption, ...]

    @property
    def empty(self) -> bool:
        return not (self.initiatives or self.values or self.mentored
                    or self.mentoring_activities or self.adoptions)


class Summary(NamedTuple):
    name: str
    current_role: str
    target_role: str
    years_total: float | None
    years_company: float | None
    experience: str
    """"almost 10 years in the industry, 6 years at Google"; empty when undated."""
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
    investment: str = ""
    """"6 engineers over 6 months", when the record has both."""

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

    @property
    def returns(self) -> str:
        """The yearly money it brought, in words, when it brought any."""
        valued = [line for line in self.metrics if line.annual_value]
        return max(valued, key=lambda line: line.weight).sentence if valued else ""


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
    goals: tuple[tuple[str, str], ...] = ()
    """The profile's goals ("This year", text), used when nothing else is written."""

    @property
    def has_focus(self) -> bool:
        return bool(self.focus_areas)

    @property
    def has_plan(self) -> bool:
        return any(text for _, text in self.plan)

    @property
    def written(self) -> bool:
        """The Vision tab holds something."""
        return self.has_focus or self.has_plan

    @property
    def empty(self) -> bool:
        return not (self.written or self.goals)

    @property
    def next_step(self) -> str:
        """The first thing the person would do next, in their own words."""
        for text in (self.plan[0][1] if self.plan else "",
                     self.focus_areas[0] if self.focus_areas else "",
                     *(text for _, text in self.goals)):
            if text:
                return text
        return ""


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
    """Results end users feel: experience and performance."""
    for_engineers: tuple[MetricLine, ...]
    """Results the engineers using a platform feel: productivity and reliability."""
    adoption: tuple[MetricLine, ...]
    risk: tuple[MetricLine, ...]
    architecture: tuple[EvidenceItem, ...]
    win_count: int
    pillar_counts: dict[str, int]
    empty_sections: tuple[str, ...]
    """Keys of sections with no evidence: see SECTION_TITLES (for the coach)."""
    facts: Facts | None = None
    ladder_label: str = ""
    """e.g. "Google L6", when the profile names a ladder level the app knows."""
    ladder_appendix: tuple[Any, ...] = ()
    """`ladder_appendix.AppendixRow`s with evidence, filled in by the packet service."""
    ladder_uncovered: tuple[Any, ...] = ()
    """The rows no evidence backs: for the coach, never for the document."""

    @property
    def pillars(self) -> tuple[tuple[str, int], ...]:
        return tuple((PILLAR_LABELS[p], self.pillar_counts.get(p, 0)) for p in PILLARS)

    @property
    def warnings(self) -> tuple[str, ...]:
        """What the person should know before handing this draft to anyone."""
        if self.vision.empty:
            return ("the future vision is not written and the profile holds no goals, so "
                    "the packet leaves that section out; write it on the Packet page",)
        return ()
