"""Wins by pillar over time: one stacked bar per month, a segment per pillar.

A win tagged with two pillars counts in both (it is evidence for each), so a bar's
height is pieces of evidence, not wins. Wins without a pillar get a grey segment.

Stacked bars never switch to a log scale (a log axis makes upper segments look tiny and
stacks unreadable). Instead, when month totals span more than two orders of magnitude,
the axis stops a little above the largest ordinary month and each outlier bar is cut
there with its real total printed on top.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import defaultdict

from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from bragdoc.charts.common import (
    GRID,
    INK,
    NO_PILLAR_COLOUR,
    PILLAR_COLOURS,
    chart_rc,
    empty_figure,
    frame,
    needs_log,
    period_label,
    plural,
)
from bragdoc.charts.data import ImpactData
from bragdoc.charts.hits import Hit, attach_hits
from bragdoc.domain.vocabulary import PILLAR_LABELS, PILLARS

TITLE = "Wins by pillar, month by month"
NO_PILLAR = "none"
NO_PILLAR_LABEL = "No pillar"


def _months(since: dt.date, until: dt.date) -> list[dt.date]:
    month = since.replace(day=1)
    months = []
    while month <= until:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def outlier_cap(totals: list[int]) -> float | None:
    """Where to stop the y axis so outlier months do not flatten the rest, or None."""
    busy = [t for t in totals if t > 0]
    if not needs_log(busy):
        return None
    typical = statistics.median(busy)
    ordinary = [t for t in busy if t <= 10 * typical]
    if len(ordinary) == len(busy):
        return None
    return max(ordinary) * 1.25


def _tick_step(count: int) -> int:
    for step in (1, 2, 3, 6, 12, 24, 36, 60):
        if math.ceil(count / step) <= 13:
            return step
    return 120


def pillars_figure(data: ImpactData, *, title: str = TITLE) -> Figure:
    with chart_rc():
        if not data.wins:
            return empty_figure(title, data.since, data.until,
                                "No wins were logged in this period.")
        return _draw(data, title)


def _draw(data: ImpactData, title: str) -> Figure:
    months = _months(data.since, data.until)
    index = {m: i for i, m in enumerate(months)}
    ids: dict[str, list[list[str]]] = defaultdict(lambda: [[] for _ in months])
    for win in data.wins:
        i = index[win.date.replace(day=1)]
        for pillar in win.pillars or (NO_PILLAR,):
            ids[pillar][i].append(win.id)
    order = [p for p in (*PILLARS, NO_PILLAR) if p in ids]

    totals = [0] * len(months)
    for found in ids.values():
        for i, win_ids in enumerate(found):
            totals[i] += len(win_ids)
    cap = outlier_cap(totals)
    tagged = sum(1 for w in data.wins if w.pillars)
    note = ("Months far above the rest are cut at the top of the axis; the number above "
            "each is its real total." if cap is not None else "")
    f = frame(title, f"{period_label(data.since, data.until)} · "
                     f"{plural(len(data.wins), 'win')}, {tagged:,} with a pillar",
              2.9, left=0.7, below=0.85, note=note)
    fig = f.fig
    ax = fig.add_axes(f.rect())
    hits = attach_hits(fig)
    bottoms = [0] * len(months)
    width = 0.8 if len(months) > 1 else 0.5
    handles = []
    for pillar in order:
        label = PILLAR_LABELS.get(pillar, NO_PILLAR_LABEL)
        colour = PILLAR_COLOURS.get(pillar, NO_PILLAR_COLOUR)
        # One collection per pillar: hundreds of separate bar artists take a second to draw.
        boxes: list[tuple[tuple[float, float], ...]] = []
        pillar_hits: list[Hit] = []
        keys: list[tuple[dt.date, int]] = []
        for i, month_ids in enumerate(ids[pillar]):
            if not month_ids:
                continue
            low, high = bottoms[i], bottoms[i] + len(month_ids)
            left, right = i - width / 2, i + width / 2
            boxes.append(((left, low), (left, high), (right, high), (right, low)))
            pillar_hits.append(Hit(
                f"{months[i]:%B %Y} · {label}: {plural(len(month_ids), 'win')}",
                tuple(month_ids)))
            keys.append((months[i], len(month_ids)))
            bottoms[i] = high
        segments = PolyCollection(boxes, facecolors=colour, edgecolors="none", label=label)
        segments.bragdoc_segments = keys  # type: ignore[attr-defined]
        segments.bragdoc_pillar = pillar  # type: ignore[attr-defined]
        ax.add_collection(segments)
        hits.add(segments, pillar_hits, tolerance=0)
        handles.append(Patch(facecolor=colour, label=label))

    if cap is not None:
        ax.set_ylim(0, cap)
        for i, total in enumerate(bottoms):
            if total > cap:
                ax.annotate(f"▲ {total:,}", (i, cap), xytext=(0, 2), textcoords="offset points",
                            ha="center", va="bottom", fontsize=8, color=INK,
                            annotation_clip=False)
    else:
        ax.set_ylim(0, max(bottoms) * 1.08)
    ax.set_xlim(-0.6, len(months) - 0.4)
    locator = ax.yaxis.get_major_locator()
    if isinstance(locator, MaxNLocator):  # the default AutoLocator is one
        locator.set_params(integer=True)
    ax.set_ylabel("Wins per pillar")
    ax.grid(axis="y", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)

    step = _tick_step(len(months))
    ticks = [i for i, m in enumerate(months) if (m.year * 12 + m.month - 1) % step == 0] or [0]
    labels = []
    for n, i in enumerate(ticks):
        m = months[i]
        if step >= 12:
            labels.append(str(m.year))
        elif n == 0 or m.month <= step:
            labels.append(f"{m:%b}\n{m.year}")
        else:
            labels.append(f"{m:%b}")
    ax.set_xticks(ticks, labels)
    ax.tick_params(axis="x", length=0)

    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, f.fy(f.note_h)),
               ncols=min(len(order), 6), frameon=False, fontsize=9, handlelength=1,
               columnspacing=1.2)
    fig.bragdoc_totals = bottoms  # type: ignore[attr-defined]
    return fig
