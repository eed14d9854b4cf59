"""One object that announces changes, so pages refresh when data changes, never by polling."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppSignals(QObject):
    wins_changed = Signal()
    projects_changed = Signal()
    people_changed = Signal()
    profile_changed = Signal()
    readiness_changed = Signal()
    """Checklist ticks, evidence links, plan progress or the promotion date."""
    inbox_changed = Signal()
    """Suggestions were added, accepted or rejected."""
