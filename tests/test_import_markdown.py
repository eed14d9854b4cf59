"""Markdown brag documents → suggestions: sections, bullets, dates, metrics; fuzzed."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bragdoc.domain.errors import ImportRefused, InvalidInput
from bragdoc.importers.markdown_dates import find_date
from bragdoc.importers.markdown_doc import load_markdown, parse_markdown
from bragdoc.importers.markdown_text import inline_metrics
from bragdoc.importers.suggestion import Suggestion
from bragdoc.services.inbox import InboxService
from bragdoc.services.queries import Queries
from bragdoc.store.database import Database

DEFAULT = dt.date(2024, 12, 31)

TEMPLATE = """\
---
title: my brag doc
---
# Brag document 2024

## Goals for this year
- Become a staff engineer
- Speak at a conference

## Projects

### Checkout rewrite (Q1 2024)
- Led the checkout rewrite, cut p95 latency from 2.4s → 0.6s
  - Coordinated 3 teams
  - p95 latency: 2.4s -> 0.6s
    - measured on the [dashboard](https://grafana.example/d/1)
- 2024-03-15: Shipped the new payment flow
- Migrated the cart to the new service
  without downtime

### March 2024
1. Fixed flaky tests (CI time from 40 min to 12 min)

## Collaboration & mentorship
- Mentored two new hires (March 2024)
- Ran the reading group

## Design & documentation
- **Wrote** the caching RFC https://docs.example/rfc-12

## Company building
- Interviewed 12 candidates

## What you learned
- Learned Rust

## Outside of work
- Gave a talk at PyCon (2024-05-17)

```
- not a bullet: inside a code fence
```
"""


def by_title(suggestions: list[Suggestion]) -> dict[str, Suggestion]:
    return {s.title: s for s in suggestions}


def test_the_julia_evans_template_becomes_suggestions() -> None:
    preview = parse_markdown(TEMPLATE, DEFAULT)
    found = by_title(preview.suggestions)

    assert [(s.kind, s.title) for s in preview.suggestions] == [
        ("goal", "Become a staff engineer"),
        ("goal", "Speak at a conference"),
        ("project", "Checkout rewrite"),
        ("win", "Led the checkout rewrite, cut p95 latency from 2.4s → 0.6s"),
        ("win", "Shipped the new payment flow"),
        ("win", "Migrated the cart to the new service without downtime"),
        ("win", "Fixed flaky tests (CI time from 40 min to 12 min)"),
        ("win", "Mentored two new hires"),
        ("win", "Ran the reading group"),
        ("win", "Wrote the caching RFC"),
        ("win", "Interviewed 12 candidates"),
        ("win", "Learned Rust"),
        ("win", "Gave a talk at PyCon"),
    ]
    assert preview.warnings == [] and preview.placeholders == 0
    assert {found["Become a staff engineer"].goal_for} == {"this_year"}

    led = found["Led the checkout rewrite, cut p95 latency from 2.4s → 0.6s"]
    assert led.project == "Checkout rewrite"
    assert (led.date, led.date_precision) == (dt.date(2024, 1, 1), "year")
    assert led.metrics == ["p95 latency: 2.4s → 0.6s"]  # inline and nested: one metric
    assert led.details == "- Coordinated 3 teams\n  - measured on the dashboard"
    assert led.links == ["https://grafana.example/d/1"]
    assert led.pillars == ["technical_excellence"] and led.tags == []
    assert led.notes == ["Only the year is known ('Q1 2024'): pick a better date."]

    shipped = found["Shipped the new payment flow"]
    assert (shipped.date, shipped.date_precision, shipped.notes, shipped.project) == (
        dt.date(2024, 3, 15), "day", [], "Checkout rewrite")
    flaky = found["Fixed flaky tests (CI time from 40 min to 12 min)"]
    assert (flaky.date, flaky.date_precision) == (dt.date(2024, 3, 1), "month")
    assert flaky.project is None and flaky.metrics == ["CI time: 40 min → 12 min"]

    mentored = found["Mentored two new hires"]
    assert mentored.date == dt.date(2024, 3, 1)
    assert mentored.pillars == ["leadership"] and mentored.tags == ["collaboration"]
    reading = found["Ran the reading group"]
    assert (reading.date, reading.date_precision) == (dt.date(2024, 1, 1), "year")
    rfc = found["Wrote the caching RFC"]
    assert rfc.links == ["https://docs.example/rfc-12"]
    assert rfc.tags == ["design-docs"] and rfc.pillars == ["system_design", "communication"]
    assert found["Interviewed 12 candidates"].tags == ["company-building"]
    assert found["Learned Rust"].pillars == ["career_strategy"]
    assert found["Learned Rust"].tags == ["learning"]
    talk = found["Gave a talk at PyCon"]
    assert talk.tags == ["personal"] and talk.pillars == []
    assert talk.date == dt.date(2024, 5, 17)


@pytest.mark.parametrize(("text", "day", "precision"), [
    ("Shipped 2024-03-15", dt.date(2024, 3, 15), "day"),
    ("Shipped 2024/03/15", dt.date(2024, 3, 15), "day"),
    ("15 March 2024", dt.date(2024, 3, 15), "day"),
    ("March 15th, 2024", dt.date(2024, 3, 15), "day"),
    ("in 2024-03", dt.date(2024, 3, 1), "month"),
    ("March 2024", dt.date(2024, 3, 1), "month"),
    ("Sept. 2023", dt.date(2023, 9, 1), "month"),
    ("Q3 2024", dt.date(2024, 7, 1), "year"),
    ("2024-Q4", dt.date(2024, 10, 1), "year"),
    ("H2 2023", dt.date(2023, 7, 1), "year"),
])
def test_dates_people_write(text: str, day: dt.date, precision: str) -> None:
    """A quarter or half keeps only its year: no month the text did not name."""
    hint = find_date(text)
    assert hint is not None and (hint.day, hint.precision) == (day, precision)


@pytest.mark.parametrize("text", ["2024-13-45", "version 1.2024", "saved 2024 hours",
                                  "Q5 2024", "February 30, 2024"])
def test_things_that_are_not_dates(text: str) -> None:
    assert find_date(text) is None


def test_a_bare_year_counts_only_in_headings() -> None:
    preview = parse_markdown("## 2023\n- Cut 2024 alerts to 10\n", DEFAULT)
    (suggestion,) = preview.suggestions
    assert suggestion.date == dt.date(2023, 1, 1)
    assert suggestion.title == "Cut 2024 alerts to 10"


def test_innermost_heading_date_wins_and_undated_items_keep_to_the_documents_span() -> None:
    text = "# Log\n- Undated thing\n## 2022\n### June 2023\n- In June\n"
    undated, june = parse_markdown(text, DEFAULT).suggestions
    assert (undated.date, undated.date_precision) == (dt.date(2023, 1, 1), "year")
    assert undated.notes == ["No date in the item or its headings; dated 2023 because the "
                             "document covers 2022–2023: pick a better date."]
    assert (june.date, june.date_precision) == (dt.date(2023, 6, 1), "month")


def test_load_markdown_dates_an_undated_document_in_the_files_year_only(
        tmp_path: Path) -> None:
    path = tmp_path / "brag.md"
    path.write_text("- Did a thing\n", encoding="utf-8")
    stamp = dt.datetime(2023, 7, 9, 12).timestamp()
    os.utime(path, (stamp, stamp))
    (suggestion,) = load_markdown(path).suggestions
    assert (suggestion.date, suggestion.date_precision) == (dt.date(2023, 1, 1), "year")


def test_load_markdown_refuses_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="no such file"):
        load_markdown(tmp_path / "missing.md")
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(ImportRefused, match="not UTF-8"):
        load_markdown(binary)


def test_nested_metric_lines_leave_the_details_but_plain_colons_stay() -> None:
    text = ("## 2024\n- Rolled out the new cache\n  - Reviewer: Priya\n"
            "  - Infra cost: $50K/month -> $20K/month\n  - error rate: 2% → 0.1%\n")
    (suggestion,) = parse_markdown(text, DEFAULT).suggestions
    assert suggestion.details == "- Reviewer: Priya"
    assert suggestion.metrics == ["Infra cost: $50K/month → $20K/month",
                                  "error rate: 2% → 0.1%"]


def test_inline_metrics_take_a_name_from_the_words_before() -> None:
    assert inline_metrics("Reduced build time from 20 min → 5 min") == [
        "build time: 20 min → 5 min"]
    assert inline_metrics("2.4s → 0.6s") == ["2.4s → 0.6s"]
    assert inline_metrics("grew from 3 to a lot") == []


def test_setext_headings_checkboxes_and_wrapped_bullets() -> None:
    text = ("Projects\n========\n\nMay 2024\n--------\n"
            "- [x] Shipped search\n  across all stores\n\n  Extra paragraph.\n"
            "Closing paragraph after the list\n\n- Second\n")
    first, second = parse_markdown(text, DEFAULT).suggestions
    assert first.title == "Shipped search across all stores"
    assert first.date == dt.date(2024, 5, 1) and first.pillars == ["technical_excellence"]
    assert second.title == "Second"


def test_a_very_long_bullet_is_shortened_and_kept_whole_in_the_details() -> None:
    long = "Did " + " ".join(f"thing{i}" for i in range(60))
    (suggestion,) = parse_markdown(f"- {long}\n", DEFAULT).suggestions
    assert len(suggestion.title) <= 160 and suggestion.title.endswith("…")
    assert suggestion.details.splitlines()[0] == long


def test_nothing_to_import_says_so() -> None:
    preview = parse_markdown("Just prose, no lists.\n", DEFAULT)
    assert preview.suggestions == []
    assert preview.warnings == ["no list items found: each win should be a list item (- …)"]


def test_importing_a_document_fills_the_inbox_once(tmp_path: Path, db: Database) -> None:
    path = tmp_path / "brag.md"
    path.write_text(TEMPLATE, encoding="utf-8")
    inbox = InboxService(db)

    first = inbox.import_markdown(path)
    assert len(first.added) == 13 and first.skipped == 0
    assert Queries(db).wins() == []  # only suggestions so far
    inbox.reject([first.added[0].id])

    again = inbox.import_markdown(path)
    assert again.added == [] and again.skipped == 13
    assert len(inbox.pending()) == 12


# --- fuzzing -----------------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "# ", "## ", "### ", "- ", "  - ", "* ", "1. ", "\n", "\n\n", "    ", "\t", "```", "---",
    "===", "Q3 2024", "March 2024", "2024-03", "2024-03-15", "2024-02-30", "Goals",
    "Projects", "Collaboration & mentorship", "p95: 2.4s → 0.6s", "from 40 min to 12 min",
    "$50K/month -> $20K/month", "[x](https://e.x/a)", "https://e.x/b", "**", "__", ":",
    "→", "->", "(", ")", "[ ] ", "é", "\r", "\r\n", "\x00", "9" * 30, "1e309", "%",
    "Goals for next year", "Outside of work", "In progress", "What you learned", "2021",
    "2024–2025", "- 2021\n\n    Migrated", "TODO", "TBD", "<!-- ", " -->", "<name>",
    "Design & documentation\n- https://d.example/x/design-y.md", "Red: the pipeline",
])


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.lists(_PIECES | st.text(max_size=5)).map("".join)))
def test_fuzz_parser_never_raises(text: str) -> None:
    preview = parse_markdown(text, DEFAULT)
    for suggestion in preview.suggestions:
        assert suggestion.title.strip()
        assert Suggestion.from_json(suggestion.to_json()) == suggestion


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200) | st.lists(_PIECES).map(lambda p: "".join(p).encode("utf-8")))
def test_fuzz_load_raises_only_import_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.md"
    path.write_bytes(data)
    with contextlib.suppress(ImportRefused, InvalidInput):
        load_markdown(path)
