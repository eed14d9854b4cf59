"""What every chart shares: colours, fonts, titles, the empty figure, the log-scale rule,
click-through targets, styles and saving.

Charts are `matplotlib.figure.Figure` objects built without pyplot, so nothing global
(no current figure, no backend choice) is touched; the canvas that draws them is picked
when saving (Agg for PNG, the SVG backend for SVG) or supplied by the GUI.

Click-through: each chart attaches a `ChartHits` as `figure.bragdoc_hits`. It maps every
clickable artist (a bar, a heatmap cell collection, a scatter of points) to one `Hit` per
index (a single bar has one), a `Hit` being a short label and the ids of the wins behind
it. With a matplotlib pick event: `picked(event)`; otherwise
`hits_of(figure).lookup(artist, index)`.

Styles: every chart is built in the print style (`style.PRINT`). `in_style(build, style)`
recolours what `build()` returns for the screen (the desktop app's dark theme) and keeps
`build`, so saving that figure draws it again in the print style: exported charts always
look the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import logging
import math
import textwrap
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.collections import Collection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.transforms import blended_transform_factory

from bragdoc.charts.hits import attach_hits
from bragdoc.charts.style import PRINT, ChartStyle
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.vocabulary import PILLARS, SCOPES

# Colour-blind-safe (Okabe–Ito) in the guide's pillar order; grey for "no pillar".
PILLAR_COLOURS: dict[str, str] = dict(zip(
    PILLARS, ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"), strict=True))
NO_PILLAR_COLOUR = "#BBBBBB"
# Reach grows from light to dark.
SCOPE_COLOURS: dict[str, str] = dict(zip(
    SCOPES, ("#9ECAE1", "#3182BD", "#08306B"), strict=True))
GOOD, BAD = "#1B7837", "#B2182B"
INK, SECONDARY, NEUTRAL, MUTED = PRINT.ink, PRINT.secondary, PRINT.neutral, PRINT.muted
GRID, RULE = PRINT.grid, PRINT.rule
ON_DATA = "on-data"
"""The gid of a text drawn over a data colour (a name inside a bar): restyling leaves it."""

WIDTH_IN = 8.0
DPI = 100
EXPORT_DPI = 150
TITLE_SIZE = 13
NOTE_SIZE = 9
TITLE_LINES = 2

# "values span more than two orders of magnitude"
LOG_SPAN = 100.0

NOTHING_TO_SHOW = "Nothing to show for this period"


# --- text -----------------------------------------------------------------------------

def display_len(text: str) -> int:
    """Width in Latin-letter units: CJK and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shorten(text: str, width: int) -> str:
    """One line at most `width` Latin letters wide, ending in "…" when cut."""
    flat = " ".join(str(text).split())
    if display_len(flat) <= width:
        return flat
    kept, used = [], 0
    for ch in flat:
        used += display_len(ch)
        if used > width - 1:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"


def wrap(text: str, width: int, lines: int = TITLE_LINES) -> str:
    """At most `lines` lines of `width` characters; the last one ellipsized if needed."""
    parts = textwrap.wrap(" ".join(str(text).split()), width) or [""]
    if len(parts) > lines:
        rest = " ".join(parts[lines - 1:])
        parts = [*parts[: lines - 1], shorten(rest, width)]
    return "\n".join(parts)


def chars_across(width_in: float, size_pt: float) -> int:
    """About how many characters of DejaVu Sans at `size_pt` fit across `width_in`."""
    return max(10, int(width_in * 72 / (size_pt * 0.58)))


def day_label(day: dt.date) -> str:
    return f"{day.day} {day:%b} {day.year}"


def period_label(since: dt.date, until: dt.date) -> str:
    return f"{day_label(since)} – {day_label(until)}"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def compact_number(value: float) -> str:
    """1234 → "1.2K", 2_500_000 → "2.5M"; small values keep one decimal at most."""
    size = abs(value)
    for limit, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if size >= limit:
            shown = f"{value / limit:.1f}".removesuffix(".0")
            return f"{shown}{suffix}"
    return f"{value:.1f}".removesuffix(".0")


_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£"}


def compact_money(value: float, currency: str | None) -> str:
    sign = "−" if value < 0 else ""
    code = currency or "USD"
    symbol = _CURRENCY_SIGNS.get(code)
    amount = compact_number(abs(value))
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {code}"


# --- scales ---------------------------------------------------------------------------

