"""The weekly review's reading of the week, and its look through the week's commits.

    review = services.weekly_review
    review.snapshot(today)       # Home's week, wins without a pillar, this week's git suggestions
    review.scan_week(today)      # the profile's repositories → suggestions in the Inbox

The scan only suggests: what it finds waits in the Inbox, as any git import does, and a
commit is never suggested twice. A listed folder that is gone or holds no repository is
a note in the report, not a failure, so one stale entry never hides the rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bragdoc.domain.cadence import week_start
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.records import WinFilter, WinView
from bragdoc.importers.git_history import CancelCheck, ProgressCallback, find_repositories
from bragdoc.services.home import RECENT_WEEKS, HomeSnapshot
from bragdoc.services.inbox import GitImportReport, InboxItem

if TYPE_CHECKING:
    from bragdoc.services.container import Services


@dataclass(frozen=True)
class ReviewSnapshot:
    home: HomeSnapshot
    untagged: list[WinView]
    """Recent wins that name no pillar."""
    repositories: tuple[str, ...]
    """What the profile lists for the scan, as typed."""
    suggested: list[InboxItem]
    """Git suggestions of this week still waiting in the Inbox, oldest first."""


class WeeklyReviewService:
    def __init__(self, services: Services) -> None:
        self.services = services

    def snapshot(self, today: dt.date) -> ReviewSnapshot:
        services = self.services
        home = services.home.snapshot(today, with_outlook=False)
        since = week_start(today) - dt.timedelta(weeks=RECENT_WEEKS)
        untagged = [w for w in services.queries.wins(WinFilter(since=since)) if not w.pillars]
        monday = week_start(today)
        suggested = sorted((item for item in services.inbox.pending()
                            if item.source == "git" and item.suggestion.date >= monday),
                           key=lambda item: (item.suggestion.date, item.suggestion.title))
        return ReviewSnapshot(home, untagged, services.queries.profile().git_repositories,
                              suggested)

    def scan_week(self, today: dt.date, *, progress: ProgressCallback | None = None,
                  cancelled: CancelCheck | None = None) -> GitImportReport:
        """This week's commits (Monday to today) by the profile's authors, as suggestions.

        Safe on a worker thread; a cancelled scan adds nothing."""
        profile = self.services.queries.profile()
        if not profile.git_repositories:
            raise InvalidInput("no repositories to look through: list them in Profile & "
                               "settings")
        repos: list[Path] = []
        notes: list[str] = []
        for entry in profile.git_repositories:
            folder = Path(entry).expanduser()
            if not folder.exists():
                notes.append(f"{entry}: no such folder")
                continue
            try:
                repos.extend(find_repositories(folder))
            except InvalidInput as exc:
                notes.append(str(exc))
        if not repos:
            return GitImportReport(warnings=notes)
        report = self.services.inbox.import_git(
            repos, authors=profile.git_authors, since=week_start(today), until=today,
            progress=progress, cancelled=cancelled, today=today)
        report.warnings[:0] = notes
        return report
