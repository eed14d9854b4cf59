"""Scope over time: projects as bars on a timeline, coloured by reach.

Reach grows single team → cross-team → organisation-wide, light to dark. With a few
projects (up to `ROWS`) each gets its own row, named on the axis, oldest on top. With
more, rows would be unreadable, so projects are packed into lanes inside one band per
scope (the band's height is how many ran at once) and a name is printed inside a bar
only when it fits (longest bars first, at most `NAMES_INSIDE`). A project without an end
date is ongoing: its bar runs to the period's end with a dashed edge. Bars are cut at
the period's edges.
"""

from __future__ import annotations

import datetime as dt

from matplotlib import dates as mdates
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from bragdoc.charts.common import (
    GRID,
    INK,
    ON_DATA,
    SCOPE_COLOURS,
    chart_rc,
    day_label,
    display_len,
    empty_figure,
    frame,
    label_rows,
    period_label,
    plural,
    shorten,
)
from bragdoc.charts.data import ImpactData, ImpactProject
from bragdoc.charts.hits import Hit, attach_hits
from bragdoc.domain.vocabulary import SCOPE_LABELS, SCOPES

TITLE = "Scope over time: the reach of your projects"
ROWS = 16
_SHORT = {"single_team": "single-team", "cross_team": "cross-team", "org_wide": "org-wide"}
NAMES_INSIDE = 14
LANE_IN = 0.16
ROW_IN = 0.3


def placed(data: ImpactData) -> list[tuple[ImpactProject, dt.date, dt.date]]:
    """Projects with a span inside the period, cut to it, by start then name."""
    found = []
    for project in data.projects:
        span = project.span(data.until)
        if span is None or span[1] < data.since or span[0] > data.until:
            continue
        found.append((project, max(span[0], data.since), min(span[1], data.until)))
    return sorted(found, key=lambda t: (t[1], t[0].name.casefold()))


def lanes(spans: list[tuple[dt.date, dt.date]]) -> list[int]:
    """Greedy interval packing: the lowest lane whose last bar ended before this one."""
    ends: list[dt.date] = []
    chosen = []
    for start, end in spans:
        for lane, last in enumerate(ends):
            if last < start:
                ends[lane] = end
                chosen.append(lane)
                break
        else:
            ends.append(end)
            chosen.append(len(ends) - 1)
    return chosen


def scope_figure(data: ImpactData, *, title: str = TITLE) -> Figure:
    with chart_rc():
        bars = placed(data)
        if not bars:
            return empty_figure(title, data.since, data.until,
                                "No project ran in this period (or none has a start date "
                                "or a win to place it).")
        return _draw(data, bars, title)