def needs_log(values: Iterable[float]) -> bool:
    """The log-scale rule: positive values spanning more than two orders of magnitude.
    Zeros and negatives are ignored here; callers decide how to place them."""
    positive = [v for v in values if v is not None and v > 0 and math.isfinite(v)]
    return len(positive) >= 2 and max(positive) / min(positive) > LOG_SPAN


# --- fonts and figures ----------------------------------------------------------------

_FALLBACK_FAMILIES = (
    "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK KR", "Source Han Sans",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback", "IPAGothic",
    "Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Devanagari",
)


# A family missing on some machine makes matplotlib log "findfont: …" at warning level,
# which would reach the terminal of every CLI run; the fallback list already covers it.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


@functools.cache
def font_families() -> list[str]:
    """DejaVu Sans first, then whichever installed fonts cover other scripts (CJK…).
    Only installed families are listed, so matplotlib never logs "font not found";
    a glyph no installed font has is drawn as a box (see quiet_missing_glyphs)."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *(f for f in _FALLBACK_FAMILIES if f in installed)]


def chart_rc() -> contextlib.AbstractContextManager[Any]:
    """matplotlib settings for building (and saving) a chart, without touching globals."""
    return matplotlib.rc_context({
        "font.family": font_families(),
        "font.size": 10,
        "axes.titlesize": 10,
        "axes.titlelocation": "left",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": PRINT.edge,
        "axes.labelcolor": INK,
        "xtick.color": SECONDARY,
        "ytick.color": SECONDARY,
        "text.color": INK,
        "svg.fonttype": "none",
        # User text and money ("$50K → $20K") must never turn into mathtext.
        "text.parse_math": False,
        # Unhinted glyphs draw about a third faster with matplotlib 3.11 (which lays out
        # and rasterises text glyph by glyph) and look the same at 100 dpi and above.
        "text.hinting": "no_hinting",
        "svg.hashsalt": "bragdoc",
        "figure.facecolor": PRINT.face,
    })


@contextlib.contextmanager
def quiet_missing_glyphs() -> Iterator[None]:
    """Drawing text in a script no installed font covers warns once per glyph; the chart
    still draws (with boxes), so those warnings are noise. Wrap every draw in this (the
    GUI too: `with quiet_missing_glyphs(): canvas.draw()`)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        yield


@contextlib.contextmanager
def drawing() -> Iterator[None]:
    """Wrap every draw of a chart in this (the GUI: `with drawing(): canvas.draw()`): the
    chart's text settings apply at draw time, and missing-glyph warnings stay quiet."""
    with chart_rc(), quiet_missing_glyphs():
        yield


@dataclass
class Frame:
    """A figure laid out by hand, in inches: title and subtitle on top, an optional note
    at the bottom, one plot rectangle between. (Constrained layout measured every text
    several times per draw and cost more than half of each chart's 300 ms budget.)"""

    fig: Figure
    width: float
    height: float
    plot: tuple[float, float, float, float]  # left, bottom, width, height (inches)
    note_h: float

    def rect(self, left: float | None = None,
             width: float | None = None) -> tuple[float, float, float, float]:
        """The plot rectangle in figure fractions (optionally a horizontal slice of it)."""
        x, y, w, h = self.plot
        x = x if left is None else left
        w = w if width is None else width
        return (x / self.width, y / self.height, w / self.width, h / self.height)

    def fx(self, inches: float) -> float:
        return inches / self.width

    def fy(self, inches: float) -> float:
        return inches / self.height


MARGIN = 0.12


def frame(title: str, subtitle: str, plot_h: float, *, left: float = 0.75,
          right: float = 0.25, below: float = 0.45, note: str = "",
          width: float = WIDTH_IN) -> Frame:
    """A figure with its title (two lines at most), grey subtitle, bottom note, and a plot
    area `plot_h` inches high with the given margins (inches) around it."""
    title_text = wrap(title, chars_across(width - 2 * MARGIN, TITLE_SIZE * 1.12))  # bold
    lines = title_text.count("\n") + 1
    top = MARGIN + 0.25 * lines + (0.3 if subtitle else 0.0) + 0.15
    note_text = wrap(note, chars_across(width - 2 * MARGIN, NOTE_SIZE), lines=3) if note else ""
    note_h = MARGIN + 0.17 * (note_text.count("\n") + 1) if note_text else 0.05
    height = top + plot_h + below + note_h
    fig = Figure(figsize=(width, height), dpi=DPI)
    fig.text(MARGIN / width, 1 - MARGIN / height, title_text, ha="left", va="top",
             fontsize=TITLE_SIZE, fontweight="bold", color=INK, linespacing=1.25)
    if subtitle:
        fig.text(MARGIN / width, 1 - (MARGIN + 0.25 * lines + 0.08) / height,
                 shorten(subtitle, chars_across(width - 2 * MARGIN, 10.5)), ha="left",
                 va="top", fontsize=10, color=NEUTRAL)
    if note_text:
        fig.text(MARGIN / width, 0.08 / height, note_text, ha="left", va="bottom",
                 fontsize=NOTE_SIZE, color=NEUTRAL, linespacing=1.3)
    fig.bragdoc_title = title_text  # type: ignore[attr-defined]
    plot = (left, note_h + below, width - left - right, plot_h)
    return Frame(fig, width, height, plot, note_h)


