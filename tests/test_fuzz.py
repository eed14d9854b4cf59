"""Fuzzing the importers and metric parsing with hypothesis (2,000 examples in all).

The promises (issue #8, and the importers' own docstrings):

- arbitrary input never raises anything but the documented `UserError` subclasses
  (ImportRefused for files, InvalidInput for values); `parse_metric` and
  `parse_markdown` never raise on text at all;
- an import applies whole or not at all: on refusal every table holds exactly what it held
  before; on success every record of the file is there.

Each test that needs a database reuses one (the `db` fixture) for all its examples and
drives hypothesis from an inner function, so the examples share the file as a person's
repeated imports would. tests/test_import_csv.py and test_import_markdown.py fuzz their
parsers too; this file adds the interchange JSON, the database side of every importer,
and parse_metric's keyword arguments.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bragdoc.domain.errors import UserError
from bragdoc.domain.quantities import CATEGORIES, DIRECTIONS, Metric, parse_metric
from bragdoc.importers import csv_file, interchange, markdown_doc
from bragdoc.services.csv_transfer import CsvTransferService
from bragdoc.services.inbox import InboxService
from bragdoc.services.queries import Queries
from bragdoc.services.transfer import TransferService
from bragdoc.store.database import Database

pytestmark = pytest.mark.slow  # 2,000 examples: too slow for the inner loop

FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                      HealthCheck.data_too_large])


def fuzz(name: str) -> settings:
    return settings(FAST, max_examples=EXAMPLES[name])
TABLES = ("win", "project", "metric", "feedback", "mentoring", "profile", "inbox_item",
          "seen_commit", "search_ref")

# Examples per test; the sum is the 2,000 of the issue.
EXAMPLES = {
    "metric_text": 450, "metric_options": 150, "json_values": 200, "json_bytes": 100,
    "json_import": 250, "markdown_text": 250, "markdown_import": 150, "csv_text": 200,
    "csv_import": 250,
}
assert sum(EXAMPLES.values()) == 2000


def _snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    with db.reading() as conn:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in TABLES}


# --- parse_metric ----------------------------------------------------------------------

_METRIC_BITS = st.sampled_from([
    "p95 latency", ":", " ", "2.4s", "0.6s", "->", "→", " to ", "from ", "$", "€", "12k",
    "/month", "per year", "%", "x", "10x", "-", "+", "1e308", "1e-308", "nan", "inf", "0",
    "0.0", "99.999%", "uptime", "hours", "ms", "µs", "req/s", "rpm", "weekly", "saved",
    "cost", "1,000,000", "½", "٣", "\u200b", "\n", "(", ")", "≈", "~", "<", ">"])
_METRIC_TEXT = st.one_of(st.text(), st.lists(_METRIC_BITS, max_size=14).map("".join))


def _sane(metric: Metric) -> None:
    assert metric.direction in DIRECTIONS
    assert metric.category is None or metric.category in CATEGORIES
    for number in (metric.improvement_pct, metric.change_pct, metric.factor,
                   metric.downtime_reduction_pct, metric.annual_value):
        assert number is None or math.isfinite(number)
    assert isinstance(metric.summary(), str) and isinstance(metric.explain(), str)
    json.dumps(metric.computed())


@fuzz("metric_text")
@given(_METRIC_TEXT)
def test_parse_metric_never_raises_on_any_text(text: str) -> None:
    _sane(parse_metric(text))
    _sane(parse_metric(f"Build time: {text}"))


@fuzz("metric_options")
@given(_METRIC_TEXT,
       st.none() | st.sampled_from(DIRECTIONS) | st.text(max_size=12),
       st.none() | st.sampled_from(CATEGORIES) | st.text(max_size=12),
       st.none() | st.text(max_size=30))
def test_parse_metric_options_raise_only_invalid_input(text: str, direction: str | None,
                                                       category: str | None,
                                                       note: str | None) -> None:
    try:
        metric = parse_metric(text, direction=direction, category=category, note=note)
    except UserError as refused:
        assert "\n" not in str(refused)
        assert direction not in (None, *DIRECTIONS) or category not in (None, *CATEGORIES)
        return
    _sane(metric)


# --- interchange JSON ------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=20)


def _mostly(valid: st.SearchStrategy[Any], junk: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Valid about seven times in eight, so that many generated files do import."""
    return st.sampled_from(range(8)).flatmap(lambda n: junk if n == 0 else valid)


