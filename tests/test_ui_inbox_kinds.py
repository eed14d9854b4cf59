"""The Inbox page with what an old brag document suggests besides wins: projects and goals
shown beside wins, accepted with Enter (projects first, so their wins join them), edited
in their own dialog; year-only dates shown as such and kept when the user leaves them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt

from bragdoc.services.inbox import InboxService
from bragdoc.store.database import Database
from bragdoc.ui.inbox.page import InboxPage
from bragdoc.ui.inbox.table import Column
from bragdoc.ui.kit.context import UiContext
from tests.conftest import show_and_activate

DOCUMENT = """\
# Brag document 2023

## Goals for next year
- Lead the ledger migration

## Projects
- Ledger

    Moving the ledger off the monolith.

    - Split the ledger service out
"""


@pytest.fixture
def ctx(db: Database) -> UiContext:
    return UiContext.create(db)


@pytest.fixture
def page(qtbot, ctx: UiContext, tmp_path: Path) -> InboxPage:  # type: ignore[no-untyped-def]
    path = tmp_path / "brag.md"
    path.write_text(DOCUMENT, encoding="utf-8")
    InboxService(ctx.services.db).import_markdown(path, today=dt.date(2026, 12, 6))
    ctx.settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    return _shown(qtbot, InboxPage(ctx))


def _shown(qtbot, page: InboxPage) -> InboxPage:  # type: ignore[no-untyped-def]
    page.resize(1100, 600)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded):  # the page loads when it is first shown
        show_and_activate(qtbot, page)
    return page


def _cells(page: InboxPage, column: Column) -> list[str]:
    return [page.model.data(page.model.index(r, column)) for r in range(page.model.rowCount())]


def _select(page: InboxPage, *rows: int) -> None:
    selection = page.view.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        selection.select(page.model.index(row, 0), flags)
    selection.setCurrentIndex(page.model.index(rows[0], 0),
                              QItemSelectionModel.SelectionFlag.NoUpdate)
    page.view.setFocus()


def test_projects_and_goals_stand_beside_wins(page: InboxPage) -> None:
    assert _cells(page, Column.KIND) == ["Goal, next year", "Project", "Win"]
    assert _cells(page, Column.TITLE)[:2] == ["Lead the ledger migration", "Ledger"]
    assert _cells(page, Column.DATE) == ["", "2023?", "2023?"]
    assert page.summary.text() == "3 suggestions waiting for your review"
    assert page.model.data(page.model.index(2, Column.KIND)) == "Win"


def test_a_personal_aside_says_it_stays_out_of_packets(qtbot, ctx: UiContext,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "life.md"
    path.write_text("# 2024\n## Outside of work\n- Baked my own bread\n", encoding="utf-8")
    InboxService(ctx.services.db).import_markdown(path, today=dt.date(2026, 12, 6))
    ctx.settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    page = _shown(qtbot, InboxPage(ctx))
    kind = page.model.index(0, Column.KIND)
    assert page.model.data(kind) == "Win, personal"
    assert "packets leave it out" in page.model.data(kind, Qt.ItemDataRole.ToolTipRole)


def test_years_under_goals_ask_whether_they_were_done(qtbot, ctx: UiContext,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "goals.md"
    path.write_text("# 2024\n## Goals for this year\n- 2023\n\n    Migrated CI to the "
                    "new runners.\n", encoding="utf-8")
    InboxService(ctx.services.db).import_markdown(path, today=dt.date(2026, 12, 6))
    ctx.settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    page = _shown(qtbot, InboxPage(ctx))
    assert page.summary.text() == ("1 suggestion waiting for your review; 1 from your goals "
                                   "section — were these done?")
    kind = page.model.index(0, Column.KIND)
    assert page.model.data(kind) == "Win, if done"
    assert page.model.data(kind, Qt.ItemDataRole.ToolTipRole) == (
        "From your goals section — were these done?")
    assert page.model.data(page.model.index(0, Column.DATE)) == "2023?"


def test_enter_on_a_win_and_its_project_links_them(qtbot, page: InboxPage,
                                                   ctx: UiContext) -> None:
    _select(page, 2, 1)  # the win first: the project is still made before it
    with qtbot.waitSignal(ctx.signals.wins_changed):
        qtbot.keyClick(page.view, Qt.Key.Key_Return)
    [win] = ctx.services.queries.wins()
    assert (win.title, win.project_name) == ("Split the ledger service out", "Ledger")
    assert (win.date, win.date_precision) == (dt.date(2023, 1, 1), "year")
    [ledger] = ctx.services.queries.projects()
    assert ledger.summary == "Moving the ledger off the monolith."
    assert page.import_status.text() == ("1 win added to the log; 1 project(s) to your "
                                         "projects")
    qtbot.waitUntil(lambda: _cells(page, Column.KIND) == ["Goal, next year"])  # reloaded


def test_a_goal_is_edited_in_its_own_dialog_then_goes_into_the_profile(
        qtbot, page: InboxPage, ctx: UiContext) -> None:
    _select(page, 0)
    qtbot.keyClick(page, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # "Edi&t and accept…"
    qtbot.waitUntil(lambda: page.other_dialog is not None)  # the click is animated
    dialog = page.other_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.goal_for.currentText() == "Goal, next year"
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Lead the ledger migration to two regions")
    dialog.goal_for.setCurrentIndex(dialog.goal_for.findData("this_year"))
    with qtbot.waitSignal(ctx.signals.wins_changed):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    profile = ctx.services.queries.profile()
    assert profile.goals_this_year == "- Lead the ledger migration to two regions"
    assert profile.goals_next_year == ""
    qtbot.waitUntil(lambda: _cells(page, Column.KIND) == ["Project", "Win"])  # reloaded


def test_an_empty_goal_keeps_the_dialog_open_and_says_why(qtbot, page: InboxPage,
                                                          ctx: UiContext) -> None:
    _select(page, 0)
    dialog = page.edit_and_accept()
    assert dialog is page.other_dialog and dialog is not None
    dialog.name.clear()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible() and "needs a title" in dialog.error.text()
    assert ctx.services.queries.profile().goals_next_year == ""