def empty_figure(title: str, since: dt.date, until: dt.date, reason: str) -> Figure:
    """The figure for a period with nothing to draw: says so plainly, and why."""
    f = frame(title, period_label(since, until), 1.3, left=MARGIN, right=MARGIN, below=0.1)
    ax = f.fig.add_axes(f.rect())
    ax.set_axis_off()
    ax.text(0.5, 0.68, NOTHING_TO_SHOW, ha="center", va="center", fontsize=14,
            color=NEUTRAL, transform=ax.transAxes)
    ax.text(0.5, 0.3, wrap(reason, chars_across(f.width, 10)), ha="center",
            va="center", fontsize=10, color=NEUTRAL, transform=ax.transAxes)
    attach_hits(f.fig)
    f.fig.bragdoc_empty = True  # type: ignore[attr-defined]
    return f.fig


def title_of(fig: Figure) -> str:
    """The chart's title on one line (as drawn, it may wrap over two)."""
    return " ".join(str(getattr(fig, "bragdoc_title", "") or "").split())


def summary_of(fig: Figure) -> str:
    """The chart in one sentence, from its own words (title, period, note): the text a
    screen reader speaks for the picture, in the packet and on screen alike."""
    said = [" ".join(text.get_text().split()) for text in fig.texts]
    summary = ". ".join(part.rstrip(".") for part in said if part)
    return summary + "." if summary else ""


# --- axis labels as plain text -------------------------------------------------------

ROW_LABEL = "row-label"
COLUMN_LABEL = "column-label"


def label_rows(ax: Axes, labels: Iterable[tuple[float, str]], *, bold: Iterable[float] = (),
               fontsize: float = 10) -> None:
    """Category labels left of the axes, one per row, as plain texts: a matplotlib tick
    costs four artists and a deep copy, which a chart with twenty rows feels."""
    ax.set_yticks([])
    beside = blended_transform_factory(ax.transAxes, ax.transData)
    strong = set(bold)
    for y, text in labels:
        ax.annotate(text, (0, y), xycoords=beside, xytext=(-6, 0), textcoords="offset points",
                    ha="right", va="center", annotation_clip=False, gid=ROW_LABEL,
                    fontsize=fontsize, fontweight="bold" if y in strong else "normal",
                    color=INK if y in strong else SECONDARY)


def label_columns(ax: Axes, labels: Iterable[tuple[float, str]], *, fontsize: float = 10) -> None:
    """Category labels under the axes, one per column, as plain texts (see label_rows)."""
    ax.set_xticks([])
    under = blended_transform_factory(ax.transData, ax.transAxes)
    for x, text in labels:
        ax.annotate(text, (x, 0), xycoords=under, xytext=(0, -4), textcoords="offset points",
                    ha="center", va="top", annotation_clip=False, gid=COLUMN_LABEL,
                    fontsize=fontsize, color=SECONDARY)


def labels_of(ax: Axes, gid: str = ROW_LABEL) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_gid() == gid]


# --- styles ---------------------------------------------------------------------------

def in_style(build: Callable[[], Figure], style: ChartStyle | None = None) -> Figure:
    """The chart `build()` draws, recoloured to `style` (none or PRINT: as built)."""
    fig = build()
    if style is None or style == PRINT:
        return fig
    restyle(fig, style)
    fig.bragdoc_style = style  # type: ignore[attr-defined]
    fig.bragdoc_print = build  # type: ignore[attr-defined]
    return fig


def style_of(fig: Figure) -> ChartStyle:
    style = getattr(fig, "bragdoc_style", PRINT)
    assert isinstance(style, ChartStyle)
    return style


