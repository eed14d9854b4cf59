"""Every service of one database, built once in the composition root and shared by the
desktop app and the command line.

    services = Services(Database.open(path))            # or Services(db, clock=fixed)
    services.wins.add(draft)
    services.queries.wins(WinFilter())

Each service is made on first use: the write path (SQLAlchemy and SQLModel) and the
packet renderers take a noticeable time to import, and a command or the first window
should only pay for what it touches. The clock is the one source of "today" and "now"
for the services that need it, so tests and benchmarks can fix the date.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import TYPE_CHECKING

from bragdoc.services.clock import Clock, system_clock
from bragdoc.services.queries import Queries
from bragdoc.store.database import Database

if TYPE_CHECKING:
    from bragdoc.services.backups import BackupService
    from bragdoc.services.csv_transfer import CsvTransferService
    from bragdoc.services.home import HomeService
    from bragdoc.services.impact import ImpactService
    from bragdoc.services.inbox import InboxService
    from bragdoc.services.ladders import LadderService
    from bragdoc.services.packet import PacketService
    from bragdoc.services.packet_drafts import PacketDraftService
    from bragdoc.services.people import PeopleService
    from bragdoc.services.profile import ProfileService
    from bragdoc.services.projects import ProjectService
    from bragdoc.services.readiness import ReadinessService
    from bragdoc.services.readiness_state import ReadinessStateService
    from bragdoc.services.transfer import TransferService
    from bragdoc.services.weekly_review import WeeklyReviewService
    from bragdoc.services.wins import WinService
    from bragdoc.store.typed_drafts import DraftStore

__all__ = ["Clock", "Services", "system_clock"]


class Services:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock

    def today(self) -> dt.date:
        return self.clock().date()

    @cached_property
    def queries(self) -> Queries:
        return Queries(self.db)

    @cached_property
    def wins(self) -> WinService:
        from bragdoc.services.wins import WinService

        return WinService(self.db)

    @cached_property
    def projects(self) -> ProjectService:
        from bragdoc.services.projects import ProjectService

        return ProjectService(self.db)

    @cached_property
    def people(self) -> PeopleService:
        from bragdoc.services.people import PeopleService

        return PeopleService(self.db)

    @cached_property
    def profile(self) -> ProfileService:
        from bragdoc.services.profile import ProfileService

        return ProfileService(self.db, self.ladders)

    @cached_property
    def ladders(self) -> LadderService:
        from bragdoc.services.ladders import LadderService

        return LadderService()

    @cached_property
    def readiness(self) -> ReadinessService:
        from bragdoc.services.readiness import ReadinessService

        return ReadinessService(self.db, self.ladders, clock=self.clock)

    @cached_property
    def readiness_state(self) -> ReadinessStateService:
        from bragdoc.services.readiness_state import ReadinessStateService

        return ReadinessStateService(self.db, self.ladders, clock=self.clock)

    @cached_property
    def impact(self) -> ImpactService:
        from bragdoc.services.impact import ImpactService

        return ImpactService(self.db, clock=self.clock, ladders=self.ladders)

    @cached_property
    def inbox(self) -> InboxService:
        from bragdoc.services.inbox import InboxService

        return InboxService(self.db, clock=self.clock, backups=self.backups)

    @cached_property
    def csv(self) -> CsvTransferService:
        from bragdoc.services.csv_transfer import CsvTransferService

        return CsvTransferService(self.db, transfer=self.transfer)

    @cached_property
    def transfer(self) -> TransferService:
        from bragdoc.services.transfer import TransferService

        return TransferService(self.db, clock=self.clock, backups=self.backups)

    @cached_property
    def backups(self) -> BackupService:
        from bragdoc.services.backups import BackupService

        return BackupService(self.db, clock=self.clock)

    @cached_property
    def packet(self) -> PacketService:
        from bragdoc.services.packet import PacketService

        return PacketService(self.db, clock=self.clock, impact=self.impact)

    @cached_property
    def packet_drafts(self) -> PacketDraftService:
        from bragdoc.services.packet_drafts import PacketDraftService

        return PacketDraftService(self.db, clock=self.clock)

    @cached_property
    def home(self) -> HomeService:
        from bragdoc.services.home import HomeService

        return HomeService(self)

    @cached_property
    def weekly_review(self) -> WeeklyReviewService:
        from bragdoc.services.weekly_review import WeeklyReviewService

        return WeeklyReviewService(self)

    @cached_property
    def drafts(self) -> DraftStore:
        """Text typed into forms and not saved yet, kept in files beside the data."""
        from bragdoc.store.typed_drafts import DraftStore

        return DraftStore(self.db.path)

    def warm_up(self) -> None:
        """Import the write path ahead of the first save (meant for a worker thread)."""
        _ = (self.wins, self.projects, self.people, self.profile)
