"""What the Packet page reads from the record on a worker and shows (the Page contract's
snapshot): the options a draft is drawn from, and what the record gives for them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bragdoc.packet.context import PacketChoices

if TYPE_CHECKING:
    from bragdoc.packet.coach import Finding
    from bragdoc.packet.ranking import RankedProject
    from bragdoc.services.packet_drafts import PacketDraft


@dataclass(frozen=True)
class Options:
    """What the draft is drawn from: the period, the audience, the template, the choices."""

    since: dt.date
    until: dt.date
    audience: str
    template: str | None
    choices: PacketChoices


@dataclass(frozen=True)
class Loaded:
    options: Options
    draft: PacketDraft | None
    """The stored draft, on the first load only (made from the record if there was none)."""
    markdown: str
    """The text the record gives for `options` today."""
    ranking: list[RankedProject]
    findings: list[Finding]
    warnings: tuple[str, ...] = ()
    """What to know before handing the draft over (a section left out)."""
    suggestion: tuple[dt.date, dt.date] | None = None
    """A period that holds the record, when the chosen one holds nothing."""
