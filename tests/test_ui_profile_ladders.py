"""Levels are chosen from the chosen ladder, in the first run and in Profile & settings;
a user's own ladder file is listed and takes typed levels; the weekly review's
repositories and commit emails are typed in Profile & settings and saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from bragdoc.store.database import Database
from bragdoc.ui.home.first_run import FirstRunDialog
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.settings.dialog import SettingsDialog
from tests.conftest import show_and_activate
from tests.test_ladders import GOOD, write_user_ladder

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def ctx(db: Database) -> UiContext:
    return UiContext.create(db)


@pytest.fixture
def parent(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    return window


def open_dialog(qtbot, dialog):  # type: ignore[no-untyped-def]
    dialog.open()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def items(combo) -> list[str]:  # type: ignore[no-untyped-def]
    return [combo.itemText(i) for i in range(combo.count())]


def test_a_shipped_ladder_offers_only_its_levels(qtbot, ctx: UiContext,  # type: ignore[no-untyped-def]
                                                  parent: QWidget) -> None:
    dialog = open_dialog(qtbot, SettingsDialog(ctx, parent))
    dialog.company.setFocus()
    qtbot.keyClicks(dialog.company, "Goo")
    assert dialog.company.currentData() == "google"
    assert not dialog.current_level.isEditable()
    assert items(dialog.current_level) == ["Not set", "L3 — Software Engineer",
                                           "L4 — Software Engineer II",
                                           "L5 — Senior Software Engineer",
                                           "L6 — Staff Software Engineer",
                                           "L7 — Senior Staff Software Engineer"]
    dialog.current_level.setFocus()
    qtbot.keyClicks(dialog.current_level, "L5")
    assert dialog.target_level.currentText().startswith("L6")  # the next level up
    with qtbot.waitSignal(ctx.signals.profile_changed):
        qtbot.keyClick(dialog.current_level, Qt.Key.Key_Return, CTRL)
    profile = ctx.services.queries.profile()
    assert (profile.company, profile.current_level, profile.target_level) == (
        "google", "L5", "L6")


def test_a_users_own_ladder_is_listed_and_takes_a_typed_level(qtbot, ctx: UiContext,  # type: ignore[no-untyped-def]
                                                              parent: QWidget) -> None:
    write_user_ladder("acme", GOOD)
    ctx.services.ladders.reload()
    setup = open_dialog(qtbot, FirstRunDialog(ctx, parent))
    assert "Acme (your ladder file)" in items(setup.ladder)
    setup.ladder.setFocus()
    qtbot.keyClicks(setup.ladder, "Acme")
    assert setup.current.isEditable()
    setup.current.setFocus()
    setup.current.lineEdit().selectAll()
    qtbot.keyClicks(setup.current, "Principal-ish")
    setup.target.setCurrentIndex(0)
    qtbot.keyClick(setup.save_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not setup.isVisible())
    profile = ctx.services.queries.profile()
    assert (profile.company, profile.current_level, profile.target_level) == (
        "acme", "Principal-ish", "")


def test_a_level_saved_before_levels_were_checked_is_shown_and_kept(  # type: ignore[no-untyped-def]
        qtbot, ctx: UiContext, parent: QWidget) -> None:
    from bragdoc.domain.records import Profile
    from bragdoc.services.profile import save
    from bragdoc.services.unit_of_work import write

    with write(ctx.services.db) as session:
        save(session, Profile(company="google", current_level="Senior"))
    dialog = open_dialog(qtbot, SettingsDialog(ctx, parent))
    assert dialog.current_level.currentText() == "Senior (not on this ladder)"
    qtbot.keyClicks(dialog.name, "Ada")
    with qtbot.waitSignal(ctx.signals.profile_changed):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    profile = ctx.services.queries.profile()
    assert (profile.name, profile.current_level) == ("Ada", "Senior")


def test_repositories_and_emails_are_typed_and_saved(qtbot, ctx: UiContext,  # type: ignore[no-untyped-def]
                                                     parent: QWidget, tmp_path) -> None:
    dialog = open_dialog(qtbot, SettingsDialog(ctx, parent))
    dialog.git_repositories.setFocus()
    qtbot.keyClicks(dialog.git_repositories, str(tmp_path / "api"))
    qtbot.keyClick(dialog.git_repositories, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.git_repositories, "~/code")
    dialog.git_authors.setFocus()
    qtbot.keyClicks(dialog.git_authors, "me at work")
    qtbot.keyClick(dialog.git_authors, Qt.Key.Key_Return)
    assert dialog.isVisible()  # refused next to the buttons, nothing saved
    assert "not an email address" in dialog.save_error.text()
    assert ctx.services.queries.profile().git_authors == ()

    dialog.git_authors.selectAll()
    qtbot.keyClicks(dialog.git_authors, "me@work.com, me@home.org")
    with qtbot.waitSignal(ctx.signals.profile_changed):
        qtbot.keyClick(dialog.git_authors, Qt.Key.Key_Return)
    profile = ctx.services.queries.profile()
    assert profile.git_repositories == (str(tmp_path / "api"), "~/code")
    assert profile.git_authors == ("me@work.com", "me@home.org")
    again = open_dialog(qtbot, SettingsDialog(ctx, parent))
    assert again.git_repositories.toPlainText() == f"{tmp_path / 'api'}\n~/code"
    assert again.git_authors.text() == "me@work.com, me@home.org"


def test_the_first_run_is_filled_in_with_tab_in_reading_order(qtbot, ctx: UiContext,  # type: ignore[no-untyped-def]
                                                              parent: QWidget) -> None:
    from PySide6.QtWidgets import QApplication

    setup = open_dialog(qtbot, FirstRunDialog(ctx, parent))
    qtbot.keyClicks(setup.name, "Ada")
    visited = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == [setup.ladder, setup.current, setup.target, setup.since]
    setup.reject()
