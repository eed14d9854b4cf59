"""What every importer proposes: a win, a project or a goal, stored as JSON in the inbox.

Nothing enters the record until the user accepts it (services/inbox.py). Git history and
CSV files suggest wins only; a Markdown brag document also suggests the projects and
goals it names.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

SOURCES = ("git", "markdown", "csv")
KINDS = ("win", "project", "goal")
GOAL_YEARS = ("this_year", "next_year")
ORIGIN_LABELS = {"goals": "from your goals section — were these done?"}
"""Why a suggestion deserves a second look, by where in the document it was found."""
_ID_NAMESPACE = uuid.UUID("3c5a1f7e-8a51-4d3e-b0a4-696e626f7821")


@dataclass
class Suggestion:
    """A win (or project, or goal) an importer proposes.

    For a project, `title` is its name and `details` its summary; for a goal, `title` is
    the goal and `goal_for` says which of the profile's goal fields it belongs in."""

    source: str
    title: str
    date: dt.date
    details: str = ""
    project: str | None = None
    pillars: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    """Metric texts as `quantities.parse_metric` reads them."""
    links: list[str] = field(default_factory=list)
    commit_hashes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the user should check (a guessed date, an approximate one…)."""
    kind: str = "win"
    date_precision: str = "day"
    """'day', 'month' or 'year': how much of `date` the source really said."""
    follow_up: dt.date | None = None
    goal_for: str | None = None
    origin: str = ""
    """A key of ORIGIN_LABELS when the place it came from makes it doubtful."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "title": self.title,
            "date": self.date.isoformat(),
            "details": self.details,
            "project": self.project,
            "pillars": list(self.pillars),
            "tags": list(self.tags),
            "metrics": list(self.metrics),
            "links": list(self.links),
            "commit_hashes": list(self.commit_hashes),
            "notes": list(self.notes),
        }
        # Written only when they say something, so suggestions stored before these fields
        # existed and the ones written now read the same.
        extra = {"kind": self.kind != "win" and self.kind,
                 "date_precision": self.date_precision != "day" and self.date_precision,
                 "follow_up": self.follow_up and self.follow_up.isoformat(),
                 "goal_for": self.goal_for, "origin": self.origin}
        out.update({key: value for key, value in extra.items() if value})
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Suggestion:
        follow_up = data.get("follow_up")
        return cls(
            source=str(data.get("source") or "markdown"),
            title=str(data.get("title") or ""),
            date=dt.date.fromisoformat(str(data["date"])),
            details=str(data.get("details") or ""),
            project=data.get("project") or None,
            pillars=[str(p) for p in data.get("pillars") or []],
            tags=[str(t) for t in data.get("tags") or []],
            metrics=[str(m) for m in data.get("metrics") or []],
            links=[str(u) for u in data.get("links") or []],
            commit_hashes=[str(h) for h in data.get("commit_hashes") or []],
            notes=[str(n) for n in data.get("notes") or []],
            kind=str(data.get("kind") or "win"),
            date_precision=str(data.get("date_precision") or "day"),
            follow_up=dt.date.fromisoformat(str(follow_up)) if follow_up else None,
            goal_for=data.get("goal_for") or None,
            origin=str(data.get("origin") or ""),
        )

    def fingerprint(self) -> str:
        """A stable id from the content, so the same suggestion is stored once (even after
        it was rejected). Git suggestions are deduplicated by commit hash instead."""
        parts: list[object] = [self.source, self.title, self.date.isoformat(), self.details,
                               self.project, self.metrics]
        if self.kind != "win":
            parts += [self.kind, self.goal_for]  # a project and a win may share a name
        key = json.dumps(parts, ensure_ascii=False)
        return uuid.uuid5(_ID_NAMESPACE, key).hex
