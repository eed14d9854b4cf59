"""Which projects the packet proposes for its impact portfolio, and why.

Every project of the period gets a score out of 100 built from four parts a person can
check against the record:

- scope (up to 30): organisation-wide 30, cross-team 20, single team 10;
- quantified impact (up to 30): 2 points a quantified result (at most 10), up to 10 for
  the best improvement (a tenth of its percentage, so 100% or more gives all 10) and up
  to 10 for yearly business value (2.5 points for every tenfold step above $1K: $10K
  gives 2.5, $100K 5, $1M 7.5, $10M or more 10);
- pillars covered by the project and its wins in the period (5 each, up to 25);
- recency (up to 15): full marks for work still running or finished at the period's
  end, falling in a straight line to none for work that ended when the period began.

The reasons are kept next to the points, so the draft and the app can say why a project
was proposed. The person choosing has the last word: `pinned` projects are always in,
`dropped` ones never, and `order` puts the listed ones first in that order.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bragdoc.domain.quantities import Metric, format_money
from bragdoc.domain.records import ProjectView, WinView
from bragdoc.domain.vocabulary import PILLAR_LABELS, PILLARS, SCOPE_LABELS

SCOPE_POINTS = {"org_wide": 30.0, "cross_team": 20.0, "single_team": 10.0}
MIN_PROPOSED = 3
"""Below this many, any project of the period is proposed, even one with no numbers."""
DEFAULT_LIMIT = 5


@dataclass(frozen=True)
class ProjectEvidence:
    """One project and what the period holds for it: its wins and its results."""

    project: ProjectView
    wins: tuple[WinView, ...]
    """The project's wins inside the period, newest first."""
    metrics: tuple[tuple[Metric, str, str], ...]
    """Every result shown for it: (metric, owner kind 'project' or 'win', owner id)."""
    pillars: tuple[str, ...]
    last_activity: dt.date | None
    """The end date when it ended, else its newest win in the period; None = running."""
    running: bool

    @property
    def quantified(self) -> tuple[Metric, ...]:
        return tuple(m for m, _, _ in self.metrics if m.quantified)


@dataclass(frozen=True)
class Reason:
    part: str
    """'scope', 'impact', 'pillars' or 'recency'."""
    points: float
    text: str


@dataclass(frozen=True)
class RankedProject:
    project_id: str
    name: str
    score: float
    reasons: tuple[Reason, ...]
    position: int = 0
    """1-based rank by score among all the period's projects."""
    selected: bool = False
    pinned: bool = False
    dropped: bool = False

    @property
    def why(self) -> str:
        """The reasons as one sentence: what a person reads next to the proposal."""
        parts = "; ".join(r.text for r in self.reasons if r.text)
        total = f"{_points(self.score)} of 100"
        return f"{total}: {parts}" if parts else total

    def to_json(self) -> dict[str, object]:
        return {"project_id": self.project_id, "name": self.name, "score": self.score,
                "position": self.position, "selected": self.selected, "pinned": self.pinned,
                "dropped": self.dropped, "why": self.why,
                "reasons": [{"part": r.part, "points": r.points, "text": r.text}
                            for r in self.reasons]}


