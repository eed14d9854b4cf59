"""The packet's chart pictures are reused while the period's data is unchanged, and a
changed record or a damaged cache entry is never shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import WinDraft
from bragdoc.services import chart_cache
from bragdoc.services.packet import PacketService
from bragdoc.services.transfer import TransferService
from bragdoc.services.wins import WinService
from bragdoc.store.database import Database

SINCE, UNTIL = dt.date(2025, 11, 25), dt.date(2026, 11, 25)
DRAFT = "![Value](chart:value)\n\n![Cadence](chart:cadence)\n"
SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "sample-record.json"


def _charts(service: PacketService) -> dict[str, bytes]:
    return {chart.name: chart.png for chart in service.charts(DRAFT, SINCE, UNTIL)}


def test_the_same_data_reuses_the_pictures_and_new_data_redraws(db: Database,
                                                                tmp_path: Path) -> None:
    TransferService(db).import_file(SAMPLE)
    folder = tmp_path / "charts"
    service = PacketService(db, chart_cache=folder)
    first = _charts(service)
    assert set(first) == {"value", "cadence"}
    assert all(png.startswith(b"\x89PNG") for png in first.values())
    kept = sorted(folder.glob("*.json"))
    assert len(kept) == 2
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in kept)
    assert folder.stat().st_mode & 0o777 == 0o700

    assert _charts(service) == first
    assert sorted(folder.glob("*.json")) == kept  # nothing drawn again

    WinService(db).add(WinDraft(title="Shipped the new cache", date=dt.date(2026, 6, 1),
                                metrics=[parse_metric("Saved $20K/month")]))
    after = _charts(service)
    assert len(list(folder.glob("*.json"))) == 4  # both charts drawn for the new record
    assert after["cadence"] != first["cadence"]


def test_a_damaged_entry_is_drawn_again(db: Database, tmp_path: Path) -> None:
    TransferService(db).import_file(SAMPLE)
    folder = tmp_path / "charts"
    service = PacketService(db, chart_cache=folder)
    first = _charts(service)
    for entry in folder.glob("*.json"):
        entry.write_text('{"caption": "x", "png": "not base64!"}', encoding="utf-8")
    assert _charts(service) == first


def test_the_cache_keeps_only_the_most_recent_pictures(db: Database, tmp_path: Path,
                                                       monkeypatch) -> None:
    TransferService(db).import_file(SAMPLE)
    monkeypatch.setattr(chart_cache, "KEEP", 3)
    folder = tmp_path / "charts"
    service = PacketService(db, chart_cache=folder)
    for month in (3, 6, 9):
        service.charts(DRAFT, SINCE, dt.date(2026, month, 1))
    assert len(list(folder.glob("*.json"))) == 3
