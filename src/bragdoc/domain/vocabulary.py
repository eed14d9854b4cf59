"""The fixed vocabularies and the words people see for them: pillars, scopes, company
ladders, and the categories and directions of metrics (whose keys the quantities engine
owns). Every label shown in a chart, a packet, the command line or the app comes from
here, so one name never reads two ways."""

import re

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

CATEGORY_LABELS: dict[str, str] = {
    "revenue": "Revenue",
    "cost_savings": "Cost savings",
    "user_experience": "User experience",
    "operational_efficiency": "Operational efficiency",
    "performance": "Performance",
    "reliability": "Reliability",
    "scalability": "Scalability",
    "developer_productivity": "Developer productivity",
    "leadership": "Leadership",
}
"""One label for each of quantities.CATEGORIES."""

NO_CATEGORY = "Other"

DIRECTION_LABELS: dict[str, str] = {"lower": "Lower", "higher": "Higher",
                                    "unknown": "Undecided"}
"""One label for each of quantities.DIRECTIONS: which way is better."""

def counted(count: int, one: str, many: str | None = None) -> str:
    """`1 win`, `2 wins`: a count with its noun, so no list ever says "1 wins"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def category_label(category: str | None) -> str:
    """The label of a metric's category; NO_CATEGORY when it has none."""
    if not category:
        return NO_CATEGORY
    return CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize())


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


_LADDER_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


def ladder_name(value: str) -> str:
    """A shipped company ladder, or the name of a user's own ladder file (its stem)."""
    normalised = value.strip().lower()
    if normalised.replace("-", "_").replace(" ", "_") in COMPANIES:
        return company(normalised)
    if _LADDER_NAME.fullmatch(normalised):
        return normalised
    raise InvalidInput(f"unknown company ladder {value!r}; expected one of: "
                       f"{', '.join(COMPANIES)}, or the name of your own ladder file")


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
