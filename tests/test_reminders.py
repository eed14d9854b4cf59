"""The weekly reminder and due follow-ups: the pure rule, where its settings are stored
(schema 0002, the profile service, imports), and the controller that shows them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from sqlalchemy import create_engine

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.records import WinDraft, draft_from_view
from bragdoc.domain.reminders import (
    check_reminder_day,
    parse_reminder_time,
    part_of_day,
    reminder_due,
)
from bragdoc.importers import interchange
from bragdoc.services.profile import FIELDS, ProfileService
from bragdoc.services.queries import Queries
from bragdoc.services.transfer import TransferService
from bragdoc.store.database import MIGRATIONS_DIR, Database
from bragdoc.ui.kit.context import UiContext
from bragdoc.ui.shell.reminders import CHECK_INTERVAL_MS, LAST_SHOWN_KEY, ReminderController

# The ISO week of Monday 23 November 2026; its Friday is the 27th.
MONDAY = dt.date(2026, 11, 23)
FRIDAY = dt.date(2026, 11, 27)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def due(now: dt.datetime, **changes: object) -> bool:
    rule: dict[str, object] = {"enabled": True, "day": 4, "time": "16:00",
                               "week_has_win": False, "last_shown": None}
    rule.update(changes)
    return reminder_due(now, **rule)  # type: ignore[arg-type]


# --- the rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(FRIDAY, 15, 59), False),  # a minute early
        (at(FRIDAY, 16, 0), True),  # exactly at the chosen time
        (at(FRIDAY, 23, 59), True),
        (at(FRIDAY + dt.timedelta(days=1), 9), True),  # Saturday: still this week
        (at(FRIDAY + dt.timedelta(days=2), 23, 59), True),  # Sunday night
        (at(MONDAY, 9), False),  # earlier in the week
        (at(FRIDAY - dt.timedelta(days=1), 17), False),  # Thursday after 16:00
        (at(MONDAY + dt.timedelta(days=7), 9), False),  # next Monday: a new week
    ],
)
def test_the_reminder_falls_due_at_the_chosen_day_and_time(now: dt.datetime,
                                                           expected: bool) -> None:
    assert due(now) is expected


def test_a_week_with_a_win_needs_no_reminder() -> None:
    assert due(at(FRIDAY, 17), week_has_win=True) is False


def test_the_reminder_is_shown_once_a_week() -> None:
    assert due(at(FRIDAY, 17), last_shown=FRIDAY) is False
    assert due(at(FRIDAY + dt.timedelta(days=2), 10), last_shown=FRIDAY) is False
    assert due(at(FRIDAY, 17), last_shown=FRIDAY - dt.timedelta(days=7)) is True
    assert due(at(FRIDAY + dt.timedelta(days=7), 16), last_shown=FRIDAY) is True


def test_a_disabled_reminder_never_falls_due() -> None:
    assert due(at(FRIDAY, 17), enabled=False) is False


def test_other_days_and_times() -> None:
    assert due(at(MONDAY, 9, 29), day=0, time="09:30") is False
    assert due(at(MONDAY, 9, 30), day=0, time="09:30") is True
    assert due(at(MONDAY + dt.timedelta(days=6), 20), day=6, time="20:00") is True
    aware = dt.datetime(2026, 11, 27, 16, 30, tzinfo=dt.UTC)
    assert due(aware) is True


def test_times_and_days_are_checked() -> None:
    assert parse_reminder_time("9:05") == dt.time(9, 5)
    assert parse_reminder_time(" 16:00 ") == dt.time(16, 0)
    for bad in ("24:00", "12:60", "4pm", "16", ""):
        with pytest.raises(InvalidInput, match="reminder time"):
            parse_reminder_time(bad)
    assert check_reminder_day(6) == 6
    for bad_day in (7, -1, True, "4"):
        with pytest.raises(InvalidInput, match="reminder day"):
            check_reminder_day(bad_day)


def test_part_of_day_names_the_moment() -> None:
    assert part_of_day(at(FRIDAY, 16)) == "Friday afternoon"
    assert part_of_day(at(MONDAY, 8)) == "Monday morning"
    assert part_of_day(at(MONDAY, 21)) == "Monday evening"


# --- storage ----------------------------------------------------------------------------


def test_a_new_database_has_the_default_reminder(db: Database) -> None:
    profile = Queries(db).profile()
    assert (profile.reminder_enabled, profile.reminder_day, profile.reminder_time) == (
        True, 4, "16:00")


def test_reminder_settings_are_saved_validated_and_read_back(db: Database) -> None:
    service = ProfileService(db)
    service.update(name="Ada")
    saved = service.update(reminder_enabled=False, reminder_day=0, reminder_time="9:30")
    assert (saved.reminder_enabled, saved.reminder_day, saved.reminder_time) == (
        False, 0, "09:30")
    assert saved.name == "Ada"
    with pytest.raises(InvalidInput, match="reminder day 7"):
        service.update(reminder_day=7)
    with pytest.raises(InvalidInput, match="reminder time '25:00'"):
        service.update(reminder_time="25:00")
    assert Queries(db).profile() == saved


def test_a_profile_written_before_0002_upgrades_with_the_default_reminder(
    tmp_path: Path,
) -> None:
    old = tmp_path / "old.sqlite3"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001_initial")
    engine.dispose()
    conn = sqlite3.connect(old)
    conn.execute(
        "INSERT INTO profile (id, name, company, current_level, target_level, level_since,"
        " focus_area, goals_this_year, goals_next_year)"
        " VALUES (1, 'Ada', 'meta', 'E4', 'E5', '2024-03-01', 'payments', 'Lead', '')"
    )
    conn.commit()
    conn.close()

    upgraded = Database.open(old)
    try:
        profile = Queries(upgraded).profile()
        assert (profile.name, profile.company, profile.level_since) == (
            "Ada", "meta", dt.date(2024, 3, 1))
        assert (profile.reminder_enabled, profile.reminder_day, profile.reminder_time) == (
            True, 4, "16:00")
        assert list((tmp_path / "backups").glob("old-*-upgrade.sqlite3"))
    finally:
        upgraded.dispose()


def test_the_interchange_profile_does_not_carry_the_reminder(db: Database) -> None:
    ProfileService(db).update(name="Ada", reminder_day=1)
    document = TransferService(db).export_document()
    assert set(document["profile"]) == set(FIELDS)
    assert not any(key.startswith("reminder") for key in document["profile"])


def test_importing_a_profile_keeps_the_reminder_settings(db: Database, tmp_path: Path) -> None:
    service = ProfileService(db)
    service.update(name="Ada", company="meta", reminder_enabled=False, reminder_day=2,
                   reminder_time="08:15")
    transfer = TransferService(db)
    backup = tmp_path / "backup.json"
    transfer.export_to(backup)

    # The same profile comes back: nothing to update, reminder untouched.
    report = transfer.import_file(backup)
    assert report.unchanged["profile"] == 1

    # A changed profile comes in: its fields are taken, the reminder stays the user's.
    document = json.loads(backup.read_text())
    document["profile"]["name"] = "Ada Lovelace"
    document["profile"]["current_level"] = "E5"
    report = transfer.import_bundle(interchange.read_bundle(document))
    assert report.updated["profile"] == 1
    profile = Queries(db).profile()
    assert (profile.name, profile.current_level) == ("Ada Lovelace", "E5")
    assert (profile.reminder_enabled, profile.reminder_day, profile.reminder_time) == (
        False, 2, "08:15")


def test_an_imported_profile_sets_no_reminder_even_if_the_file_names_one(
    db: Database,
) -> None:
    document = {"format": "bragdoc", "version": 1,
                "profile": {"name": "Grace", "reminder_day": 0, "reminder_enabled": False}}
    bundle = interchange.read_bundle(document)
    assert any("reminder_day" in warning for warning in bundle.warnings)
    TransferService(db).import_bundle(bundle)
    profile = Queries(db).profile()
    assert profile.name == "Grace"
    assert (profile.reminder_enabled, profile.reminder_day, profile.reminder_time) == (
        True, 4, "16:00")


# --- the controller ---------------------------------------------------------------------


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def ctx(db: Database) -> UiContext:
    """A record that has begun: the reminder never nags before the very first win."""
    context = UiContext.create(db)
    context.services.wins.add(WinDraft(title="Wrote the first runbook",
                                       date=FRIDAY - dt.timedelta(days=30)))
    return context


@pytest.fixture
def window(qtbot) -> tuple[QWidget, QLabel]:  # type: ignore[no-untyped-def]
    window = QWidget()
    banner = QLabel(objectName="banner")
    banner.hide()
    QVBoxLayout(window).addWidget(banner)
    qtbot.addWidget(window)
    return window, banner


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


def _controller(ctx: UiContext, window: tuple[QWidget, QLabel], clock: Clock,
                settings: QSettings) -> ReminderController:
    return ReminderController(ctx, window[1], window[0], clock=clock, settings=settings)


def test_the_banner_asks_for_a_win_from_friday_afternoon_until_one_is_logged(
    qtbot, ctx: UiContext, window: tuple[QWidget, QLabel], settings: QSettings,  # type: ignore[no-untyped-def]
) -> None:
    banner = window[1]
    clock = Clock(at(FRIDAY, 15, 30))
    controller = _controller(ctx, window, clock, settings)
    assert controller.timer.isActive() and controller.timer.interval() == CHECK_INTERVAL_MS
    assert banner.isHidden()

    clock.now = at(FRIDAY, 16, 1)
    with qtbot.waitSignal(controller.reminded) as shown:
        lines = controller.check()
    assert lines == [shown.args[0]]
    assert "Nothing logged this week yet — it is Friday afternoon" in banner.text()
    assert not banner.isHidden()
    assert settings.value(LAST_SHOWN_KEY) == FRIDAY.isoformat()

    # Still there a minute later, but the notification is not repeated.
    clock.now = at(FRIDAY, 16, 2)
    with qtbot.assertNotEmitted(controller.reminded):
        controller.check()
    assert not banner.isHidden()

    # Logging a win this week answers it: the change signal re-checks at once.
    ctx.services.wins.add(WinDraft(title="Fixed the flaky deploy", date=FRIDAY))
    ctx.signals.wins_changed.emit()
    assert banner.isHidden()
    assert banner.text() == ""


def test_a_record_without_a_win_is_never_nagged(
    qtbot, db: Database, window: tuple[QWidget, QLabel], settings: QSettings,  # type: ignore[no-untyped-def]
) -> None:
    clock = Clock(at(FRIDAY, 17))
    controller = _controller(UiContext.create(db), window, clock, settings)
    with qtbot.assertNotEmitted(controller.reminded):
        assert controller.check() == []
    assert window[1].isHidden()
    assert settings.value(LAST_SHOWN_KEY) is None


def test_the_notification_is_not_repeated_after_a_restart_in_the_same_week(
    qtbot, ctx: UiContext, window: tuple[QWidget, QLabel], settings: QSettings,  # type: ignore[no-untyped-def]
) -> None:
    settings.setValue(LAST_SHOWN_KEY, FRIDAY.isoformat())
    clock = Clock(at(FRIDAY + dt.timedelta(days=1), 10))
    controller = _controller(ctx, window, clock, settings)
    assert "it is Saturday morning" in window[1].text()  # the banner still says it
    with qtbot.assertNotEmitted(controller.reminded):
        controller.check()
    clock.now = at(FRIDAY + dt.timedelta(days=7), 16)  # a week later: once again
    with qtbot.waitSignal(controller.reminded):
        controller.check()


def test_turning_the_reminder_off_hides_it(
    ctx: UiContext, window: tuple[QWidget, QLabel], settings: QSettings,
) -> None:
    clock = Clock(at(FRIDAY, 17))
    _controller(ctx, window, clock, settings)
    assert not window[1].isHidden()
    ctx.services.profile.update(reminder_enabled=False)
    ctx.signals.profile_changed.emit()
    assert window[1].isHidden()
    ctx.services.profile.update(reminder_enabled=True, reminder_day=5, reminder_time="10:00")
    ctx.signals.profile_changed.emit()
    assert window[1].isHidden()  # Saturday's reminder is still to come


def test_due_follow_ups_are_listed_in_the_banner_and_announced(
    qtbot, ctx: UiContext, window: tuple[QWidget, QLabel], settings: QSettings,  # type: ignore[no-untyped-def]
) -> None:
    banner = window[1]
    wins = [
        ctx.services.wins.add(WinDraft(title=title, date=dt.date(2026, 8, day),
                              follow_up=dt.date(2026, 11, day)))
        for title, day in (("Moved search to the new cluster", 2),
                           ("Cut cloud spend <b>in half</b>", 3),
                           ("Onboarded two teams to the API", 20))
    ]
    not_yet = ctx.services.wins.add(WinDraft(title="Launched the beta", date=MONDAY,
                                    follow_up=dt.date(2027, 2, 1)))
    clock = Clock(at(MONDAY, 9))  # the week has a win: no weekly line
    received: list[list[object]] = []
    controller = _controller(ctx, window, clock, settings)
    controller.follow_ups_due.connect(received.append)
    lines = controller.check()  # unchanged set: not announced again
    assert received == []
    assert lines == [banner.text()]
    assert banner.text().startswith("3 wins are waiting for their real outcome: "
                                    "“Moved search to the new cluster”, "
                                    "“Cut cloud spend <b>in half</b>”, "
                                    "“Onboarded two teams to the API”.")
    assert not_yet.title not in banner.text()
    assert not banner.isHidden()

    # Recording the outcome of one (clearing its follow-up) shrinks the list.
    with qtbot.waitSignal(controller.follow_ups_due) as announced:
        draft = dataclasses.replace(draft_from_view(wins[1]), follow_up=None)
        ctx.services.wins.update(wins[1].id, draft)
        ctx.signals.wins_changed.emit()
    assert [w.title for w in announced.args[0]] == [wins[0].title, wins[2].title]
    assert banner.text().startswith("2 wins are waiting")

    for win in (wins[0], wins[2]):
        ctx.services.wins.update(win.id, dataclasses.replace(draft_from_view(win), follow_up=None))
    with qtbot.waitSignal(controller.follow_ups_due) as announced:
        ctx.signals.wins_changed.emit()
    assert announced.args[0] == []
    assert banner.isHidden()


def test_one_follow_up_and_the_weekly_reminder_share_the_banner(
    ctx: UiContext, window: tuple[QWidget, QLabel], settings: QSettings,
) -> None:
    ctx.services.wins.add(WinDraft(title="Migrated billing", date=dt.date(2026, 6, 1),
                          follow_up=dt.date(2026, 9, 1)))
    controller = _controller(ctx, window, Clock(at(FRIDAY, 18, 30)), settings)
    lines = controller.check()
    assert lines[0].startswith("1 win is waiting for its real outcome: “Migrated billing”.")
    assert lines[1].startswith("Nothing logged this week yet — it is Friday evening.")
    assert window[1].text() == "\n".join(lines)
