"""The fixed vocabularies of the guide: pillars, scopes and company ladders."""

from bragdoc.domain.errors import InvalidInput

PILLARS: tuple[str, ...] = (
    "technical_excellence",
    "system_design",
    "communication",
    "leadership",
    "career_strategy",
)

PILLAR_LABELS: dict[str, str] = {
    "technical_excellence": "Technical excellence",
    "system_design": "System design",
    "communication": "Communication",
    "leadership": "Leadership",
    "career_strategy": "Career strategy",
}

SCOPES: tuple[str, ...] = ("single_team", "cross_team", "org_wide")

SCOPE_LABELS: dict[str, str] = {
    "single_team": "Single team",
    "cross_team": "Cross-team",
    "org_wide": "Organisation-wide",
}

COMPANIES: tuple[str, ...] = (
    "google",
    "meta",
    "amazon",
    "apple",
    "microsoft",
    "netflix",
    "stripe",
    "generic",
)


def _choose(value: str, allowed: tuple[str, ...], what: str) -> str:
    normalised = value.strip().lower().replace("-", "_").replace(" ", "_")
    if normalised in allowed:
        return normalised
    raise InvalidInput(f"unknown {what} {value!r}; expected one of: {', '.join(allowed)}")


def pillar(value: str) -> str:
    return _choose(value, PILLARS, "pillar")


def scope(value: str) -> str:
    return _choose(value, SCOPES, "scope")


def company(value: str) -> str:
    return _choose(value, COMPANIES, "company ladder")


def pillars(values: list[str] | tuple[str, ...]) -> list[str]:
    """Validated, de-duplicated, in the guide's order."""
    chosen = {pillar(v) for v in values}
    return [p for p in PILLARS if p in chosen]


def tags(values: list[str] | tuple[str, ...]) -> list[str]:
    """Tags are free, but stored without a leading '@' or '#' and without repeats."""
    seen: dict[str, None] = {}
    for raw in values:
        tag = raw.strip().lstrip("@#").strip()
        if tag:
            seen.setdefault(tag, None)
    return list(seen)

PILLAR_SHORT: dict[str, str] = {
    "technical_excellence": "Tech",
    "system_design": "Design",
    "communication": "Comms",
    "leadership": "Lead",
    "career_strategy": "Career",
}
