"""Rebuilt metrics kept between runs: the same metrics as parsing afresh, nothing parsed
twice, and a stale or damaged memo is only a slower read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import WinDraft, WinFilter
from bragdoc.services.wins import WinService
from bragdoc.store import metric_memo, reads
from bragdoc.store.database import Database
from bragdoc.store.metric_memo import remembered_metrics

METRICS = ["p95 latency: 2.4s -> 0.6s", "Infrastructure cost: $50K/month saved",
           "Engineers mentored: 3", "something unreadable ~~"]


@pytest.fixture
def filled(db: Database) -> Database:
    for day in range(1, 5):
        WinService(db).add(WinDraft(title=f"Win {day}", date=dt.date(2026, 3, day),
                                    metrics=[parse_metric(text) for text in METRICS]))
    return db


def _metrics(db: Database) -> list:
    with db.reading() as conn:
        return [mv.metric for win in reads.list_wins(conn, WinFilter()) for mv in win.metrics]


def test_remembered_metrics_equal_freshly_parsed_ones(filled: Database, tmp_path: Path) -> None:
    path = tmp_path / "metrics.pickle"
    fresh = _metrics(filled)
    with remembered_metrics(path) as memo:
        first = _metrics(filled)
    assert memo.added == len(set(memo.items)) > 0
    assert path.stat().st_mode & 0o777 == 0o600
    with remembered_metrics(path) as again:
        second = _metrics(filled)
    assert again.added == 0  # everything came from the memo
    assert first == second == fresh
    assert [m.summary() for m in second] == [m.summary() for m in fresh]


def test_a_changed_parser_or_a_damaged_file_starts_afresh(
        filled: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "metrics.pickle"
    with remembered_metrics(path):
        expected = _metrics(filled)
    monkeypatch.setattr(metric_memo, "_parser_stamp", lambda: "another parser")
    with remembered_metrics(path) as memo:
        assert memo.items == {}
        assert _metrics(filled) == expected
    path.write_bytes(b"not a pickle at all")
    with remembered_metrics(path) as memo:
        assert memo.items == {}
        assert _metrics(filled) == expected
    assert path.read_bytes() != b"not a pickle at all"  # replaced by a good memo


def test_reads_outside_the_memo_do_not_touch_it(filled: Database, tmp_path: Path) -> None:
    assert metric_memo.ACTIVE.get() is None
    _metrics(filled)
    assert not (tmp_path / "metrics.pickle").exists()
