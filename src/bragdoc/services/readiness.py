"""Promotion readiness for the profile's ladder, level and record, as one plain report.

    report = ReadinessService(db).report(today=None, checked={...}, evidence={...})
    report.to_json()      # what `bragdoc readiness --json` prints

Checklist ticks, evidence links, plan progress and the promotion date are read from the
database (see services/readiness_state.py) unless passed in; evidence pointing at a win,
project or feedback that no longer exists is dropped before counting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bragdoc.domain.evidence_suggestions import Suggestion, suggest_evidence
from bragdoc.domain.ladders import Ladder, Level, expected_pillar_profile
from bragdoc.domain.readiness import (
    ChecklistCoverage,
    EvidenceRef,
    Finding,
    Timeline,
    analyse_gaps,
    checklist_coverage,
    timeline,
)
from bragdoc.domain.readiness_plan import PlanLayout, lay_out_plan
from bragdoc.domain.records import Profile
from bragdoc.domain.toml_files import Problem
from bragdoc.services.clock import Clock, system_clock
from bragdoc.services.ladders import LadderService
from bragdoc.services.queries import Queries
from bragdoc.store import readiness_reads
from bragdoc.store.database import Database


@dataclass(frozen=True)
class ReadinessReport:
    today: dt.date
    profile: Profile
    ladder: Ladder
    current: Level | None
    target: Level | None
    timeline: Timeline
    checklist: ChecklistCoverage
    gaps: tuple[Finding, ...]
    expected_profile: dict[str, float]
    """The target level's pillar shares (current level's when there is no target)."""
    plan: PlanLayout | None = None
    notes: tuple[str, ...] = ()
    """Why parts of the report are missing (no level set, unknown level, broken files)."""
    ladder_problems: tuple[Problem, ...] = field(default=())

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return self.timeline.warnings

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO text, missing values as None)."""
        line = self.timeline
        typical = None
        if line.typical_days is not None:
            low, high = line.typical_days
            typical = {"low": low, "high": high, "label": line.typical_label}
        return {
            "today": self.today.isoformat(),
            "ladder": self.ladder.name,
            "ladder_title": self.ladder.title,
            "current_level": _level(self.current),
            "target_level": _level(self.target),
            "level_since": _iso(self.profile.level_since),
            "days_at_level": line.days_at_level,
            "typical_days": typical,
            "status": line.status,
            "deadline": _iso(line.deadline),
            "days_left": line.days_left,
            "warnings": [w.to_json() for w in line.warnings],
            "checklist": self.checklist.to_json(),
            "gaps": [g.to_json() for g in self.gaps],
            "expected_pillar_profile": self.expected_profile,
            "plan": self.plan.to_json() if self.plan else None,
            "notes": list(self.notes),
            "ladder_problems": [str(p) for p in self.ladder_problems],
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _level(level: Level | None) -> dict[str, Any] | None:
    if level is None:
        return None
    return {"id": level.id, "title": level.title, "scope": level.scope}


class ReadinessService:
    def __init__(self, db: Database, ladders: LadderService | None = None, *,
                 clock: Clock = system_clock) -> None:
        self.clock = clock
        self.db = db
        self.queries = Queries(db)
        self.ladders = ladders or LadderService()

    def report(self, today: dt.date | None = None, *,
               checked: Iterable[str] | None = None,
               evidence: Mapping[str, Sequence[EvidenceRef]] | None = None,
               target_date: dt.date | None = None,
               done: Iterable[str] | None = None) -> ReadinessReport:
        """Where the profile stands, what the record lacks and how far the checklist is.
        `target_date` lays out the six-month plan; `done` lists finished plan steps.
        Each of the four left out (None) is read from what the user stored."""
        today = today or self.clock().date()
        laid_out = None
        if checked is None or evidence is None or target_date is None or done is None:
            with self.db.reading() as conn:
                stored = readiness_reads.readiness_state(conn)
            if target_date is None:
                laid_out = stored.plan_laid_out
            checked = stored.checked if checked is None else checked
            evidence = stored.evidence if evidence is None else evidence
            target_date = stored.promotion_target if target_date is None else target_date
            done = stored.done if done is None else done
        profile = self.queries.profile()
        notes: list[str] = []
        ladder = self._ladder(profile.company, notes)
        current = ladder.level(profile.current_level) if profile.current_level else None
        if not profile.current_level:
            notes.append("Set your current level in the profile to see your timeline.")
        elif current is None:
            notes.append(f"The {ladder.title} ladder has no level {profile.current_level!r}; "
                         f"its levels are {', '.join(lv.id for lv in ladder.levels)}.")
        target = self._target(ladder, profile, current, notes)
        if current is not None and profile.level_since is None:
            notes.append("Set the date you reached your current level to see time at level.")

        wins = self.queries.wins()
        projects = self.queries.projects()
        feedback = self.queries.feedback()
        mentoring = self.queries.mentoring()
        known = {"win": {w.id for w in wins}, "project": {p.id for p in projects},
                 "feedback": {f.id for f in feedback}}
        live = {item: [r for r in refs if r.id in known.get(r.kind, set())]
                for item, refs in (evidence or {}).items()}
        shape_of = target or current
        return ReadinessReport(
            today=today,
            profile=profile,
            ladder=ladder,
            current=current,
            target=target,
            timeline=timeline(ladder, current, profile.level_since, today),
            checklist=checklist_coverage(self.ladders.checklist(), checked, live),
            gaps=tuple(analyse_gaps(target, wins, projects, feedback, mentoring, today,
                                    ladder)),
            expected_profile=expected_pillar_profile(ladder, shape_of) if shape_of else {},
            plan=(lay_out_plan(self.ladders.plan(), target_date, today, done, laid_out)
                  if target_date else None),
            notes=tuple(notes),
            ladder_problems=tuple(self.ladders.problems),
        )

    def suggestions(self, today: dt.date | None = None,
                    dismissed: Iterable[tuple[str, str, str]] = ()
                    ) -> dict[str, tuple[Suggestion, ...]]:
        """Evidence the record holds for each checklist item and nobody linked yet (see
        domain/evidence_suggestions.py); `dismissed` lists (item, kind, id) not to offer."""
        with self.db.reading() as conn:
            linked = readiness_reads.readiness_state(conn).evidence
        return suggest_evidence(self.ladders.checklist(), self.queries.wins(),
                                self.queries.projects(), self.queries.feedback(), linked,
                                set(dismissed), today or self.clock().date(),
                                self.queries.mentoring())

    def _ladder(self, company: str, notes: list[str]) -> Ladder:
        names = self.ladders.names()
        if company in names:
            return self.ladders.get(company)
        notes.append(f"No usable ladder named {company!r}; the generic ladder is shown.")
        return self.ladders.get("generic")

    @staticmethod
    def _target(ladder: Ladder, profile: Profile, current: Level | None,
                notes: list[str]) -> Level | None:
        if profile.target_level:
            found = ladder.level(profile.target_level)
            if found is not None:
                return found
            notes.append(f"The {ladder.title} ladder has no level {profile.target_level!r}; "
                         "the level after your current one is used as the target.")
        following = ladder.next_level(current) if current else None
        if current is not None and following is None:
            notes.append(f"{current.id} is the top of the {ladder.title} ladder here.")
        return following