def _draw(data: ImpactData, bars: list[tuple[ImpactProject, dt.date, dt.date]],
          title: str) -> Figure:
    by_scope = {s: sum(1 for p, *_ in bars if p.scope == s) for s in SCOPES}
    subtitle = (f"{period_label(data.since, data.until)} · {plural(len(bars), 'project')}: "
                + ", ".join(f"{by_scope[s]} {_SHORT[s]}" for s in SCOPES))
    packed = len(bars) > ROWS
    if packed:
        rows, labels, ticks, plot_h = _packed_rows(bars)
        left = 1.55
    else:
        rows = list(range(len(bars)))
        labels = [shorten(p.name, 28) for p, *_ in bars]
        ticks = rows
        plot_h = ROW_IN * len(bars) + 0.2
        left = 0.25 + 0.075 * max(display_len(label) for label in labels)
    f = frame(title, subtitle, plot_h, left=left, right=0.3, below=0.8,
              note="Dashed edge: still running (no end date)."
              if any(p.ongoing for p, *_ in bars) else "")
    fig = f.fig
    ax = fig.add_axes(f.rect())
    height = 0.8 if not packed else 0.84
    starts = [mdates.date2num(start) for _p, start, _e in bars]
    widths = [max(1.0, mdates.date2num(end) - mdates.date2num(start) + 1)
              for _p, start, end in bars]
    colours = [SCOPE_COLOURS.get(p.scope, SCOPE_COLOURS["single_team"]) for p, *_ in bars]
    # One collection for all bars: two hundred bar artists take a quarter second to draw.
    boxes = []
    for row, start, width in zip(rows, starts, widths, strict=True):
        low, high = row - height / 2, row + height / 2
        boxes.append(((start, low), (start, high), (start + width, high), (start + width, low)))
    ongoing = [p.ongoing for p, *_ in bars]
    drawn = PolyCollection(boxes, facecolors=colours,
                           edgecolors=[INK if o else "none" for o in ongoing],
                           linestyles=[(0, (3, 2)) if o else "solid" for o in ongoing],
                           linewidths=0.8)
    ax.add_collection(drawn)
    hits = attach_hits(fig)
    project_hits = []
    for project, start, end in bars:
        status = "ongoing" if project.ongoing else f"ended {day_label(end)}"
        project_hits.append(Hit(
            f"{project.name} · {SCOPE_LABELS.get(project.scope, project.scope)} · from "
            f"{day_label(start)}, {status}: {plural(len(project.win_ids), 'win')} in this period",
            project.win_ids))
    hits.add(drawn, project_hits, tolerance=0)
    if packed:
        _names_inside(ax, f.plot[2], bars, rows, starts, widths, data)
    ax.set_ylim(max(rows) + 0.6, -0.6)
    label_rows(ax, zip(ticks, labels, strict=True))
    ax.spines["left"].set_visible(False)
    ax.set_xlim(mdates.date2num(data.since) - 0.5, mdates.date2num(data.until) + 1.5)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    legend = [Patch(facecolor=SCOPE_COLOURS[s], label=SCOPE_LABELS[s]) for s in SCOPES]
    fig.legend(handles=legend, loc="lower center", bbox_to_anchor=(0.5, f.fy(f.note_h)),
               ncols=3, frameon=False, fontsize=9, handlelength=1)
    fig.bragdoc_bars = [(p.id, s, e) for p, s, e in bars]  # type: ignore[attr-defined]
    return fig


def _packed_rows(bars: list[tuple[ImpactProject, dt.date, dt.date]]
                 ) -> tuple[list[float], list[str], list[float], float]:
    """Lanes inside one band per scope, widest reach on top."""
    rows: list[float] = [0.0] * len(bars)
    ticks, labels = [], []
    offset = 0.0
    for scope in reversed(SCOPES):
        members = [i for i, (p, *_) in enumerate(bars) if p.scope == scope]
        if not members:
            continue
        chosen = lanes([(bars[i][1], bars[i][2]) for i in members])
        for i, lane in zip(members, chosen, strict=True):
            rows[i] = offset + lane
        count = max(chosen) + 1
        ticks.append(offset + (count - 1) / 2)
        labels.append(SCOPE_LABELS[scope])
        offset += count + 0.8
    return rows, labels, ticks, LANE_IN * offset + 0.2


def _names_inside(ax, width_in: float, bars, rows, starts, widths,  # type: ignore[no-untyped-def]
                  data: ImpactData) -> None:
    """Print a project's name inside its bar when the bar is long enough for it."""
    days = (data.until - data.since).days + 2
    per_char = 0.062  # inches per character at 7 pt
    longest = sorted(range(len(bars)), key=lambda i: -widths[i])[:NAMES_INSIDE]
    for i in sorted(longest):
        (project, _s, _e), row, start, width = bars[i], rows[i], starts[i], widths[i]
        bar_in = width / days * width_in
        room = int((bar_in - 0.08) / per_char)
        if room < 12:
            continue
        colour = "white" if project.scope != "single_team" else INK
        ax.text(start + width * 0.01 + 0.5, row, shorten(project.name, room), va="center",
                ha="left", fontsize=7, color=colour, clip_on=True, gid=ON_DATA)
