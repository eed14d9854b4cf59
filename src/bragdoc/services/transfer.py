"""Backup export and merging import of the interchange file, each all or nothing."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text
from sqlmodel import Session, col, select

from bragdoc.domain.errors import ImportRefused, InvalidInput
from bragdoc.domain.quantities import Metric
from bragdoc.domain.records import Profile, ProjectDraft, WinDraft
from bragdoc.importers import interchange
from bragdoc.importers.interchange import Bundle
from bragdoc.services import people, profile, projects, wins
from bragdoc.services.backups import BackupService
from bragdoc.services.clock import Clock, system_clock, utc_now
from bragdoc.services.metric_rows import MetricValues, metric_values
from bragdoc.services.unit_of_work import write
from bragdoc.store import reads, tables
from bragdoc.store.database import Database
from bragdoc.store.files import write_atomically


@dataclass
class ImportReport:
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        def part(counter: Counter[str]) -> str:
            return ", ".join(f"{n} {kind}" for kind, n in counter.items() if n) or "nothing"

        return (
            f"added {part(self.added)}; updated {part(self.updated)}; "
            f"unchanged {part(self.unchanged)}"
        )


def _metric_key(metric: Metric) -> tuple[object, ...]:
    return (
        metric.text,
        metric.direction if metric.direction_source == "user" else None,
        metric.category if metric.category_source == "user" else None,
        metric.note or None,
    )


def _row_metric_keys(session: Session, owner: Any, owner_id: str) -> list[tuple[object, ...]]:
    rows = session.exec(
        select(tables.Metric).where(owner == owner_id).order_by(col(tables.Metric.position))
    ).all()
    return [
        (
            r.text,
            r.direction if r.direction_source == "user" else None,
            r.category if r.category_source == "user" else None,
            r.note or None,
        )
        for r in rows
    ]


class TransferService:
    def __init__(self, db: Database, *, clock: Clock = system_clock,
                 backups: BackupService | None = None) -> None:
        self.db = db
        self.clock = clock
        self.backups = backups or BackupService(db, clock=clock)

    def export_document(self) -> dict[str, Any]:
        with self.db.reading() as conn:
            return interchange.document(
                reads.get_profile(conn),
                reads.list_projects(conn),
                reads.list_wins(conn),
                reads.list_feedback(conn),
                reads.list_mentoring(conn),
                exported_at=utc_now(self.clock),
            )

    def export_to(self, path: Path) -> dict[str, int]:
        document = self.export_document()
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        write_atomically(path, text.encode("utf-8"))
        return {kind: len(document[kind]) for kind in ("projects", "wins", "feedback", "mentoring")}

    def import_file(self, path: Path) -> ImportReport:
        return self.import_bundle(interchange.load_file(path))

    def import_bundle(self, bundle: Bundle) -> ImportReport:
        """Merge in one transaction, after a checked backup (reason 'import')."""
        report = ImportReport(warnings=list(bundle.warnings))
        self.backups.backup_now("import")
        with write(self.db) as session:
            if bundle.profile is not None:
                self._import_profile(session, bundle.profile, report)
            project_ids = self._import_projects(session, bundle, report)
            self._import_wins(session, bundle, project_ids, report)
            self._import_people(session, bundle, project_ids, report)
        return report

    @staticmethod
    def _import_profile(session: Session, incoming: Profile, report: ImportReport) -> None:
        incoming = profile.validated(incoming)
        row = session.get(tables.Profile, 1)
        if row is not None and all(getattr(row, f) == getattr(incoming, f) for f in profile.FIELDS):
            report.unchanged["profile"] += 1
            return
        profile.save(session, incoming)
        report.updated["profile"] += 1

    @staticmethod
    def _import_projects(session: Session, bundle: Bundle, report: ImportReport) -> dict[str, str]:
        """Upsert projects by id, or by name when the id is new; returns file id → stored id."""
        stored_ids: dict[str, str] = {}
        for i, draft in enumerate(bundle.projects):
            try:
                draft = projects.validated(draft)
            except InvalidInput as exc:
                raise ImportRefused(f"projects[{i}]: {exc}") from exc
            existing = session.get(tables.Project, draft.id) or projects.find(session, draft.name)
            file_id = draft.id or ""
            if existing is None:
                stored_ids[file_id] = projects.save(session, draft, existing=None)
                report.added["projects"] += 1
                continue
            stored_ids[file_id] = existing.id
            if _same_project(session, existing, draft):
                report.unchanged["projects"] += 1
            else:
                projects.save(session, draft, existing=existing)
                report.updated["projects"] += 1
        return stored_ids

    @staticmethod
    def _import_wins(
        session: Session, bundle: Bundle, project_ids: dict[str, str], report: ImportReport
    ) -> None:
        stored = set(session.exec(select(tables.Win.id)).all())
        # New wins and their metrics go in as two bulk inserts: going through the ORM one
        # record at a time made a 5,000-win import take over 20 seconds.
        new_wins: list[wins.WinValues] = []
        new_metrics: list[MetricValues] = []
        for i, draft in enumerate(bundle.wins):
            try:
                draft = wins.validated(draft)
            except InvalidInput as exc:
                raise ImportRefused(f"wins[{i}]: {exc}") from exc
            if draft.project is not None:
                draft.project = project_ids.get(draft.project, draft.project)
            if draft.id not in stored:
                values = wins.new_row_values(session, draft)
                new_wins.append(values)
                new_metrics += [
                    metric_values(m, n, win_id=str(values["id"]))
                    for n, m in enumerate(draft.metrics)
                ]
                stored.add(str(values["id"]))
                report.added["wins"] += 1
                continue
            existing = session.get(tables.Win, draft.id)
            if existing is not None and _same_win(session, existing, draft):
                report.unchanged["wins"] += 1
            else:
                wins.save(session, draft, existing=existing)
                report.updated["wins"] += 1
        if new_metrics:
            # Metrics first, with the foreign-key check deferred to commit: the search
            # index then picks up each win's metric text once, when the win goes in,
            # instead of being rewritten once per metric.
            session.execute(text("PRAGMA defer_foreign_keys = ON"))
            session.execute(insert(tables.Metric), new_metrics)
        if new_wins:
            session.execute(insert(tables.Win), new_wins)

    @staticmethod
    def _import_people(
        session: Session, bundle: Bundle, project_ids: dict[str, str], report: ImportReport
    ) -> None:
        for i, item in enumerate(bundle.feedback):
            try:
                item = people.validated_feedback(item)
            except InvalidInput as exc:
                raise ImportRefused(f"feedback[{i}]: {exc}") from exc
            if item.project_id is not None:
                stored = project_ids.get(item.project_id, item.project_id)
                item = dataclasses.replace(item, project_id=stored)
            if item.win_id is not None and session.get(tables.Win, item.win_id) is None:
                report.warnings.append(f"feedback[{i}]: no win with id {item.win_id!r}; "
                                       "the quote is imported without its link to a win")
                item = dataclasses.replace(item, win_id=None)
            row = session.get(tables.Feedback, item.id)
            kind = _upsert_kind(row, item, ("quote", "from_name", "role", "date", "project_id",
                                            "win_id"))
            if kind != "unchanged":
                people.save_feedback(session, item)
            getattr(report, kind)["feedback"] += 1
        for i, entry in enumerate(bundle.mentoring):
            try:
                entry = people.validated_mentoring(entry)
            except InvalidInput as exc:
                raise ImportRefused(f"mentoring[{i}]: {exc}") from exc
            mentoring = session.get(tables.Mentoring, entry.id)
            kind = _upsert_kind(mentoring, entry,
                                ("mentee", "since", "until", "outcome", "promoted"))
            if kind != "unchanged":
                people.save_mentoring(session, entry)
            getattr(report, kind)["mentoring"] += 1


def _upsert_kind(row: object | None, item: object, fields: tuple[str, ...]) -> str:
    if row is None:
        return "added"
    if all(getattr(row, f) == getattr(item, f) for f in fields):
        return "unchanged"
    return "updated"


def _same_win(session: Session, row: tables.Win, draft: WinDraft) -> bool:
    project_id = None
    if draft.project is not None:
        found = projects.find(session, draft.project)
        project_id = found.id if found else draft.project
    return (
        row.date,
        row.title,
        row.details,
        row.project_id,
        row.pillars,
        row.tags,
        row.links,
        row.follow_up,
        row.date_precision,
    ) == (
        draft.date,
        draft.title,
        draft.details,
        project_id,
        draft.pillars,
        draft.tags,
        draft.links,
        draft.follow_up,
        draft.date_precision,
    ) and _row_metric_keys(session, col(tables.Metric.win_id), row.id) == [
        _metric_key(m) for m in draft.metrics
    ]


def _same_project(session: Session, row: tables.Project, draft: ProjectDraft) -> bool:
    star = draft.star
    return (
        row.name,
        row.summary,
        row.start_date,
        row.end_date,
        row.team_size,
        row.scope,
        row.teams,
        row.engineers_affected,
        row.role,
        row.pillars,
        row.tags,
        row.links,
        row.situation,
        row.task,
        row.action,
        row.result,
    ) == (
        draft.name,
        draft.summary,
        draft.start,
        draft.end,
        draft.team_size,
        draft.scope,
        draft.teams,
        draft.engineers_affected,
        draft.role,
        draft.pillars,
        draft.tags,
        draft.links,
        star.situation,
        star.task,
        star.action,
        star.result,
    ) and _row_metric_keys(session, col(tables.Metric.project_id), row.id) == [
        _metric_key(m) for m in draft.metrics
    ]