def printable(fig: Figure) -> Figure:
    """The figure as it is exported: in the print style, drawn again if need be."""
    if style_of(fig) == PRINT:
        return fig
    remade = fig.bragdoc_print()  # type: ignore[attr-defined]
    assert isinstance(remade, Figure)
    return remade


def _key(colour: Any) -> str:
    return str(to_hex(colour, keep_alpha=False)).upper()


def _swap(colour: Any, table: dict[str, str]) -> Any:
    """`colour` with its RGB looked up in `table` (alpha kept), or unchanged."""
    rgba = to_rgba(colour)
    if rgba[3] == 0:
        return colour
    found = table.get(_key(rgba))
    return colour if found is None else to_rgba(found, rgba[3])


def restyle(fig: Figure, style: ChartStyle) -> None:
    """Recolour a chart built in the print style: the frame's greys, backgrounds and text
    take `style`'s roles; data colours stay unless `style.data` replaces them."""
    up = str.upper
    texts = {**{up(k): v for k, v in style.labels.items()},
             up(PRINT.ink): style.ink, up(PRINT.secondary): style.secondary,
             up(PRINT.neutral): style.neutral, up(PRINT.muted): style.muted}
    faces = {**{up(k): v for k, v in style.data.items()}, up(PRINT.face): style.face,
             up(PRINT.empty): style.empty, up(PRINT.band): style.band}
    # An edge may be drawn in its face's colour (a band, a bar): it follows the face.
    lines = {**faces, **texts, up(PRINT.edge): style.edge, up(PRINT.rule): style.rule,
             up(PRINT.grid): style.grid}
    with chart_rc():
        for artist in fig.findobj():
            if isinstance(artist, Text):
                if artist.get_gid() != ON_DATA:
                    artist.set_color(_swap(artist.get_color(), texts))
            elif isinstance(artist, Line2D):
                artist.set_color(_swap(artist.get_color(), lines))
                artist.set_markeredgecolor(_swap(artist.get_markeredgecolor(), lines))
                artist.set_markerfacecolor(_swap(artist.get_markerfacecolor(), faces))
            elif isinstance(artist, Patch):
                artist.set_facecolor(_swap(artist.get_facecolor(), faces))
                artist.set_edgecolor(_swap(artist.get_edgecolor(), lines))
            elif isinstance(artist, Collection):
                artist.set_facecolor([_swap(c, faces) for c in artist.get_facecolor()])
                artist.set_edgecolor([_swap(c, lines) for c in artist.get_edgecolor()])
            elif isinstance(artist, Axes):
                _restyle_ticks(artist, texts, lines)


def _restyle_ticks(ax: Axes, texts: dict[str, str], lines: dict[str, str]) -> None:
    # Ticks are made while drawing, from the axis' tick settings: recolour the settings
    # (so later ticks follow), not only the ticks that exist now.
    for axis in (ax.xaxis, ax.yaxis):
        ticks = axis.get_major_ticks()
        if not ticks:
            continue
        tick = ticks[0]
        axis.set_tick_params(
            which="both", labelcolor=_swap(tick.label1.get_color(), texts),
            color=_swap(tick.tick1line.get_color(), lines),
            grid_color=_swap(tick.gridline.get_color(), lines))


# --- saving ---------------------------------------------------------------------------

FORMATS = ("png", "svg")


def figure_bytes(fig: Figure, fmt: str = "png", *, dpi: float = EXPORT_DPI) -> bytes:
    """The figure drawn as PNG or SVG (SVG keeps its text as text), in the print style."""
    if fmt not in FORMATS:
        raise InvalidInput(f"charts are saved as PNG or SVG, not {fmt!r}")
    fig = printable(fig)
    buffer = io.BytesIO()
    with drawing():
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=_metadata(fmt))
    return buffer.getvalue()


def _metadata(fmt: str) -> dict[str, Any]:
    # No creation date in SVGs, so the same chart gives the same file.
    return {"Date": None} if fmt == "svg" else {}


def save_figure(fig: Figure, path: str | Path, *, dpi: float = EXPORT_DPI) -> Path:
    """Write the figure to `path`, as PNG or SVG by its suffix, atomically."""
    from bragdoc.store.files import write_atomically

    target = Path(path).expanduser()
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InvalidInput(f"cannot save a chart as {target.name!r}: use a .png or .svg name")
    write_atomically(target, figure_bytes(fig, fmt, dpi=dpi))
    return target