_GOOD_TEXT = st.text(min_size=1, max_size=30).filter(str.strip)
_DATES = _mostly(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)).map(str),
                 st.sampled_from(["2024-02-30", "2024-13-01", "yesterday", "", "2024-1-1"])
                 | st.integers() | st.none())
_TEXTS = _mostly(st.text(max_size=40) | st.sampled_from(["", "  ", "Shipped it"]),
                 st.integers() | st.none() | st.lists(st.text(max_size=5), max_size=2))
_TITLES = _mostly(_GOOD_TEXT, _TEXTS)
_LISTS = _mostly(st.lists(st.text(max_size=12), max_size=3),
                 st.text(max_size=5) | st.none() | st.integers())
_PILLARS = _mostly(st.lists(st.sampled_from(["technical_excellence", "leadership", "Impact",
                                             "delivery"]), max_size=2),
                   st.lists(st.text(max_size=8), min_size=1, max_size=2) | _JSON)
_METRIC_SPEC = st.fixed_dictionaries({}, optional={
    "name": _TEXTS, "before": _TEXTS, "after": _TEXTS, "value": _TEXTS,
    "direction": _mostly(st.sampled_from(DIRECTIONS), st.just("sideways") | _TEXTS),
    "category": _mostly(st.sampled_from(CATEGORIES), st.just("vibes") | _TEXTS),
    "note": _TEXTS, "computed": _JSON})
_METRICS = _mostly(st.lists(_METRIC_TEXT | _METRIC_SPEC, max_size=3), _JSON)
_IDS = _mostly(st.none() | st.sampled_from(["a", "b", "c", "w-1"]), st.text(max_size=6)
               | st.integers())
_WIN = st.fixed_dictionaries({"title": _TITLES, "date": _DATES}, optional={
    "id": _IDS, "details": _TEXTS, "project": _IDS | st.sampled_from(["p1", "Checkout"]),
    "pillars": _PILLARS, "tags": _LISTS, "links": _LISTS, "metrics": _METRICS,
    "follow_up": _DATES, "surprise": _JSON})
_PROJECT = st.fixed_dictionaries({"name": _TITLES}, optional={
    "id": st.sampled_from(["p1", "p2"]) | _IDS, "summary": _TEXTS, "start": _DATES,
    "end": _DATES, "scope": _mostly(st.sampled_from(["single_team", "cross_team"]),
                                    st.just("galactic")),
    "teams": _mostly(st.integers(0, 5), st.integers(-2, -1) | _TEXTS),
    "team_size": st.integers(-1, 9), "pillars": _PILLARS, "tags": _LISTS,
    "metrics": _METRICS,
    "star": _mostly(st.fixed_dictionaries({}, optional={"situation": _TEXTS,
                                                         "result": _TEXTS}), _JSON)})
_FEEDBACK = st.fixed_dictionaries({"quote": _TITLES}, optional={
    "id": _IDS, "from": _TEXTS, "date": _DATES, "project": _IDS})
_MENTORING = st.fixed_dictionaries({"mentee": _TITLES}, optional={
    "id": _IDS, "since": _DATES, "until": _DATES,
    "promoted": _mostly(st.booleans(), _JSON)})
_PROFILE = st.fixed_dictionaries({}, optional={
    "name": _TEXTS, "company": _mostly(st.sampled_from(["generic", "google"]),
                                       st.just("acme") | _TEXTS),
    "level_since": _DATES, "current_level": _TEXTS})
