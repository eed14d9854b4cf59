"""Impact charts: plain data in (`ImpactData`), matplotlib `Figure` out; no pyplot, no Qt.

    from bragdoc.charts import CHARTS, render_chart, save_figure, picked
    data = ImpactService(db).data(since, until)       # bragdoc.services.impact
    fig = render_chart("cadence", data)               # or CHARTS["cadence"](data)
    save_figure(fig, "cadence.svg")                   # PNG or SVG by suffix, atomically
    fig = render_chart("cadence", data, style=dark)   # recoloured for a dark screen; saved
                                                      # (or exported) in the print style

Chart names (the `bragdoc chart` contract): cadence, pillars, improvements, value,
balance, scope. Each takes `(data, *, title=...)`; `balance` also takes
`expected={pillar: weight}` and `expected_label`, `improvements` takes `limit`.

Importing this package does not import matplotlib: the names below load their module on
first use, so `bragdoc.charts.data` (used by services) stays cheap.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from matplotlib.figure import Figure

    from bragdoc.charts.data import ImpactData
    from bragdoc.charts.style import ChartStyle

NAMES: tuple[str, ...] = ("cadence", "pillars", "improvements", "value", "balance", "scope")

_FROM_COMMON = ("NOTHING_TO_SHOW", "drawing", "figure_bytes", "in_style",
                "quiet_missing_glyphs", "save_figure", "style_of", "summary_of", "title_of")
_FROM_HITS = ("ChartHits", "Hit", "hits_of", "picked")
_FROM_DATA = ("ImpactData", "ImpactMetric", "ImpactProject", "ImpactWin")
_FIGURES = {f"{name}_figure": name for name in NAMES}

__all__ = ["CHARTS", "NAMES", "render_chart", *_FROM_COMMON, *_FROM_HITS, *_FROM_DATA,
           *_FIGURES]


def _charts() -> dict[str, Callable[..., Figure]]:
    return {name: getattr(importlib.import_module(f"bragdoc.charts.{name}"), f"{name}_figure")
            for name in NAMES}


def render_chart(name: str, data: ImpactData, *, style: ChartStyle | None = None,
                 **options: Any) -> Figure:
    """The named chart for this data, in `style` (the print style by default); an unknown
    name is the user's mistake."""
    if name not in NAMES:
        from bragdoc.domain.errors import InvalidInput

        raise InvalidInput(f"unknown chart {name!r}; expected one of: {', '.join(NAMES)}")
    build = functools.partial(_charts()[name], data, **options)
    if style is None:
        return build()
    from bragdoc.charts.common import in_style

    return in_style(build, style)


def __getattr__(attr: str) -> Any:
    if attr == "CHARTS":
        return _charts()
    if attr in _FROM_COMMON:
        return getattr(importlib.import_module("bragdoc.charts.common"), attr)
    if attr in _FROM_HITS:
        return getattr(importlib.import_module("bragdoc.charts.hits"), attr)
    if attr in _FROM_DATA:
        return getattr(importlib.import_module("bragdoc.charts.data"), attr)
    if attr in _FIGURES:
        return getattr(importlib.import_module(f"bragdoc.charts.{_FIGURES[attr]}"), attr)
    raise AttributeError(f"module 'bragdoc.charts' has no attribute {attr!r}")
