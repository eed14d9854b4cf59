"""The colours a chart's frame is drawn in: the print style every exported chart keeps,
and any other style (the desktop app's dark one) a chart on screen is recoloured to.

Kept apart from `common.py` so the desktop theme can name a style without importing
matplotlib. Data colours (pillars, scopes, greens) belong to the charts themselves; a
style may swap a few of them in `data` where they would vanish on its background.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChartStyle:
    name: str
    face: str
    """Figure, axes and legend background; the inside of hollow markers."""
    ink: str
    """Titles and value labels."""
    secondary: str
    """Category and tick labels."""
    neutral: str
    """Subtitles, notes, the colour of "no change"."""
    muted: str
    """Reference lines (the expected balance) and the "before" markers."""
    edge: str
    """Axis lines."""
    rule: str
    """Connectors, frames, the 100% line, the polar outline."""
    grid: str
    empty: str
    """A cadence week without a win."""
    band: str
    """The typical range on the readiness timeline."""
    data: Mapping[str, str] = field(default_factory=dict)
    """Data colours of shapes replaced in this style (print colour → this style's)."""
    labels: Mapping[str, str] = field(default_factory=dict)
    """Data colours of text replaced in this style: a value written in its bar's colour
    may need a lighter shade than the bar to be read on this background."""

    def text_colours(self) -> dict[str, str]:
        """Text roles, for the contrast check: each must be readable on `face`."""
        return {"ink": self.ink, "secondary": self.secondary, "neutral": self.neutral}


PRINT = ChartStyle(
    name="print",
    face="#FFFFFF",
    ink="#222222",
    secondary="#444444",
    neutral="#666666",
    muted="#999999",
    edge="#888888",
    rule="#CCCCCC",
    grid="#EEEEEE",
    empty="#E4E7EB",
    band="#D9EFD9",
)
"""What every exported chart (PNG, SVG, the packet) is drawn in, whatever the screen shows."""