_DOCUMENT = st.fixed_dictionaries(
    {"format": _mostly(st.just("bragdoc"), st.just("jrnl") | _JSON),
     "version": _mostly(st.just(1), st.sampled_from([2, 0, True, "1"]))},
    optional={"profile": _mostly(_PROFILE, _JSON),
              "projects": _mostly(st.lists(_PROJECT, max_size=2), _JSON),
              "wins": _mostly(st.lists(_WIN, max_size=4), _JSON),
              "feedback": st.lists(_FEEDBACK, max_size=2),
              "mentoring": st.lists(_MENTORING, max_size=2), "extra": _JSON})


@fuzz("json_values")
@given(_JSON | _DOCUMENT)
def test_reading_any_json_value_raises_only_user_errors(data: object) -> None:
    try:
        bundle = interchange.read_bundle(data)
    except UserError as refused:
        assert str(refused)
        return
    assert isinstance(data, dict) and data["format"] == "bragdoc"
    assert all(w.title.strip() for w in bundle.wins)


@fuzz("json_bytes")
@given(st.binary(max_size=300) | _DOCUMENT.map(lambda d: json.dumps(d)[:-3].encode()))
def test_loading_any_bytes_raises_only_import_refused(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.json"
        path.write_bytes(data)
        with contextlib.suppress(interchange.ImportRefused):
            interchange.load_file(path)


def test_a_json_import_applies_whole_or_not_at_all(db: Database) -> None:
    transfer, queries = TransferService(db), Queries(db)
    outcomes = {"applied": 0, "refused": 0}

    @fuzz("json_import")
    @given(_DOCUMENT)
    def check(document: dict[str, Any]) -> None:
        before = _snapshot(db)
        try:
            bundle = interchange.read_bundle(document)
            report = transfer.import_bundle(bundle)
        except UserError:
            outcomes["refused"] += 1
            assert _snapshot(db) == before
            return
        outcomes["applied"] += 1
        stored = {w.id: w for w in queries.wins()}
        for draft in bundle.wins:
            assert draft.id in stored
            assert stored[draft.id].title == " ".join(draft.title.split())
        for kind, items in (("wins", bundle.wins), ("projects", bundle.projects),
                            ("feedback", bundle.feedback), ("mentoring", bundle.mentoring)):
            done = report.added[kind] + report.updated[kind] + report.unchanged[kind]
            assert done == len(items), (kind, report)

    check()
    assert outcomes["applied"] and outcomes["refused"], outcomes


# --- Markdown brag documents -----------------------------------------------------------

_MD_BITS = st.sampled_from([
    "# ", "## ", "### Projects\n", "## Goals for this year\n", "- ", "* ", "  - ", "1. ",
    "\n", "\n\n", "2024-03-15", "March 2024", "Q3 2024", "H1 2025", "## 2023\n",
    "p95 latency: 2.4s -> 0.6s", "cut build time from 40 min to 12 min", "[docs](https://x.io)",
    "https://example.invalid/a", "```\n", "---\n", "> quote\n", "Shipped the thing", "\t",
    "=====\n", "-----\n", "<b>", "\r\n", "\x00", "\ufeff", "   ", "**bold**", "`code`"])
_MARKDOWN = st.one_of(st.text(), st.lists(_MD_BITS | st.text(max_size=6), max_size=30)
                      .map("".join))


@fuzz("markdown_text")
@given(_MARKDOWN)
def test_parsing_any_markdown_never_raises(text: str) -> None:
    preview = markdown_doc.parse_markdown(text, dt.date(2025, 6, 1))
    for suggestion in preview.suggestions:
        assert suggestion.title.strip()


def test_a_markdown_import_applies_whole_or_not_at_all(db: Database, tmp_path: Path) -> None:
    inbox = InboxService(db)
    path = tmp_path / "brag.md"
    outcomes = {"applied": 0, "refused": 0}

    @fuzz("markdown_import")
    @given(_MARKDOWN.map(lambda t: t.encode("utf-8", "surrogatepass")) | st.binary(max_size=200))
    def check(data: bytes) -> None:
        path.write_bytes(data)
        before = _snapshot(db)
        pending_before = {item.id for item in inbox.pending()}
        try:
            report = inbox.import_markdown(path)
        except UserError:
            outcomes["refused"] += 1
            assert _snapshot(db) == before
            return
        outcomes["applied"] += 1
        pending = {item.id for item in inbox.pending()}
        assert pending == pending_before | {item.id for item in report.added}
        assert len(pending) == len(pending_before) + len(report.added)

    check()
    assert outcomes["applied"] and outcomes["refused"], outcomes


# --- CSV -------------------------------------------------------------------------------

_JUNK_CELL = st.one_of(st.text(max_size=20), st.sampled_from([
    "", "2024-02-30", "=cmd()", "'=safe", "\"", ";", "\n", "x" * 300, "nonsense"]))
_COLUMN_CELLS: dict[str, st.SearchStrategy[str]] = {
    "date": st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)).map(str),
    "title": _GOOD_TEXT.filter(lambda t: "\x00" not in t),
    "details": st.text(max_size=30).filter(lambda t: "\x00" not in t),
    "project": st.sampled_from(["", "Search", "Checkout", "p1"]),
    "tags": st.sampled_from(["", "perf", "perf; infra", "a\\;b"]),
    "pillars": st.sampled_from(["", "technical_excellence", "Leadership"]),
    "metrics": st.sampled_from(["", "p95: 900ms -> 300ms; adoption: 40%", "=1+1"])
    | _METRIC_TEXT.filter(lambda t: "\x00" not in t and ";" not in t),
    "links": st.sampled_from(["", "https://example.invalid/x"]),
    "follow_up": st.sampled_from(["", "2025-01-01"]),
    "id": st.sampled_from(["", "", "id-1", "id-2"]),
}
_EXTRA_HEADERS = st.lists(st.sampled_from([c for c in csv_file.COLUMNS
                                           if c not in ("date", "title")]),
                          unique=True, max_size=4)