def _points(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _pct(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".") + "%"


def _scope_reason(project: ProjectView) -> Reason:
    points = SCOPE_POINTS.get(project.scope, 10.0)
    label = SCOPE_LABELS.get(project.scope, project.scope).lower()
    extra = []
    if project.teams and not (project.scope == "single_team" and project.teams == 1):
        extra.append(f"{project.teams} team{'s' if project.teams != 1 else ''}")
    if project.engineers_affected:
        extra.append(f"{project.engineers_affected:,} engineers affected")
    detail = f" ({', '.join(extra)})" if extra else ""
    return Reason("scope", points, f"{label} scope{detail}")


def _impact_reason(evidence: ProjectEvidence) -> Reason:
    quantified = evidence.quantified
    if not quantified:
        return Reason("impact", 0.0, "no quantified result yet")
    count_points = min(10.0, 2.0 * len(quantified))
    texts = [f"{len(quantified)} quantified result{'s' if len(quantified) != 1 else ''}"]
    improvements = [(m.improvement_pct, m) for m in quantified
                    if m.improvement_pct is not None and m.improvement_pct > 0]
    best_points = 0.0
    if improvements:
        best, metric = max(improvements, key=lambda pair: pair[0])
        best_points = min(10.0, best / 10.0)
        texts.append(f"best {_pct(best)} ({metric.name or 'unnamed result'})")
    by_currency: dict[str, float] = {}
    for metric in quantified:
        if metric.counts_as_business_value and metric.annual_value is not None:
            currency = _currency(metric)
            by_currency[currency] = by_currency.get(currency, 0.0) + metric.annual_value
    value_points = 0.0
    if by_currency:
        currency, total = max(by_currency.items(), key=lambda kv: abs(kv[1]))
        if total > 1000:
            value_points = min(10.0, 2.5 * math.log10(total / 1000))
        texts.append(f"{format_money(total, currency)} a year")
    points = round(count_points + best_points + value_points, 1)
    return Reason("impact", points, ", ".join(texts))


def _currency(metric: Metric) -> str:
    side = metric.value or metric.before
    return (side.currency if side and side.currency else None) or "USD"


def _pillar_reason(evidence: ProjectEvidence) -> Reason:
    covered = [p for p in PILLARS if p in evidence.pillars]
    if not covered:
        return Reason("pillars", 0.0, "no pillar recorded")
    names = ", ".join(PILLAR_LABELS[p] for p in covered)
    return Reason("pillars", min(25.0, 5.0 * len(covered)),
                  f"{len(covered)} pillar{'s' if len(covered) != 1 else ''} ({names})")


def _recency_reason(evidence: ProjectEvidence, since: dt.date, until: dt.date) -> Reason:
    last = evidence.last_activity
    if evidence.running or last is None or last >= until:
        return Reason("recency", 15.0, "still running at the period's end"
                      if evidence.running else "active at the period's end")
    span = max(1, (until - since).days)
    age = max(0, (until - last).days)
    points = round(15.0 * max(0.0, 1 - age / span), 1)
    months = round(age / 30.44)
    when = (f"{months} month{'s' if months != 1 else ''} before the period's end"
            if months else "in the period's last weeks")
    return Reason("recency", points, f"last activity {when}")


def score(evidence: ProjectEvidence, since: dt.date, until: dt.date) -> RankedProject:
    reasons = (_scope_reason(evidence.project), _impact_reason(evidence),
               _pillar_reason(evidence), _recency_reason(evidence, since, until))
    total = round(sum(r.points for r in reasons), 1)
    return RankedProject(evidence.project.id, evidence.project.name, total, reasons)


def rank(
    candidates: Sequence[ProjectEvidence],
    since: dt.date,
    until: dt.date,
    *,
    pinned: Sequence[str] = (),
    dropped: Sequence[str] = (),
    order: Sequence[str] = (),
    limit: int = DEFAULT_LIMIT,
) -> tuple[list[RankedProject], list[RankedProject]]:
    """(every project ranked by score, the ones proposed in the order they are shown).

    Up to `limit` projects are proposed; past the first three only projects with at
    least one quantified result. Pinned ones are always proposed, even past the limit.
    """
    by_id = {c.project.id: c for c in candidates}
    scored = sorted((score(c, since, until) for c in candidates),
                    key=lambda r: (-r.score, r.name.lower(), r.project_id))
    pinned_ids = [p for p in dict.fromkeys(pinned) if p in by_id]
    dropped_ids = {d for d in dropped if d in by_id} - set(pinned_ids)
    chosen: list[str] = list(pinned_ids)
    for ranked in scored:
        if len(chosen) >= max(limit, len(pinned_ids)):
            break
        if ranked.project_id in dropped_ids or ranked.project_id in chosen:
            continue
        if len(chosen) >= MIN_PROPOSED and not by_id[ranked.project_id].quantified:
            continue
        chosen.append(ranked.project_id)
    position = {r.project_id: i for i, r in enumerate(scored)}
    ordered_first = [p for p in dict.fromkeys(order) if p in chosen]
    rest = sorted((p for p in chosen if p not in ordered_first), key=position.__getitem__)
    shown_ids = ordered_first + rest
    everyone = [
        replace(r, position=i + 1, selected=r.project_id in chosen,
                pinned=r.project_id in pinned_ids, dropped=r.project_id in dropped_ids)
        for i, r in enumerate(scored)
    ]
    lookup = {r.project_id: r for r in everyone}
    return everyone, [lookup[p] for p in shown_ids]
