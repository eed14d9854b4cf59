"""Cumulative business value: the running total of yearly revenue and savings.

Each metric that counts as business value (`Metric.counts_as_business_value`: revenue,
savings, a cost that went down) adds its yearly value (`annual_value`) on its date, the
date of its win, or of its project for project metrics (the same result recorded on a
project and on one of its wins counts once: domain.business_value). A dot marks every
contribution; the projects that added the most are named on the chart. Amounts in different
currencies are never added together: each currency gets its own line.

Log scale when the running totals are all positive and span more than two orders of
magnitude (one huge contract next to small savings); a total that dips to zero or
below (a cost regression) keeps the axis linear.
"""

from __future__ import annotations

from collections import defaultdict

from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, NullLocator

from bragdoc.charts.common import (
    BAD,
    GRID,
    INK,
    chart_rc,
    compact_money,
    day_label,
    empty_figure,
    frame,
    needs_log,
    period_label,
    plural,
    shorten,
)
from bragdoc.charts.data import ImpactData, ImpactMetric
from bragdoc.charts.hits import Hit, attach_hits
from bragdoc.domain.business_value import counted_once, result_key

TITLE = "Business value, running total per year"
LINE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
NAMED = 4


def contributions(data: ImpactData) -> dict[str, list[ImpactMetric]]:
    """Business-value metrics of the period by currency, oldest first; a result recorded on
    a project and again on one of its wins counts once, as in the packet."""
    found: dict[str, list[ImpactMetric]] = defaultdict(list)
    valued = [m for m in sorted(data.metrics, key=lambda m: m.date)
              if m.business_value and m.annual_value is not None]
    for metric in counted_once(valued, _result_key):
        found[metric.currency or "USD"].append(metric)
    return dict(sorted(found.items(), key=lambda kv: -sum(abs(m.annual_value or 0)
                                                           for m in kv[1])))


def _result_key(metric: ImpactMetric) -> tuple[str, str, float]:
    return result_key(metric.project_id or metric.win_id or metric.id, metric.name,
                      metric.annual_value or 0.0)


def value_figure(data: ImpactData, *, title: str = TITLE) -> Figure:
    with chart_rc():
        by_currency = contributions(data)
        if not by_currency:
            return empty_figure(title, data.since, data.until,
                                "No revenue or savings were measured in this period "
                                "(like “Infrastructure cost: $50K/month saved”).")
        return _draw(data, by_currency, title)


def _draw(data: ImpactData, by_currency: dict[str, list[ImpactMetric]], title: str) -> Figure:
    series = {}
    for currency, metrics in by_currency.items():
        total, totals = 0.0, []
        for metric in metrics:
            total += metric.annual_value or 0.0
            totals.append(total)
        series[currency] = totals
    everything = [t for totals in series.values() for t in totals]
    log = all(t > 0 for t in everything) and needs_log(everything)

    main = next(iter(by_currency))
    headline = ", ".join(f"{compact_money(series[c][-1], c)} a year" for c in series)
    count = sum(len(m) for m in by_currency.values())
    projects = {m.project_id for ms in by_currency.values() for m in ms if m.project_id}
    subtitle = (f"{period_label(data.since, data.until)} · {headline} from "
                f"{plural(count, 'metric')} in {plural(len(projects), 'project')}")
    ranked = top_contributors(by_currency[main])
    note = "Largest contributions: " + " · ".join(
        f"{n} {shorten(key, 34)} +{compact_money(added, main)}"
        for n, (key, added, _i) in enumerate(ranked, start=1)) + "."
    if log:
        note += " Log scale: the totals span more than a hundredfold."
    f = frame(title, subtitle, 3.0, left=0.85, right=0.3, below=0.5, note=note)
    fig = f.fig
    ax = fig.add_axes(f.rect())
    hits = attach_hits(fig)
    start, end = mdates.date2num(data.since), mdates.date2num(data.until)

    handles = []
    for n, (currency, metrics) in enumerate(by_currency.items()):
        colour = LINE_COLOURS[n % len(LINE_COLOURS)]
        days = [mdates.date2num(m.date) for m in metrics]
        totals = series[currency]
        # A step line from the period's start (nothing yet) to its end (the final total).
        xs = [start, *days, end]
        ys = [0.0, *totals, totals[-1]]
        if log:
            xs, ys = xs[1:], ys[1:]
        ax.step(xs, ys, where="post", color=colour, linewidth=1.8, zorder=2)
        dot_colours = [colour if (m.annual_value or 0) >= 0 else BAD for m in metrics]
        dots = ax.scatter(days, totals, s=16, c=dot_colours, zorder=3, linewidths=0)
        hits.add(dots, [
            Hit(f"{day_label(m.date)} · {m.project_name or m.name}: "
                f"{'+' if (m.annual_value or 0) >= 0 else ''}"
                f"{compact_money(m.annual_value or 0, currency)} a year ({m.name})",
                data.wins_behind(m))
            for m in metrics])
        handles.append(Line2D([], [], color=colour, marker="o", markersize=4,
                              label=f"{currency}: {compact_money(totals[-1], currency)} a year"))
        if currency == main:
            _ring_contributors(ax, ranked, days, totals)

    ax.set_xlim(start - 0.5, end + 0.5)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if log:
        ax.set_yscale("log")
        ax.yaxis.set_minor_locator(NullLocator())  # dozens of minor ticks cost ~50 ms a draw
    else:
        low = min(0.0, *everything)
        ax.set_ylim(low * 1.1, max(everything) * 1.22 if max(everything) > 0 else 1)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: compact_money(v, main)))
    ax.set_ylabel("Yearly value, running total")
    ax.grid(axis="y", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    if len(handles) > 1:
        ax.legend(handles=handles, loc="upper left", frameon=False, fontsize=8)
    fig.bragdoc_totals = series  # type: ignore[attr-defined]
    fig.bragdoc_log = log  # type: ignore[attr-defined]
    return fig


def top_contributors(metrics: list[ImpactMetric]) -> list[tuple[str, float, int]]:
    """The projects (or metrics without one) that added the most: (name, total added,
    index of their largest step), in date order."""
    added: dict[str, float] = defaultdict(float)
    biggest: dict[str, int] = {}
    for i, metric in enumerate(metrics):
        key = metric.project_name or metric.name
        added[key] += metric.annual_value or 0.0
        if key not in biggest or (metric.annual_value or 0) > (metrics[biggest[key]].annual_value
                                                                or 0):
            biggest[key] = i
    top = sorted((k for k in added if added[k] > 0), key=lambda k: -added[k])[:NAMED]
    return sorted(((k, added[k], biggest[k]) for k in top), key=lambda t: t[2])


def _ring_contributors(ax, ranked: list[tuple[str, float, int]],  # type: ignore[no-untyped-def]
                       days: list[float], totals: list[float]) -> None:
    """Ring and number the top contributors' largest steps; the note names them (labels
    on the line itself overlap as soon as a record is long)."""
    for n, (_key, _added, i) in enumerate(ranked, start=1):
        ax.scatter([days[i]], [totals[i]], s=80, facecolors="none", edgecolors=INK,
                   linewidths=1.0, zorder=4)
        # Alternate below-right and above-left, so neighbouring numbers do not collide.
        below = n % 2 == 1
        ax.annotate(str(n), (days[i], totals[i]), xytext=(6, -6) if below else (-6, 6),
                    textcoords="offset points", ha="left" if below else "right",
                    va="top" if below else "bottom", fontsize=8, fontweight="bold", color=INK)
