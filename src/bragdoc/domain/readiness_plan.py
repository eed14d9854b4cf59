"""The preparation plan: steps counted back from the promotion date, put on the calendar.

    lay_out_plan(plan, target_date, today, done, laid_out) -> PlanLayout

When less than the plan's months remain on the day it is laid out, the plan is compressed
to run from that day to the target date, each step keeping its share of the way, so a
plan is never behind the moment it is made. The plan file is read with the same
validating reader as ladders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bragdoc.domain.ladders import add_months
from bragdoc.domain.toml_files import Reader

LAID_OUT_MARK = "_laid_out"
"""A step id no plan file may use: the row under it in the finished-steps table holds the
day the promotion date was chosen, which a compressed plan counts from (a plan step row is
the one place the plan keeps a date, so no schema change is needed for it)."""

# --- the six-month plan -------------------------------------------------------------


@dataclass(frozen=True)
class PlanStep:
    id: str
    text: str
    offset_days: int


@dataclass(frozen=True)
class PlanPhase:
    id: str
    title: str
    summary: str
    first_month: int
    last_month: int
    steps: tuple[PlanStep, ...]


@dataclass(frozen=True)
class Plan:
    title: str
    months: int
    phases: tuple[PlanPhase, ...]


@dataclass(frozen=True)
class PlannedStep:
    phase_id: str
    phase_title: str
    step_id: str
    text: str
    due: dt.date
    done: bool
    overdue: bool


@dataclass(frozen=True)
class PlanLayout:
    title: str
    start: dt.date
    target: dt.date
    steps: tuple[PlannedStep, ...]
    months: int = 6
    """The months the plan was written for; fewer when `compressed`."""
    compressed: bool = False

    @property
    def done_count(self) -> int:
        return sum(s.done for s in self.steps)

    def next_step(self) -> PlannedStep | None:
        return next((s for s in self.steps if not s.done), None)

    def compression_note(self) -> str:
        """One line saying the plan was squeezed, empty when it runs its full length."""
        if not self.compressed:
            return ""
        return (f"Less than {self.months} months were left when this plan was laid out, so "
                f"its steps are spread from {self.start.isoformat()} to "
                f"{self.target.isoformat()} ({(self.target - self.start).days} days).")

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title, "start": self.start.isoformat(),
            "target": self.target.isoformat(), "done": self.done_count,
            "total": len(self.steps), "compressed": self.compressed,
            "steps": [{"phase": s.phase_id, "id": s.step_id, "text": s.text,
                       "due": s.due.isoformat(), "done": s.done, "overdue": s.overdue}
                      for s in self.steps],
        }


def lay_out_plan(plan: Plan, target_date: dt.date, today: dt.date,
                 done: Iterable[str] = (), laid_out: dt.date | None = None) -> PlanLayout:
    """Put each step on the calendar. The plan starts `plan.months` before the target date
    and a step is due `offset_days` after that, never after the target date itself.

    `laid_out` is the day the person chose the target date (today when unknown). If the
    full plan would have started before that day, it runs from that day instead, each
    step due at the same share of the shorter span, so nothing is overdue at creation."""
    full_start = add_months(target_date, -plan.months)
    anchor = min(laid_out or today, target_date)
    compressed = full_start < anchor
    start = anchor if compressed else full_start
    full_span = max((target_date - full_start).days, 1)
    span = (target_date - start).days
    finished = set(done)
    steps: list[PlannedStep] = []
    for phase in plan.phases:
        for step in phase.steps:
            offset = step.offset_days
            if compressed:
                # Integer floor keeps a step on or after the anchor and before the target.
                offset = step.offset_days * span // full_span
            due = min(start + dt.timedelta(days=offset), target_date)
            is_done = step.id in finished
            steps.append(PlannedStep(phase.id, phase.title, step.id, step.text, due,
                                     is_done, not is_done and due < today))
    steps.sort(key=lambda s: s.due)
    return PlanLayout(plan.title, start, target_date, tuple(steps), plan.months, compressed)


_PLAN_KEYS = {"title", "months", "phases"}
_PHASE_KEYS = {"id", "title", "summary", "first_month", "last_month", "steps"}
_STEP_KEYS = {"id", "text", "offset_days"}


def parse_plan(text: str, source: str = "plan.toml") -> Plan:
    reader = Reader(text, source)
    reader.raise_if_any()
    data = reader.table(reader.data, (), _PLAN_KEYS)
    months = reader.get(data, (), "months", int, required=True, default=6)
    if months < 1:
        reader.fail(("months",), "should be at least 1")
        months = 6
    seen: set[str] = set()
    phases: list[PlanPhase] = []
    for path, raw in reader.tables(data, (), "phases", required=True):
        reader.table(raw, path, _PHASE_KEYS)
        first = reader.get(raw, path, "first_month", int, required=True, default=1)
        last = reader.get(raw, path, "last_month", int, required=True, default=months)
        if not 1 <= first <= last <= months:
            reader.fail((*path, "last_month"),
                        f"months should run from 1 to {months}, first before last")
        steps: list[PlanStep] = []
        for where, item in reader.tables(raw, path, "steps", required=True):
            reader.table(item, where, _STEP_KEYS)
            step_id = reader.text(item, where, "id", required=True)
            if step_id in seen:
                reader.fail((*where, "id"), f"the id {step_id!r} is used twice")
            if step_id == LAID_OUT_MARK:
                reader.fail((*where, "id"), f"the id {step_id!r} is reserved")
            seen.add(step_id)
            offset = reader.get(item, where, "offset_days", int, required=True, default=0)
            # A month is 28 to 31 days; allow the whole of the phase's months either way.
            if not (first - 1) * 28 <= offset <= last * 31:
                reader.fail((*where, "offset_days"),
                            f"day {offset} falls outside months {first}–{last} of the plan")
            steps.append(PlanStep(step_id, reader.text(item, where, "text", required=True),
                                  offset))
        phases.append(PlanPhase(
            id=reader.text(raw, path, "id", required=True),
            title=reader.text(raw, path, "title", required=True),
            summary=reader.text(raw, path, "summary"),
            first_month=first, last_month=last, steps=tuple(steps)))
    reader.raise_if_any()
    return Plan(reader.text(data, (), "title", required=True), months, tuple(phases))
