"""Before → after: a dumbbell per quantified change, grouped by category.

Comparable scales: every metric is drawn relative to its own "before", which sits at
100%; the "after" dot sits at after ÷ before (25% for 2.4 s → 0.6 s, 400% for
100 → 400 req/s). Latency, money and counts then share one axis, and the distance
between the dots is the size of the change. When those ratios span more than two
orders of magnitude (a 1,000× outlier), the axis turns logarithmic; a change to zero
is then drawn at the left edge of the axis and its label still says "100% lower".

Each row is labelled with the computed improvement, `Metric.summary()` ("75% faster"),
plus the speed-up factor when there is one ("4×"), and what was typed on each side.
With many metrics, only the `limit` largest changes are drawn (the note says so);
metrics that start from zero ("new") have no ratio and are counted, not drawn.
"""

from __future__ import annotations

import math

from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullLocator

from bragdoc.charts.common import (
    BAD,
    GOOD,
    GRID,
    MUTED,
    NEUTRAL,
    RULE,
    chart_rc,
    compact_number,
    display_len,
    empty_figure,
    frame,
    label_rows,
    needs_log,
    period_label,
    plural,
    shorten,
)
from bragdoc.charts.data import ImpactData, ImpactMetric
from bragdoc.charts.hits import Hit, attach_hits
from bragdoc.domain.quantities import CATEGORIES
from bragdoc.domain.vocabulary import category_label

TITLE = "Before → after: what changed"
_Row = tuple[str | None, str, str | None, str | None, str | None]
"""What makes metrics one row: category, name, and the sides as typed."""
LIMIT = 10



def ratio(metric: ImpactMetric) -> float | None:
    """after as a percentage of before, or None when there is no ratio to draw."""
    before, after = metric.before, metric.after
    if metric.kind != "change" or metric.is_new or before is None or after is None:
        return None
    if before <= 0 or after < 0:
        return None
    return after / before * 100


def improvement_label(metric: ImpactMetric) -> str:
    """ "75% faster, 4×" — the summary, with the factor when the summary lacks one."""
    text = metric.summary()
    if metric.factor and "×" not in text and metric.factor >= 1.05:
        text += f", {compact_number(round(metric.factor, 1))}×"
    return text


def _magnitude(r: float) -> float:
    return abs(math.log(r / 100)) if r > 0 else math.inf


def improvements_figure(data: ImpactData, *, title: str = TITLE, limit: int = LIMIT) -> Figure:
    with chart_rc():
        drawable = [(m, r) for m in data.metrics if (r := ratio(m)) is not None]
        if not drawable:
            return empty_figure(title, data.since, data.until,
                                "No metric in this period has a before and an after value "
                                "(like “p95 latency: 2.4s → 0.6s”).")
        return _draw(data, drawable, title, limit)


def _pick(drawable: list[tuple[ImpactMetric, float]],
          limit: int) -> list[tuple[list[ImpactMetric], float]]:
    """Identical metrics (same name and sides) become one row; then the largest changes,
    taken category by category in turns so one busy category cannot crowd out the rest."""
    same: dict[_Row, list[ImpactMetric]] = {}
    ratio_of: dict[_Row, float] = {}
    size: dict[_Row, float] = {}
    for metric, r in drawable:
        typed = metric.typed
        key = (metric.category, metric.name.casefold(), typed[1], typed[2], typed[3])
        group = same.get(key)
        if group is None:
            same[key] = [metric]
            ratio_of[key] = r
            size[key] = _magnitude(r)
        else:
            group.append(metric)
    by_category: dict[str | None, list[_Row]] = {}
    for key in sorted(same, key=size.__getitem__, reverse=True):
        by_category.setdefault(key[0], []).append(key)
    chosen: list[_Row] = []
    queues = list(by_category.values())
    while len(chosen) < limit and any(queues):
        for queue in queues:
            if queue and len(chosen) < limit:
                chosen.append(queue.pop(0))
    order = {c: i for i, c in enumerate((*CATEGORIES, None))}
    chosen.sort(key=lambda k: (order.get(k[0], len(order)), -size[k]))
    return [(same[k], ratio_of[k]) for k in chosen]


