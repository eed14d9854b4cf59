"""The readiness timeline: time at the current level against the typical range to the next
level, with the hard deadline (if the company has one) and the days left before it.

Plain data in (a `Timeline` from `bragdoc.domain.readiness`), a matplotlib `Figure` out;
no pyplot, no Qt. One horizontal bar, in years since reaching the level:

    [==== time at level ====]|today        ░░░ typical range ░░░      ¦ deadline

The bar is blue before the typical range, green inside it, red past it. The title says
where the user stands in words, so the chart reads without its colours.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from bragdoc.charts.common import BAD, GOOD, INK, MUTED, NEUTRAL, chart_rc, day_label, wrap
from bragdoc.charts.style import PRINT
from bragdoc.domain.ladders import DAYS_PER_YEAR
from bragdoc.domain.readiness import Timeline

WIDTH_IN = 7.0
HEIGHT_IN = 1.9
EARLY = "#0072B2"
RANGE_COLOUR = PRINT.band
STATUS_COLOURS = {"early": EARLY, "on_track": GOOD, "late": BAD}
STATUS_WORDS = {
    "early": "before the typical range",
    "on_track": "inside the typical range",
    "late": "past the typical range",
    "top": "top of this ladder",
    "terminal": "a level people usually stay at",
    "no_figure": "no typical time given for this level",
}
NO_TIMELINE = ("Set your current level and the date you reached it in the profile "
               "to see your time at level here.")


def _years(days: float) -> float:
    return days / DAYS_PER_YEAR


def _years_text(days: float) -> str:
    years = _years(days)
    return f"{years:.1f} year" + ("" if f"{years:.1f}" == "1.0" else "s")


def title_of(line: Timeline) -> str:
    """One line that says what the chart shows, in words."""
    if line.level is None or line.days_at_level is None:
        return "Time at level"
    text = f"{_years_text(line.days_at_level)} at {line.level.id}"
    if line.next_level is not None and line.typical_label:
        text += f": typical {line.typical_label} to {line.next_level.id}"
    return text


def timeline_figure(line: Timeline, *, width: float = WIDTH_IN,
                    height: float = HEIGHT_IN) -> Figure:
    """The timeline as a figure `width` × `height` inches (the GUI resizes it freely)."""
    with chart_rc():
        fig = Figure(figsize=(width, height), dpi=100)
        fig.bragdoc_title = title_of(line)  # type: ignore[attr-defined]
        fig.text(0.015, 0.96, fig.bragdoc_title, ha="left", va="top", fontsize=11,  # type: ignore[attr-defined]
                 fontweight="bold", color=INK)
        if line.level is None or line.days_at_level is None:
            fig.text(0.5, 0.45, wrap(NO_TIMELINE, 70), ha="center", va="center", fontsize=10,
                     color=NEUTRAL)
            fig.bragdoc_empty = True  # type: ignore[attr-defined]
            return fig
        fig.bragdoc_empty = False  # type: ignore[attr-defined]
        _draw(fig, line)
    return fig


def _draw(fig: Figure, line: Timeline) -> None:
    days = line.days_at_level or 0
    low = high = None
    if line.typical_days is not None:
        low, high = line.typical_days
    deadline_days = None
    if line.deadline is not None and line.level_since is not None:
        deadline_days = (line.deadline - line.level_since).days

    # Room for everything drawn, plus a margin so the last label is not cut.
    reach = [days, 365.0]
    if low is not None:
        reach.append(high if high is not None else low * 1.4)
    if deadline_days is not None:
        reach.append(deadline_days)
    right = _years(max(reach)) * 1.12

    # Fractions of the figure, so the GUI may stretch it: title on top, legend under it,
    # then the bar; the axis counts years since reaching the level ("2 y").
    ax = fig.add_axes((0.04, 0.2, 0.93, 0.45))
    ax.set_xlim(0, right)
    ax.set_ylim(-0.6, 0.6)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:g} y"))
    ax.tick_params(axis="x", labelsize=9)

    handles = []
    if low is not None:
        end = _years(high) if high is not None else right
        ax.axvspan(_years(low), end, color=RANGE_COLOUR, zorder=0)
        handles.append(Patch(color=RANGE_COLOUR, label=f"typical: {line.typical_label}"))

    colour = STATUS_COLOURS.get(line.status, MUTED)
    ax.barh([0], [_years(days)], height=0.5, color=colour, zorder=2)
    handles.append(Patch(color=colour, label=f"you: {STATUS_WORDS.get(line.status, '')}"))
    label = f"today: {_years(days):.1f} y"
    if _years(days) > right * 0.7:  # no room after the bar: write inside its end
        ax.text(_years(days), 0.0, label + " ", ha="right", va="center", fontsize=9,
                color="white", fontweight="bold", zorder=3)
    else:
        ax.text(_years(days), 0.0, " " + label, ha="left", va="center", fontsize=9,
                color=INK, zorder=3)

    if deadline_days is not None and line.deadline is not None:
        x = _years(deadline_days)
        late = (line.days_left or 0) < 0
        ax.axvline(x, color=BAD, linestyle="--", linewidth=1.5, zorder=3)
        left = line.days_left or 0
        words = (f"deadline passed {-left} days ago" if late
                 else f"deadline {day_label(line.deadline)} · {left} days left")
        ax.text(x, -0.56, words, ha="right" if x > right * 0.6 else "left", va="bottom",
                fontsize=9, color=BAD, zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1, "alpha": 0.8})

    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.005, 0.86), ncols=2,
               frameon=False, fontsize=9, handlelength=1.2, borderaxespad=0.2)
