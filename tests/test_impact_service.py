"""ImpactService: one period of a real database as the plain data the charts draw."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import ProjectDraft, WinDraft
from bragdoc.services.impact import ImpactService
from bragdoc.services.projects import ProjectService
from bragdoc.services.wins import WinService
from bragdoc.store.database import Database

D = dt.date


def _record(db: Database) -> dict[str, str]:
    projects = ProjectService(db)
    dated = projects.add(ProjectDraft(
        name="Checkout latency", scope="cross_team", start=D(2026, 1, 5), end=D(2026, 3, 27),
        metrics=[parse_metric("Infrastructure cost: $50K/month -> $20K/month")]))
    undated = projects.add(ProjectDraft(name="Quota service", scope="org_wide"))
    old = projects.add(ProjectDraft(name="Old migration", start=D(2024, 1, 1),
                                    end=D(2024, 6, 1)))
    wins = WinService(db)
    first = wins.add(WinDraft(
        title="Cut p95 latency", date=D(2026, 2, 10), project="Checkout latency",
        pillars=["technical_excellence", "system_design"],
        metrics=[parse_metric("p95 latency: 2.4s -> 0.6s"), parse_metric("Notes: went well")]))
    second = wins.add(WinDraft(title="Quota design review", date=D(2026, 4, 2),
                               project="Quota service", pillars=["communication"],
                               metrics=[parse_metric("Revenue: $2M/year")]))
    outside = wins.add(WinDraft(title="Before the period", date=D(2025, 6, 1)))
    return {"dated": dated.id, "undated": undated.id, "old": old.id, "first": first.id,
            "second": second.id, "outside": outside.id}


def test_the_period_holds_its_wins_projects_and_quantified_metrics(db: Database) -> None:
    ids = _record(db)
    data = ImpactService(db).data(D(2026, 1, 1), D(2026, 6, 30))

    assert (data.since, data.until) == (D(2026, 1, 1), D(2026, 6, 30))
    assert [w.id for w in data.wins] == [ids["first"], ids["second"]]  # oldest first
    first = data.wins[0]
    assert first.pillars == ("technical_excellence", "system_design")
    assert (first.project_id, first.project_name) == (ids["dated"], "Checkout latency")

    by_id = {p.id: p for p in data.projects}
    assert set(by_id) == {ids["dated"], ids["undated"]}  # the 2024 project is left out
    assert by_id[ids["dated"]].win_ids == (ids["first"],)
    assert by_id[ids["undated"]].span(data.until) == (D(2026, 4, 2), D(2026, 6, 30))

    names = {m.name: m for m in data.metrics}
    assert set(names) == {"p95 latency", "Revenue", "Infrastructure cost"}  # text left out
    latency = names["p95 latency"]
    assert (latency.before, latency.after, latency.category) == (2.4, 0.6, "performance")
    assert latency.summary() == "75% faster" and latency.sides() == "2.4s → 0.6s"
    assert data.wins_behind(latency) == (ids["first"],)
    cost = names["Infrastructure cost"]  # a project metric, dated by the project's end
    assert cost.date == D(2026, 3, 27) and cost.win_id is None
    assert cost.business_value and cost.annual_value == pytest.approx(360_000)
    assert data.wins_behind(cost) == (ids["first"],)
    revenue = names["Revenue"]
    assert revenue.business_value and revenue.currency == "USD"
    assert revenue.project_id == ids["undated"]


def test_without_bounds_the_period_runs_from_the_first_record_to_today(db: Database) -> None:
    _record(db)
    data = ImpactService(db).data(today=D(2026, 11, 25))
    assert (data.since, data.until) == (D(2024, 1, 1), D(2026, 11, 25))
    assert len(data.wins) == 3


def test_an_empty_record_gives_an_empty_period_not_an_error(db: Database) -> None:
    data = ImpactService(db).data(today=D(2026, 11, 25))
    assert (data.since, data.until) == (D(2026, 11, 25), D(2026, 11, 25))
    assert data.wins == () and data.projects == () and data.metrics == ()


def test_a_period_ending_before_it_starts_is_refused(db: Database) -> None:
    with pytest.raises(InvalidInput, match="starts"):
        ImpactService(db).data(D(2026, 5, 1), D(2026, 4, 1))


def test_reading_chart_data_does_not_import_matplotlib() -> None:
    code = ("import sys, bragdoc.services.impact, bragdoc.charts;"
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported'")
    subprocess.run([sys.executable, "-c", code], check=True)
