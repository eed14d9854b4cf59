"""The review inbox: add (deduplicated), accept (with edits), reject, merge — and nothing
reaches the log except through accept."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.quantities import parse_metric
from bragdoc.importers.suggestion import Suggestion
from bragdoc.services.inbox import InboxService, draft_from, merged
from bragdoc.services.queries import Queries
from bragdoc.store.database import Database

DAY = dt.date(2024, 3, 4)


def git_suggestion(title: str, *hashes: str, day: dt.date = DAY) -> Suggestion:
    return Suggestion(source="git", title=title, date=day, details=f"- {title}",
                      tags=["shop"], pillars=["technical_excellence"],
                      links=[f"commit:{h}" for h in hashes], commit_hashes=list(hashes))


def md_suggestion(title: str, **extra: object) -> Suggestion:
    return Suggestion(source="markdown", title=title, date=DAY, **extra)  # type: ignore[arg-type]


def test_added_suggestions_are_pending_in_arrival_order(db: Database) -> None:
    inbox = InboxService(db)
    report = inbox.add([md_suggestion("B first"), git_suggestion("A second", "a1")],
                       today=dt.date(2024, 4, 1))
    assert report.summary() == "2 suggestion(s) added to the inbox"
    pending = inbox.pending()
    assert [i.suggestion.title for i in pending] == ["B first", "A second"]
    assert pending[1].commit_hashes == ["a1"] and pending[1].created_on == dt.date(2024, 4, 1)
    assert inbox.counts() == {"pending": 2, "accepted": 0, "rejected": 0, "merged": 0}
    assert Queries(db).wins() == []
    assert pending[0].to_json()["status"] == "pending"


def test_duplicates_are_skipped_within_a_batch_and_across_batches(db: Database) -> None:
    inbox = InboxService(db)
    first = inbox.add([md_suggestion("Same"), md_suggestion("Same"),
                       git_suggestion("One", "h1", "h2"), git_suggestion("Again", "h2")])
    assert len(first.added) == 2 and first.skipped == 2
    second = inbox.add([md_suggestion("Same"), git_suggestion("Overlap", "h2", "h3")])
    assert second.skipped == 1
    (overlap,) = second.added
    assert overlap.commit_hashes == ["h3"]  # h2 was suggested before
    assert overlap.suggestion.links == ["commit:h3"]


def test_accept_creates_wins_in_one_go(db: Database) -> None:
    inbox = InboxService(db)
    a, b = inbox.add([
        md_suggestion("Cut latency", metrics=["p95 latency: 2.4s → 0.6s"], project="Checkout",
                      tags=["perf"], pillars=["technical_excellence"],
                      links=["https://example.com"], details="- with caching"),
        git_suggestion("Fix rounding", "abc123"),
    ]).added

    created = inbox.accept([a.id, b.id, a.id])

    assert [w.title for w in created] == ["Cut latency", "Fix rounding"]
    latency = created[0]
    assert latency.metrics[0].metric.improvement_pct == 75.0
    assert Queries(db).project_names()[latency.project_id or ""] == "Checkout"
    assert (latency.tags, latency.links, latency.details) == (
        ("perf",), ("https://example.com",), "- with caching")
    assert created[1].links == ("commit:abc123",)
    assert inbox.pending() == []
    accepted = inbox.items("accepted")
    assert [i.win_id for i in accepted] == [w.id for w in created]


def test_accept_with_an_edit_uses_the_edited_win(db: Database) -> None:
    inbox = InboxService(db)
    (item,) = inbox.add([git_suggestion("3 commits to shop", "h1")]).added
    edited = draft_from(item.suggestion)
    edited.title = "Made checkout 4x faster"
    edited.metrics = [parse_metric("p95: 2.4s -> 0.6s")]
    edited.tags = ["perf"]

    (win,) = inbox.accept([item.id], edits={item.id: edited})

    assert (win.title, win.tags, [m.label for m in win.metrics]) == (
        "Made checkout 4x faster", ("perf",), ["p95: 75% faster"])


def test_a_bad_item_in_an_accept_leaves_everything_pending(db: Database) -> None:
    inbox = InboxService(db)
    good, bad = inbox.add([md_suggestion("Good"), md_suggestion("Will be emptied")]).added
    blank = dataclasses.replace(draft_from(bad.suggestion), title="   ")

    with pytest.raises(InvalidInput, match="needs a title"):
        inbox.accept([good.id, bad.id], edits={bad.id: blank})

    assert Queries(db).wins() == [] and len(inbox.pending()) == 2
    with pytest.raises(InvalidInput, match="no inbox item"):
        inbox.accept([good.id, "nope"])
    assert Queries(db).wins() == []


def test_reject_keeps_the_item_out_for_good(db: Database) -> None:
    inbox = InboxService(db)
    (item,) = inbox.add([md_suggestion("Not a win")]).added
    inbox.reject([item.id])
    assert inbox.pending() == [] and inbox.counts()["rejected"] == 1
    assert inbox.add([md_suggestion("Not a win")]).skipped == 1
    with pytest.raises(InvalidInput, match="already rejected"):
        inbox.accept([item.id])
    assert Queries(db).wins() == []


def test_merge_folds_later_items_into_the_first(db: Database) -> None:
    inbox = InboxService(db)
    a, b, c = inbox.add([
        git_suggestion("Checkout work", "h1", day=dt.date(2024, 3, 4)),
        git_suggestion("More checkout", "h2", day=dt.date(2024, 3, 11)),
        md_suggestion("Talk about it", tags=["talks"], pillars=["communication"],
                      metrics=["attendees: 120"]),
    ]).added

    result = inbox.merge([a.id, b.id, c.id])

    s = result.suggestion
    assert s.title == "Checkout work" and s.date == dt.date(2024, 3, 11)
    assert s.commit_hashes == ["h1", "h2"] and s.links == ["commit:h1", "commit:h2"]
    assert s.details == "- Checkout work\n- More checkout"
    assert s.tags == ["shop", "talks"]
    assert s.pillars == ["technical_excellence", "communication"]
    assert s.metrics == ["attendees: 120"]
    assert [i.id for i in inbox.pending()] == [a.id]
    assert {i.id: i.merged_into for i in inbox.items("merged")} == {b.id: a.id, c.id: a.id}
    with db.reading() as conn:
        owners = dict(conn.execute("SELECT hash, inbox_item_id FROM seen_commit"))
    assert owners == {"h1": a.id, "h2": a.id}
    with pytest.raises(InvalidInput, match="at least two"):
        inbox.merge([a.id, a.id])


def test_update_edits_a_pending_suggestion_but_keeps_its_commits(db: Database) -> None:
    inbox = InboxService(db)
    (item,) = inbox.add([git_suggestion("Old title", "h1")]).added
    changed = dataclasses.replace(item.suggestion, title="  New   title ", commit_hashes=[],
                                  project="Checkout")
    updated = inbox.update(item.id, changed)
    assert updated.suggestion.title == "New title"
    assert updated.suggestion.project == "Checkout"
    assert updated.commit_hashes == ["h1"]
    with pytest.raises(InvalidInput, match="unknown pillar"):
        inbox.update(item.id, dataclasses.replace(changed, pillars=["heroics"]))


def test_unknown_status_and_unknown_source_are_refused(db: Database) -> None:
    inbox = InboxService(db)
    with pytest.raises(InvalidInput, match="unknown inbox status"):
        inbox.items("done")
    with pytest.raises(InvalidInput, match="unknown source"):
        inbox.add([Suggestion(source="email", title="x", date=DAY)])
    with pytest.raises(InvalidInput, match="needs a title"):
        inbox.add([md_suggestion("  ")])
    assert inbox.counts()["pending"] == 0


def test_merged_keeps_the_first_project_found() -> None:
    combined = merged([md_suggestion("A"), md_suggestion("B", project="P")])
    assert combined.project == "P" and combined.title == "A"


def test_resolve_takes_unique_id_prefixes(db: Database) -> None:
    inbox = InboxService(db)
    a, b = inbox.add([md_suggestion("A"), md_suggestion("B")]).added
    assert inbox.resolve([a.id[:8], b.id]) == [a.id, b.id]
    with pytest.raises(InvalidInput, match="matches no pending inbox items"):
        inbox.resolve(["zzz"])
    with pytest.raises(InvalidInput, match="matches no pending inbox items"):
        inbox.resolve([""])
    inbox.reject([a.id])
    assert inbox.resolve([a.id[:8]], status=None) == [a.id]
