"""What a packet is built from: the plain records a service reads, the choices the person
made in the app, and the names of audiences and categories every part agrees on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from bragdoc.domain.records import Feedback, Mentoring, Profile, ProjectView, WinView
from bragdoc.packet import ranking
from bragdoc.packet.formatting import tidy

AUDIENCES: tuple[str, ...] = ("committee", "executive", "product", "engineering")
AUDIENCE_LABELS: dict[str, str] = {
    "committee": "Promotion committee",
    "executive": "Executive summary",
    "product": "Product partners",
    "engineering": "Engineering peers",
}
VISION_PROMPTS: dict[str, str] = {
    "focus_areas": "Two or three areas you would take on at the next level, one a line: "
                   "the technical bet, how you would bring other teams along, and the "
                   "platform or shared tooling it would leave behind.",
    "days_1_30": "First month: widen your view. Whom would you meet, which roadmaps and "
                 "open problems would you study, and what would you hand over?",
    "days_31_60": "Second month: set direction. Which initiative would you lead, and "
                  "which architecture or roadmap decisions would you drive?",
    "days_61_90": "Third month: make it last. What standard, platform or practice would "
                  "outlive you, and whose growth would you invest in?",
}
"""Hints the app shows where the person writes their vision; never copied into a draft."""
SECTION_TITLES: dict[str, str] = {
    "achievements": "Key achievements",
    "portfolio": "Technical impact portfolio",
    "leadership": "Leadership and influence",
    "quotes": "What colleagues say",
    "vision": "Future vision and readiness",
}


class Ref(NamedTuple):
    """Where in the record something came from, or where to fix it."""

    kind: str
    """'win', 'project', 'feedback', 'mentoring', 'profile', 'pillar' or 'section'."""
    id: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id}


@dataclass(frozen=True)
class Vision:
    """What the person wrote about the next level; the packet never invents it."""

    focus_areas: tuple[str, ...] = ()
    days_1_30: str = ""
    days_31_60: str = ""
    days_61_90: str = ""

    @property
    def plan(self) -> tuple[tuple[str, str], ...]:
        return (("Days 1–30", tidy(self.days_1_30)), ("Days 31–60", tidy(self.days_31_60)),
                ("Days 61–90", tidy(self.days_61_90)))


@dataclass(frozen=True)
class PacketChoices:
    """What the person decided in the app, passed in (the app stores it)."""

    pinned: tuple[str, ...] = ()
    """Project ids always shown in the portfolio."""
    dropped: tuple[str, ...] = ()
    """Project ids never shown."""
    order: tuple[str, ...] = ()
    """Project ids shown first, in this order."""
    quotes: tuple[str, ...] | None = None
    """Feedback ids to show, in this order; None lets the packet choose."""
    vision: Vision = field(default_factory=Vision)
    limit: int = ranking.DEFAULT_LIMIT


@dataclass(frozen=True)
class PacketRecord:
    """The plain records a packet is built from (the service reads them)."""

    profile: Profile
    wins: tuple[WinView, ...]
    """Wins inside the period."""
    projects: tuple[ProjectView, ...]
    """Every project; the period's ones are picked here."""
    feedback: tuple[Feedback, ...]
    mentoring: tuple[Mentoring, ...]
    current_title: str = ""
    """The ladder's title for the current level ("Senior Software Engineer")."""
    target_title: str = ""
    company_title: str = ""
