"""What every page and dialog is given: services, the change signals and the undo stack."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QUndoStack

from bragdoc.services.people import PeopleService
from bragdoc.services.profile import ProfileService
from bragdoc.services.projects import ProjectService
from bragdoc.services.queries import Queries
from bragdoc.services.wins import WinService
from bragdoc.store.database import Database
from bragdoc.ui.signals import AppSignals


@dataclass
class UiContext:
    db: Database
    queries: Queries
    wins: WinService
    projects: ProjectService
    people: PeopleService
    profile: ProfileService
    signals: AppSignals
    undo_stack: QUndoStack = field(default_factory=QUndoStack)

    @classmethod
    def create(cls, db: Database) -> UiContext:
        return cls(
            db=db,
            queries=Queries(db),
            wins=WinService(db),
            projects=ProjectService(db),
            people=PeopleService(db),
            profile=ProfileService(db),
            signals=AppSignals(),
        )
