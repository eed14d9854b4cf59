"""What every page and dialog is given: services, the change signals and the undo stack.

The write services (and with them SQLAlchemy and SQLModel, about half a second to import)
are created on first use, so the window paints before they are needed; the main window
warms them up on a worker thread right after its first paint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack

from bragdoc.services.queries import Queries
from bragdoc.store.database import Database
from bragdoc.ui.kit.signals import AppSignals

if TYPE_CHECKING:
    from bragdoc.services.people import PeopleService
    from bragdoc.services.profile import ProfileService
    from bragdoc.services.projects import ProjectService
    from bragdoc.services.wins import WinService


@dataclass
class UiContext:
    db: Database
    queries: Queries
    signals: AppSignals
    undo_stack: QUndoStack = field(default_factory=QUndoStack)

    @classmethod
    def create(cls, db: Database) -> UiContext:
        return cls(db=db, queries=Queries(db), signals=AppSignals())

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

        return ProfileService(self.db)

    def warm_up(self) -> None:
        """Import the write path ahead of the first save (meant for a worker thread)."""
        _ = (self.wins, self.projects, self.people, self.profile)
