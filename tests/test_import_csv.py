"""CSV import and export of wins: round trip, formula neutralising, all-or-nothing; fuzzed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bragdoc.domain.errors import ImportRefused, InvalidInput
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import WinDraft, WinFilter
from bragdoc.importers.csv_file import (
    COLUMNS,
    join_list,
    neutralise,
    parse_csv,
    restore,
    split_list,
)
from bragdoc.services.csv_transfer import CsvTransferService
from bragdoc.services.inbox import InboxService
from bragdoc.services.queries import Queries
from bragdoc.services.wins import WinService
from bragdoc.store.database import Database

HEADER = "date,title,details,project,tags,pillars,metrics\n"


def counts(db: Database) -> dict[str, int]:
    return Queries(db).counts()


def add_wins(db: Database) -> None:
    service = WinService(db)
    service.add(WinDraft(
        title="Cut checkout latency", date=dt.date(2024, 3, 15),
        details="Line one\nLine two, with a comma", project="Checkout",
        pillars=["technical_excellence", "system_design"], tags=["perf", "a;b"],
        metrics=[parse_metric("p95 latency: 2.4s → 0.6s"),
                 parse_metric("Infra cost: $50K/month -> $20K/month")],
        links=["https://example.com/pr/1"], follow_up=dt.date(2024, 6, 1),
    ))
    service.add(WinDraft(title="=HYPERLINK(\"http://evil\")", date=dt.date(2024, 1, 2),
                         details="+1 from the team", tags=["-minus", "@ops"]))


def test_export_then_import_into_an_empty_database_gives_the_same_wins(
        tmp_path: Path, db: Database) -> None:
    add_wins(db)
    out = tmp_path / "wins.csv"
    assert CsvTransferService(db).export_to(out) == 2

    other = Database.open(tmp_path / "other.sqlite3")
    try:
        report = CsvTransferService(other).import_file(out)
        assert report.added["wins"] == 2

        def shape(database: Database) -> list[tuple[object, ...]]:
            names = Queries(database).project_names()
            return [(w.id, w.date, w.title, w.details, names.get(w.project_id or ""),
                     w.pillars, w.tags, w.links, w.follow_up,
                     [m.metric.text for m in w.metrics]) for w in Queries(database).wins()]

        assert shape(other) == shape(db)
        again = CsvTransferService(other).import_file(out)
        assert again.added["wins"] == 0 and again.unchanged["wins"] == 2
    finally:
        other.dispose()


def test_export_neutralises_formulas_and_is_readable_by_the_csv_module(
        tmp_path: Path, db: Database) -> None:
    add_wins(db)
    out = tmp_path / "wins.csv"
    CsvTransferService(db).export_to(out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    evil = rows[1]
    assert evil[0] == "2024-01-02"
    assert evil[1] == "'=HYPERLINK(\"http://evil\")"
    assert evil[2] == "'+1 from the team"
    assert evil[4] == "'-minus; ops"  # tags are stored without their '@'…
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
               for row in rows for cell in row)
    assert rows[2][4] == "perf; a\\;b" and rows[2][3] == "Checkout"
    assert (out.stat().st_mode & 0o777) == 0o600


def test_export_with_a_filter(tmp_path: Path, db: Database) -> None:
    add_wins(db)
    out = tmp_path / "march.csv"
    assert CsvTransferService(db).export_to(out, WinFilter(since=dt.date(2024, 3, 1))) == 1


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "plain",
                                  "'quoted", ""])
def test_neutralise_and_restore_round_trip(cell: str) -> None:
    safe = neutralise(cell)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore(safe) == cell


@given(st.lists(st.text().filter(lambda s: s.strip() == s and s)))
def test_lists_round_trip(items: list[str]) -> None:
    assert split_list(join_list(items)) == items


def test_import_reads_the_documented_columns_in_any_order(db: Database) -> None:
    text = ("Title;Date;Pillars;Tags;Metrics;Follow-up;Project\n"
            "Shipped search;2024-05-02;Technical excellence;search;"
            "\"p95: 900ms -> 300ms; adoption: 40%\";2024-08-01;Search\n")
    report = CsvTransferService(db).import_text(text)
    assert report.added["wins"] == 1
    (win,) = Queries(db).wins()
    assert (win.title, win.date, win.pillars, win.tags, win.follow_up) == (
        "Shipped search", dt.date(2024, 5, 2), ("technical_excellence",), ("search",),
        dt.date(2024, 8, 1))
    assert [m.metric.text for m in win.metrics] == ["p95: 900ms → 300ms", "adoption: 40%"]
    assert Queries(db).project_names()[win.project_id or ""] == "Search"


def test_every_bad_row_is_named_and_nothing_is_written(db: Database) -> None:
    add_wins(db)
    before = counts(db)
    text = (HEADER
            + "2024-01-01,Good row,,,,,\n"
            + "2024-13-01,Bad date,,,,,\n"
            + "2024-01-03,,,,,,\n"
            + "2024-01-04,Bad pillar,,,,heroics,\n")
    with pytest.raises(ImportRefused) as caught:
        CsvTransferService(db).import_text(text)
    message = str(caught.value)
    assert "3 row(s) cannot be imported" in message
    assert "row 3: date '2024-13-01' is not a real date" in message
    assert "row 4: the title is empty" in message
    assert "row 5: unknown pillar 'heroics'" in message
    assert counts(db) == before


def test_a_header_without_date_and_title_is_refused() -> None:
    with pytest.raises(ImportRefused, match="missing: date"):
        parse_csv("when,title\n2024-01-01,x\n")
    with pytest.raises(ImportRefused, match="empty"):
        parse_csv("\ufeff\n\n")
    with pytest.raises(ImportRefused, match="appears twice"):
        parse_csv("date,title,Title\n")


def test_repeated_ids_and_unknown_columns(db: Database) -> None:
    bundle = parse_csv("date,title,colour\n2024-01-01,A,red\n")
    assert bundle.warnings == ["row 1: ignored unknown column 'colour'"]
    with pytest.raises(ImportRefused, match="row 3: same id as row 2"):
        parse_csv("date,title,id\n2024-01-01,A,x1\n2024-01-02,B,x1\n")


def test_a_database_failure_rolls_back_every_row(db: Database) -> None:
    """The last row fails inside the transaction (a test-only trigger): the first row and
    the project it created are rolled back with it."""
    before = counts(db)
    with db.reading() as conn:
        conn.execute("CREATE TRIGGER boom BEFORE INSERT ON win WHEN NEW.title = 'Boom' "
                     "BEGIN SELECT RAISE(ABORT, 'boom'); END")
        conn.commit()
    text = HEADER + "2024-01-01,Fine,,New project,,,\n2024-01-02,Boom,,,,,\n"
    with pytest.raises(InvalidInput, match="boom"):
        CsvTransferService(db).import_text(text)
    assert counts(db) == before
    assert Queries(db).project_names() == {}


def test_csv_rows_can_go_to_the_inbox_instead(tmp_path: Path, db: Database) -> None:
    path = tmp_path / "w.csv"
    path.write_text(HEADER + "2024-01-01,One,,,,,\n", encoding="utf-8")
    report = InboxService(db).import_csv(path)
    assert [i.suggestion.title for i in report.added] == ["One"]
    assert report.added[0].source == "csv" and Queries(db).wins() == []


# --- fuzzing -------------------------------------------------------------------------------

_CELLS = st.sampled_from(["2024-01-01", "2024-02-30", "", "x", "=1+1", "'=1", "a;b", "\\;",
                          "p95: 2.4s -> 0.6s", "technical_excellence", "heroics", '"', '""',
                          "\n", "\r", ",", "\t", "é", "\x00", "9" * 40])


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue()


_DOCUMENTS = st.one_of(
    st.text(),
    st.lists(st.lists(_CELLS | st.text(max_size=4), max_size=8), max_size=6).map(
        lambda rows: HEADER + _csv_text(rows)),
    st.lists(_CELLS | st.text(max_size=3)).map("".join),
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS)
def test_fuzz_parser_raises_only_import_refused(text: str) -> None:
    try:
        bundle = parse_csv(text)
    except ImportRefused:
        return
    assert len(bundle.drafts) == len(bundle.rows)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_CELLS, min_size=7, max_size=7), min_size=1, max_size=5))
def test_fuzz_a_failed_import_changes_nothing(db: Database, rows: list[list[str]]) -> None:
    text = HEADER + _csv_text(rows)
    with db.reading() as conn:
        before = _snapshot(conn)
    try:
        CsvTransferService(db).import_text(text)
    except (ImportRefused, InvalidInput):
        with db.reading() as conn:
            assert _snapshot(conn) == before


def _snapshot(conn: sqlite3.Connection) -> list[object]:
    return [conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("win", "project", "metric")]
