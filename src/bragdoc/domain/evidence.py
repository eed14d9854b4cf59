"""An evidence link as a list shows it: which checklist item, what it points at (a win,
project or feedback), its title and dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bragdoc.domain.readiness import EvidenceRef


@dataclass(frozen=True)
class LinkedEvidence:
    """One evidence link with what a list needs to show it."""

    item_id: str
    kind: str
    """'win', 'project' or 'feedback'."""
    target_id: str
    title: str
    day: dt.date | None
    """The win's date, the project's start or the feedback's date, when known."""
    linked_on: dt.date

    @property
    def ref(self) -> EvidenceRef:
        return EvidenceRef(self.kind, self.target_id)
