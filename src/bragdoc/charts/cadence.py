"""Cadence: wins per ISO week as a calendar heatmap, one row per ISO year.

Like a contribution graph, but a cell is a week (columns are ISO weeks 1–53, rows are
years), so ten years still fit on one page and a gap in logging is a run of grey cells.
Colours come in five steps whose edges follow the data (quartiles of the busy weeks),
so one week with a huge import does not wash every other week out to the palest green.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from bragdoc.charts.common import (
    WIDTH_IN,
    chart_rc,
    day_label,
    empty_figure,
    frame,
    label_columns,
    label_rows,
    period_label,
    plural,
)
from bragdoc.charts.data import ImpactData
from bragdoc.charts.hits import Hit, attach_hits
from bragdoc.charts.style import PRINT

TITLE = "Cadence: wins logged each week"
EMPTY_COLOUR = PRINT.empty
GREENS = ("#C6E48B", "#7BC96F", "#239A3B", "#196127")
# ISO week in which each month mostly starts (a typical year), for the x axis.
_MONTH_WEEKS = {1: "Jan", 5: "Feb", 9: "Mar", 14: "Apr", 18: "May", 22: "Jun",
                27: "Jul", 31: "Aug", 35: "Sep", 40: "Oct", 44: "Nov", 48: "Dec"}


def _weeks(since: dt.date, until: dt.date) -> list[dt.date]:
    """Mondays of every ISO week touching the period."""
    monday = since - dt.timedelta(days=since.weekday())
    weeks = []
    while monday <= until:
        weeks.append(monday)
        monday += dt.timedelta(days=7)
    return weeks


def levels(counts: list[int]) -> list[int]:
    """Lower edges of the four green steps, from the busy weeks' quartiles: [1, a, b, c]."""
    busy = sorted(c for c in counts if c > 0)
    if not busy:
        return [1, 2, 3, 4]
    if busy[-1] <= 4:
        return [1, 2, 3, 4]
    edges = [1]
    for q in (0.25, 0.5, 0.75):
        value = busy[min(len(busy) - 1, math.floor(q * len(busy)))] + (1 if q > 0.25 else 0)
        edges.append(max(value, edges[-1] + 1))
    return edges


def _step(count: int, edges: list[int]) -> int:
    """0 for no wins, else 1..4."""
    return sum(1 for edge in edges if count >= edge)


def _legend_labels(edges: list[int]) -> list[str]:
    labels = []
    for i, low in enumerate(edges):
        high = edges[i + 1] - 1 if i + 1 < len(edges) else None
        if high is None:
            labels.append(f"{low}+")
        elif high == low:
            labels.append(str(low))
        else:
            labels.append(f"{low}–{high}")
    return labels


def longest_gap(weeks: list[dt.date], counts: list[int]) -> tuple[int, dt.date | None]:
    """The longest run of weeks without a win, and the Monday it starts."""
    best, best_start, run, start = 0, None, 0, None
    for monday, count in zip(weeks, counts, strict=True):
        if count == 0:
            if run == 0:
                start = monday
            run += 1
            if run > best:
                best, best_start = run, start
        else:
            run = 0
    return best, best_start


def cadence_figure(data: ImpactData, *, title: str = TITLE) -> Figure:
    with chart_rc():
        if not data.wins:
            return empty_figure(title, data.since, data.until,
                                "No wins were logged in this period.")
        return _draw(data, title)


def _draw(data: ImpactData, title: str) -> Figure:
    weeks = _weeks(data.since, data.until)
    ids: dict[dt.date, list[str]] = defaultdict(list)
    for win in data.wins:
        ids[win.date - dt.timedelta(days=win.date.weekday())].append(win.id)
    counts = [len(ids.get(monday, ())) for monday in weeks]
    edges = levels(counts)
    palette = (EMPTY_COLOUR, *GREENS)

    years = sorted({monday.isocalendar().year for monday in weeks})
    row_of = {year: i for i, year in enumerate(years)}
    single_row = len(years) == 1
    columns = [monday.isocalendar().week for monday in weeks]
    first_col, last_col = (min(columns), max(columns)) if single_row else (1, 53)

    cell = 0.8
    busy = sum(1 for c in counts if c)
    gap, gap_start = longest_gap(weeks, counts)
    summary = (f"{period_label(data.since, data.until)} · {plural(len(data.wins), 'win')} "
               f"in {plural(busy, 'week')} of {len(weeks)}")
    if gap >= 2 and gap_start is not None:
        note = (f"Longest gap: {plural(gap, 'week')} without a win, "
                f"from {day_label(gap_start)}.")
    else:
        note = "No gap of two weeks or more."
    # Equal-aspect cells: the figure is sized to the grid, so no band of white is left
    # over whatever the number of years or weeks.
    n_cols = last_col - first_col + 1.2
    cell_in = min(0.34, (WIDTH_IN - 0.85) / n_cols)
    f = frame(title, summary, cell_in * (len(years) + 0.2), left=0.65,
              right=WIDTH_IN - 0.65 - cell_in * n_cols, below=0.62, note=note)
    fig = f.fig
    ax = fig.add_axes(f.rect())
    patches, colours, hits = [], [], []
    for monday, count in zip(weeks, counts, strict=True):
        iso = monday.isocalendar()
        x, y = iso.week, row_of[iso.year]
        low, high, left, right = y - cell / 2, y + cell / 2, x - cell / 2, x + cell / 2
        patches.append(((left, low), (left, high), (right, high), (right, low)))
        colours.append(palette[_step(count, edges)])
        sunday = monday + dt.timedelta(days=6)
        hits.append(Hit(f"Week {iso.week} of {iso.year} ({day_label(monday)} – "
                        f"{day_label(sunday)}): {plural(count, 'win')}",
                        tuple(ids.get(monday, ()))))
    cells = PolyCollection(patches, facecolors=colours, edgecolors="none")
    ax.add_collection(cells)
    attach_hits(fig).add(cells, hits)

    ax.set_xlim(first_col - 0.6, last_col + 0.6)
    ax.set_ylim(len(years) - 0.4, -0.6)
    ax.set_aspect("equal")
    label_rows(ax, [(i, str(y)) for i, y in enumerate(years)])
    if single_row and last_col - first_col < 14:
        label_columns(ax, [(t, f"W{t}") for t in range(first_col, last_col + 1)], fontsize=8)
    else:
        label_columns(ax, [(w, m) for w, m in _MONTH_WEEKS.items() if first_col <= w <= last_col])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)

    legend = [Patch(facecolor=EMPTY_COLOUR, label="none")] + [
        Patch(facecolor=colour, label=label)
        for colour, label in zip(GREENS, _legend_labels(edges), strict=True)]
    fig.legend(handles=legend, loc="lower right", bbox_to_anchor=(1, f.fy(0.02)), ncols=5,
               frameon=False,
               fontsize=8, title="wins a week", title_fontsize=8, handlelength=1,
               handleheight=1, columnspacing=0.8)
    fig.bragdoc_counts = dict(zip(weeks, counts, strict=True))  # type: ignore[attr-defined]
    return fig