def _csv(columns: list[str], rows: list[dict[str, str]], delimiter: str) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    writer.writerows([[row.get(c, "") for c in columns] for row in rows])
    return out.getvalue()


@st.composite
def _csv_docs(draw: st.DrawFn) -> str:
    columns = draw(st.permutations(["date", "title", *draw(_EXTRA_HEADERS)]))
    if draw(st.integers(0, 9)) == 0:  # now and then a broken header
        columns = draw(st.lists(st.sampled_from([*columns, "bogus", "Title", "title"]),
                                max_size=6))
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        rows.append({c: draw(_mostly(_COLUMN_CELLS.get(c, _JUNK_CELL), _JUNK_CELL))
                     for c in columns})
    return _csv(columns, rows, draw(st.sampled_from([",", ";", "\t"])))


_CSV_DOCS = _csv_docs()


@fuzz("csv_text")
@given(st.text() | _CSV_DOCS)
def test_parsing_any_csv_raises_only_import_refused(text: str) -> None:
    try:
        bundle = csv_file.parse_csv(text)
    except csv_file.ImportRefused:
        return
    assert len(bundle.drafts) == len(bundle.rows)


def test_a_csv_import_applies_whole_or_not_at_all(db: Database) -> None:
    service, queries = CsvTransferService(db), Queries(db)
    outcomes = {"applied": 0, "refused": 0}

    @fuzz("csv_import")
    @given(_CSV_DOCS)
    def check(text: str) -> None:
        before = _snapshot(db)
        try:
            bundle = csv_file.parse_csv(text)
            service.import_bundle(bundle)
        except UserError:
            outcomes["refused"] += 1
            assert _snapshot(db) == before
            return
        outcomes["applied"] += 1
        stored = {w.id for w in queries.wins()}
        assert {d.id for d in bundle.drafts} <= stored

    check()
    assert outcomes["applied"] and outcomes["refused"], outcomes
