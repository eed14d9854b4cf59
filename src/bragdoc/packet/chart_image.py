"""A chart picture handed to the packet renderers, kept apart from the Markdown parser so
that code passing pictures around (the chart cache, a Markdown-only export) does not
load markdown-it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Chart:
    """A chart the packet may show: referenced in Markdown as `![caption](chart:NAME)`.

    `caption` is used when the Markdown's own alt text is empty; `svg`, when given, is
    preferred by the HTML renderer (sharper); every other renderer uses `png`.
    `summary` is what the picture says in one sentence (its title, period and note), the
    alternative text a screen reader speaks.
    """

    name: str
    caption: str
    png: bytes
    svg: str | None = None
    summary: str = ""


def charts_by_name(charts: Sequence[Chart]) -> dict[str, Chart]:
    return {chart.name: chart for chart in charts}
