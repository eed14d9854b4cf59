"""One rule for adding up business value: the packet's total and the value chart agree,
and a saving recorded on a project and again on its win counts once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bragdoc.charts.value import contributions
from bragdoc.domain.business_value import counted_once, result_key
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import ProjectDraft, WinDraft
from bragdoc.services.impact import ImpactService
from bragdoc.services.packet import PacketService
from bragdoc.services.projects import ProjectService
from bragdoc.services.transfer import TransferService
from bragdoc.services.wins import WinService
from bragdoc.store.database import Database

SINCE, UNTIL = dt.date(2025, 11, 25), dt.date(2026, 11, 25)
SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "sample-record.json"


def _totals(db: Database) -> tuple[float, float]:
    context = PacketService(db).context(SINCE, UNTIL, today=UNTIL)
    packet = sum(v.total for v in context.achievements.values if v.currency == "USD")
    chart = sum(m.annual_value or 0.0
                for m in contributions(ImpactService(db).data(SINCE, UNTIL)).get("USD", []))
    return packet, chart


def test_packet_and_chart_add_up_the_sample_record_alike(db: Database) -> None:
    TransferService(db).import_file(SAMPLE)
    packet, chart = _totals(db)
    assert packet > 0
    assert packet == chart


def test_a_saving_on_a_project_and_its_win_counts_once(db: Database) -> None:
    project = ProjectService(db).add(ProjectDraft(
        name="Cache tier", start=dt.date(2026, 3, 1), end=dt.date(2026, 5, 1),
        metrics=[parse_metric("Infrastructure cost saved: $50K/month")]))
    WinService(db).add(WinDraft(title="Cache tier live", date=dt.date(2026, 5, 1),
                                project=project.id,
                                metrics=[parse_metric("Infrastructure cost saved: $50K/month")]))
    WinService(db).add(WinDraft(title="Unrelated saving", date=dt.date(2026, 6, 1),
                                metrics=[parse_metric("Infrastructure cost saved: $50K/month")]))
    assert _totals(db) == (1_200_000.0, 1_200_000.0)


def test_names_are_compared_without_case_or_spacing() -> None:
    items = [("p", "Cost  saved", 10.0), ("p", "cost saved", 10.0), ("q", "cost saved", 10.0),
             ("p", "cost saved", 11.0)]
    kept = counted_once(items, lambda i: result_key(*i))
    assert kept == [items[0], items[2], items[3]]
