"""The text in every field of the project form, as typed: compared to see whether there
is anything to save, and kept in a draft file (as JSON) until it is saved
(ui/kit/typed_drafts.py)."""

from __future__ import annotations

import string
from dataclasses import asdict, dataclass, fields
from typing import Any

from bragdoc.domain.errors import InvalidInput
from bragdoc.domain.quantities import Metric, parse_metric
from bragdoc.domain.records import ProjectView
from bragdoc.domain.vocabulary import PILLARS, SCOPES

_ASCII_FOLD = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def name_key(name: str) -> str:
    """Project names clash the way the database compares them: ASCII case ignored."""
    return name.strip().translate(_ASCII_FOLD)


@dataclass(frozen=True)
class FormState:
    """Everything the editor holds, as text: what is kept for a project until Save/Revert."""

    name: str = ""
    summary: str = ""
    start: str = ""
    end: str = ""
    scope: str = "single_team"
    teams: str = ""
    team_size: str = ""
    engineers_affected: str = ""
    role: str = ""
    pillars: tuple[str, ...] = ()
    tags: str = ""
    metrics: tuple[Metric, ...] = ()
    pending_metric: str = ""
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    links: str = ""

    @classmethod
    def from_project(cls, project: ProjectView) -> FormState:
        def number(value: int | None) -> str:
            return "" if value is None else str(value)

        return cls(
            name=project.name,
            summary=project.summary,
            start=project.start.isoformat() if project.start else "",
            end=project.end.isoformat() if project.end else "",
            scope=project.scope,
            teams=number(project.teams),
            team_size=number(project.team_size),
            engineers_affected=number(project.engineers_affected),
            role=project.role,
            pillars=tuple(project.pillars),
            tags=", ".join(project.tags),
            metrics=tuple(m.metric for m in project.metrics),
            situation=project.star.situation,
            task=project.star.task,
            action=project.star.action,
            result=project.star.result,
            links="\n".join(project.links),
        )


    def to_json(self) -> dict[str, Any]:
        """Plain JSON values; a metric keeps its text and the choices the user made."""
        data = asdict(self)
        data["pillars"] = list(self.pillars)
        data["metrics"] = [{
            "text": m.text,
            "direction": m.direction if m.direction_source == "user" else None,
            "category": m.category if m.category_source == "user" else None,
            "note": m.note,
        } for m in self.metrics]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FormState:
        """The state a draft file holds; anything missing or malformed is left empty."""
        values: dict[str, Any] = {}
        for field in fields(cls):
            value = data.get(field.name)
            if field.name == "pillars":
                if isinstance(value, list):
                    values["pillars"] = tuple(p for p in value if p in PILLARS)
            elif field.name == "metrics":
                if isinstance(value, list):
                    values["metrics"] = tuple(_metric_from_json(m) for m in value
                                              if isinstance(m, dict)
                                              and isinstance(m.get("text"), str))
            elif field.name == "scope":
                if value in SCOPES:
                    values["scope"] = value
            elif isinstance(value, str):
                values[field.name] = value
        return cls(**values)


def _metric_from_json(data: dict[str, Any]) -> Metric:
    def choice(value: object) -> str | None:
        return value if isinstance(value, str) else None

    try:
        return parse_metric(data["text"], direction=choice(data.get("direction")),
                            category=choice(data.get("category")),
                            note=choice(data.get("note")))
    except InvalidInput:  # a choice this version does not know: keep the text
        return parse_metric(data["text"])
