"""What a packet template sees, computed from plain records.

    record = PacketRecord(profile, wins_in_period, projects, feedback, mentoring, ...)
    context = build_context(record, since=..., until=..., audience="committee")

Every number here is read from the record or computed from it (the quantities engine
does the maths; domain.facts counts mentoring, adoption, reach and money once for every
part); nothing is made up. A part with no evidence stays empty and the templates leave
it out: gaps are the coach's business, never a sentence in a document for others.

The pieces live in `inputs` (records and choices), `model` (what templates see),
`formatting` (words and numbers) and `sections`; this module puts them together and
keeps the names callers have always imported from here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from bragdoc.domain.facts import Facts, MoneyTotal, period_facts, touches_period
from bragdoc.domain.quantities import format_money
from bragdoc.domain.records import WinView
from bragdoc.domain.vocabulary import PILLARS
from bragdoc.packet import ranking, sections
from bragdoc.packet.formatting import (
    describe,
    format_date,
    format_number,
    format_pct,
    format_points,
    format_span,
    plural,
    tenure,
    tidy,
    years_between,
)
from bragdoc.packet.inputs import (
    AUDIENCE_LABELS,
    AUDIENCES,
    SECTION_TITLES,
    VISION_PROMPTS,
    PacketChoices,
    PacketRecord,
    Ref,
    Vision,
)
from bragdoc.packet.model import (
    Adoption,
    Contributor,
    Initiative,
    KeyAchievements,
    MetricLine,
    PacketContext,
    PortfolioProject,
    Summary,
    ValueTotal,
    VisionSection,
)

__all__ = ["AUDIENCES", "AUDIENCE_LABELS", "SECTION_TITLES",
           "VISION_PROMPTS", "PacketChoices", "PacketContext", "PacketRecord", "Ref",
           "Vision", "build_context", "describe", "format_date", "format_number",
           "format_pct", "format_points", "format_span", "plural"]

_USER_FACING = ("user_experience", "performance")
_FOR_ENGINEERS = ("developer_productivity", "reliability", "operational_efficiency",
                  "scalability")


def _role(level: str, title: str) -> str:
    if level and title and title.lower() != level.lower():
        return f"{title} ({level})"
    return level or title


def _summary(record: PacketRecord, until: dt.date) -> Summary:
    profile = record.profile
    total = years_between(profile.career_start, until)
    company = years_between(profile.company_since, until)
    parts = []
    if total is not None:
        parts.append(f"{tenure(total)} in the industry")
    if company is not None:
        parts.append(f"{tenure(company)} at {record.company_title or 'the current company'}")
    return Summary(
        name=tidy(profile.name),
        current_role=_role(profile.current_level, record.current_title),
        target_role=_role(profile.target_level, record.target_title),
        years_total=total, years_company=company, experience=", ".join(parts),
        company=record.company_title, focus_area=tidy(profile.focus_area))


def _value_total(money: MoneyTotal) -> ValueTotal:
    currency = money.currency
    return ValueTotal(
        currency, money.total, format_money(money.total, currency),
        tuple(Contributor(c.source.name, format_money(c.amount, currency),
                          Ref(c.source.kind, c.source.id)) for c in money.contributors[:3]),
        money.count, money.what, len(money.contributors))


def _achievements(facts: Facts, found: list[ranking.ProjectEvidence]) -> KeyAchievements:
    initiatives = tuple(
        Initiative(e.project.name, e.project.engineers_affected, Ref("project", e.project.id))
        for e in sorted(found, key=lambda e: (e.project.start or dt.date.min, e.project.name))
        if e.project.scope in ("cross_team", "org_wide")
        and sections.LEAD_ROLE.search(e.project.role))
    mentoring = facts.mentoring
    return KeyAchievements(
        initiatives=initiatives,
        engineers_affected=sum(i.engineers or 0 for i in initiatives),
        values=tuple(_value_total(v) for v in facts.values),
        mentored=mentoring.people, promoted=mentoring.promoted,
        mentoring_activities=len(mentoring.activities),
        adoptions=tuple(Adoption(f"{describe(c.metric)} ({c.source.name})", c.number,
                                 Ref(c.source.kind, c.source.id)) for c in facts.adoption))


def _vision(choices: PacketChoices, record: PacketRecord) -> VisionSection:
    written = tuple(t for t in (tidy(a) for a in choices.vision.focus_areas) if t)
    profile = record.profile
    goals = tuple((label, tidy(text)) for label, text in (
        ("This year", profile.goals_this_year), ("Next year", profile.goals_next_year))
        if tidy(text))
    return VisionSection(written, choices.vision.plan, goals)


def _metrics(found: list[ranking.ProjectEvidence], wins: tuple[WinView, ...],
             until: dt.date) -> list[MetricLine]:
    metrics: list[MetricLine] = []
    seen: set[tuple[str, str]] = set()
    for e in found:
        for metric, kind, owner in e.metrics:
            if metric.quantified and kind == "project" and (owner, metric.text) not in seen:
                seen.add((owner, metric.text))
                metrics.append(sections.line(metric, e.project.name, e.project.end,
                                             Ref("project", owner)))
    for win in sorted(wins, key=lambda w: w.date):
        # The table prints a full day: leave it blank rather than make one up.
        day = win.date if win.date_precision == "day" else None
        for mv in win.metrics:
            # A result copied onto the win that shipped it is said once, by the project.
            key = (win.project_id or win.id, mv.metric.text)
            if mv.metric.quantified and key not in seen:
                seen.add(key)
                metrics.append(sections.line(mv.metric, win.title, day, Ref("win", win.id)))
    metrics.sort(key=lambda m: (m.date or until, m.source.lower()))
    return metrics


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
    projects = [p for p in record.projects
                if touches_period(p, wins_by_project.get(p.id, ()), since, until)]
    found = [sections.evidence(p, wins_by_project.get(p.id, ()), until) for p in projects]
    everyone, shown = ranking.rank(found, since, until, pinned=choices.pinned,
                                   dropped=choices.dropped, order=choices.order,
                                   limit=choices.limit)
    by_id = {e.project.id: e for e in found}
    wins_by_id = {w.id: w for w in wins}
    portfolio: tuple[PortfolioProject, ...] = tuple(
        sections.portfolio_project(by_id[r.project_id], r, wins_by_id) for r in shown)
    facts = period_facts(wins, projects, record.mentoring, since, until)
    achievements = _achievements(facts, found)
    metrics = _metrics(found, wins, until)
    adoption_keys = {(c.source.id, c.metric.text) for c in facts.adoption}
    leadership = sections.leadership(wins)
    mentees = sections.mentees(record.mentoring, since, until)
    quotes = sections.quotes(record.feedback, since, until, choices.quotes,
                             {p.id for p in portfolio}, names)
    vision = _vision(choices, record)
    pillar_counts = {p: sum(p in w.pillars for w in wins)
                     + sum(p in project.pillars for project in projects) for p in PILLARS}
    empty = [key for key, is_empty in (
        ("achievements", achievements.empty), ("portfolio", not portfolio),
        ("leadership", not mentees and not any(g.items for g in leadership)),
        ("quotes", not quotes), ("vision", vision.empty)) if is_empty]
    return PacketContext(
        audience=audience, audience_label=AUDIENCE_LABELS.get(audience, audience),
        today=today, since=since, until=until,
        period=f"{format_date(since)} – {format_date(until)}", summary=_summary(record, until),
        achievements=achievements, portfolio=portfolio, ranking=tuple(everyone),
        leadership=leadership, mentees=mentees, quotes=quotes, vision=vision,
        metrics=tuple(metrics),
        user_facing=tuple(m for m in metrics if m.category in _USER_FACING),
        for_engineers=tuple(m for m in metrics if m.category in _FOR_ENGINEERS),
        adoption=tuple(m for m in metrics if (m.ref.id, m.metric.text) in adoption_keys),
        risk=tuple(m for m in metrics if m.category == "reliability"),
        architecture=tuple(sections.item(w) for w in sorted(wins, key=lambda w: w.date)
                           if "system_design" in w.pillars),
        win_count=len(wins), pillar_counts=pillar_counts, empty_sections=tuple(empty),
        facts=facts)

