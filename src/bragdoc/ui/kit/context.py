"""What every page and dialog is given: the services, the change signals, the undo stack.

The services come from the composition root (`Services`, one per database); pages and
dialogs never construct services of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack

from bragdoc.services.container import Services
from bragdoc.ui.kit.signals import AppSignals

if TYPE_CHECKING:
    from bragdoc.store.database import Database


@dataclass
class UiContext:
    services: Services
    signals: AppSignals = field(default_factory=AppSignals)
    undo_stack: QUndoStack = field(default_factory=QUndoStack)
    settings: QSettings = field(default_factory=QSettings)
    """Window state only (sizes, last folders); what affects documents is in the database."""

    @classmethod
    def create(cls, db: Database) -> UiContext:
        return cls(services=Services(db))
