"""The packet's appendix "Evidence against the ladder": each expectation of the target
level beside the period's strongest evidence for its pillar, projects and wins alike.

A project speaks for the pillars it is marked with, a win for its own; the strongest
evidence is the widest scope and the largest measured result, recency only breaking ties,
so an organisation-wide program outranks last week's small fix. Evidence already shown
for an earlier expectation gives way to the next strongest, so the appendix does not
repeat one project under every heading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bragdoc.domain.precision import format_dated
from bragdoc.domain.quantities import Metric
from bragdoc.domain.records import ProjectView, WinView
from bragdoc.domain.vocabulary import PILLAR_LABELS, SCOPE_LABELS
from bragdoc.packet.formatting import describe, plural

PER_EXPECTATION = 2
_SCOPE_RANK = {"org_wide": 3, "cross_team": 2, "single_team": 1}


@dataclass(frozen=True)
class AppendixRow:
    pillar: str
    pillar_label: str
    expectation: str
    evidence: tuple[str, ...]
    """One line a project or win: its name and its strongest measured result."""


@dataclass(frozen=True)
class _Candidate:
    pillars: frozenset[str]
    strength: tuple[float, ...]
    text: str


def _result_size(metrics: Sequence[Metric]) -> tuple[float, Metric | None]:
    best, chosen = 0.0, None
    for metric in metrics:
        if metric.quantified:
            size = max(abs(metric.improvement_pct or 0.0), 1.0,
                       (metric.annual_value or 0.0) / 10_000)
            if size > best:
                best, chosen = size, metric
    return best, chosen


def _project(project: ProjectView, wins: Sequence[WinView]) -> _Candidate:
    own = [w for w in wins if w.project_id == project.id]
    metrics = [mv.metric for mv in project.metrics] + [mv.metric for w in own
                                                        for mv in w.metrics]
    size, best = _result_size(metrics)
    reach = SCOPE_LABELS.get(project.scope, project.scope).lower()
    if project.engineers_affected:
        reach += f", {plural(project.engineers_affected, 'engineer')}"
    text = f"{project.name} ({reach})" + (f" — {describe(best)}" if best else "")
    day = project.end or project.start or max((w.date for w in own), default=None)
    return _Candidate(frozenset(project.pillars), (_SCOPE_RANK.get(project.scope, 1), size,
                                day.toordinal() if day else 0), text)


def _win(win: WinView) -> _Candidate:
    size, best = _result_size([mv.metric for mv in win.metrics])
    scope = 1 if win.project_id is None else 0
    text = (f"{format_dated(win.date, win.date_precision)} · {win.title}"
            + (f" — {describe(best)}" if best else ""))
    return _Candidate(frozenset(win.pillars), (scope, size, win.date.toordinal()), text)


def build_appendix(expectations: Sequence[tuple[str, str]], wins: Sequence[WinView],
                   projects: Sequence[ProjectView] = ()) -> tuple[AppendixRow, ...]:
    """`expectations` are (pillar, text) pairs of the target level, in the ladder's order;
    `projects` the period's projects. Every row is returned; one without evidence has an
    empty `evidence` (the coach names it, the document leaves it out)."""
    candidates = [_project(p, wins) for p in projects] + [_win(w) for w in wins]
    used: set[str] = set()
    rows = []
    for pillar, text in expectations:
        ranked = sorted((c for c in candidates if pillar in c.pillars),
                        key=lambda c: c.strength, reverse=True)
        fresh = [c for c in ranked if c.text not in used]
        best = (fresh + [c for c in ranked if c.text in used])[:PER_EXPECTATION]
        used.update(c.text for c in best)
        rows.append(AppendixRow(pillar, PILLAR_LABELS.get(pillar, pillar), text,
                                tuple(c.text for c in best)))
    return tuple(rows)
