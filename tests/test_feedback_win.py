"""A quote linked to the win it is about: the schema change (revision 0008), the service
that keeps the link honest, and the interchange file that carries it."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.records import Feedback, WinDraft
from bragdoc.services.container import Services
from bragdoc.services.transfer import TransferService
from bragdoc.store.database import Database
from bragdoc.store.schema import HEAD
from tests.test_interchange import SAMPLE

FIXTURES = Path(__file__).parent / "fixtures" / "revisions"


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_0007_file_upgrades_with_its_quotes_their_evidence_and_search(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "0007_profile_repositories.sqlite3", old)
    before = _rows(old, "SELECT id, date, from_name, role, quote, project_id FROM feedback"
                        " ORDER BY id")
    evidence = _rows(old, "SELECT * FROM readiness_evidence ORDER BY id")
    assert before and any(row[4] for row in evidence)  # a quote is evidence of an item

    db = Database.open(old)
    try:
        assert _rows(old, "SELECT version_num FROM alembic_version") == [(HEAD,)]
        after = _rows(old, "SELECT id, date, from_name, role, quote, project_id, win_id"
                           " FROM feedback ORDER BY id")
        assert [row[:6] for row in after] == before
        assert all(row[6] is None for row in after)
        # Rebuilding the table must not cascade into the evidence that points at it.
        assert _rows(old, "SELECT * FROM readiness_evidence ORDER BY id") == evidence
        hits = Services(db).queries.search("cache made our quarter")
        assert [hit.kind for hit in hits] == ["feedback"]
        assert _rows(old, "PRAGMA foreign_key_check") == []
    finally:
        db.dispose()


def test_a_quote_keeps_its_win_and_loses_only_the_link_when_the_win_goes(db: Database) -> None:
    services = Services(db)
    win = services.wins.add(WinDraft(title="Shipped the cache", date=dt.date(2025, 2, 3)))
    services.people.save_feedback(Feedback(id="q1", quote="The cache made our week.",
                                           win_id=win.id))
    [saved] = services.queries.feedback()
    assert saved.win_id == win.id
    assert services.queries.win_names()[win.id] == "2025-02-03 · Shipped the cache"

    services.wins.delete(win.id)
    [kept] = services.queries.feedback()
    assert (kept.quote, kept.win_id) == ("The cache made our week.", None)


def test_a_link_to_a_missing_win_is_refused_and_nothing_is_written(db: Database) -> None:
    services = Services(db)
    with pytest.raises(InvalidInput, match="no longer exists"):
        services.people.save_feedback(Feedback(id="q1", quote="Great work.", win_id="gone"))
    assert services.queries.feedback() == []


def _sample_with_link(win: str) -> dict[str, Any]:
    data = copy.deepcopy(SAMPLE)
    data["feedback"][0]["win"] = win
    return data


def test_the_link_round_trips_through_the_interchange_file(db: Database, tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(_sample_with_link("c1a9")))
    report = TransferService(db).import_file(source)
    assert report.warnings == []
    [quote] = Services(db).queries.feedback()
    assert quote.win_id == "c1a9"

    out = tmp_path / "out.json"
    TransferService(db).export_to(out)
    exported = json.loads(out.read_text())
    assert exported["feedback"][0]["win"] == "c1a9"

    fresh = Database.open(tmp_path / "fresh.sqlite3")
    try:
        TransferService(fresh).import_file(out)
        assert [f.win_id for f in Services(fresh).queries.feedback()] == ["c1a9"]
    finally:
        fresh.dispose()


def test_a_quote_without_a_win_is_exported_as_before(db: Database, tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(SAMPLE))
    TransferService(db).import_file(source)
    document = TransferService(db).export_document()
    assert set(document["feedback"][0]) == {"id", "date", "from", "role", "quote", "project"}


def test_an_unknown_win_is_a_warning_and_the_quote_comes_in_without_it(
    db: Database, tmp_path: Path
) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(_sample_with_link("no-such-win")))
    report = TransferService(db).import_file(source)
    assert report.warnings == ["feedback[0]: no win with id 'no-such-win'; the quote is "
                               "imported without its link to a win"]
    [quote] = Services(db).queries.feedback()
    assert (quote.quote, quote.win_id) == ("Ada turned a vague goal into a plan.", None)
