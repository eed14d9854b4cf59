"""Pillar balance: a radar of the period's evidence per pillar against an expected profile.

Evidence is the number of wins and projects of the period tagged with each pillar (one
with two pillars counts for both): an organisation-wide project is evidence even when
its wins are not tagged. Both shapes are drawn as shares of their own total, so "you" and "what the
level expects" are comparable whatever the number of wins: an even profile is 20% on
every spoke. The expected profile is passed in (relative weights per pillar); until the
ladder data exists, callers pass nothing and get the even profile.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.projections.polar import PolarAxes

from bragdoc.charts.common import (
    GRID,
    INK,
    MUTED,
    NEUTRAL,
    PILLAR_COLOURS,
    RULE,
    chart_rc,
    empty_figure,
    frame,
    period_label,
    plural,
)
from bragdoc.charts.data import ImpactData
from bragdoc.charts.hits import Hit, attach_hits
from bragdoc.domain.vocabulary import PILLAR_LABELS, PILLARS

TITLE = "Pillar balance: where your evidence sits"
EVEN = dict.fromkeys(PILLARS, 1.0)
YOU = "#0072B2"


def shares(weights: Mapping[str, float]) -> dict[str, float]:
    """Per pillar, its share of the total in percent (0 everywhere when the total is 0)."""
    total = sum(max(0.0, float(weights.get(p, 0.0))) for p in PILLARS)
    return {p: (max(0.0, float(weights.get(p, 0.0))) / total * 100 if total else 0.0)
            for p in PILLARS}


def balance_figure(data: ImpactData, *, expected: Mapping[str, float] | None = None,
                   expected_label: str = "Even split", title: str = TITLE,
                   advice: bool = True) -> Figure:
    """`advice=False` leaves out the note naming the thinnest pillar: a document for
    others shows the shape, and the gap is the coach's to point out."""
    with chart_rc():
        ids: dict[str, list[str]] = {p: [] for p in PILLARS}
        for win in data.wins:
            for pillar in win.pillars:
                if pillar in ids:
                    ids[pillar].append(win.id)
        for project in data.projects:
            for pillar in project.pillars:
                if pillar in ids:
                    ids[pillar].append(project.id)
        if not any(ids.values()):
            return empty_figure(title, data.since, data.until,
                                "No win or project in this period is tagged with a pillar.")
        return _draw(data, ids, expected or EVEN, expected_label, title, advice)


def _draw(data: ImpactData, ids: dict[str, list[str]], expected: Mapping[str, float],
          expected_label: str, title: str, advice: bool) -> Figure:
    counts = {p: len(ids[p]) for p in PILLARS}
    projects = {p.id for p in data.projects}
    in_projects = {p: sum(i in projects for i in ids[p]) for p in PILLARS}
    mine, target = shares(counts), shares(expected)
    tagged = sum(1 for w in data.wins if w.pillars) + sum(1 for p in data.projects
                                                         if p.pillars)
    strongest = max(PILLARS, key=lambda p: mine[p] - target[p])
    weakest = min(PILLARS, key=lambda p: mine[p] - target[p])
    note = ""
    if advice and mine[weakest] + 5 < target[weakest]:
        note = (f"Thinnest against the profile: {PILLAR_LABELS[weakest]} "
                f"({mine[weakest]:.0f}% of your evidence, {target[weakest]:.0f}% expected); "
                f"strongest: {PILLAR_LABELS[strongest]} ({mine[strongest]:.0f}%).")
    f = frame(title, f"{period_label(data.since, data.until)} · "
                     f"{plural(tagged, 'win or project', 'wins and projects')} tagged "
                     "with a pillar",
              3.9, left=2.2, right=2.2, below=0.2, note=note)
    fig = f.fig
    # Room above and below the circle for the spoke labels.
    x, y, w, h = f.plot
    ax = fig.add_axes((f.fx(x), f.fy(y + 0.35), f.fx(w), f.fy(h - 0.8)), projection="polar")
    assert isinstance(ax, PolarAxes)  # what projection="polar" makes

    # Technical excellence at the top, then clockwise in the guide's order.
    angles = [2 * math.pi * i / len(PILLARS) for i in range(len(PILLARS))]
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    closed = [*angles, angles[0]]
    top = max(max(mine.values()), max(target.values()))
    limit = min(100.0, math.ceil(top * 1.15 / 10) * 10)
    ax.set_ylim(0, limit)
    ax.plot(closed, [target[p] for p in (*PILLARS, PILLARS[0])], color=MUTED, linewidth=1.4,
            linestyle="--", zorder=2)
    values = [mine[p] for p in PILLARS]
    ax.fill(closed, [*values, values[0]], color=YOU, alpha=0.18, zorder=1)
    ax.plot(closed, [*values, values[0]], color=YOU, linewidth=2, zorder=3)
    points = ax.scatter(angles, values, s=42, c=[PILLAR_COLOURS[p] for p in PILLARS],
                        edgecolors="white", linewidths=0.8, zorder=4)
    attach_hits(fig).add(points, [
        Hit(f"{PILLAR_LABELS[p]}: {_evidence(counts[p], in_projects[p])} ({mine[p]:.0f}%)",
            tuple(ids[p]))
        for p in PILLARS])

    ax.set_xticks(angles, [""] * len(angles))
    ax.set_yticks([v for v in (10, 20, 30, 40, 50, 60, 80, 100) if v < limit])
    ax.yaxis.set_major_formatter(lambda v, _p: f"{v:.0f}%")
    ax.tick_params(axis="y", labelsize=7, labelcolor=NEUTRAL)
    ax.set_rlabel_position(360 / len(PILLARS) / 2)
    ax.grid(color=GRID, linewidth=0.8)
    ax.spines["polar"].set_color(RULE)
    for angle, pillar in zip(angles, PILLARS, strict=True):
        screen = math.pi / 2 - angle
        cos, sin = math.cos(screen), math.sin(screen)
        ha = "center" if abs(cos) < 0.2 else ("left" if cos > 0 else "right")
        va = "bottom" if sin > 0.5 else ("top" if sin < -0.5 else "center")
        ax.text(angle, limit * 1.12, f"{PILLAR_LABELS[pillar]}\n"
                f"{_evidence(counts[pillar], in_projects[pillar])} · {mine[pillar]:.0f}%",
                ha=ha, va=va, fontsize=9, color=INK, linespacing=1.3)
    legend = [Line2D([], [], color=YOU, linewidth=2, label="Your evidence"),
              Line2D([], [], color=MUTED, linewidth=1.4, linestyle="--", label=expected_label)]
    fig.legend(handles=legend, loc="upper right", bbox_to_anchor=(1 - f.fx(0.15),
               1 - f.fy(0.62)), frameon=False, fontsize=9)
    fig.bragdoc_shares = (mine, target)  # type: ignore[attr-defined]
    return fig


def _evidence(count: int, projects: int) -> str:
    """"12 wins, 2 projects"; wins alone when no project is tagged."""
    wins = plural(count - projects, "win")
    return f"{wins}, {plural(projects, 'project')}" if projects else wins
