"""Chart pictures kept between runs, so exporting the same packet again does not redraw.

Drawing the packet's charts costs about two seconds in a fresh process, most of it
importing matplotlib; the pictures depend only on the chart, its options and the
period's data. The key hashes exactly those, plus the version and source files of the
chart code, so a changed record or a changed chart never reuses an old picture.

    cache = ChartCache(folder)
    chart = cache.get(name, data, options)    # None when not drawn before
    cache.put(name, data, options, chart)
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import logging
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from bragdoc import __version__
from bragdoc.charts.data import ImpactData
from bragdoc.packet.chart_image import Chart
from bragdoc.store.files import write_atomically

log = logging.getLogger(__name__)

KEEP = 60
"""Pictures kept; a packet has a handful, so this covers many periods and audiences."""


@cache
def _code_stamp() -> str:
    """Changes whenever the chart code does (a new release or a local edit)."""
    folder = Path(__file__).resolve().parent.parent / "charts"
    parts = [__version__]
    for source in sorted(folder.glob("*.py")):
        stat = source.stat()
        parts.append(f"{source.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def _key(name: str, data: ImpactData, options: Mapping[str, Any]) -> str:
    text = "\n".join((_code_stamp(), name, repr(sorted(options.items())), repr(data)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ChartCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, name: str, data: ImpactData, options: Mapping[str, Any]) -> Chart | None:
        path = self.folder / f"{_key(name, data, options)}.json"
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            chart = Chart(name=name, caption=str(stored["caption"]),
                          png=base64.b64decode(stored["png"], validate=True),
                          summary=str(stored.get("summary", "")))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            # A damaged entry is only a cache miss; drawing again replaces it.
            log.warning("ignoring unreadable chart cache entry %s", path.name)
            return None
        path.touch()  # most recently used: kept longest
        return chart

    def put(self, name: str, data: ImpactData, options: Mapping[str, Any],
            chart: Chart) -> None:
        path = self.folder / f"{_key(name, data, options)}.json"
        entry = {"caption": chart.caption, "summary": chart.summary,
                 "png": base64.b64encode(chart.png).decode("ascii")}
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomically(path, json.dumps(entry).encode("utf-8"))
            self._prune()
        except OSError as exc:
            # Without a cache the packet is slower, not wrong: never fail an export here.
            log.warning("could not keep a chart picture in %s: %s", self.folder, exc)

    def _prune(self) -> None:
        entries = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime,
                         reverse=True)
        for stale in entries[KEEP:]:
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
