"""The packet's appendix "Evidence against the ladder": each expectation of the target
level beside the period's strongest wins for its pillar, and which expectations have none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bragdoc.domain.records import WinView
from bragdoc.domain.vocabulary import PILLAR_LABELS
from bragdoc.packet.context import format_date

PER_EXPECTATION = 2


@dataclass(frozen=True)
class AppendixRow:
    pillar: str
    pillar_label: str
    expectation: str
    evidence: tuple[str, ...]
    """One line a win: date, title and its strongest measured result."""


def _strength(win: WinView) -> tuple[float, float, str]:
    """Measured wins first (the bigger the improvement or yearly value, the stronger),
    then the most recent."""
    best = 0.0
    for view in win.metrics:
        metric = view.metric
        if metric.quantified:
            best = max(best, abs(metric.improvement_pct or 0.0), 1.0,
                       (metric.annual_value or 0.0) / 10_000)
    return best, win.date.toordinal(), win.id


def _line(win: WinView) -> str:
    measured = [m for m in win.metrics if m.metric.quantified]
    result = f" — {measured[0].label}" if measured else ""
    return f"{format_date(win.date)} · {win.title}{result}"


def build_appendix(expectations: Sequence[tuple[str, str]],
                   wins: Sequence[WinView]) -> tuple[AppendixRow, ...]:
    """`expectations` are (pillar, text) pairs of the target level, in the ladder's order."""
    rows = []
    for pillar, text in expectations:
        candidates = sorted((w for w in wins if pillar in w.pillars), key=_strength,
                            reverse=True)
        rows.append(AppendixRow(pillar, PILLAR_LABELS.get(pillar, pillar), text,
                                tuple(_line(w) for w in candidates[:PER_EXPECTATION])))
    return tuple(rows)
