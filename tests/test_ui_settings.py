"""Profile & settings: fields typed from the keyboard are saved and read back, a bad date
is refused next to its field with nothing saved, the reminder day and time round-trip."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QApplication, QWidget

from bragdoc.store.database import Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.settings.dialog import SettingsDialog
from tests.conftest import show_and_activate

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def ctx(db: Database) -> UiContext:
    return UiContext.create(db)


@pytest.fixture
def parent(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    window = QWidget()
    window.resize(400, 300)
    qtbot.addWidget(window)
    show_and_activate(qtbot, window)
    return window


def open_settings(qtbot, ctx: UiContext, parent: QWidget) -> SettingsDialog:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(ctx, parent)
    dialog.open()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def tab(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    return focused()


def replace_text(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    widget = focused()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, text)


def test_profile_fields_typed_from_the_keyboard_are_saved(qtbot, ctx: UiContext,  # type: ignore[no-untyped-def]
                                                          parent: QWidget) -> None:
    dialog = open_settings(qtbot, ctx, parent)
    assert focused() is dialog.name
    qtbot.keyClicks(dialog.name, "Ada Example")
    assert tab(qtbot) is dialog.company
    qtbot.keyClicks(dialog.company, "Me")
    assert dialog.company.currentData() == "meta"
    assert tab(qtbot) is dialog.current_level
    qtbot.keyClicks(dialog.current_level, "E4")
    assert tab(qtbot) is dialog.target_level
    qtbot.keyClicks(dialog.target_level, "E5")
    assert tab(qtbot) is dialog.dates["level_since"]
    qtbot.keyClicks(focused(), "2024-03-01")
    assert tab(qtbot) is dialog.dates["company_since"]
    qtbot.keyClicks(focused(), "2022-09-12")
    assert tab(qtbot) is dialog.dates["career_start"]
    qtbot.keyClicks(focused(), "2018-07-02")
    assert tab(qtbot) is dialog.focus_area
    qtbot.keyClicks(dialog.focus_area, "payments reliability")
    assert tab(qtbot) is dialog.goals_this_year
    qtbot.keyClicks(dialog.goals_this_year, "Lead the checkout rewrite")
    qtbot.keyClick(dialog.goals_this_year, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.goals_this_year, "Mentor two engineers")
    assert tab(qtbot) is dialog.goals_next_year
    qtbot.keyClicks(dialog.goals_next_year, "Promotion to E5")
    with qtbot.waitSignal(ctx.signals.profile_changed):
        qtbot.keyClick(dialog.goals_next_year, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == SettingsDialog.DialogCode.Accepted

    profile = ctx.services.queries.profile()
    assert (profile.name, profile.company, profile.current_level, profile.target_level) == (
        "Ada Example", "meta", "E4", "E5")
    assert (profile.level_since, profile.company_since, profile.career_start) == (
        dt.date(2024, 3, 1), dt.date(2022, 9, 12), dt.date(2018, 7, 2))
    assert profile.focus_area == "payments reliability"
    assert profile.goals_this_year == "Lead the checkout rewrite\nMentor two engineers"
    assert profile.goals_next_year == "Promotion to E5"

    # Opening again shows what was saved.
    again = open_settings(qtbot, ctx, parent)
    assert again.name.text() == "Ada Example"
    assert again.company.currentText() == "Meta"
    assert again.dates["company_since"].text() == "2022-09-12"
    assert again.goals_this_year.toPlainText() == profile.goals_this_year


def test_a_bad_date_is_refused_next_to_its_field_and_nothing_is_saved(qtbot, ctx: UiContext,  # type: ignore[no-untyped-def]
                                                                      parent: QWidget) -> None:
    ctx.services.profile.update(name="Ada", current_level="E4")
    before = ctx.services.queries.profile()
    dialog = open_settings(qtbot, ctx, parent)
    replace_text(qtbot, "Ada Lovelace")
    dialog.dates["level_since"].setFocus()
    qtbot.keyClicks(focused(), "2024-02-30")
    dialog.dates["career_start"].setFocus()
    qtbot.keyClicks(focused(), "last year")
    with qtbot.assertNotEmitted(ctx.signals.profile_changed):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.isVisible()
    level_error = dialog.date_errors["level_since"]
    assert level_error.isVisible() and "not a real date" in level_error.text()
    career_error = dialog.date_errors["career_start"]
    assert career_error.isVisible() and "form YYYY-MM-DD" in career_error.text()
    assert not dialog.date_errors["company_since"].isVisible()
    assert ctx.services.queries.profile() == before

    # Fixed, it saves; the error lines go away.
    dialog.dates["level_since"].setFocus()
    replace_text(qtbot, "2024-02-29")
    dialog.dates["career_start"].setFocus()
    replace_text(qtbot, "")
    qtbot.keyClick(dialog.dates["career_start"], Qt.Key.Key_Backspace)
    with qtbot.waitSignal(ctx.signals.profile_changed):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert not level_error.isVisible()
    saved = ctx.services.queries.profile()
    assert (saved.name, saved.level_since, saved.career_start) == (
        "Ada Lovelace", dt.date(2024, 2, 29), None)


def test_a_refusal_from_the_service_keeps_the_dialog_open(qtbot, ctx: UiContext,  # type: ignore[no-untyped-def]
                                                          parent: QWidget) -> None:
    dialog = open_settings(qtbot, ctx, parent)
    dialog.dates["level_since"].setFocus()
    qtbot.keyClicks(focused(), "2020-01-01")
    dialog.dates["company_since"].setFocus()
    qtbot.keyClicks(focused(), "2022-01-01")
    with qtbot.assertNotEmitted(ctx.signals.profile_changed):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.save_error.isVisible()
    assert "level since (2020-01-01) is before company start" in dialog.save_error.text()
    assert ctx.services.queries.profile().level_since is None
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == SettingsDialog.DialogCode.Rejected


def test_the_weekly_reminder_is_saved_and_read_back(qtbot, ctx: UiContext,  # type: ignore[no-untyped-def]
                                                    parent: QWidget) -> None:
    dialog = open_settings(qtbot, ctx, parent)
    assert dialog.reminder_enabled.isChecked()
    assert dialog.reminder_day.currentText() == "Friday"
    assert dialog.reminder_time.time() == QTime(16, 0)

    dialog.reminder_day.setFocus()
    qtbot.keyClicks(dialog.reminder_day, "Mon")
    assert tab(qtbot) is dialog.reminder_time
    # Tab selects the hour; the colon moves on to the minutes.
    qtbot.keyClicks(dialog.reminder_time, "09:30")
    assert dialog.reminder_time.time() == QTime(9, 30)
    with qtbot.waitSignal(ctx.signals.profile_changed):
        qtbot.keyClick(dialog.reminder_time, Qt.Key.Key_Return)
    profile = ctx.services.queries.profile()
    assert (profile.reminder_enabled, profile.reminder_day, profile.reminder_time) == (
        True, 0, "09:30")

    again = open_settings(qtbot, ctx, parent)
    assert again.reminder_day.currentText() == "Monday"
    assert again.reminder_time.time() == QTime(9, 30)
    # Turning it off (Space on the check box) greys out day and time.
    again.reminder_enabled.setFocus()
    qtbot.keyClick(again.reminder_enabled, Qt.Key.Key_Space)
    assert not again.reminder_day.isEnabled() and not again.reminder_time.isEnabled()
    with qtbot.waitSignal(ctx.signals.profile_changed):
        qtbot.keyClick(again.reminder_enabled, Qt.Key.Key_Return)
    assert ctx.services.queries.profile().reminder_enabled is False
    assert ctx.services.queries.profile().reminder_day == 0
    assert open_settings(qtbot, ctx, parent).reminder_time.isEnabled() is False


def test_where_the_data_lives_is_shown_read_only(qtbot, ctx: UiContext, db: Database,  # type: ignore[no-untyped-def]
                                                 parent: QWidget) -> None:
    dialog = open_settings(qtbot, ctx, parent)
    assert dialog.database_path.text() == str(db.path.resolve())
    assert dialog.database_path.isReadOnly()
    assert dialog.backup_folder.text() == str(db.path.resolve().parent / "backups")
    assert dialog.backup_folder.isReadOnly()
    dialog.backup_folder.setFocus()
    qtbot.keyClicks(dialog.backup_folder, "x")
    assert dialog.backup_folder.text() == str(db.path.resolve().parent / "backups")
