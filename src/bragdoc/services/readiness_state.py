"""What the user marks on the Readiness page: ticked checklist items, evidence linked to
them, finished plan steps and the promotion date the plan counts back from.

Each method is one unit of work. Ids are checked against the checklist and plan files and
evidence against the record, so a typo fails here with a plain message rather than as a
database rule. Ticking, linking and marking are idempotent: doing it twice is one mark.

    state = ReadinessStateService(db)
    state.check("tech-observability")
    state.link("tech-observability", "win", win_id)
    state.set_promotion_target(dt.date(2027, 6, 1))
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.evidence import LinkedEvidence
from bragdoc.domain.ladders import add_months
from bragdoc.domain.readiness import EVIDENCE_KINDS, Checklist
from bragdoc.domain.readiness_plan import LAID_OUT_MARK, Plan
from bragdoc.domain.records import new_id
from bragdoc.services.clock import Clock, system_clock
from bragdoc.services.ladders import LadderService
from bragdoc.services.unit_of_work import write
from bragdoc.store import readiness_reads, tables
from bragdoc.store.database import Database
from bragdoc.store.readiness_reads import ReadinessState

FURTHEST_TARGET_YEARS = 5
"""A promotion date further out than this is almost certainly a typo (2207 for 2027)."""

_TARGET_TABLES: dict[str, type[tables.Win] | type[tables.Project] | type[tables.Feedback]] = {
    "win": tables.Win, "project": tables.Project, "feedback": tables.Feedback,
}
_TARGET_COLUMNS = {"win": "win_id", "project": "project_id", "feedback": "feedback_id"}
_KIND_WORDS = {"win": "win", "project": "project", "feedback": "piece of feedback"}


def check_promotion_target(day: dt.date | None, today: dt.date) -> dt.date | None:
    """The date as given, or InvalidInput when it is in the past or implausibly far off."""
    if day is None:
        return None
    if day < today:
        raise InvalidInput(f"{day.isoformat()} has passed; pick a promotion date from today on")
    furthest = add_months(today, 12 * FURTHEST_TARGET_YEARS)
    if day > furthest:
        raise InvalidInput(f"{day.isoformat()} is more than {FURTHEST_TARGET_YEARS} years "
                           f"away; pick a date before {furthest.isoformat()}")
    return day


class ReadinessStateService:
    def __init__(self, db: Database, ladders: LadderService | None = None, *,
                 clock: Clock = system_clock) -> None:
        self.clock = clock
        self.db = db
        self.ladders = ladders or LadderService()
        self._checklist: Checklist | None = None
        self._plan: Plan | None = None

    # --- reads -------------------------------------------------------------------------

    def state(self) -> ReadinessState:
        with self.db.reading() as conn:
            return readiness_reads.readiness_state(conn)

    def links(self, item_id: str | None = None) -> list[LinkedEvidence]:
        with self.db.reading() as conn:
            return readiness_reads.evidence_links(conn, item_id)

    # --- the checklist -----------------------------------------------------------------

    def set_checked(self, item_id: str, checked: bool, today: dt.date | None = None) -> None:
        self._known_item(item_id)
        with write(self.db) as session:
            row = session.get(tables.ReadinessCheck, item_id)
            if checked and row is None:
                session.add(tables.ReadinessCheck(item_id=item_id,
                                                  checked_on=today or self.clock().date()))
            elif not checked and row is not None:
                session.delete(row)

    def check(self, item_id: str, today: dt.date | None = None) -> None:
        self.set_checked(item_id, True, today)

    def uncheck(self, item_id: str) -> None:
        self.set_checked(item_id, False)

    def link(self, item_id: str, kind: str, target_id: str,
             today: dt.date | None = None) -> bool:
        """Link a win, project or feedback to an item; False when it was linked already."""
        self._known_item(item_id)
        column = self._column(kind)
        with write(self.db) as session:
            if session.get(_TARGET_TABLES[kind], target_id) is None:
                raise InvalidInput(f"there is no {_KIND_WORDS[kind]} with id {target_id!r}; "
                                   "it may have been deleted")
            if self._existing(session, item_id, column, target_id) is not None:
                return False
            targets: dict[str, str | None] = {name: None for name in _TARGET_COLUMNS.values()}
            targets[column] = target_id
            session.add(tables.ReadinessEvidence(
                id=new_id(), item_id=item_id, linked_on=today or self.clock().date(), **targets))
        return True

    def unlink(self, item_id: str, kind: str, target_id: str) -> bool:
        """Remove a link; False when there was none."""
        column = self._column(kind)
        with write(self.db) as session:
            row = self._existing(session, item_id, column, target_id)
            if row is None:
                return False
            session.delete(row)
        return True

    # --- the plan ----------------------------------------------------------------------

    def set_step_done(self, step_id: str, done: bool, today: dt.date | None = None) -> None:
        if not any(step.id == step_id for phase in self._plan_file().phases
                   for step in phase.steps):
            raise InvalidInput(f"the preparation plan has no step {step_id!r}")
        with write(self.db) as session:
            row = session.get(tables.ReadinessPlanStep, step_id)
            if done and row is None:
                session.add(tables.ReadinessPlanStep(step_id=step_id,
                                                     done_on=today or self.clock().date()))
            elif not done and row is not None:
                session.delete(row)

    def set_promotion_target(self, day: dt.date | None, today: dt.date | None = None
                             ) -> dt.date | None:
        """Store the date the plan counts back from (None clears it), and the day it was
        chosen, from which a plan with less than its full months left is compressed."""
        today = today or self.clock().date()
        day = check_promotion_target(day, today)
        with write(self.db) as session:
            row = session.get(tables.Profile, 1)
            if row is None:
                row = tables.Profile(id=1)
            changed = row.promotion_target != day
            row.promotion_target = day
            session.add(row)
            mark = session.get(tables.ReadinessPlanStep, LAID_OUT_MARK)
            if day is None and mark is not None:
                session.delete(mark)
            elif day is not None and mark is None:
                session.add(tables.ReadinessPlanStep(step_id=LAID_OUT_MARK, done_on=today))
            elif day is not None and mark is not None and changed:
                mark.done_on = today
                session.add(mark)
        return day

    # --- helpers -----------------------------------------------------------------------

    def _checklist_file(self) -> Checklist:
        if self._checklist is None:
            self._checklist = self.ladders.checklist()
        return self._checklist

    def _plan_file(self) -> Plan:
        if self._plan is None:
            self._plan = self.ladders.plan()
        return self._plan

    def _known_item(self, item_id: str) -> None:
        if self._checklist_file().item(item_id) is None:
            raise InvalidInput(f"the checklist has no item {item_id!r}")

    @staticmethod
    def _column(kind: str) -> str:
        if kind not in EVIDENCE_KINDS:
            raise InvalidInput(f"evidence is a win, a project or feedback, not {kind!r}")
        return _TARGET_COLUMNS[kind]

    @staticmethod
    def _existing(session: Session, item_id: str, column: str, target_id: str
                  ) -> tables.ReadinessEvidence | None:
        table = tables.ReadinessEvidence
        return session.exec(
            select(table).where(col(table.item_id) == item_id,
                                col(getattr(table, column)) == target_id)
        ).first()
