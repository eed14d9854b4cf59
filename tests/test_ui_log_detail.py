"""The Log's detail pane and list marks, driven from the keyboard: the selected win in
full, links that open only when activated, pending outcomes marked in words too, and a
count line that reads right for one win."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import ProjectDraft, WinDraft
from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.log.detail import openable
from bragdoc.ui.log.win_tree import PENDING_MARK, Column
from bragdoc.ui.shell.main_window import MainWindow
from tests.conftest import show_and_activate

TODAY = dt.date.today()


@pytest.fixture
def ctx(db: Database) -> UiContext:
    return UiContext.create(db)


@pytest.fixture
def window(qtbot, ctx: UiContext, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    main = MainWindow(ctx, settings)
    main.show_page("log")
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.log_page.loaded, timeout=5000):
        show_and_activate(qtbot, main)
    return main


class Browser(QObject):
    """Stands in for the person's browser: Qt hands it the addresses it is asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


@pytest.fixture
def browser() -> object:
    catcher = Browser()
    for scheme in ("https", "http", "file", "mailto"):
        QDesktopServices.setUrlHandler(scheme, catcher, "open")
    yield catcher
    for scheme in ("https", "http", "file", "mailto"):
        QDesktopServices.unsetUrlHandler(scheme)


def _reload(qtbot, window: MainWindow, ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.log_page.loaded):
        ctx.signals.wins_changed.emit()


def _down_to_a_win(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    """Arrow down from wherever the list starts to the first win (past week headings)."""
    for _ in range(3):
        if page.selected_win() is not None:
            return
        qtbot.keyClick(page.view, Qt.Key.Key_Down)
    assert page.selected_win() is not None


def test_the_detail_pane_follows_the_keyboard_and_shows_everything(
    qtbot, window: MainWindow, ctx: UiContext  # type: ignore[no-untyped-def]
) -> None:
    project = ctx.services.projects.add(ProjectDraft(name="Checkout", scope="cross_team",
                                                     role="tech lead"))
    ctx.services.wins.add(WinDraft(
        title="Cached the carts", date=TODAY, details="First line.\nSecond <b>line</b>.",
        project=project.id, pillars=["technical_excellence"], tags=["perf"],
        metrics=[parse_metric("p95 latency: 2.4s -> 0.6s"), parse_metric("Morale: better")],
        links=["https://example.invalid/doc"], follow_up=TODAY + dt.timedelta(days=30)))
    ctx.services.wins.add(WinDraft(title="Wrote the runbook",
                                   date=TODAY - dt.timedelta(days=7)))
    with qtbot.waitSignal(window.log_page.loaded):
        ctx.signals.projects_changed.emit()
    page = window.log_page
    assert page.detail.toPlainText() == "Select a win to see all of it here."

    page.view.setFocus()
    _down_to_a_win(qtbot, page)
    text = page.detail.toPlainText()
    for expected in ("Cached the carts", "Checkout", "Cross-team, tech lead",
                     "Technical excellence", "@perf", "First line.", "Second <b>line</b>.",
                     "p95 latency: 2.4s → 0.6s", "75% faster", "not quantified",
                     "https://example.invalid/doc", "Outcome pending — due on"):
        assert expected in text, expected
    assert "Cached the carts" in page.detail.accessibleDescription()
    qtbot.keyClick(page.view, Qt.Key.Key_Down)  # last week's heading: nothing to show
    assert page.detail.toPlainText() == "Select a win to see all of it here."
    qtbot.keyClick(page.view, Qt.Key.Key_Down)  # its win
    assert "Wrote the runbook" in page.detail.toPlainText()
    assert "No outcome pending." in page.detail.toPlainText()
    qtbot.keyClick(page.view, Qt.Key.Key_Up)
    qtbot.keyClick(page.view, Qt.Key.Key_Up)

    # A reload (someone else's change) keeps the same win on show.
    _reload(qtbot, window, ctx)
    assert "Cached the carts" in page.detail.toPlainText()


def test_a_link_opens_only_when_activated_and_only_for_web_mail_and_files(
    qtbot, window: MainWindow, ctx: UiContext, browser: Browser  # type: ignore[no-untyped-def]
) -> None:
    ctx.services.wins.add(WinDraft(title="Design doc", date=TODAY,
                                   links=["https://example.invalid/design",
                                          "javascript:alert(1)"]))
    _reload(qtbot, window, ctx)
    page = window.log_page
    page.view.setFocus()
    _down_to_a_win(qtbot, page)
    assert "javascript:alert(1)" in page.detail.toPlainText()  # shown, as plain text
    assert browser.opened == []  # showing a link opens nothing

    page.detail.setFocus()
    qtbot.keyClick(page.detail, Qt.Key.Key_Tab)  # the first (and only) link
    assert page.detail.textCursor().hasSelection()
    qtbot.keyClick(page.detail, Qt.Key.Key_Return)
    assert browser.opened == ["https://example.invalid/design"]
    assert openable("javascript:alert(1)") is None
    assert openable("mailto:sam@example.invalid") is not None
    assert openable("file:///home/ada/notes.md") is not None
    assert openable("www.example.invalid/doc").toString() == "https://www.example.invalid/doc"
    assert openable("/home/ada/notes.md").toString() == "file:///home/ada/notes.md"
    assert openable("docs/design.md") is None and openable("PR #123") is None


def test_pending_outcomes_are_marked_in_text_and_in_words(
    qtbot, window: MainWindow, ctx: UiContext  # type: ignore[no-untyped-def]
) -> None:
    ctx.services.wins.add(WinDraft(title="Rolled out quotas", date=TODAY,
                                   follow_up=TODAY + dt.timedelta(days=14)))
    _reload(qtbot, window, ctx)
    model = window.log_page.model
    index = model.index_of(ctx.services.queries.wins()[0].id).siblingAtColumn(Column.TITLE)
    assert index.data() == PENDING_MARK + "Rolled out quotas"
    spoken = index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.startswith("Rolled out quotas, outcome pending")
    assert "Outcome pending" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_the_count_line_says_one_win_and_the_title_takes_the_room(
    qtbot, window: MainWindow, ctx: UiContext  # type: ignore[no-untyped-def]
) -> None:
    ctx.services.wins.add(WinDraft(title="Only one", date=TODAY))
    _reload(qtbot, window, ctx)
    page = window.log_page
    assert page.count_label.text() == "1 win shown"
    ctx.services.wins.add(WinDraft(title="And another", date=TODAY))
    _reload(qtbot, window, ctx)
    assert page.count_label.text() == "2 wins shown"
    widths = {column: page.view.columnWidth(column) for column in Column
              if not page.view.isColumnHidden(column)}
    assert max(widths, key=lambda c: widths[c]) == Column.TITLE
