"""Promotion readiness: pure rules over a ladder, the profile and the record.

Nothing here reads a clock: every function takes `today`, so a test can pin it and the
app can pass the real date. Three parts, each usable alone:

    timeline(ladder, level, level_since, today)          -> Timeline (days, range, deadline)
    analyse_gaps(target, wins, projects, feedback, mentoring, today) -> [Finding]
    checklist_coverage(checklist, checked, evidence)     -> ChecklistCoverage

The six-month plan is in domain/readiness_plan.py. The checklist file is read with the
same validating reader as ladders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bragdoc.domain.facts import mentoring_facts
from bragdoc.domain.ladders import (
    DAYS_PER_YEAR,
    Ladder,
    Level,
    add_months,
    expected_pillar_profile,
)
from bragdoc.domain.records import Feedback, Mentoring, ProjectView, WinView
from bragdoc.domain.toml_files import Reader
from bragdoc.domain.vocabulary import PILLAR_LABELS, PILLARS

DEADLINE_WARNING_MONTHS = 6
EVIDENCE_KINDS: tuple[str, ...] = ("win", "project", "feedback")

# --- findings -----------------------------------------------------------------------

RULES: dict[str, str] = {
    "late-vs-typical": "Time at the current level is past the upper end of the typical range.",
    "deadline-near": "A hard deadline for the next promotion is less than six months away.",
    "deadline-passed": "The hard deadline for the next promotion has passed.",
    "no-cross-team-12m": "No cross-team project in the last 12 months.",
    "no-org-wide-12m": "No organisation-wide project in the last 12 months.",
    "no-mentoring": "No mentoring recorded in the last 12 months.",
    "pillars-uncovered-half": "Some pillars the target level expects have no evidence "
                              "in the last six months.",
    "no-business-impact": "No quantified business impact in the last 12 months.",
    "no-feedback-12m": "No feedback from colleagues recorded in the last 12 months.",
}
"""Every rule id with its plain statement, so a screen can say which rule found what."""


@dataclass(frozen=True)
class Finding:
    """One warning or gap: the rule that produced it and what it found in this record."""

    rule_id: str
    message: str
    pillar: str | None = None

    @property
    def statement(self) -> str:
        return RULES[self.rule_id]

    def to_json(self) -> dict[str, Any]:
        return {"rule_id": self.rule_id, "statement": self.statement,
                "message": self.message, "pillar": self.pillar}


# --- timeline -----------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    level: Level | None
    next_level: Level | None
    level_since: dt.date | None
    today: dt.date
    days_at_level: int | None
    typical_days: tuple[int, int | None] | None
    """Typical days from this level to the next: (low, high), high None when open-ended."""
    typical_label: str | None
    deadline: dt.date | None
    days_left: int | None
    status: str
    """'unknown' (no level or start date), 'top' (no next level), 'terminal', 'no_figure',
    'early' (before the typical range), 'on_track' (inside it) or 'late' (past it)."""
    warnings: tuple[Finding, ...]

    @property
    def years_at_level(self) -> float | None:
        return None if self.days_at_level is None else self.days_at_level / DAYS_PER_YEAR


def _years(days: int) -> str:
    return f"{days / DAYS_PER_YEAR:.1f}".rstrip("0").rstrip(".")


def timeline(ladder: Ladder, level: Level | None, level_since: dt.date | None,
             today: dt.date) -> Timeline:
    """Where the user stands on the clock of their current level."""
    following = ladder.next_level(level) if level else None
    days = None if level_since is None else max(0, (today - level_since).days)
    typical = level.years_to_next if level else None
    deadline = days_left = None
    warnings: list[Finding] = []
    if level and level.deadline_months and level_since:
        deadline = add_months(level_since, level.deadline_months)
        days_left = (deadline - today).days
        target = following.id if following else "the next level"
        if days_left < 0:
            warnings.append(Finding(
                "deadline-passed",
                f"the deadline to reach {target} was {deadline.isoformat()}, "
                f"{-days_left} days ago"))
        elif today >= add_months(deadline, -DEADLINE_WARNING_MONTHS):
            warnings.append(Finding(
                "deadline-near",
                f"{days_left} days left to reach {target} (deadline {deadline.isoformat()}, "
                f"{level.deadline_months} months after starting at {level.id})"))
    if level is None or days is None:
        status = "unknown"
    elif level.terminal:
        status = "terminal"
    elif following is None:
        status = "top"
    elif typical is None:
        status = "no_figure"
    else:
        low, high = typical.days
        if days < low:
            status = "early"
        elif high is not None and days > high:
            status = "late"
            warnings.append(Finding(
                "late-vs-typical",
                f"{_years(days)} years at {level.id}: late vs typical {typical.label()} "
                f"to {following.id}"))
        else:
            status = "on_track"
    return Timeline(
        level=level, next_level=following, level_since=level_since, today=today,
        days_at_level=days, typical_days=typical.days if typical else None,
        typical_label=typical.label() if typical else None, deadline=deadline,
        days_left=days_left, status=status, warnings=tuple(warnings),
    )


# --- gap analysis -------------------------------------------------------------------


def _overlaps(start: dt.date | None, end: dt.date | None, since: dt.date, today: dt.date) -> bool:
    """Does [start, end] touch [since, today]? Open ends reach as far as they can."""
    return (start is None or start <= today) and (end is None or end >= since)


def _active_projects(projects: Sequence[ProjectView], wins: Sequence[WinView],
                     since: dt.date, today: dt.date) -> list[ProjectView]:
    """Projects with a win in the window, or whose dates touch it (undated ones count:
    a project logged without dates is taken to be current)."""
    with_wins = {w.project_id for w in wins if w.project_id and since <= w.date <= today}
    return [p for p in projects
            if p.id in with_wins or _overlaps(p.start, p.end, since, today)]


def analyse_gaps(target: Level | None, wins: Sequence[WinView], projects: Sequence[ProjectView],
                 feedback: Sequence[Feedback], mentoring: Sequence[Mentoring],
                 today: dt.date, ladder: Ladder | None = None) -> list[Finding]:
    """What the record lacks for `target` (or for any promotion when it is None)."""
    year_ago = add_months(today, -12)
    half_ago = add_months(today, -6)
    recent_wins = [w for w in wins if year_ago <= w.date <= today]
    recent_projects = _active_projects(projects, wins, year_ago, today)
    found: list[Finding] = []

    scope = target.scope if target else "cross_team"
    if scope in ("cross_team", "org_wide"):
        wider = [p for p in recent_projects if p.scope in ("cross_team", "org_wide")]
        if not wider:
            found.append(Finding(
                "no-cross-team-12m",
                f"all {len(recent_projects)} project(s) of the last 12 months stayed inside "
                "one team" if recent_projects else "no project recorded in the last 12 months",
                "leadership"))
        elif scope == "org_wide" and not any(p.scope == "org_wide" for p in wider):
            found.append(Finding(
                "no-org-wide-12m",
                f"{len(wider)} cross-team project(s), none reaching the whole organisation",
                "career_strategy"))

    # The same fact the packet states (domain.facts), so the two never disagree.
    if not mentoring_facts(recent_wins, recent_projects, mentoring, year_ago, today).any:
        found.append(Finding(
            "no-mentoring",
            "no mentoring record, and no win or result about mentoring, in the last 12 "
            "months",
            "leadership"))

    if target is not None and ladder is not None:
        profile = expected_pillar_profile(ladder, target)
        expected = [p for p in PILLARS if profile[p] > 0]
    else:
        expected = list(PILLARS)
    covered = {p for w in wins if half_ago <= w.date <= today for p in w.pillars}
    covered |= {p for pr in _active_projects(projects, wins, half_ago, today) for p in pr.pillars}
    missing = [p for p in expected if p not in covered]
    if missing:
        labels = ", ".join(PILLAR_LABELS[p] for p in missing)
        found.append(Finding(
            "pillars-uncovered-half",
            f"{len(missing)} of {len(expected)} pillars have no evidence in the last six "
            f"months: {labels}",
            missing[0]))

    metrics = [m.metric for w in recent_wins for m in w.metrics]
    metrics += [m.metric for p in recent_projects for m in p.metrics]
    if not any(m.counts_as_business_value for m in metrics):
        quantified = sum(1 for m in metrics if m.quantified)
        found.append(Finding(
            "no-business-impact",
            f"{quantified} quantified metric(s) in the last 12 months, none of them money "
            "earned or saved" if quantified else "no quantified metric in the last 12 months",
            "career_strategy"))

    if not any(f.date is None or year_ago <= f.date <= today for f in feedback):
        found.append(Finding(
            "no-feedback-12m", "no quote from a colleague dated in the last 12 months",
            "communication"))
    return found


# --- the pre-promotion checklist ----------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    pillar: str


@dataclass(frozen=True)
class ChecklistArea:
    id: str
    title: str
    pillar: str
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class Checklist:
    title: str
    summary: str
    areas: tuple[ChecklistArea, ...]

    @property
    def items(self) -> tuple[ChecklistItem, ...]:
        return tuple(item for area in self.areas for item in area.items)

    def item(self, item_id: str) -> ChecklistItem | None:
        return next((i for i in self.items if i.id == item_id), None)


@dataclass(frozen=True)
class EvidenceRef:
    """A link from a checklist item to something in the record."""

    kind: str
    """'win', 'project' or 'feedback'."""
    id: str


@dataclass(frozen=True)
class ItemCoverage:
    item_id: str
    checked: bool
    evidence_count: int

    @property
    def score(self) -> float:
        """Half for ticking the item, half for linking at least one piece of evidence."""
        return 0.5 * self.checked + 0.5 * (self.evidence_count > 0)


@dataclass(frozen=True)
class AreaCoverage:
    area_id: str
    title: str
    total: int
    checked: int
    with_evidence: int
    coverage: float
    items: tuple[ItemCoverage, ...]


@dataclass(frozen=True)
class ChecklistCoverage:
    areas: tuple[AreaCoverage, ...]
    total: int
    checked: int
    with_evidence: int
    overall: float

    def to_json(self) -> dict[str, Any]:
        return {
            "overall": self.overall, "total": self.total, "checked": self.checked,
            "with_evidence": self.with_evidence,
            "areas": [
                {"id": a.area_id, "title": a.title, "coverage": a.coverage, "total": a.total,
                 "checked": a.checked, "with_evidence": a.with_evidence,
                 "items": [{"id": i.item_id, "checked": i.checked,
                            "evidence_count": i.evidence_count} for i in a.items]}
                for a in self.areas
            ],
        }


def checklist_coverage(checklist: Checklist, checked: Iterable[str],
                       evidence: Mapping[str, Sequence[EvidenceRef]] | None = None
                       ) -> ChecklistCoverage:
    """How much of the checklist is ticked and backed by evidence, per area and overall.
    An item scores half when ticked and half when it has evidence, so both raise coverage;
    ids that are not in the checklist are ignored."""
    ticked = set(checked)
    links = evidence or {}
    areas: list[AreaCoverage] = []
    for area in checklist.areas:
        items = tuple(ItemCoverage(i.id, i.id in ticked, len(links.get(i.id, ())))
                      for i in area.items)
        areas.append(AreaCoverage(
            area_id=area.id, title=area.title, total=len(items),
            checked=sum(i.checked for i in items),
            with_evidence=sum(i.evidence_count > 0 for i in items),
            coverage=_share(sum(i.score for i in items), len(items)),
            items=items,
        ))
    every = [i for a in areas for i in a.items]
    return ChecklistCoverage(
        areas=tuple(areas), total=len(every), checked=sum(i.checked for i in every),
        with_evidence=sum(i.evidence_count > 0 for i in every),
        overall=_share(sum(i.score for i in every), len(every)),
    )


def _share(part: float, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


_CHECKLIST_KEYS = {"title", "summary", "areas"}
_AREA_KEYS = {"id", "title", "pillar", "items"}
_ITEM_KEYS = {"id", "text", "pillar"}


def parse_checklist(text: str, source: str = "checklist.toml") -> Checklist:
    reader = Reader(text, source)
    reader.raise_if_any()
    data = reader.table(reader.data, (), _CHECKLIST_KEYS)
    seen: set[str] = set()
    areas: list[ChecklistArea] = []
    for path, raw in reader.tables(data, (), "areas", required=True):
        reader.table(raw, path, _AREA_KEYS)
        area_pillar = reader.choice(raw, path, "pillar", PILLARS, required=True)
        items: list[ChecklistItem] = []
        for where, item in reader.tables(raw, path, "items", required=True):
            reader.table(item, where, _ITEM_KEYS)
            item_id = reader.text(item, where, "id", required=True)
            if item_id in seen:
                reader.fail((*where, "id"), f"the id {item_id!r} is used twice")
            seen.add(item_id)
            items.append(ChecklistItem(
                id=item_id, text=reader.text(item, where, "text", required=True),
                pillar=reader.choice(item, where, "pillar", PILLARS, default=area_pillar)))
        areas.append(ChecklistArea(
            id=reader.text(raw, path, "id", required=True),
            title=reader.text(raw, path, "title", required=True),
            pillar=area_pillar, items=tuple(items)))
    reader.raise_if_any()
    return Checklist(title=reader.text(data, (), "title", required=True),
                     summary=reader.text(data, (), "summary"), areas=tuple(areas))
