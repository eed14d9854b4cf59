"""Services on a real SQLite file: what a user action writes, and what it refuses."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

import pytest

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import ProjectDraft, Star, WinDraft, WinFilter, draft_from_view
from bragdoc.services.profile import ProfileService
from bragdoc.services.projects import ProjectService
from bragdoc.services.queries import Queries
from bragdoc.services.wins import WinService
from bragdoc.store.database import Database

DAY = dt.date(2025, 2, 14)


def _win(**changes: object) -> WinDraft:
    fields: dict[str, object] = {
        "title": "Shipped Redis cache for profile reads",
        "date": DAY,
        "details": "Cut database reads in half.",
        "project": "Checkout latency",
        "pillars": ["technical_excellence"],
        "tags": ["@perf", "perf", "caching"],
        "metrics": [parse_metric("p95 latency: 2.4s -> 0.6s")],
        "follow_up": dt.date(2025, 5, 14),
    }
    fields.update(changes)
    return WinDraft(**fields)  # type: ignore[arg-type]


def test_adding_a_win_stores_it_with_numbers_and_creates_its_project(db: Database) -> None:
    win = WinService(db).add(_win())
    assert win.title == "Shipped Redis cache for profile reads"
    assert win.project_name == "Checkout latency"
    assert win.tags == ("perf", "caching")  # '@' dropped, duplicates merged
    assert [m.label for m in win.metrics] == ["p95 latency: 75% faster"]
    with db.reading() as conn:
        row = conn.execute(
            "SELECT before_value, after_value, improvement_pct, factor, direction, quantified"
            " FROM metric WHERE win_id = ?",
            (win.id,),
        ).fetchone()
    assert row == (2.4, 0.6, 75.0, 4.0, "lower", 1)
    assert [p.name for p in Queries(db).projects()] == ["Checkout latency"]


def test_a_win_names_an_existing_project_case_insensitively(db: Database) -> None:
    project = ProjectService(db).add(ProjectDraft(name="Checkout Latency", scope="cross_team"))
    win = WinService(db).add(_win(project="checkout latency"))
    assert win.project_id == project.id
    assert len(Queries(db).projects()) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "a win needs a title"),
        ({"pillars": ["heroics"]}, "unknown pillar 'heroics'"),
    ],
)
def test_invalid_wins_are_refused_and_nothing_is_written(
    db: Database, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        WinService(db).add(_win(**changes))
    assert Queries(db).counts() == {
        "win": 0, "project": 0, "metric": 0, "feedback": 0, "mentoring": 0
    }


def test_delete_then_restore_gives_back_the_same_win(db: Database) -> None:
    service = WinService(db)
    original = service.add(_win())
    removed = service.delete(original.id)
    assert Queries(db).wins() == []
    assert Queries(db).counts()["metric"] == 0
    restored = service.add(draft_from_view(removed))
    assert dataclasses.replace(restored, metrics=()) == dataclasses.replace(original, metrics=())
    assert [m.metric for m in restored.metrics] == [m.metric for m in original.metrics]


def test_update_replaces_fields_and_metrics(db: Database) -> None:
    service = WinService(db)
    win = service.add(_win())
    draft = draft_from_view(win)
    draft.title = "Shipped the profile cache"
    draft.metrics = [parse_metric("Throughput: 1K -> 4K req/s"), parse_metric("Morale: better")]
    updated = service.update(win.id, draft)
    assert updated.title == "Shipped the profile cache"
    assert [m.label for m in updated.metrics] == ["Throughput: +300%", "Morale: not quantified"]
    assert Queries(db).counts()["metric"] == 2


def test_filters_by_period_project_tag_and_pillar(db: Database) -> None:
    service = WinService(db)
    service.add(_win(title="Old", date=dt.date(2024, 1, 5), project=None, tags=["legacy"]))
    service.add(_win(title="New", date=dt.date(2025, 3, 1), pillars=["leadership"]))
    queries = Queries(db)

    def titles(**wanted: object) -> list[str]:
        return [w.title for w in queries.wins(WinFilter(**wanted))]  # type: ignore[arg-type]

    assert titles() == ["New", "Old"]
    assert titles(since=dt.date(2025, 1, 1)) == ["New"]
    assert titles(until=dt.date(2024, 12, 31)) == ["Old"]
    assert titles(project="checkout latency") == ["New"]
    assert titles(tag="@LEGACY") == ["Old"]
    assert titles(pillar="leadership") == ["New"]


def test_search_index_follows_every_change_without_application_code(db: Database) -> None:
    service = WinService(db)
    win = service.add(_win())
    queries = Queries(db)
    assert [w.id for w in queries.wins(WinFilter(text="redis"))] == [win.id]
    assert [w.id for w in queries.wins(WinFilter(text="latenc"))] == [win.id]  # metric, prefix
    draft = draft_from_view(win)
    draft.title = "Shipped Memcached layer"
    draft.metrics = []
    service.update(win.id, draft)
    assert queries.wins(WinFilter(text="redis")) == []
    assert queries.wins(WinFilter(text="latency")) == []
    assert [w.id for w in queries.wins(WinFilter(text="memcached"))] == [win.id]
    service.delete(win.id)
    assert queries.search("memcached") == []


def test_search_covers_projects_and_feedback_and_survives_odd_input(db: Database) -> None:
    payments = ProjectDraft(name="Payments rewrite", star=Star(action="Led the façade"))
    ProjectService(db).add(payments)
    hits = Queries(db).search("facade")  # diacritics folded
    assert [(h.kind, h.title) for h in hits] == [("project", "Payments rewrite")]
    for odd in ['"', "AND OR NOT", "*", "(", "payments)"]:
        Queries(db).search(odd)  # must not raise on FTS syntax


def test_deleting_a_project_keeps_its_wins(db: Database) -> None:
    win = WinService(db).add(_win())
    ProjectService(db).delete(win.project_id or "")
    assert Queries(db).win(win.id).project_id is None


def test_projects_refuse_duplicate_names_and_bad_dates(db: Database) -> None:
    service = ProjectService(db)
    service.add(ProjectDraft(name="Search"))
    with pytest.raises(InvalidInput, match="a project named 'Search' already exists"):
        service.add(ProjectDraft(name="search"))
    with pytest.raises(InvalidInput, match=r"ends .* before it starts"):
        service.add(ProjectDraft(name="Late", start=dt.date(2025, 5, 1), end=dt.date(2025, 1, 1)))


def test_profile_update_keeps_other_fields_and_validates(db: Database) -> None:
    service = ProfileService(db)
    service.update(name="Ada Example", company="Google", current_level="L5")
    profile = service.update(target_level="L6", level_since=dt.date(2023, 4, 1))
    assert (profile.name, profile.company, profile.current_level, profile.target_level) == (
        "Ada Example", "google", "L5", "L6"
    )
    with pytest.raises(InvalidInput, match="unknown company ladder 'initech'"):
        service.update(company="initech")
    with pytest.raises(InvalidInput, match=r"level since .* is before company start"):
        service.update(company_since=dt.date(2024, 1, 1))


def test_schema_checks_back_up_the_services(db: Database) -> None:
    conn = sqlite3.connect(db.path)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO project (id, name, summary, scope, role, situation, task, action,"
            " result, created_at, updated_at) VALUES ('x', 'n', '', 'galaxy', '', '', '', '',"
            " '', '', '')"
        )


def test_a_unit_of_work_that_fails_midway_leaves_nothing_behind(db: Database) -> None:
    from bragdoc.services.unit_of_work import write
    from bragdoc.services.wins import save

    with pytest.raises(RuntimeError), write(db) as session:
        save(session, _win(), existing=None)
        raise RuntimeError("power cut")
    assert set(Queries(db).counts().values()) == {0}


def test_outcomes_due_by_a_day_are_read_without_the_later_ones(db: Database) -> None:
    from bragdoc.services.container import Services

    services = Services(db)
    for title, follow_up in (("due", dt.date(2026, 3, 1)), ("today", dt.date(2026, 3, 2)),
                             ("later", dt.date(2026, 4, 1)), ("none", None)):
        services.wins.add(WinDraft(title=title, date=dt.date(2026, 1, 5), follow_up=follow_up))
    found = services.queries.wins(WinFilter(follow_up_by=dt.date(2026, 3, 2)))
    assert sorted(w.title for w in found) == ["due", "today"]
