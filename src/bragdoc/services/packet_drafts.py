"""Packet drafts the person is writing, with every earlier text kept.

    drafts = PacketDraftService(db)
    draft = drafts.create(since=…, until=…, audience="committee", template=None,
                          choices=PacketChoices(), markdown=text)
    drafts.save_text(draft.id, edited)         # autosave while typing
    drafts.regenerate(draft.id, new_text)      # the edited text becomes a version first
    drafts.versions(draft.id)                  # newest first
    drafts.restore_version(draft.id, version.id)

Autosave is frequent (every pause in typing), so it does not add a version each time:
while the person keeps typing, one 'edited' version is rewritten in place; a pause of
more than EDIT_SESSION starts the next one. Everything that replaces the text
(regenerating, restoring) first keeps the text it replaces.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.records import new_id
from bragdoc.packet.context import AUDIENCES, PacketChoices, Vision
from bragdoc.services.clock import Clock, system_clock, utc_now
from bragdoc.services.unit_of_work import write
from bragdoc.store import packet_reads, tables
from bragdoc.store.database import Database

EDIT_SESSION = dt.timedelta(minutes=10)
"""Edits closer together than this share one 'edited' version in the history."""


@dataclass(frozen=True)
class PacketDraft:
    id: str
    since: dt.date
    until: dt.date
    audience: str
    template: str | None
    choices: PacketChoices
    markdown: str
    """The text as the person last left it."""
    generated: str
    """The text as last drafted from the record."""
    updated_at: dt.datetime

    @property
    def edited(self) -> bool:
        return self.markdown != self.generated


@dataclass(frozen=True)
class DraftVersion:
    id: int
    saved_at: dt.datetime
    kind: str
    """'generated', 'edited', 'before-regenerate' or 'restored'."""
    markdown: str


def choices_to_json(choices: PacketChoices) -> dict[str, Any]:
    data = dataclasses.asdict(choices)
    for key in ("pinned", "dropped", "order"):
        data[key] = list(data[key])
    data["quotes"] = None if choices.quotes is None else list(choices.quotes)
    data["vision"]["focus_areas"] = list(choices.vision.focus_areas)
    return data


def choices_from_json(data: dict[str, Any]) -> PacketChoices:
    """Lenient on purpose: a draft written by an older or newer app still opens."""
    vision = data.get("vision") or {}
    quotes = data.get("quotes")
    defaults = PacketChoices()
    return PacketChoices(
        pinned=tuple(str(x) for x in data.get("pinned") or ()),
        dropped=tuple(str(x) for x in data.get("dropped") or ()),
        order=tuple(str(x) for x in data.get("order") or ()),
        quotes=None if quotes is None else tuple(str(x) for x in quotes),
        vision=Vision(
            focus_areas=tuple(str(x) for x in vision.get("focus_areas") or ()),
            days_1_30=str(vision.get("days_1_30") or ""),
            days_31_60=str(vision.get("days_31_60") or ""),
            days_61_90=str(vision.get("days_61_90") or "")),
        limit=int(data.get("limit") or defaults.limit),
    )


def _draft(row: packet_reads.DraftRow | tables.PacketDraft) -> PacketDraft:
    """From a stored row or a table row still in its session (same fields)."""
    updated = row.updated_at
    return PacketDraft(id=row.id, since=row.since, until=row.until, audience=row.audience,
                       template=row.template, choices=choices_from_json(row.choices),
                       markdown=row.markdown, generated=row.generated,
                       updated_at=updated if updated.tzinfo else updated.replace(tzinfo=dt.UTC))


def _check_options(since: dt.date, until: dt.date, audience: str) -> None:
    if audience not in AUDIENCES:
        raise InvalidInput(f"unknown audience {audience!r}; choose one of: "
                           f"{', '.join(AUDIENCES)}")
    if since > until:
        raise InvalidInput(f"the period starts ({since}) after it ends ({until})")


class PacketDraftService:
    def __init__(self, db: Database, *, clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock

    def _now(self) -> dt.datetime:
        return utc_now(self.clock)

    # --- reads -------------------------------------------------------------------------

    def latest(self) -> PacketDraft | None:
        """The draft worked on most recently, as it was left (autosave included)."""
        with self.db.reading() as conn:
            row = packet_reads.latest_draft(conn)
        return _draft(row) if row else None

    def get(self, draft_id: str) -> PacketDraft:
        with self.db.reading() as conn:
            row = packet_reads.get_draft(conn, draft_id)
        if row is None:
            raise InvalidInput(f"no packet draft with id {draft_id}")
        return _draft(row)

    def versions(self, draft_id: str) -> list[DraftVersion]:
        with self.db.reading() as conn:
            rows = packet_reads.versions(conn, draft_id)
        return [DraftVersion(id=r.id, saved_at=r.saved_at, kind=r.kind, markdown=r.markdown)
                for r in rows]

    # --- writes ------------------------------------------------------------------------

    def create(self, *, since: dt.date, until: dt.date, audience: str,
               template: str | None, choices: PacketChoices, markdown: str) -> PacketDraft:
        _check_options(since, until, audience)
        now = self._now()
        draft_id = new_id()
        with write(self.db) as session:
            session.add(tables.PacketDraft(
                id=draft_id, since=since, until=until, audience=audience, template=template,
                choices=choices_to_json(choices), markdown=markdown, generated=markdown,
                created_at=now, updated_at=now))
            session.flush()
            session.add(tables.PacketDraftVersion(draft_id=draft_id, saved_at=now,
                                                  kind="generated", markdown=markdown))
        return self.get(draft_id)

    def save_text(self, draft_id: str, markdown: str) -> PacketDraft:
        """Keep what the person typed; cheap enough to call on every pause in typing."""
        now = self._now()
        with write(self.db) as session:
            row = self._row(session, draft_id)
            if row.markdown == markdown:
                return _draft(row)
            row.markdown = markdown
            row.updated_at = now
            session.add(row)
            newest = self._newest_version(session, draft_id)
            if (newest is not None and newest.kind == "edited"
                    and now - newest.saved_at < EDIT_SESSION):
                newest.markdown = markdown
                newest.saved_at = now
                session.add(newest)
            else:
                session.add(tables.PacketDraftVersion(draft_id=draft_id, saved_at=now,
                                                      kind="edited", markdown=markdown))
            return _draft(row)

    def set_options(self, draft_id: str, *, since: dt.date, until: dt.date, audience: str,
                    template: str | None, choices: PacketChoices) -> PacketDraft:
        """The period, audience, template and portfolio choices; the text is untouched."""
        _check_options(since, until, audience)
        with write(self.db) as session:
            row = self._row(session, draft_id)
            row.since, row.until, row.audience, row.template = since, until, audience, template
            row.choices = choices_to_json(choices)
            row.updated_at = self._now()
            session.add(row)
            return _draft(row)

    def regenerate(self, draft_id: str, markdown: str) -> PacketDraft:
        """Replace the text with a new draft from the record; an edited text is kept as a
        'before-regenerate' version first, so replacing never loses it."""
        now = self._now()
        with write(self.db) as session:
            row = self._row(session, draft_id)
            if row.markdown != row.generated:
                session.add(tables.PacketDraftVersion(draft_id=draft_id, saved_at=now,
                                                      kind="before-regenerate",
                                                      markdown=row.markdown))
            row.markdown = row.generated = markdown
            row.updated_at = now
            session.add(row)
            session.add(tables.PacketDraftVersion(draft_id=draft_id, saved_at=now,
                                                  kind="generated", markdown=markdown))
            return _draft(row)

    def restore_version(self, draft_id: str, version_id: int) -> PacketDraft:
        """Bring back an earlier text; the current one is kept as a version first."""
        now = self._now()
        with write(self.db) as session:
            row = self._row(session, draft_id)
            version = session.get(tables.PacketDraftVersion, version_id)
            if version is None or version.draft_id != draft_id:
                raise InvalidInput(f"draft {draft_id} has no version {version_id}")
            newest = self._newest_version(session, draft_id)
            if newest is None or newest.markdown != row.markdown:
                session.add(tables.PacketDraftVersion(draft_id=draft_id, saved_at=now,
                                                      kind="edited", markdown=row.markdown))
            row.markdown = version.markdown
            row.updated_at = now
            session.add(row)
            session.add(tables.PacketDraftVersion(draft_id=draft_id, saved_at=now,
                                                  kind="restored", markdown=version.markdown))
            return _draft(row)

    @staticmethod
    def _row(session: Session, draft_id: str) -> tables.PacketDraft:
        row = session.get(tables.PacketDraft, draft_id)
        if row is None:
            raise InvalidInput(f"no packet draft with id {draft_id}")
        return row

    @staticmethod
    def _newest_version(session: Session, draft_id: str) -> tables.PacketDraftVersion | None:
        statement = (select(tables.PacketDraftVersion)
                     .where(tables.PacketDraftVersion.draft_id == draft_id)
                     .order_by(col(tables.PacketDraftVersion.saved_at).desc(),
                               col(tables.PacketDraftVersion.id).desc())
                     .limit(1))
        return session.exec(statement).first()

