"""The pages of the main window, in navigation order: the one list the window builds from.

A page is a feature package's `Page` subclass (see `ui/kit/page.py`). To add one, copy the
smallest feature package (`ui/people/`) and add a line here. A `lazy` page is imported and
built the first time it is shown (or asked for: `MainWindow.page(key)`), so what it needs
(matplotlib for charts, the git importer) costs nothing at start-up; only the start page
and the pages the window wires at once (Log, Projects) are built with the window.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    key: str
    title: str
    module: str
    cls: str
    lazy: bool = False


PAGES: tuple[PageEntry, ...] = (
    PageEntry("home", "Home", "bragdoc.ui.home.page", "HomePage"),
    PageEntry("log", "Log", "bragdoc.ui.log.page", "LogPage"),
    PageEntry("projects", "Projects", "bragdoc.ui.projects.page", "ProjectsPage"),
    PageEntry("impact", "Impact", "bragdoc.ui.impact.page", "ImpactPage", lazy=True),
    PageEntry("readiness", "Readiness", "bragdoc.ui.readiness.page", "ReadinessPage",
              lazy=True),
    PageEntry("people", "People", "bragdoc.ui.people.page", "PeoplePage", lazy=True),
    PageEntry("inbox", "Inbox", "bragdoc.ui.inbox.page", "InboxPage", lazy=True),
    PageEntry("packet", "Packet", "bragdoc.ui.packet.page", "PacketPage", lazy=True),
    PageEntry("review", "Weekly review", "bragdoc.ui.review.page", "ReviewPage", lazy=True),
)
