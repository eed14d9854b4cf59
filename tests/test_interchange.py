"""The backup/import format: round trip, idempotence, and all-or-nothing refusals."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from bragdoc.domain.errors import ImportRefused
from bragdoc.services.queries import Queries
from bragdoc.services.transfer import TransferService
from bragdoc.store.database import Database

SAMPLE: dict[str, Any] = {
    "format": "bragdoc",
    "version": 1,
    "exported_at": "2026-11-25T10:00:00Z",
    "profile": {
        "name": "Ada Example", "company": "google", "current_level": "L5",
        "target_level": "L6", "level_since": "2023-04-01", "company_since": "2020-09-14",
        "career_start": "2016-07-01", "focus_area": "Backend systems",
        "goals_this_year": "Lead a cross-team launch", "goals_next_year": "Staff",
    },
    "projects": [
        {
            "id": "7f0c", "name": "Checkout latency",
            "summary": "Cut checkout latency before peak season.",
            "start": "2025-01-06", "end": "2025-03-28", "team_size": 4, "scope": "cross_team",
            "teams": 3, "engineers_affected": 40, "role": "lead",
            "pillars": ["technical_excellence", "system_design"], "tags": ["performance"],
            "star": {"situation": "Slow", "task": "Fix it", "action": "Cache", "result": "Fast"},
            "links": ["https://example.invalid/design-doc"],
            "metrics": [
                "p95 latency: 2.4s -> 0.6s",
                {"name": "Infrastructure cost", "category": "cost_savings", "value": "$50K/month"},
            ],
        }
    ],
    "wins": [
        {
            "id": "c1a9", "date": "2025-02-14", "title": "Shipped Redis cache for profile reads",
            "details": "Halved DB load.", "project": "7f0c", "pillars": ["technical_excellence"],
            "tags": ["performance"],
            "metrics": [{"name": "DB load", "before": "100%", "after": "50%",
                         "direction": "lower"}],
            "links": [], "follow_up": "2025-05-14",
        },
        {"date": "2025-03-01", "title": "Talk at the eng all-hands", "project": "Checkout latency",
         "pillars": ["communication"]},
    ],
    "feedback": [
        {"id": "f1", "date": "2025-03-30", "from": "Sam Lee", "role": "Staff Engineer",
         "quote": "Ada turned a vague goal into a plan.", "project": "7f0c"}
    ],
    "mentoring": [
        {"id": "m1", "mentee": "Jo Park", "since": "2024-09-01", "until": None,
         "outcome": "Promoted to L4 in 2025-04", "promoted": True}
    ],
}


def _write(tmp_path: Path, data: object, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def _without_timestamp(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "exported_at"}


def test_import_reads_every_section(db: Database, tmp_path: Path) -> None:
    report = TransferService(db).import_file(_write(tmp_path, SAMPLE))
    assert report.added == {"projects": 1, "wins": 2, "feedback": 1, "mentoring": 1}
    queries = Queries(db)
    assert queries.profile().current_level == "L5"
    wins = {w.title: w for w in queries.wins()}
    assert wins["Talk at the eng all-hands"].project_id == "7f0c"  # referenced by name
    db_load = wins["Shipped Redis cache for profile reads"].metrics[0].metric
    assert (db_load.direction, db_load.direction_source, db_load.improvement_pct) == (
        "lower", "user", 50.0
    )
    cost = queries.project("7f0c").metrics[1].metric
    assert (cost.category, cost.annual_value) == ("cost_savings", 600000.0)


def test_export_then_import_into_an_empty_database_reproduces_everything(
    db: Database, tmp_path: Path
) -> None:
    TransferService(db).import_file(_write(tmp_path, SAMPLE))
    first = tmp_path / "backup.json"
    TransferService(db).export_to(first)
    exported = json.loads(first.read_text())
    assert all("computed" in m for w in exported["wins"] for m in w["metrics"])

    fresh = Database.open(tmp_path / "fresh.sqlite3")
    TransferService(fresh).import_file(first)
    again = TransferService(fresh).export_document()
    assert _without_timestamp(again) == _without_timestamp(exported)


def test_importing_twice_adds_nothing(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, SAMPLE)
    TransferService(db).import_file(path)
    counts = Queries(db).counts()
    report = TransferService(db).import_file(path)
    assert Queries(db).counts() == counts
    assert not report.added and not report.updated
    assert report.unchanged["wins"] == 2


def test_import_updates_a_record_with_the_same_id(db: Database, tmp_path: Path) -> None:
    TransferService(db).import_file(_write(tmp_path, SAMPLE))
    changed = copy.deepcopy(SAMPLE)
    changed["wins"][0]["title"] = "Shipped the Redis cache"
    report = TransferService(db).import_file(_write(tmp_path, changed, "changed.json"))
    assert report.updated == {"wins": 1}
    assert Queries(db).win("c1a9").title == "Shipped the Redis cache"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", r"not valid JSON \(line 1, column 2"),
        ([], "top level must be a JSON object"),
        ({"format": "jrnl", "version": 1}, "format is 'jrnl', not 'bragdoc'"),
        ({"format": "bragdoc", "version": 2}, "format version 2, newer than"),
        ({"format": "bragdoc", "version": "1"}, "unsupported version '1'"),
    ],
)
def test_files_that_are_not_ours_are_refused(
    db: Database, tmp_path: Path, content: object, message: str
) -> None:
    with pytest.raises(ImportRefused, match=message):
        TransferService(db).import_file(_write(tmp_path, content))


@pytest.mark.parametrize(
    ("section", "index", "field", "value", "message"),
    [
        ("wins", 1, "date", "2025-13-40", r"wins\[1\]: date '2025-13-40' is not a real date"),
        ("wins", 1, "title", "", r"wins\[1\]: 'title' is empty"),
        ("wins", 0, "pillars", ["heroics"], r"wins\[0\]: unknown pillar 'heroics'"),
        ("projects", 0, "scope", "galaxy", r"projects\[0\]: unknown scope 'galaxy'"),
        ("projects", 0, "teams", -1, r"projects\[0\]: 'teams' must be a whole number"),
        ("mentoring", 0, "promoted", "yes", r"mentoring\[0\]: 'promoted' must be true or false"),
        ("feedback", 0, "quote", "  ", r"feedback\[0\]: 'quote' is empty"),
    ],
)
def test_an_invalid_record_is_named_and_nothing_is_applied(
    db: Database, tmp_path: Path, section: str, index: int, field: str, value: object,
    message: str,
) -> None:
    bad = copy.deepcopy(SAMPLE)
    bad[section][index][field] = value
    with pytest.raises(ImportRefused, match=message):
        TransferService(db).import_file(_write(tmp_path, bad))
    assert set(Queries(db).counts().values()) == {0}
    assert Queries(db).profile().name == ""


def test_a_repeated_id_in_the_file_is_refused(db: Database, tmp_path: Path) -> None:
    twice = copy.deepcopy(SAMPLE)
    twice["wins"].append(dict(twice["wins"][0], title="Same id, other title"))
    with pytest.raises(ImportRefused, match=r"wins\[2\]: id 'c1a9' appears twice"):
        TransferService(db).import_file(_write(tmp_path, twice))
    assert set(Queries(db).counts().values()) == {0}


def test_unknown_fields_are_ignored_with_a_warning(db: Database, tmp_path: Path) -> None:
    extra = copy.deepcopy(SAMPLE)
    extra["wins"][0]["mood"] = "great"
    extra["readiness"] = {}
    report = TransferService(db).import_file(_write(tmp_path, extra))
    assert "wins[0]: ignored unknown field 'mood'" in report.warnings
    assert "ignored unknown section 'readiness'" in report.warnings
    assert report.added["wins"] == 2


def test_records_without_ids_are_not_duplicated_by_a_second_import(
    db: Database, tmp_path: Path
) -> None:
    bare = {"format": "bragdoc", "version": 1,
            "wins": [{"date": "2025-01-02", "title": "Fixed the flaky deploy"}]}
    path = _write(tmp_path, bare)
    TransferService(db).import_file(path)
    TransferService(db).import_file(path)
    assert len(Queries(db).wins()) == 1


def test_export_is_owner_only_and_atomic(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "exports" / "backup.json"
    TransferService(db).export_to(out)
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in out.parent.iterdir()] == ["backup.json"]
    assert json.loads(out.read_text())["format"] == "bragdoc"


def test_a_percentage_exports_its_change_in_points(db: Database, tmp_path: Path) -> None:
    """interchange.md: a metric measured in percent carries computed.change_pp."""
    from bragdoc.domain.quantities import parse_metric
    from bragdoc.domain.records import WinDraft
    from bragdoc.services.wins import WinService

    WinService(db).add(WinDraft(title="Uptime", date=dt.date(2026, 3, 1), metrics=[
        parse_metric("Uptime: 99.9% -> 99.95%"), parse_metric("Latency: 2.4s -> 0.6s")]))
    out = tmp_path / "export.json"
    TransferService(db).export_to(out)
    [win] = json.loads(out.read_text())["wins"]
    computed = {m["name"]: m["computed"] for m in win["metrics"]}
    assert computed["Uptime"]["change_pp"] == 0.05
    assert "change_pp" not in computed["Latency"]
