"""Services built once: every service of a database shares the container's clock, and
the services that need others are handed the container's own instances."""

from __future__ import annotations

import datetime as dt

from bragdoc.domain.records import WinDraft
from bragdoc.services.container import Services
from bragdoc.services.packet import PacketChoices, default_period
from bragdoc.store.database import Database

LEAP_DAY = dt.datetime(2024, 2, 29, 23, 30, tzinfo=dt.UTC)


def fixed() -> dt.datetime:
    return LEAP_DAY


def test_each_service_is_built_once_and_shares_what_it_needs(db: Database) -> None:
    services = Services(db, clock=fixed)
    assert services.wins is services.wins
    assert services.inbox.backups is services.backups
    assert services.transfer.backups is services.backups
    assert services.csv.transfer is services.transfer
    assert services.readiness.ladders is services.ladders
    assert services.readiness_state.ladders is services.ladders


def test_the_container_clock_is_today_for_every_service(db: Database) -> None:
    services = Services(db, clock=fixed)
    local_day = LEAP_DAY.astimezone().date()
    assert services.today() == LEAP_DAY.date()
    assert services.packet.period() == default_period(LEAP_DAY.date())
    assert services.impact.data().until == LEAP_DAY.date()
    assert services.transfer.export_document()["exported_at"] == "2024-02-29T23:30:00Z"
    draft = services.packet_drafts.create(since=dt.date(2023, 3, 1), until=LEAP_DAY.date(),
                                          audience="committee", template=None,
                                          choices=PacketChoices(), markdown="x")
    assert draft.updated_at == LEAP_DAY
    made = services.backups.backup_now("manual")
    assert made.taken_at.date() == local_day
    assert made.path.name.startswith(f"{db.path.stem}-{local_day:%Y%m%d}-")


def test_a_write_through_the_container_is_read_back_through_it(db: Database) -> None:
    services = Services(db, clock=fixed)
    services.wins.add(WinDraft(title="Cut deploys to five minutes", date=services.today()))
    assert [w.title for w in services.queries.wins()] == ["Cut deploys to five minutes"]