def _draw(data: ImpactData, drawable: list[tuple[ImpactMetric, float]], title: str,
          limit: int) -> Figure:
    picked_rows = _pick(drawable, limit)
    # Rows top to bottom: a header per category, then its metrics.
    rows: list[tuple[str, list[ImpactMetric], float]] = []
    for metrics, r in picked_rows:
        category = metrics[0].category
        header = category_label(category)
        if not rows or rows[-1][0] != header:
            rows.append((header, [], 0.0))
        rows.append((header, metrics, r))

    ratios = [r for _, group, r in rows if group]
    log = needs_log([*ratios, 100.0])
    positive = [r for r in ratios if r > 0]
    floor = min([*positive, 100.0]) / 3 if log else 0.0

    labels = []
    for header, group, _r in rows:
        if not group:
            labels.append(header)
            continue
        name = group[0].name or group[0].sides()
        labels.append(shorten(name, 28 if len(group) == 1 else 22)
                      + (f" (×{len(group)})" if len(group) > 1 else ""))
    changes = len(drawable)
    notes = []
    if changes > sum(len(g) for _, g, _r in rows):
        notes.append(f"Showing the {len(picked_rows)} largest of {changes:,} changes, "
                     "category by category; identical metrics share a row (×n).")
    new = sum(1 for m in data.metrics if m.kind == "change" and m.is_new)
    if new:
        notes.append(f"{plural(new, 'metric')} starting from zero (new) not drawn.")
    if log and any(r == 0 for r in ratios):
        notes.append("Changes to zero sit at the left edge.")

    left = 0.25 + 0.083 * max(display_len(label) for label in labels)
    side = 3.25
    f = frame(title, f"{period_label(data.since, data.until)} · "
                     f"{plural(changes, 'measured change')}",
              0.27 * len(rows) + 0.1, left=left, right=side, below=0.6, note=" ".join(notes))
    fig = f.fig
    ax = fig.add_axes(f.rect())

    ys, afters, colours, hits, segments = [], [], [], [], []
    for y, (_header, group, r) in enumerate(rows):
        if not group:
            continue
        metric = group[0]
        shown = max(r, floor) if log else r
        improvement = metric.improvement_pct
        colour = (GOOD if improvement and improvement > 0
                  else BAD if improvement and improvement < 0 else NEUTRAL)
        segments.append(((100, y), (shown, y)))
        ys.append(y)
        afters.append(shown)
        colours.append(colour)
        summary = improvement_label(metric)
        # One text per row: matplotlib 3.11 spends ~1.5 ms laying out each text and
        # ~0.1 ms per glyph, so labels are the bulk of this chart's drawing time.
        shown_summary = shorten(summary, 24)
        sides = shorten(metric.sides(), 40 - display_len(shown_summary))
        ax.annotate(f"{shown_summary}  ({sides})",
                    xy=(1, y), xycoords=("axes fraction", "data"), xytext=(10, 0),
                    textcoords="offset points", va="center", ha="left", fontsize=8.5,
                    color=colour, annotation_clip=False)
        wins = tuple(dict.fromkeys(w for m in group for w in data.wins_behind(m)))
        hits.append(Hit(f"{metric.name}: {summary} ({metric.sides()})", wins))
    ax.add_collection(LineCollection(segments, colors=RULE, linewidths=2.2, zorder=1,
                                     capstyle="round"))
    ax.scatter([100] * len(ys), ys, s=34, facecolors="white", edgecolors=MUTED, linewidths=1.4,
               zorder=2)
    after_dots = ax.scatter(afters, ys, s=44, c=colours, zorder=3)
    attach_hits(fig).add(after_dots, hits)
    ax.axvline(100, color=RULE, linewidth=0.8, linestyle=":", zorder=0)

    ax.set_ylim(len(rows) - 0.5, -0.6)
    label_rows(ax, enumerate(labels), bold=[y for y, (_, g, _r) in enumerate(rows) if not g])
    ax.spines["left"].set_visible(False)
    if log:
        ax.set_xscale("log")
        ax.set_xlim(floor / 1.5, max([*afters, 100.0]) * 2)
        ax.xaxis.set_minor_locator(NullLocator())
    else:
        ax.set_xlim(0, max([*afters, 100.0]) * 1.1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{compact_number(v)}%"))
    # The axis label doubles as the legend: one text instead of a legend's four.
    ax.set_xlabel("○ before = 100%   ● after, as % of before (green: better, red: worse)"
                  + (", log scale" if log else ""), fontsize=9)
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)

    fig.bragdoc_rows = rows  # type: ignore[attr-defined]
    fig.bragdoc_log = log  # type: ignore[attr-defined]
    return fig
