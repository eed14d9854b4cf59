"""Click-through: what stands behind each bar, cell or point of a chart (a label and the
wins), kept on the figure so the Impact page can list the wins behind what was clicked
or picked from the chart's data table.

    hits = attach_hits(fig)                    # while building a chart
    hits.add(bar_container, [Hit("March", ids), …])
    picked(pick_event)                         # → the Hit behind a click, or None
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from matplotlib.artist import Artist
from matplotlib.figure import Figure


@dataclass(frozen=True)
class Hit:
    """What sits behind one bar, cell or point: a label to head a list, and its wins."""

    label: str
    win_ids: tuple[str, ...]


@dataclass
class ChartHits:
    targets: dict[Artist, tuple[Hit, ...]] = field(default_factory=dict)

    def add(self, artist: Artist, hits: Sequence[Hit], *, tolerance: float = 5) -> None:
        """Make `artist` clickable; `hits[i]` is what index i of it stands for."""
        artist.set_picker(True)
        if tolerance and hasattr(artist, "set_pickradius"):
            artist.set_pickradius(tolerance)
        self.targets[artist] = tuple(hits)

    def lookup(self, artist: Artist, index: int | Sequence[int] | None = None) -> Hit | None:
        """The hit behind an artist (and index in it); several indices merge into one."""
        hits = self.targets.get(artist)
        if not hits:
            return None
        if index is None:
            indices: list[int] = [0]
        elif isinstance(index, int):
            indices = [index]
        else:
            indices = [int(i) for i in index]
        chosen = [hits[i] for i in indices if 0 <= i < len(hits)]
        if not chosen:
            return None
        if len(chosen) == 1:
            return chosen[0]
        ids = tuple(dict.fromkeys(w for hit in chosen for w in hit.win_ids))
        return Hit(f"{chosen[0].label} and {len(chosen) - 1:,} more", ids)

    def all(self) -> list[Hit]:
        return [hit for hits in self.targets.values() for hit in hits]


def attach_hits(fig: Figure) -> ChartHits:
    hits = ChartHits()
    fig.bragdoc_hits = hits  # type: ignore[attr-defined]
    return hits


def hits_of(fig: Figure) -> ChartHits:
    return getattr(fig, "bragdoc_hits", None) or ChartHits()


def picked(event: Any) -> Hit | None:
    """For a matplotlib `pick_event`: the hit behind the picked artist, or None."""
    artist = event.artist
    fig = artist.get_figure(root=True) if hasattr(artist, "get_figure") else None
    if fig is None:
        return None
    return hits_of(fig).lookup(artist, getattr(event, "ind", None))
