"""The review inbox: importers suggest, the user decides. Nothing enters the log but
through `accept`.

    inbox = InboxService(db)
    report = inbox.import_git([Path("~/code")], authors=["me@example.com"],
                              since=dt.date(2025, 1, 1))            # suggestions only
    inbox.import_markdown(Path("brag.md"))                          # same, from a doc
    for item in inbox.pending(): ...
    inbox.accept([item.id])                     # → wins, projects, goals; one transaction
    inbox.accept([item.id], edits={item.id: edited_win_draft})
    inbox.reject([other.id])
    inbox.merge([first.id, second.id])          # second folds into first

Deduplication: a git suggestion's commits are remembered in `seen_commit` the moment it
is added, so a later import never suggests them again, whatever became of it (accepted,
rejected, merged). A Markdown or CSV suggestion's id is derived from its content, so the
same bullet imported twice is stored once, and a rejected one is not offered again.

Kinds: a suggested win becomes a win; a suggested project a project (or fills in the
summary of the one by that name), accepted before the wins that name it so they join it;
a suggested goal is added to the profile's goals for this or next year.

Statuses: pending → accepted (a win's item points at the win it made) | rejected |
merged (points at the item it went into).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update
from sqlmodel import Session, col, select

from bragdoc.domain import vocabulary
from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.precision import checked_precision, start_of
from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import ProjectDraft, WinDraft, WinView, new_id
from bragdoc.importers import csv_file, git_history, markdown_doc
from bragdoc.importers.git_history import CancelCheck, ProgressCallback
from bragdoc.importers.markdown_doc import MarkdownPreview
from bragdoc.importers.suggestion import GOAL_YEARS, KINDS, SOURCES, Suggestion
from bragdoc.services import projects, wins
from bragdoc.services.backups import BackupService
from bragdoc.services.clock import Clock, system_clock
from bragdoc.services.queries import Queries
from bragdoc.services.unit_of_work import write
from bragdoc.store import inbox_reads, tables
from bragdoc.store.database import Database
from bragdoc.store.inbox_reads import InboxRow


@dataclass(frozen=True)
class InboxItem:
    id: str
    source: str
    status: str
    created_on: dt.date
    suggestion: Suggestion
    win_id: str | None = None
    merged_into: str | None = None

    @property
    def commit_hashes(self) -> list[str]:
        return self.suggestion.commit_hashes

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "created_on": self.created_on.isoformat(),
                "win_id": self.win_id, "merged_into": self.merged_into,
                **self.suggestion.to_json()}


@dataclass
class AddReport:
    added: list[InboxItem] = field(default_factory=list)
    skipped: int = 0
    """Suggestions already in the inbox (or whose commits were all suggested before)."""
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{len(self.added)} suggestion(s) added to the inbox"
        return text + (f", {self.skipped} already known" if self.skipped else "")


@dataclass
class MarkdownImportReport(AddReport):
    placeholders: int = 0
    """Items, headings and template comments left unfilled, skipped."""

    def summary(self) -> str:
        count = {kind: sum(1 for i in self.added if i.suggestion.kind == kind)
                 for kind in KINDS}
        text = (f"suggested {count['project']} project(s), {count['goal']} goal(s) and "
                f"{count['win']} win(s); skipped {self.placeholders} placeholder(s)")
        return text + (f"; {self.skipped} already in the inbox" if self.skipped else "")


@dataclass
class GitImportReport(AddReport):
    repos: list[Path] = field(default_factory=list)
    commits: int = 0
    """New commits by the authors in the period, now in the added suggestions."""
    seen_before: int = 0
    """Commits in the period that an earlier import had already suggested."""

    def summary(self) -> str:
        text = (f"{self.commits} new commit(s) in {len(self.repos)} repositor"
                f"{'y' if len(self.repos) == 1 else 'ies'}: "
                f"{len(self.added)} suggestion(s) added to the inbox")
        return text + (f"; {self.seen_before} commit(s) suggested before were skipped"
                       if self.seen_before else "")


def _item(row: InboxRow) -> InboxItem:
    suggestion = dataclasses.replace(Suggestion.from_json(row.suggestion), kind=row.kind)
    return InboxItem(id=row.id, source=row.source, status=row.status,
                     created_on=row.created_on, suggestion=suggestion,
                     win_id=row.win_id, merged_into=row.merged_into)


def draft_from(suggestion: Suggestion) -> WinDraft:
    """The win a suggestion would become (what an edit dialog starts from)."""
    return WinDraft(
        title=suggestion.title, date=suggestion.date, details=suggestion.details,
        project=suggestion.project, pillars=list(suggestion.pillars),
        tags=list(suggestion.tags), links=list(suggestion.links),
        metrics=[parse_metric(text) for text in suggestion.metrics],
        follow_up=suggestion.follow_up, date_precision=suggestion.date_precision,
    )


def checked(suggestion: Suggestion) -> Suggestion:
    """A suggestion fit to store: a title, known pillars, a known source."""
    title = " ".join(suggestion.title.split())
    if not title:
        raise InvalidInput("a suggestion needs a title")
    if suggestion.source not in SOURCES:
        raise InvalidInput(f"unknown source {suggestion.source!r}")
    if suggestion.kind not in KINDS:
        raise InvalidInput(f"unknown suggestion kind {suggestion.kind!r}")
    goal_for = suggestion.goal_for
    if suggestion.kind == "goal" and goal_for not in GOAL_YEARS:
        raise InvalidInput("a suggested goal is for this year or next year")
    precision = checked_precision(suggestion.date_precision)
    return dataclasses.replace(
        suggestion, title=title, pillars=vocabulary.pillars(suggestion.pillars),
        tags=vocabulary.tags(suggestion.tags),
        project=(suggestion.project or "").strip() or None,
        date=start_of(suggestion.date, precision), date_precision=precision,
        goal_for=goal_for if suggestion.kind == "goal" else None,
    )


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def merged(suggestions: Sequence[Suggestion]) -> Suggestion:
    """Several suggestions as one: the first's title, the latest date, everything else
    gathered in order without repeats."""
    first = suggestions[0]
    details = [s.details.strip() for s in suggestions if s.details.strip()]
    return dataclasses.replace(
        first,
        date=max(s.date for s in suggestions),
        details="\n".join(_unique(details)),
        project=next((s.project for s in suggestions if s.project), None),
        pillars=vocabulary.pillars(_unique(p for s in suggestions for p in s.pillars)),
        tags=_unique(t for s in suggestions for t in s.tags),
        metrics=_unique(m for s in suggestions for m in s.metrics),
        links=_unique(u for s in suggestions for u in s.links),
        commit_hashes=_unique(h for s in suggestions for h in s.commit_hashes),
        notes=_unique(n for s in suggestions for n in s.notes),
    )


class InboxService:
    def __init__(self, db: Database, *, clock: Clock = system_clock,
                 backups: BackupService | None = None) -> None:
        self.db = db
        self.clock = clock
        self.queries = Queries(db)
        self.backups = backups or BackupService(db, clock=clock)

    # --- reads -------------------------------------------------------------------------

    def pending(self) -> list[InboxItem]:
        return self.items("pending")

    def items(self, status: str | None = "pending") -> list[InboxItem]:
        if status is not None and status not in inbox_reads.STATUSES:
            raise InvalidInput(f"unknown inbox status {status!r}; expected one of: "
                               + ", ".join(inbox_reads.STATUSES))
        with self.db.reading() as conn:
            return [_item(r) for r in inbox_reads.items(conn, status)]

    def item(self, item_id: str) -> InboxItem:
        with self.db.reading() as conn:
            row = inbox_reads.item(conn, item_id)
        if row is None:
            raise InvalidInput(f"no inbox item with id {item_id}")
        return _item(row)

    def resolve(self, refs: Sequence[str], status: str | None = "pending") -> list[str]:
        """Full ids for ids or unique id prefixes (what a person types from `bragdoc inbox`);
        InvalidInput names a prefix that matches nothing or several items."""
        known = [i.id for i in self.items(status)]
        out = []
        for ref in refs:
            ref = ref.strip().lower()
            found = [i for i in known if i.startswith(ref)] if ref else []
            if len(found) != 1:
                what = "no" if not found else f"{len(found)}"
                where = f"{status} " if status else ""
                raise InvalidInput(f"{ref!r} matches {what} {where}inbox items"
                                   + ("; type more of the id" if found else ""))
            out.append(found[0])
        return out

    def counts(self) -> dict[str, int]:
        with self.db.reading() as conn:
            return inbox_reads.counts(conn)

    def seen_commits(self) -> set[str]:
        with self.db.reading() as conn:
            return inbox_reads.seen_hashes(conn)

    # --- adding suggestions ------------------------------------------------------------

    def add(self, suggestions: Iterable[Suggestion], *, today: dt.date | None = None,
            ) -> AddReport:
        """Store new suggestions as pending, in one transaction; known ones are skipped."""
        today = today or self.clock().date()
        report = AddReport()
        prepared = [checked(s) for s in suggestions]
        with write(self.db) as session:
            seen = set(session.exec(select(tables.SeenCommit.hash)).all())
            position = session.exec(
                select(col(tables.InboxItem.position)).order_by(
                    col(tables.InboxItem.position).desc()).limit(1)).first() or 0
            ids = [s.fingerprint() for s in prepared if s.source != "git"]
            known = set(session.exec(select(tables.InboxItem.id).where(
                col(tables.InboxItem.id).in_(ids))).all()) if ids else set()
            items: list[dict[str, object]] = []
            seen_rows: list[dict[str, object]] = []
            for suggestion in prepared:
                if suggestion.source == "git":
                    unseen = _without_seen(suggestion, seen)
                    if unseen is None:
                        report.skipped += 1
                        continue
                    suggestion = unseen
                    item_id = new_id()
                    seen.update(suggestion.commit_hashes)
                    seen_rows += [{"hash": h, "inbox_item_id": item_id, "seen_on": today}
                                  for h in suggestion.commit_hashes]
                else:
                    item_id = suggestion.fingerprint()
                    if item_id in known:
                        report.skipped += 1
                        continue
                    known.add(item_id)
                position += 1
                items.append({
                    "id": item_id, "source": suggestion.source, "created_on": today,
                    "status": "pending", "suggestion": suggestion.to_json(),
                    "commit_hashes": list(suggestion.commit_hashes), "win_id": None,
                    "merged_into": None, "position": position, "kind": suggestion.kind,
                })
                report.added.append(InboxItem(item_id, suggestion.source, "pending", today,
                                              suggestion))
            if items:
                session.execute(insert(tables.InboxItem), items)
            if seen_rows:
                session.execute(insert(tables.SeenCommit), seen_rows)
        return report

    def import_git(self, paths: Iterable[Path], *, authors: Collection[str] = (),
                   since: dt.date | None = None, until: dt.date | None = None,
                   progress: ProgressCallback | None = None,
                   cancelled: CancelCheck | None = None,
                   today: dt.date | None = None) -> GitImportReport:
        """Scan repositories (or folders of them) and add what is new to the inbox.

        Safe to run on a worker thread; a cancelled scan (ImportCancelled) adds nothing."""
        result = git_history.scan(paths, authors=authors, since=since, until=until,
                                  seen=self.seen_commits(), progress=progress,
                                  cancelled=cancelled)
        if result.suggestions:
            self.backups.backup_now("import")
        added = self.add(result.suggestions, today=today)
        return GitImportReport(added=added.added, skipped=added.skipped,
                               warnings=result.warnings + added.warnings,
                               repos=result.repos, commits=result.commits,
                               seen_before=result.skipped_seen)

    @staticmethod
    def preview_markdown(path: Path) -> MarkdownPreview:
        """What a brag document would suggest; nothing is written."""
        return markdown_doc.load_markdown(path)

    def import_markdown(self, path: Path, *, today: dt.date | None = None,
                        ) -> MarkdownImportReport:
        preview = markdown_doc.load_markdown(path)
        self.backups.backup_now("import")
        added = self.add(preview.suggestions, today=today)
        return MarkdownImportReport(added=added.added, skipped=added.skipped,
                                    warnings=preview.warnings + added.warnings,
                                    placeholders=preview.placeholders)

    def import_csv(self, path: Path, *, today: dt.date | None = None) -> AddReport:
        """CSV rows as suggestions to review (CsvTransferService imports them directly)."""
        bundle = csv_file.load_csv(path)
        self.backups.backup_now("import")
        report = self.add([csv_file.suggestion_from(d) for d in bundle.drafts], today=today)
        report.warnings = bundle.warnings + report.warnings
        return report

    # --- decisions ---------------------------------------------------------------------

    def update(self, item_id: str, suggestion: Suggestion) -> InboxItem:
        """Edit a pending suggestion (its commits stay as they were)."""
        suggestion = checked(suggestion)
        with write(self.db) as session:
            row = _pending_row(session, item_id)
            suggestion = dataclasses.replace(suggestion, source=row.source,
                                             commit_hashes=list(row.commit_hashes))
            row.suggestion = suggestion.to_json()
            session.add(row)
        return self.item(item_id)

    def accept(self, item_ids: Sequence[str],
               edits: Mapping[str, WinDraft] | None = None) -> list[WinView]:
        """Accept pending suggestions, all in one transaction (or none); returns the wins
        made. Projects go first, so the wins that name them join them.

        `edits` replaces a suggested win by the win the user edited from it (a project or
        goal is edited in place with `update` before it is accepted)."""
        edits = edits or {}
        ids = _unique(item_ids)
        if not ids:
            return []
        win_ids = []
        with write(self.db) as session:
            rows = [_pending_row(session, item_id) for item_id in ids]
            rows.sort(key=lambda r: r.kind != "project")
            for row in rows:
                item_id = row.id
                suggestion = Suggestion.from_json(row.suggestion)
                if row.kind != "win":
                    _accept_other(session, row.kind, suggestion)
                    row.status = "accepted"
                    session.add(row)
                    continue
                draft = edits.get(item_id) or draft_from(suggestion)
                draft = dataclasses.replace(draft, id=None)
                try:
                    draft = wins.validated(draft)
                except InvalidInput as exc:
                    raise InvalidInput(f"suggestion {suggestion.title!r}: {exc}") from exc
                win_id = wins.save(session, draft, existing=None)
                row.status, row.win_id = "accepted", win_id
                session.add(row)
                win_ids.append(win_id)
        return [self.queries.win(w) for w in win_ids]

    def reject(self, item_ids: Sequence[str]) -> None:
        """Set suggestions aside for good (their commits stay remembered)."""
        with write(self.db) as session:
            for item_id in _unique(item_ids):
                row = _pending_row(session, item_id)
                row.status = "rejected"
                session.add(row)

    def restore(self, item_ids: Sequence[str]) -> None:
        """Put rejected suggestions back in the inbox (undo of `reject`)."""
        with write(self.db) as session:
            for item_id in _unique(item_ids):
                row = session.get(tables.InboxItem, item_id)
                if row is None or row.status != "rejected":
                    raise InvalidInput(f"suggestion {item_id[:8]} is not a rejected one")
                row.status = "pending"
                session.add(row)

    def merge(self, item_ids: Sequence[str]) -> InboxItem:
        """Fold the second and later suggestions into the first (see `merged`)."""
        ids = _unique(item_ids)
        if len(ids) < 2:
            raise InvalidInput("pick at least two suggestions to merge")
        with write(self.db) as session:
            rows = [_pending_row(session, i) for i in ids]
            if len({r.kind for r in rows}) > 1:
                raise InvalidInput("only suggestions of one kind merge (wins with wins, "
                                   "projects with projects)")
            combined = merged([Suggestion.from_json(r.suggestion) for r in rows])
            target, others = rows[0], rows[1:]
            target.suggestion = combined.to_json()
            target.commit_hashes = list(combined.commit_hashes)
            session.add(target)
            for row in others:
                row.status, row.merged_into = "merged", target.id
                session.add(row)
            session.execute(
                update(tables.SeenCommit)
                .where(col(tables.SeenCommit.inbox_item_id).in_([r.id for r in others]))
                .values(inbox_item_id=target.id)
            )
        return self.item(ids[0])


def _without_seen(suggestion: Suggestion, seen: set[str]) -> Suggestion | None:
    """The suggestion minus commits suggested before; None when nothing is left."""
    fresh = [h for h in suggestion.commit_hashes if h not in seen]
    if not suggestion.commit_hashes:
        return suggestion
    if not fresh:
        return None
    if len(fresh) == len(suggestion.commit_hashes):
        return suggestion
    dropped = set(suggestion.commit_hashes) - set(fresh)
    links = [u for u in suggestion.links if not any(u.endswith(h) for h in dropped)]
    return dataclasses.replace(suggestion, commit_hashes=fresh, links=links)


def _accept_other(session: Session, kind: str, suggestion: Suggestion) -> None:
    """A project into the projects (filling in one of that name), a goal into the profile."""
    if kind == "project":
        found = projects.find(session, suggestion.title)
        start = suggestion.date if suggestion.date_precision == "day" else None
        if found is None:
            projects.save(session, projects.validated(ProjectDraft(
                name=suggestion.title, summary=suggestion.details, start=start,
                links=list(suggestion.links))), existing=None)
        elif not found.summary.strip() and suggestion.details.strip():
            found.summary = suggestion.details
            session.add(found)
        return
    profile = session.get(tables.Profile, 1) or tables.Profile(id=1)
    field_name = f"goals_{suggestion.goal_for}"
    lines = [line for line in getattr(profile, field_name).splitlines() if line.strip()]
    goal = f"- {suggestion.title}"
    if goal not in lines:
        setattr(profile, field_name, "\n".join([*lines, goal]))
    session.add(profile)


def _pending_row(session: Session, item_id: str) -> tables.InboxItem:
    row = session.get(tables.InboxItem, item_id)
    if row is None:
        raise InvalidInput(f"no inbox item with id {item_id}")
    if row.status != "pending":
        raise InvalidInput(f"inbox item {item_id} was already {row.status}")
    return row
