"""Text a person typed into a form and has not saved yet: what kind of form, which record
(its id, or NEW_RECORD for a record that does not exist yet), when, and the fields.
store/typed_drafts.py keeps them in files; ui/kit/typed_drafts.py decides when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WIN = "win"
PROJECT = "project"
NEW_RECORD = "new"


@dataclass(frozen=True)
class Draft:
    """One form's text left unsaved."""

    kind: str
    record: str
    saved_at: dt.datetime
    fields: dict[str, Any]
    path: Path

    @property
    def is_new(self) -> bool:
        return self.record == NEW_RECORD
