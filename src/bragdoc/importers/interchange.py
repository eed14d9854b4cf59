"""The interchange file (spec/interchange.md): reading it into drafts, writing records out.

Reading checks the whole file before anything is written, and names the first bad record
by its position (`wins[3]`) so the user can find it. Records without an id get one
derived from their content, so importing the same id-less file twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bragdoc.domain import vocabulary
from bragdoc.domain.errors import ImportRefused, InvalidInput
from bragdoc.domain.periods import parse_iso_date
from bragdoc.domain.precision import DATE_PRECISIONS
from bragdoc.domain.quantities import Metric, build_metric, parse_metric
from bragdoc.domain.records import (
    Feedback,
    Mentoring,
    MetricView,
    Profile,
    ProjectDraft,
    ProjectView,
    Star,
    WinDraft,
    WinView,
)

FORMAT = "bragdoc"
VERSION = 1
_ID_NAMESPACE = uuid.UUID("6f6e2a52-5b7e-4f0e-9f55-6272616764f1")

_KNOWN = {
    "top": {
        "format",
        "version",
        "exported_at",
        "profile",
        "projects",
        "wins",
        "feedback",
        "mentoring",
    },
    "profile": {
        "name",
        "company",
        "current_level",
        "target_level",
        "level_since",
        "company_since",
        "career_start",
        "focus_area",
        "goals_this_year",
        "goals_next_year",
    },
    "projects": {
        "id",
        "name",
        "summary",
        "start",
        "end",
        "team_size",
        "scope",
        "teams",
        "engineers_affected",
        "role",
        "pillars",
        "tags",
        "star",
        "links",
        "metrics",
    },
    "wins": {"id", "date", "title", "details", "project", "pillars", "tags", "metrics",
             "links", "follow_up", "date_precision"},
    "feedback": {"id", "date", "from", "role", "quote", "project", "win"},
    "mentoring": {"id", "mentee", "since", "until", "outcome", "promoted"},
    "metric": {"name", "before", "after", "value", "category", "direction", "note", "computed"},
}


@dataclass
class Bundle:
    """Everything one file holds, checked and ready to apply."""

    profile: Profile | None = None
    projects: list[ProjectDraft] = field(default_factory=list)
    wins: list[WinDraft] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    mentoring: list[Mentoring] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _stable_id(kind: str, raw: dict[str, Any]) -> str:
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False)
    return uuid.uuid5(_ID_NAMESPACE, f"{kind}:{canonical}").hex


class _Fields:
    """Typed access to one JSON object, with errors that say where."""

    def __init__(self, raw: object, where: str, known: set[str], warnings: list[str]) -> None:
        if not isinstance(raw, dict):
            raise ImportRefused(f"{where}: expected an object, found {type(raw).__name__}")
        self.raw: dict[str, Any] = raw
        self.where = where
        for extra in sorted(set(raw) - known):
            warnings.append(f"{where}: ignored unknown field {extra!r}")

    def fail(self, message: str) -> ImportRefused:
        return ImportRefused(f"{self.where}: {message}")

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.raw.get(key)
        if value is None:
            if required:
                raise self.fail(f"missing {key!r}")
            return ""
        if not isinstance(value, str):
            raise self.fail(f"{key!r} must be text")
        if required and not value.strip():
            raise self.fail(f"{key!r} is empty")
        return value

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if self.raw.get(key) is not None else None

    def day(self, key: str, *, required: bool = False) -> dt.date | None:
        value = self.raw.get(key)
        if value is None:
            if required:
                raise self.fail(f"missing {key!r}")
            return None
        if not isinstance(value, str):
            raise self.fail(f"{key!r} must be a date string YYYY-MM-DD")
        try:
            return parse_iso_date(value, key)
        except InvalidInput as exc:
            raise self.fail(str(exc)) from exc

    def count(self, key: str) -> int | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(f"{key!r} must be a whole number ≥ 0")
        return value

    def strings(self, key: str) -> list[str]:
        value = self.raw.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{key!r} must be a list of text")
        return value

    def pillars(self) -> list[str]:
        try:
            return vocabulary.pillars(self.strings("pillars"))
        except InvalidInput as exc:
            raise self.fail(str(exc)) from exc

    def metrics(self, warnings: list[str]) -> list[Metric]:
        value = self.raw.get("metrics")
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail("'metrics' must be a list")
        return [
            self._metric(item, f"{self.where}.metrics[{i}]", warnings)
            for i, item in enumerate(value)
        ]

    def _metric(self, item: object, where: str, warnings: list[str]) -> Metric:
        if isinstance(item, str):
            return parse_metric(item)
        spec = _Fields(item, where, _KNOWN["metric"], warnings)
        sides = {k: spec.optional_text(k) for k in ("before", "after", "value")}
        try:
            return build_metric(
                spec.text("name"),
                before=sides["before"],
                after=sides["after"],
                value=sides["value"],
                direction=spec.optional_text("direction"),
                category=spec.optional_text("category"),
                note=spec.optional_text("note"),
            )
        except InvalidInput as exc:
            raise spec.fail(str(exc)) from exc


def _section(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ImportRefused(f"{key!r} must be a list")
    return value


def _read_profile(raw: object, warnings: list[str]) -> Profile:
    f = _Fields(raw, "profile", _KNOWN["profile"], warnings)
    try:
        company = vocabulary.ladder_name(f.text("company") or "generic")
    except InvalidInput as exc:
        raise f.fail(str(exc)) from exc
    return Profile(
        name=f.text("name"),
        company=company,
        current_level=f.text("current_level"),
        target_level=f.text("target_level"),
        level_since=f.day("level_since"),
        company_since=f.day("company_since"),
        career_start=f.day("career_start"),
        focus_area=f.text("focus_area"),
        goals_this_year=f.text("goals_this_year"),
        goals_next_year=f.text("goals_next_year"),
    )


def _read_project(raw: object, where: str, warnings: list[str]) -> ProjectDraft:
    f = _Fields(raw, where, _KNOWN["projects"], warnings)
    star_raw = f.raw.get("star") or {}
    star = _Fields(star_raw, f"{where}.star", {"situation", "task", "action", "result"}, warnings)
    try:
        scope = vocabulary.scope(f.text("scope") or "single_team")
    except InvalidInput as exc:
        raise f.fail(str(exc)) from exc
    draft = ProjectDraft(
        id=f.optional_text("id") or _stable_id("project", {"name": f.text("name", required=True)}),
        name=f.text("name", required=True).strip(),
        summary=f.text("summary"),
        start=f.day("start"),
        end=f.day("end"),
        team_size=f.count("team_size"),
        scope=scope,
        teams=f.count("teams"),
        engineers_affected=f.count("engineers_affected"),
        role=f.text("role"),
        pillars=f.pillars(),
        tags=vocabulary.tags(f.strings("tags")),
        star=Star(*(star.text(k) for k in ("situation", "task", "action", "result"))),
        links=f.strings("links"),
        metrics=f.metrics(warnings),
    )
    if draft.start and draft.end and draft.end < draft.start:
        raise f.fail(f"ends ({draft.end}) before it starts ({draft.start})")
    return draft


def _read_win(raw: object, where: str, warnings: list[str]) -> WinDraft:
    f = _Fields(raw, where, _KNOWN["wins"], warnings)
    precision = f.optional_text("date_precision") or "day"
    if precision not in DATE_PRECISIONS:
        raise f.fail(f"date_precision {precision!r} is not one of {', '.join(DATE_PRECISIONS)}")
    return WinDraft(
        id=f.optional_text("id") or _stable_id("win", f.raw),
        date=f.day("date", required=True),  # type: ignore[arg-type]
        title=f.text("title", required=True),
        details=f.text("details"),
        project=f.optional_text("project"),
        pillars=f.pillars(),
        tags=vocabulary.tags(f.strings("tags")),
        links=f.strings("links"),
        metrics=f.metrics(warnings),
        follow_up=f.day("follow_up"),
        date_precision=precision,
    )


def _read_feedback(raw: object, where: str, warnings: list[str]) -> Feedback:
    f = _Fields(raw, where, _KNOWN["feedback"], warnings)
    return Feedback(
        id=f.optional_text("id") or _stable_id("feedback", f.raw),
        quote=f.text("quote", required=True),
        from_name=f.text("from"),
        role=f.text("role"),
        date=f.day("date"),
        project_id=f.optional_text("project"),
        win_id=f.optional_text("win"),
    )


def _read_mentoring(raw: object, where: str, warnings: list[str]) -> Mentoring:
    f = _Fields(raw, where, _KNOWN["mentoring"], warnings)
    promoted = f.raw.get("promoted", False)
    if not isinstance(promoted, bool):
        raise f.fail("'promoted' must be true or false")
    item = Mentoring(
        id=f.optional_text("id") or _stable_id("mentoring", f.raw),
        mentee=f.text("mentee", required=True),
        since=f.day("since"),
        until=f.day("until"),
        outcome=f.text("outcome"),
        promoted=promoted,
    )
    if item.since and item.until and item.until < item.since:
        raise f.fail(f"'until' ({item.until}) is before 'since' ({item.since})")
    return item


def read_bundle(data: object) -> Bundle:
    """Check a parsed interchange document and turn it into drafts; raises ImportRefused."""
    if not isinstance(data, dict):
        raise ImportRefused("not a bragdoc file: the top level must be a JSON object")
    if data.get("format") != FORMAT:
        raise ImportRefused(f"not a bragdoc file: format is {data.get('format')!r}, not 'bragdoc'")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportRefused(f"unsupported version {version!r}: expected a whole number ≥ 1")
    if version > VERSION:
        raise ImportRefused(
            f"the file is format version {version}, newer than this bragdoc reads ({VERSION}); "
            "update bragdoc to import it"
        )
    bundle = Bundle()
    warn = bundle.warnings
    for extra in sorted(set(data) - _KNOWN["top"]):
        warn.append(f"ignored unknown section {extra!r}")
    if data.get("profile") is not None:
        bundle.profile = _read_profile(data["profile"], warn)
    bundle.projects = [
        _read_project(r, f"projects[{i}]", warn) for i, r in enumerate(_section(data, "projects"))
    ]
    bundle.wins = [_read_win(r, f"wins[{i}]", warn) for i, r in enumerate(_section(data, "wins"))]
    bundle.feedback = [
        _read_feedback(r, f"feedback[{i}]", warn) for i, r in enumerate(_section(data, "feedback"))
    ]
    bundle.mentoring = [
        _read_mentoring(r, f"mentoring[{i}]", warn)
        for i, r in enumerate(_section(data, "mentoring"))
    ]
    _refuse_repeated_ids(bundle)
    return bundle


def _refuse_repeated_ids(bundle: Bundle) -> None:
    for kind, ids in (
        ("projects", [item.id for item in bundle.projects]),
        ("wins", [item.id for item in bundle.wins]),
        ("feedback", [item.id for item in bundle.feedback]),
        ("mentoring", [item.id for item in bundle.mentoring]),
    ):
        seen: set[str | None] = set()
        for i, item_id in enumerate(ids):
            if item_id in seen:
                raise ImportRefused(f"{kind}[{i}]: id {item_id!r} appears twice in the file")
            seen.add(item_id)


def load_file(path: Path) -> Bundle:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ImportRefused(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportRefused(f"{path}: cannot be read ({exc})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    return read_bundle(data)


# --- writing -------------------------------------------------------------------------


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def metric_out(view: MetricView) -> dict[str, Any]:
    m = view.metric
    out: dict[str, Any] = {"name": m.name}
    if m.kind == "change":
        out["before"], out["after"] = m.before_text, m.after_text
    else:
        out["value"] = m.value_text
    if m.category and m.category_source == "user":
        out["category"] = m.category
    if m.direction_source == "user" and m.direction != "unknown":
        out["direction"] = m.direction
    if m.note:
        out["note"] = m.note
    out["computed"] = m.computed()
    return out


def win_out(win: WinView) -> dict[str, Any]:
    out = {
        "id": win.id,
        "date": win.date.isoformat(),
        "title": win.title,
        "details": win.details,
        "project": win.project_id,
        "pillars": list(win.pillars),
        "tags": list(win.tags),
        "metrics": [metric_out(m) for m in win.metrics],
        "links": list(win.links),
        "follow_up": _iso(win.follow_up),
    }
    if win.date_precision != "day":  # files of exactly dated wins keep their old shape
        out["date_precision"] = win.date_precision
    return out


def project_out(project: ProjectView) -> dict[str, Any]:
    star = project.star
    return {
        "id": project.id,
        "name": project.name,
        "summary": project.summary,
        "start": _iso(project.start),
        "end": _iso(project.end),
        "team_size": project.team_size,
        "scope": project.scope,
        "teams": project.teams,
        "engineers_affected": project.engineers_affected,
        "role": project.role,
        "pillars": list(project.pillars),
        "tags": list(project.tags),
        "star": {
            "situation": star.situation,
            "task": star.task,
            "action": star.action,
            "result": star.result,
        },
        "links": list(project.links),
        "metrics": [metric_out(m) for m in project.metrics],
    }


def profile_out(profile: Profile) -> dict[str, Any]:
    return {
        "name": profile.name,
        "company": profile.company,
        "current_level": profile.current_level,
        "target_level": profile.target_level,
        "level_since": _iso(profile.level_since),
        "company_since": _iso(profile.company_since),
        "career_start": _iso(profile.career_start),
        "focus_area": profile.focus_area,
        "goals_this_year": profile.goals_this_year,
        "goals_next_year": profile.goals_next_year,
    }


def feedback_out(item: Feedback) -> dict[str, Any]:
    out = {
        "id": item.id,
        "date": _iso(item.date),
        "from": item.from_name,
        "role": item.role,
        "quote": item.quote,
        "project": item.project_id,
    }
    # Only when set, so files of quotes without one read exactly as before.
    if item.win_id is not None:
        out["win"] = item.win_id
    return out


def mentoring_out(item: Mentoring) -> dict[str, Any]:
    return {
        "id": item.id,
        "mentee": item.mentee,
        "since": _iso(item.since),
        "until": _iso(item.until),
        "outcome": item.outcome,
        "promoted": item.promoted,
    }


def document(
    profile: Profile,
    projects: list[ProjectView],
    wins: list[WinView],
    feedback: list[Feedback],
    mentoring: list[Mentoring],
    exported_at: dt.datetime,
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "profile": profile_out(profile),
        "projects": [project_out(p) for p in projects],
        "wins": [win_out(w) for w in wins],
        "feedback": [feedback_out(f) for f in feedback],
        "mentoring": [mentoring_out(m) for m in mentoring],
    }
