"""Stored readiness state: the 0003 migration, the write service, and the report reading
what was stored (ticks, evidence, plan progress, promotion date)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.readiness import EvidenceRef
from bragdoc.domain.records import Feedback, ProjectDraft, WinDraft
from bragdoc.importers import interchange
from bragdoc.services.ladders import LadderService
from bragdoc.services.people import PeopleService
from bragdoc.services.profile import ProfileService
from bragdoc.services.projects import ProjectService
from bragdoc.services.readiness import ReadinessService
from bragdoc.services.readiness_state import ReadinessStateService
from bragdoc.services.transfer import TransferService
from bragdoc.services.wins import WinService
from bragdoc.store.database import MIGRATIONS_DIR, Database
from bragdoc.store.schema import HEAD

TODAY = dt.date(2026, 3, 2)
LADDERS = LadderService()
CHECKLIST = LADDERS.checklist()
PLAN = LADDERS.plan()
ITEM = CHECKLIST.items[0].id
OTHER_ITEM = CHECKLIST.items[1].id
STEP = PLAN.phases[0].steps[0].id


def _state(db: Database) -> ReadinessStateService:
    return ReadinessStateService(db, LADDERS)


def _win(db: Database, title: str = "Cut checkout latency in half") -> str:
    return WinService(db).add(WinDraft(title=title, date=dt.date(2026, 1, 10))).id


# --- the migration ---------------------------------------------------------------------


def _at_revision(path: Path, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_a_populated_0002_database_upgrades_with_its_data_intact(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    _at_revision(old, "0002_reminder_settings")
    conn = sqlite3.connect(old)
    conn.executescript(
        """
        INSERT INTO profile (id, name, company, current_level, target_level, level_since,
                             focus_area, goals_this_year, goals_next_year,
                             reminder_enabled, reminder_day, reminder_time)
        VALUES (1, 'Ada', 'meta', 'E4', 'E5', '2024-05-01', '', '', '', 0, 2, '09:30');
        INSERT INTO project (id, name, summary, scope, role, pillars, tags, links, situation,
                             task, action, result, created_at, updated_at)
        VALUES ('p1', 'Checkout', 'Faster checkout', 'cross_team', 'lead', '[]', '[]', '[]',
                '', '', '', '', '2025-01-01 00:00:00', '2025-01-01 00:00:00');
        INSERT INTO win (id, date, title, details, project_id, pillars, tags, links,
                         created_at, updated_at)
        VALUES ('w1', '2025-02-14', 'Shipped cache', 'details', 'p1', '[]', '[]', '[]',
                '2025-02-14 00:00:00', '2025-02-14 00:00:00');
        INSERT INTO feedback (id, date, from_name, role, quote, project_id)
        VALUES ('f1', '2025-03-01', 'Sam', 'EM', 'Steady hands on the launch', 'p1');
        """
    )
    conn.commit()
    conn.close()

    db = Database.open(old)
    try:
        with db.reading() as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
                HEAD,)
            assert conn.execute(
                "SELECT name, company, current_level, reminder_enabled, reminder_day,"
                " reminder_time, promotion_target FROM profile").fetchall() == [
                ("Ada", "meta", "E4", 0, 2, "09:30", None)]
            assert conn.execute("SELECT title, project_id FROM win").fetchall() == [
                ("Shipped cache", "p1")]
            assert conn.execute("SELECT quote FROM feedback").fetchall() == [
                ("Steady hands on the launch",)]
            for table in ("readiness_check", "readiness_evidence", "readiness_plan_step"):
                assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
        state = _state(db)
        assert state.state().checked == {} and state.state().promotion_target is None
        # The new tables work on the upgraded file, foreign keys included.
        state.link(ITEM, "win", "w1", TODAY)
        state.link(ITEM, "feedback", "f1", TODAY)
        assert state.state().evidence == {ITEM: (EvidenceRef("win", "w1"),
                                                 EvidenceRef("feedback", "f1"))}
        WinService(db).delete("w1")
        assert state.state().evidence == {ITEM: (EvidenceRef("feedback", "f1"),)}
    finally:
        db.dispose()


def test_the_schema_refuses_a_link_to_nothing_or_to_two_things(db: Database) -> None:
    win_id = _win(db)
    project_id = ProjectService(db).add(ProjectDraft(name="Checkout")).id
    with db.reading() as conn:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO readiness_evidence (id, item_id, linked_on)"
                         " VALUES ('e1', 'x', '2026-01-01')")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO readiness_evidence (id, item_id, win_id, project_id,"
                         " linked_on) VALUES ('e2', 'x', ?, ?, '2026-01-01')",
                         (win_id, project_id))
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO readiness_evidence (id, item_id, win_id, linked_on)"
                         " VALUES ('e3', 'x', 'no-such-win', '2026-01-01')")


# --- the service -----------------------------------------------------------------------


def test_ticking_is_stored_idempotent_and_reversible(db: Database) -> None:
    state = _state(db)
    state.check(ITEM, TODAY)
    state.check(ITEM, TODAY + dt.timedelta(days=3))  # a second tick keeps the first day
    assert state.state().checked == {ITEM: TODAY}
    state.uncheck(ITEM)
    state.uncheck(ITEM)
    assert state.state().checked == {}
    with pytest.raises(InvalidInput, match="no item 'not-an-item'"):
        state.check("not-an-item")


def test_linking_evidence_stores_one_link_per_target_and_unlinks(db: Database) -> None:
    state = _state(db)
    win_id = _win(db)
    feedback = PeopleService(db).save_feedback(
        Feedback(id="", quote="She made the launch calm", from_name="Lee", role="PM",
                 date=dt.date(2026, 2, 1)))
    assert state.link(ITEM, "win", win_id, TODAY) is True
    assert state.link(ITEM, "win", win_id, TODAY) is False  # already linked
    assert state.link(ITEM, "feedback", feedback.id, TODAY) is True
    assert state.link(OTHER_ITEM, "win", win_id, TODAY) is True

    links = state.links(ITEM)
    assert [(link.kind, link.title) for link in links] == [
        ("win", "Cut checkout latency in half"), ("feedback", "Lee: She made the launch calm")]
    assert links[0].day == dt.date(2026, 1, 10) and links[0].linked_on == TODAY

    assert state.unlink(ITEM, "win", win_id) is True
    assert state.unlink(ITEM, "win", win_id) is False
    assert state.state().evidence == {ITEM: (EvidenceRef("feedback", feedback.id),),
                                      OTHER_ITEM: (EvidenceRef("win", win_id),)}
    PeopleService(db).delete_feedback(feedback.id)
    assert ITEM not in state.state().evidence


def test_linking_refuses_unknown_kinds_items_and_targets(db: Database) -> None:
    state = _state(db)
    with pytest.raises(InvalidInput, match="win, a project or feedback"):
        state.link(ITEM, "mentoring", "x")
    with pytest.raises(InvalidInput, match="no win with id 'gone'"):
        state.link(ITEM, "win", "gone")
    with pytest.raises(InvalidInput, match="no item"):
        state.link("nope", "win", _win(db))


def test_plan_steps_are_marked_done_and_undone(db: Database) -> None:
    state = _state(db)
    state.set_step_done(STEP, True, TODAY)
    assert state.state().done == {STEP: TODAY}
    state.set_step_done(STEP, False)
    assert state.state().done == {}
    with pytest.raises(InvalidInput, match="no step"):
        state.set_step_done("no-such-step", True)


def test_the_promotion_target_is_checked_then_stored(db: Database) -> None:
    state = _state(db)
    with pytest.raises(InvalidInput, match="has passed"):
        state.set_promotion_target(TODAY - dt.timedelta(days=1), TODAY)
    with pytest.raises(InvalidInput, match="more than 5 years"):
        state.set_promotion_target(dt.date(2207, 1, 1), TODAY)
    assert state.state().promotion_target is None
    assert state.set_promotion_target(dt.date(2026, 9, 1), TODAY) == dt.date(2026, 9, 1)
    assert state.state().promotion_target == dt.date(2026, 9, 1)
    state.set_promotion_target(None, TODAY)
    assert state.state().promotion_target is None


# --- the report reads what was stored ---------------------------------------------------


def test_the_report_uses_stored_ticks_links_and_plan_by_default(db: Database) -> None:
    service = ReadinessService(db, LADDERS)
    before = service.report(today=TODAY)
    assert before.checklist.overall == 0 and before.plan is None

    state = _state(db)
    state.check(ITEM, TODAY)
    state.link(ITEM, "win", _win(db), TODAY)
    state.set_promotion_target(dt.date(2026, 9, 1), TODAY)
    state.set_step_done(STEP, True, TODAY)

    after = service.report(today=TODAY)
    assert after.checklist.overall > before.checklist.overall
    assert after.checklist.checked == 1 and after.checklist.with_evidence == 1
    assert after.plan is not None and after.plan.target == dt.date(2026, 9, 1)
    assert after.plan.done_count == 1
    document = after.to_json()
    assert document["plan"]["target"] == "2026-09-01"
    assert document["checklist"]["checked"] == 1

    # What a caller passes wins over what is stored.
    explicit = service.report(today=TODAY, checked=(), evidence={}, done=())
    assert explicit.checklist.overall == 0 and explicit.plan is not None
    assert explicit.plan.done_count == 0


# --- the promotion date is not part of the record file ----------------------------------


def test_the_promotion_target_stays_out_of_the_export_and_survives_an_import(
    db: Database, tmp_path: Path
) -> None:
    ProfileService(db).update(name="Ada", company="meta", current_level="E4",
                              target_level="E5")
    _state(db).set_promotion_target(dt.date(2026, 9, 1), TODAY)
    document = TransferService(db).export_document()
    assert "promotion_target" not in document["profile"]
    assert set(document["profile"]) == set(interchange.profile_out(
        ProfileService(db).update()))

    document["profile"]["name"] = "Ada Lovelace"
    path = tmp_path / "record.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    TransferService(db).import_file(path)
    state = _state(db).state()
    assert state.promotion_target == dt.date(2026, 9, 1)
    # The profile record fields did change, so the import really wrote the row.
    with db.reading() as conn:
        assert conn.execute("SELECT name FROM profile").fetchone() == ("Ada Lovelace",)
