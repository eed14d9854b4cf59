"""Rebuilt metrics kept between runs, for the packet's fast path.

Metrics are rebuilt from what was typed on every read, so display and numbers always come
from one parser (see store/reads.py). For a packet that is the period's ~1,300 metrics at
about 0.12 ms each — a third of drafting the Markdown on the command line. The rebuilt
metric depends only on the stored texts and the parser's code, so it can be kept: the
memo maps the stored tuple to the frozen Metric, and is thrown away whole when the
parser's source changes (size and modification time of domain/quantities.py and
domain/metric_lexicon.py, and the bragdoc version). It lives in the user's cache
folder, owner-only, written atomically; an unreadable memo is simply rebuilt.

    with remembered_metrics(cache_dir() / "metrics.pickle"):
        wins = reads.list_wins(conn, wanted)      # parses only what the memo lacks

Only code that asks for it uses the memo (a ContextVar, so other threads and other reads
are untouched).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from bragdoc import __version__
from bragdoc.domain import metric_lexicon, quantities
from bragdoc.domain.quantities import Metric
from bragdoc.store.files import write_atomically

log = logging.getLogger(__name__)

KEEP = 20_000
"""Entries kept; a year of a busy record is about 1,500."""

Stored = tuple[str | None, ...]


@cache
def _parser_stamp() -> str:
    parts = [__version__]
    for source in (quantities.__file__, metric_lexicon.__file__):  # a metric needs both
        stat = Path(str(source)).stat()
        parts.append(f"{stat.st_size}:{stat.st_mtime_ns}")
    return ":".join(parts)


class MetricMemo:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: dict[Stored, Metric] = self._load()
        self.added = 0

    def _load(self) -> dict[Stored, Metric]:
        import pickle  # here: every read imports this module, few use the memo

        try:
            with open(self.path, "rb") as handle:
                stamp, items = pickle.load(handle)
        except FileNotFoundError:
            return {}
        except Exception as exc:
            log.warning("ignoring an unreadable metric memo (%s)", exc.__class__.__name__)
            return {}
        if stamp != _parser_stamp() or not isinstance(items, dict):
            return {}
        return items

    def get(self, stored: Stored) -> Metric | None:
        return self.items.get(stored)

    def put(self, stored: Stored, metric: Metric) -> None:
        self.items[stored] = metric
        self.added += 1

    def save(self) -> None:
        if not self.added:
            return
        import pickle

        items = self.items
        if len(items) > KEEP:  # dicts keep insertion order: drop the oldest
            items = dict(list(items.items())[-KEEP:])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomically(self.path, pickle.dumps((_parser_stamp(), items),
                                                     protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as exc:
            # Without the memo the next draft is slower, not wrong.
            log.warning("could not keep the metric memo: %s", exc.strerror or exc)


ACTIVE: ContextVar[MetricMemo | None] = ContextVar("bragdoc_metric_memo", default=None)


@contextlib.contextmanager
def remembered_metrics(path: Path) -> Iterator[MetricMemo]:
    memo = MetricMemo(path)
    token = ACTIVE.set(memo)
    try:
        yield memo
    finally:
        ACTIVE.reset(token)
        memo.save()
