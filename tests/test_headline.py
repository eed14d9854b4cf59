"""A project's headline: the strongest of its own and its wins' results, by the rule the
packet ranks its portfolio with, so the Projects page and the packet lead with the same
number."""

from __future__ import annotations

import datetime as dt

from bragdoc.domain import headline
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import ProjectDraft, WinDraft
from bragdoc.services.container import Services
from bragdoc.services.packet import PacketService
from bragdoc.store.database import Database
from tests.test_packet_context import SINCE, TODAY, UNTIL, load_sample


def test_business_beats_technical_beats_other_and_names_count_once() -> None:
    latency = parse_metric("p95 latency: 2.4s -> 0.6s")  # technical, 75% better
    money = parse_metric("Infrastructure cost: $50K/month -> $20K/month")  # business
    attendees = parse_metric("Attendees: 300")  # a number, no category
    morale = parse_metric("Team morale: better")  # no number at all
    assert headline.strongest([(morale, "a"), (attendees, "b")]) == (attendees, "b")
    assert headline.strongest([(attendees, "b"), (latency, "c")]) == (latency, "c")
    assert headline.strongest([(latency, "c"), (money, "d")]) == (money, "d")
    assert headline.strongest([(morale, "a")]) is None
    # A later reading of a result already read (same name) is not a second result.
    faster = parse_metric("P95 latency: 2.4s -> 0.1s")
    assert headline.strongest([(latency, "own"), (faster, "win")]) == (latency, "own")


def test_a_project_leads_with_a_wins_result_when_it_is_the_strongest(db: Database) -> None:
    services = Services(db)
    project = services.projects.add(ProjectDraft(
        name="Checkout", metrics=[parse_metric("Attendees at the launch: 40")]))
    assert services.queries.project(project.id).headline is not None
    assert services.queries.project(project.id).headline_win is None

    services.wins.add(WinDraft(title="Cached carts", date=dt.date(2025, 2, 3),
                               project=project.id,
                               metrics=[parse_metric("p95 latency: 2.4s -> 0.6s")]))
    services.wins.add(WinDraft(title="Wrote the runbook", date=dt.date(2025, 2, 9),
                               project=project.id))
    found = services.queries.project(project.id)
    assert found.headline is not None
    assert found.headline.label == "p95 latency: 75% faster"
    assert found.headline_win == "Cached carts"


def test_the_projects_page_and_the_packet_lead_with_the_same_result(db: Database) -> None:
    load_sample(db)
    portfolio = PacketService(db).context(SINCE, UNTIL, today=TODAY).portfolio
    projects = {p.id: p for p in Services(db).queries.projects()}
    compared = 0
    for item in portfolio:
        project = projects[item.id]
        if item.headline is None or project.headline is None:
            continue
        # The packet only reads the period's wins; compare where it read them all.
        if len(item.wins) == project.win_count:
            assert item.headline.metric == project.headline.metric, item.name
            compared += 1
    assert compared >= 2
