"""Packet drafts: stored with their choices, autosaved, and never losing an edited text."""

from __future__ import annotations

import datetime as dt

import pytest

from bragdoc.domain.errors import InvalidInput
from bragdoc.packet.context import PacketChoices, Vision
from bragdoc.services import packet_drafts
from bragdoc.services.packet_drafts import PacketDraftService
from bragdoc.store.database import Database

SINCE, UNTIL = dt.date(2025, 11, 25), dt.date(2026, 11, 25)
CHOICES = PacketChoices(pinned=("p1",), dropped=("p2",), order=("p3", "p1"),
                        quotes=("f1",),
                        vision=Vision(focus_areas=("Platform reliability", "Developer tools"),
                                      days_1_30="Meet every team lead."))


def _create(db: Database, text: str = "# Packet\n\nfirst draft\n") -> packet_drafts.PacketDraft:
    return PacketDraftService(db).create(since=SINCE, until=UNTIL, audience="committee",
                                         template=None, choices=CHOICES, markdown=text)


def test_a_created_draft_comes_back_with_its_choices(db: Database) -> None:
    draft = _create(db)
    again = PacketDraftService(db).latest()
    assert again is not None and again.id == draft.id
    assert again.choices == CHOICES
    assert (again.since, again.until, again.audience) == (SINCE, UNTIL, "committee")
    assert not again.edited
    assert [v.kind for v in PacketDraftService(db).versions(draft.id)] == ["generated"]


def test_autosave_keeps_one_edited_version_per_editing_session(db: Database) -> None:
    drafts = PacketDraftService(db)
    draft = _create(db)
    for text in ("# Packet\n\nfirst", "# Packet\n\nfirst ed", "# Packet\n\nfirst edit\n"):
        drafts.save_text(draft.id, text)
    latest = drafts.latest()
    assert latest is not None and latest.markdown == "# Packet\n\nfirst edit\n"
    assert latest.edited
    kinds = [(v.kind, v.markdown) for v in drafts.versions(draft.id)]
    assert kinds == [("edited", "# Packet\n\nfirst edit\n"),
                     ("generated", "# Packet\n\nfirst draft\n")]


def test_regenerating_an_edited_draft_keeps_the_edit_as_a_version(db: Database) -> None:
    drafts = PacketDraftService(db)
    draft = _create(db)
    drafts.save_text(draft.id, "my careful wording")
    regenerated = drafts.regenerate(draft.id, "# Packet\n\nsecond draft\n")
    assert regenerated.markdown == "# Packet\n\nsecond draft\n" and not regenerated.edited
    texts = {v.kind: v.markdown for v in drafts.versions(draft.id)}
    assert texts["before-regenerate"] == "my careful wording"


def test_restoring_a_version_keeps_the_current_text(db: Database) -> None:
    drafts = PacketDraftService(db)
    draft = _create(db)
    drafts.save_text(draft.id, "edited text")
    generated = next(v for v in drafts.versions(draft.id) if v.kind == "generated")
    restored = drafts.restore_version(draft.id, generated.id)
    assert restored.markdown == "# Packet\n\nfirst draft\n"
    assert any(v.markdown == "edited text" for v in drafts.versions(draft.id))
    assert drafts.versions(draft.id)[0].kind == "restored"


def test_options_change_without_touching_the_text(db: Database) -> None:
    drafts = PacketDraftService(db)
    draft = _create(db)
    drafts.save_text(draft.id, "kept")
    changed = drafts.set_options(draft.id, since=dt.date(2026, 1, 1), until=UNTIL,
                                 audience="executive", template="committee",
                                 choices=PacketChoices())
    assert changed.markdown == "kept" and changed.audience == "executive"
    assert drafts.get(draft.id).choices == PacketChoices()


@pytest.mark.parametrize(("since", "until", "audience", "message"), [
    (UNTIL, SINCE, "committee", "starts"),
    (SINCE, UNTIL, "board", "unknown audience"),
])
def test_bad_options_are_refused_and_nothing_is_stored(
        db: Database, since: dt.date, until: dt.date, audience: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        PacketDraftService(db).create(since=since, until=until, audience=audience,
                                      template=None, choices=CHOICES, markdown="x")
    assert PacketDraftService(db).latest() is None


def test_unknown_drafts_and_versions_are_named(db: Database) -> None:
    drafts = PacketDraftService(db)
    with pytest.raises(InvalidInput, match="no packet draft"):
        drafts.save_text("missing", "x")
    draft = _create(db)
    with pytest.raises(InvalidInput, match="no version 999"):
        drafts.restore_version(draft.id, 999)


def test_choices_from_a_newer_or_older_app_still_open() -> None:
    assert packet_drafts.choices_from_json({}) == PacketChoices()
    odd = packet_drafts.choices_from_json({"pinned": ["a"], "future_field": 1,
                                           "vision": {"days_1_30": "x"}})
    assert odd.pinned == ("a",) and odd.vision.days_1_30 == "x"


def test_deleting_a_draft_row_takes_its_versions(db: Database) -> None:
    draft = _create(db)
    with db.reading() as conn:
        conn.execute("DELETE FROM packet_draft WHERE id = ?", (draft.id,))
        conn.commit()
        left = conn.execute("SELECT count(*) FROM packet_draft_version").fetchone()[0]
    assert left == 0
