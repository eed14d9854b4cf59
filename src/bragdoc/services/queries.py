"""Everything the app reads, in one place and without SQLAlchemy on the import path.

Kept apart from the write services so that `bragdoc list` and `bragdoc search` start
fast: see the note in bragdoc.store.reads.
"""

from __future__ import annotations

import datetime as dt

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.records import (
    Feedback,
    Mentoring,
    Profile,
    ProjectView,
    SearchHit,
    WinFilter,
    WinView,
)
from bragdoc.store import inbox_reads, reads
from bragdoc.store.database import Database


class Queries:
    def __init__(self, db: Database) -> None:
        self.db = db

    def wins(self, wanted: WinFilter | None = None) -> list[WinView]:
        with self.db.reading() as conn:
            return reads.list_wins(conn, wanted)

    def win(self, win_id: str) -> WinView:
        with self.db.reading() as conn:
            found = reads.get_win(conn, win_id)
        if found is None:
            raise InvalidInput(f"no win with id {win_id}")
        return found

    def search(self, text: str) -> list[SearchHit]:
        with self.db.reading() as conn:
            return reads.search(conn, text)

    def projects(self) -> list[ProjectView]:
        with self.db.reading() as conn:
            return reads.list_projects(conn)

    def project(self, project_id: str) -> ProjectView:
        for project in self.projects():
            if project.id == project_id:
                return project
        raise InvalidInput(f"no project with id {project_id}")

    def project_names(self) -> dict[str, str]:
        with self.db.reading() as conn:
            return reads.project_names(conn)

    def win_names(self) -> dict[str, str]:
        """Win id → "date · title", newest first (for pickers and labels)."""
        with self.db.reading() as conn:
            return reads.win_names(conn)

    def profile(self) -> Profile:
        with self.db.reading() as conn:
            return reads.get_profile(conn)

    def feedback(self) -> list[Feedback]:
        with self.db.reading() as conn:
            return reads.list_feedback(conn)

    def mentoring(self) -> list[Mentoring]:
        with self.db.reading() as conn:
            return reads.list_mentoring(conn)

    def tags(self) -> list[str]:
        with self.db.reading() as conn:
            return reads.known_tags(conn)

    def counts(self) -> dict[str, int]:
        with self.db.reading() as conn:
            return reads.counts(conn)

    def win_dates(self, since: dt.date) -> list[dt.date]:
        with self.db.reading() as conn:
            return reads.win_dates(conn, since)

    def pending_suggestions(self) -> int:
        """How many Inbox suggestions wait for review (without the inbox's write path)."""
        with self.db.reading() as conn:
            return inbox_reads.counts(conn)["pending"]
