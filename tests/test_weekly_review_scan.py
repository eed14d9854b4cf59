"""The weekly review looks through the week's commits in the profile's repositories: only
this week's, only the person's, each commit once, a missing folder a note and not a
failure; what it finds waits in the Inbox."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QPushButton

from bragdoc.domain.errors import InvalidInput
from bragdoc.services.container import Services
from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.shell.main_window import MainWindow
from tests.conftest import show_and_activate
from tests.test_import_git import ADA, BOB, commit, isolated_git, make_repo

__all__ = ["isolated_git"]  # the fixture keeps the machine's git configuration out

FRIDAY = dt.datetime(2024, 3, 8, 16, 0)


@pytest.fixture
def services(db: Database) -> Services:
    return Services(db, clock=lambda: FRIDAY)


def test_the_scan_suggests_this_weeks_own_commits_once(services: Services, tmp_path: Path,
                                                       ) -> None:
    repo = make_repo(tmp_path / "code" / "api")
    commit(repo, "Old work", when="2024-02-27T10:00:00+00:00")
    commit(repo, "Retry queue for webhooks", when="2024-03-04T10:00:00+00:00")
    commit(repo, "Retry queue: backoff", when="2024-03-05T10:00:00+00:00")
    commit(repo, "Someone else's fix", author=BOB, when="2024-03-06T10:00:00+00:00")
    services.profile.update(git_repositories=[str(tmp_path / "code"), "~/gone-for-good"],
                            git_authors=[ADA[1]])
    today = services.today()

    report = services.weekly_review.scan_week(today)
    assert report.commits == 2
    assert any("gone-for-good: no such folder" in w for w in report.warnings)
    [item] = services.weekly_review.snapshot(today).suggested
    assert item.source == "git" and item.suggestion.date >= dt.date(2024, 3, 4)
    assert "Old work" not in " ".join([*item.suggestion.notes, item.suggestion.details])
    assert services.inbox.counts()["pending"] == 1

    again = services.weekly_review.scan_week(today)
    assert (len(again.added), again.commits) == (0, 0)
    assert services.inbox.counts()["pending"] == 1


def test_without_repositories_the_scan_says_where_to_list_them(services: Services) -> None:
    with pytest.raises(InvalidInput, match="Profile & settings"):
        services.weekly_review.scan_week(services.today())


# --- the review page --------------------------------------------------------------------


def open_review(qtbot, db: Database, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(UiContext.create(db),
                      QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    main.show_page("review")
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.page("review").loaded, timeout=10_000):
        show_and_activate(qtbot, main)
    return main


def test_the_review_scans_on_opening_and_sends_to_the_inbox(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    today = dt.date.today()
    repo = make_repo(tmp_path / "api")
    commit(repo, "Cut cold start of the API", when=f"{today.isoformat()}T09:00:00+00:00")
    Services(db).profile.update(git_repositories=[str(repo)], git_authors=[ADA[1]])
    window = open_review(qtbot, db, tmp_path)
    page = window.page("review")

    def status() -> str:
        label = page.findChild(QLabel, "review_scan_status")
        return label.text() if label is not None else ""

    qtbot.waitUntil(lambda: "1 new suggestion from this week" in status(), timeout=20_000)
    qtbot.waitUntil(lambda: page.findChild(QPushButton, "review_open_inbox") is not None,
                    timeout=10_000)
    listed = [label.text() for label in page.findChildren(QLabel)]
    assert any("Cut cold start of the API" in text for text in listed)
    button = page.findChild(QPushButton, "review_open_inbox")
    assert button.text() == "Review 1 suggestion in the &Inbox…"
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert window.current_page_key() == "inbox"


def test_without_repositories_the_review_offers_the_profile(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    window = open_review(qtbot, db, tmp_path)
    page = window.page("review")
    button = page.findChild(QPushButton, "review_open_settings")
    assert button is not None and page.findChild(QLabel, "review_scan_status") is None
