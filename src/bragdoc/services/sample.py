"""The sample record (a realistic career from the guide's case studies), for trying
bragdoc out: loaded into an empty database, never over a profile the person filled in.

    report = load_sample(services)            # UserError if it already has wins
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bragdoc import resources
from bragdoc.domain.errors import UserError
from bragdoc.domain.records import Profile

if TYPE_CHECKING:
    from bragdoc.services.container import Services


@dataclass(frozen=True)
class SampleReport:
    added: dict[str, int]
    kept_profile: bool
    """The database's own profile was left as it was."""
    profile: Profile | None
    """The sample's profile, when it was set."""


def load_sample(services: Services, *, force: bool = False) -> SampleReport:
    from bragdoc.importers import interchange
    from bragdoc.services import profile as profile_service

    wins = services.queries.counts()["win"]
    if wins and not force:
        raise UserError(f"this database already has {wins} wins; the sample is meant for an "
                        "empty one (add --force to merge it in anyway)")
    bundle = interchange.load_file(resources.path(resources.SAMPLE_RECORD))
    current, blank = services.queries.profile(), Profile()
    kept = any(getattr(current, f) != getattr(blank, f) for f in profile_service.FIELDS)
    if kept:
        bundle.profile = None  # never overwrite a profile the user has filled in
    report = services.transfer.import_bundle(bundle)
    profile = bundle.profile if bundle.profile is not None and report.updated["profile"] else None
    return SampleReport(dict(report.added), kept, profile)
