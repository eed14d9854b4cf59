"""An old brag document on Julia Evans' template, read as its author meant it: projects,
goals, years of what was done, asides, placeholders; then accepted through the inbox and
drafted into a packet that prints no made-up day and none of the personal asides."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from bragdoc.app import main
from bragdoc.importers.markdown_doc import load_markdown, parse_markdown
from bragdoc.importers.markdown_text import is_placeholder, link_name, past_tense
from bragdoc.importers.suggestion import ORIGIN_LABELS, Suggestion
from bragdoc.services.inbox import InboxService
from bragdoc.services.packet import PacketService
from bragdoc.services.queries import Queries
from bragdoc.services.transfer import TransferService
from bragdoc.store.database import Database

DOCUMENT = Path(__file__).parent / "fixtures" / "brag" / "julia_evans_2024_2025.md"
TODAY = dt.date(2026, 12, 6)


def _preview() -> list[Suggestion]:
    return parse_markdown(DOCUMENT.read_text(encoding="utf-8"), TODAY).suggestions


def _one(suggestions: list[Suggestion], title: str) -> Suggestion:
    (found,) = [s for s in suggestions if s.title == title]
    return found


def test_sections_become_projects_goals_and_wins() -> None:
    preview = parse_markdown(DOCUMENT.read_text(encoding="utf-8"), TODAY)
    found = preview.suggestions
    assert (preview.count("project"), preview.count("goal"), preview.count("win")) == (3, 3, 12)
    # the template comment, two TODOs, a TBD and the empty "Company building" heading
    assert preview.placeholders == 5
    assert not any("TODO" in s.title or "TBD" in s.title for s in found)

    red = _one(found, "Red")
    assert red.kind == "project"
    assert red.details == "The new billing pipeline that replaced the nightly batch."
    blue = _one(found, "Blue")
    assert (blue.kind, blue.details) == ("project", "the search rewrite")
    checkout = _one(found, "Checkout v2")
    assert (checkout.kind, checkout.details) == ("project", "A faster checkout for mobile.")

    invoices = _one(found, "Shipped invoice generation")
    assert (invoices.kind, invoices.project) == ("win", "Red")
    assert (invoices.date, invoices.date_precision) == (dt.date(2025, 3, 1), "month")
    run_time = _one(found, "Cut invoice run time from 4h → 20min")
    assert run_time.project == "Red"
    assert run_time.metrics == ["invoice run time: 4h → 20min"]  # inline and nested: one
    assert run_time.details == ""  # the nested metric item left the details
    assert _one(found, "Launched fuzzy matching").date == dt.date(2025, 2, 14)
    redirects = _one(found, "Removed two redirects from the payment flow")
    assert redirects.project == "Checkout v2" and redirects.date_precision == "year"


def test_goals_and_the_years_of_what_was_done() -> None:
    found = _preview()
    goals = {s.title: s.goal_for for s in found if s.kind == "goal"}
    assert goals == {"Become the tech lead of the payments team": "this_year",
                     "Speak at an internal conference": "this_year",
                     "Mentor two engineers to promotion": "next_year"}
    heroku = _one(found, "Migrated the product from Heroku to GCP, with no downtime")
    oncall = _one(found, "Led the on-call rotation redesign; pages per week from 30 to 8")
    for win in (heroku, oncall):  # indented paragraphs, not code; each its own win
        assert (win.kind, win.origin) == ("win", "goals")
        assert (win.date, win.date_precision) == (dt.date(2024, 1, 1), "year")
        assert win.notes == ["Only the year is known ('2024'): pick a better date."]
    assert oncall.metrics == ["pages per week: 30 → 8"]
    assert ORIGIN_LABELS[heroku.origin] == "from your goals section — were these done?"


def test_pillars_tags_links_and_the_documents_span() -> None:
    found = _preview()
    mentored = _one(found, "Mentored Sam through their first design review")
    assert (mentored.pillars, mentored.tags) == (["leadership"], ["collaboration"])
    assert (mentored.date, mentored.date_precision) == (dt.date(2025, 6, 1), "month")
    design = _one(found, "Design: checkout v2")  # a bare link gets a name
    assert design.links == ["https://docs.example.com/design/checkout-v2.md"]
    assert design.pillars == ["system_design", "communication"]
    assert _one(found, "Caching RFC").links == ["https://docs.example.com/rfc/12"]
    learned = _one(found, "Learned how to run a blameless postmortem")
    assert (learned.pillars, learned.tags) == (["career_strategy"], ["learning"])
    bread = _one(found, "Baking my own bread")
    assert (bread.pillars, bread.tags) == ([], ["personal"])
    # undated: inside the title's 2024–2025, never on the import day, never an exact day
    assert (bread.date, bread.date_precision) == (dt.date(2025, 1, 1), "year")
    assert bread.notes == ["No date in the item or its headings; dated 2025 because the "
                           "document covers 2024–2025: pick a better date."]
    search = _one(found, "Moving the search cluster to the new region")
    assert search.follow_up == TODAY + dt.timedelta(days=28)
    assert search.tags == ["in-progress"]
    assert all(s.date != TODAY for s in found)


def test_heading_projects_and_nested_items_under_them() -> None:
    text = ("# 2023\n## Projects\n### Ledger\nMoving the ledger off the monolith.\n"
            "- Split the ledger service out (May 2023)\n  - Wrote the cut-over plan\n"
            "    - Reviewed by [Priya](https://people.example/priya)\n- TODO\n\n"
            "## Goals for next year\n- 2024: Run the ledger in two regions\n")
    found = parse_markdown(text, TODAY).suggestions
    assert [(s.kind, s.title) for s in found] == [
        ("project", "Ledger"), ("win", "Split the ledger service out"),
        ("goal", "Run the ledger in two regions")]
    project, split, goal = found
    assert project.details == "Moving the ledger off the monolith."
    assert split.details == "- Wrote the cut-over plan\n  - Reviewed by Priya"
    assert split.links == ["https://people.example/priya"] and split.project == "Ledger"
    assert goal.goal_for == "next_year"


def test_accepting_puts_projects_first_goals_into_the_profile(db: Database) -> None:
    inbox = InboxService(db)
    report = inbox.import_markdown(DOCUMENT, today=TODAY)
    assert report.summary() == ("suggested 3 project(s), 3 goal(s) and 12 win(s); "
                                "skipped 5 placeholder(s)")
    by_title = {i.suggestion.title: i for i in inbox.pending()}
    wins_first = [by_title["Shipped invoice generation"].id, by_title["Red"].id,
                  by_title["Mentor two engineers to promotion"].id,
                  by_title["Migrated the product from Heroku to GCP, with no downtime"].id]
    made = inbox.accept(wins_first)

    queries = Queries(db)
    (red,) = [p for p in queries.projects() if p.name == "Red"]
    assert red.summary == "The new billing pipeline that replaced the nightly batch."
    assert red.start is None  # a year-precision date is no start day
    shipped = next(w for w in made if w.title == "Shipped invoice generation")
    assert (shipped.project_id, shipped.date_precision) == (red.id, "month")
    heroku = next(w for w in made if w.title.startswith("Migrated the product"))
    assert (heroku.date, heroku.date_precision) == (dt.date(2024, 1, 1), "year")
    assert heroku.one_line().startswith("2024  Migrated the product")  # `bragdoc list`
    assert shipped.one_line().startswith("2025-03  Shipped invoice generation")
    assert queries.profile().goals_next_year == "- Mentor two engineers to promotion"
    assert inbox.counts()["accepted"] == 4


def test_merging_refuses_a_project_with_a_win(db: Database) -> None:
    inbox = InboxService(db)
    inbox.import_markdown(DOCUMENT, today=TODAY)
    by_title = {i.suggestion.title: i.id for i in inbox.pending()}
    with pytest.raises(Exception, match="only suggestions of one kind merge"):
        inbox.merge([by_title["Red"], by_title["Baking my own bread"]])
    assert len(inbox.pending()) == 18


def test_the_packet_prints_only_the_known_year_and_leaves_personal_wins_out(
        db: Database) -> None:
    inbox = InboxService(db)
    inbox.import_markdown(DOCUMENT, today=TODAY)
    inbox.accept([i.id for i in inbox.pending() if i.suggestion.kind == "win"])
    bread = next(w for w in Queries(db).wins() if w.title == "Baking my own bread")
    assert bread.tags == ("personal",)

    packet = PacketService(db).markdown(since=dt.date(2023, 12, 1),
                                        until=dt.date(2025, 12, 31), today=TODAY)
    assert "Baking my own bread" not in packet
    assert "- 2025: Learned how to run a blameless postmortem" in packet
    assert "- Jun 2025: Mentored Sam through their first design review" in packet
    assert "11 logged wins" in packet  # twelve, less the bread
    assert "1 Jan 20" not in packet  # a year is not its first day


def test_the_command_line_names_what_was_suggested_and_skipped(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "brag.md"
    path.write_text(DOCUMENT.read_text(encoding="utf-8"), encoding="utf-8")
    code = main(["--db", str(tmp_path / "db.sqlite3"), "import", str(path)])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[-1] == ("brag.md: suggested 3 project(s), 3 goal(s) and "
                                    "12 win(s); skipped 5 placeholder(s); review them "
                                    "with `bragdoc inbox`")
    assert "2024        Migrated the product from Heroku to GCP" in out
    assert "project: Red" in out


def test_an_undated_document_uses_the_year_it_was_last_changed(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("## Wins\n- Fixed the deploy\n", encoding="utf-8")
    stamp = dt.datetime(2022, 5, 3, 12).timestamp()
    os.utime(path, (stamp, stamp))
    (win,) = load_markdown(path).suggestions
    assert (win.date, win.date_precision) == (dt.date(2022, 1, 1), "year")


def test_a_backup_carries_the_precision_only_where_a_day_is_not_known(
        db: Database, tmp_path: Path) -> None:
    inbox = InboxService(db)
    inbox.import_markdown(DOCUMENT, today=TODAY)
    inbox.accept([i.id for i in inbox.pending() if i.suggestion.kind == "win"])
    backup = tmp_path / "backup.json"
    TransferService(db).export_to(backup)
    wins = json.loads(backup.read_text(encoding="utf-8"))["wins"]
    fuzzy = next(w for w in wins if w["title"] == "Launched fuzzy matching")
    assert "date_precision" not in fuzzy  # an exact day: written as it always was
    assert {w["date_precision"] for w in wins if "date_precision" in w} == {"month", "year"}

    other = Database.open(tmp_path / "other.sqlite3")
    try:
        TransferService(other).import_file(backup)
        restored = {w.title: w.date_precision for w in Queries(other).wins()}
    finally:
        other.dispose()
    assert restored == {w.title: w.date_precision for w in Queries(db).wins()}


@pytest.mark.parametrize(("text", "placeholder"), [
    ("TODO", True), ("TODO: write up the migration", True), ("TBD", True), ("…", True),
    ("<project name>", True), ("[fill in]", True), ("N/A", True),
    ("Todoist integration shipped", False), ("Red", False), ("Cut costs by 10%", False),
])
def test_placeholders_are_what_the_template_left(text: str, placeholder: bool) -> None:
    assert is_placeholder(text) is placeholder


@pytest.mark.parametrize(("text", "done"), [
    ("Migrated the product to GCP", True), ("Led the rotation redesign", True),
    ("We shipped search", True), ("Wrote the RFC", True),
    ("Migrate the product to GCP", False), ("Red", False), ("Need to hire", False),
    ("Speed up the build", False),
])
def test_past_tense_reports_what_was_done(text: str, done: bool) -> None:
    assert past_tense(text) is done


def test_a_bare_link_is_named_by_its_path() -> None:
    assert link_name("https://docs.example.com/design/checkout-v2.md") == "checkout v2"
    assert link_name("https://docs.google.com/document/d/1AbCdEfGh2IjKlMnOpQrStUv/edit") == (
        "docs.google.com")
    assert link_name("https://wiki.example.org/") == "wiki.example.org"
