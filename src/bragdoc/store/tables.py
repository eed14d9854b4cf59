"""The SQLModel tables: the single declaration of the schema that Alembic revisions follow.

Lists (pillars, tags, links) are JSON columns: they are small, ordered, always read
with their owner, and SQLite's json_each() filters on them where needed. Metrics get a
table of their own because charts and the packet aggregate over their numbers.
"""

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    MetaData,
    String,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

# Set before the first revision so every constraint has a stable name that batch-mode
# migrations can find again (SQLite leaves unnamed constraints unreachable).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata


def managed_by_models(obj: object, name: str | None, type_: str, *_: object) -> bool:
    """Alembic filter: the search index (FTS5 and its shadow tables) is written by hand."""
    return not (type_ == "table" and name is not None and name.startswith("search_"))


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _json_list() -> Column[list[str]]:
    return Column(JSON, nullable=False, default=list, server_default="[]")


def _fk(target: str, *, on_delete: str) -> Column[str]:
    return Column(String, ForeignKey(target, ondelete=on_delete), nullable=True, index=True)


class Profile(SQLModel, table=True):
    """The one person whose record this file is (a single row, id 1)."""

    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(default=1, primary_key=True)
    name: str = ""
    company: str = "generic"
    current_level: str = ""
    target_level: str = ""
    level_since: dt.date | None = None
    company_since: dt.date | None = None
    career_start: dt.date | None = None
    focus_area: str = ""
    goals_this_year: str = ""
    goals_next_year: str = ""
    # Added by revision 0002; server defaults let rows written before it upgrade.
    reminder_enabled: bool = Field(default=True, sa_column_kwargs={"server_default": text("1")})
    reminder_day: int = Field(default=4, sa_column_kwargs={"server_default": text("4")})
    reminder_time: str = Field(default="16:00", sa_column_kwargs={"server_default": "16:00"})
    # Added by revision 0003: the promotion date the preparation plan counts back from.
    # Not a record field: the interchange file does not carry it (see services/profile.py).
    promotion_target: dt.date | None = None
    # Added by revision 0007: what the weekly review scans, one entry per line. Part of
    # the user's routine on this machine, like the reminder, not of their record.
    git_repositories: str = Field(default="", sa_column_kwargs={"server_default": ""})
    git_authors: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Project(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("scope IN ('single_team', 'cross_team', 'org_wide')", name="scope"),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates"
        ),
    )

    id: str = Field(primary_key=True)
    name: str = Field(sa_column=Column(String(collation="NOCASE"), nullable=False, unique=True))
    summary: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    team_size: int | None = None
    scope: str = "single_team"
    teams: int | None = None
    engineers_affected: int | None = None
    role: str = ""
    pillars: list[str] = Field(default_factory=list, sa_column=_json_list())
    tags: list[str] = Field(default_factory=list, sa_column=_json_list())
    links: list[str] = Field(default_factory=list, sa_column=_json_list())
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    created_at: dt.datetime = Field(default_factory=utc_now)
    updated_at: dt.datetime = Field(default_factory=utc_now)


class Win(SQLModel, table=True):
    __table_args__ = (CheckConstraint("length(trim(title)) > 0", name="title"),)

    id: str = Field(primary_key=True)
    date: dt.date = Field(index=True)
    title: str
    details: str = ""
    project_id: str | None = Field(default=None, sa_column=_fk("project.id", on_delete="SET NULL"))
    pillars: list[str] = Field(default_factory=list, sa_column=_json_list())
    tags: list[str] = Field(default_factory=list, sa_column=_json_list())
    links: list[str] = Field(default_factory=list, sa_column=_json_list())
    follow_up: dt.date | None = None
    created_at: dt.datetime = Field(default_factory=utc_now)
    updated_at: dt.datetime = Field(default_factory=utc_now)
    # Added by revision 0006: a date read from "2021" is the first day of 2021 but only
    # the year is known (see domain/precision.py). No CHECK: adding one would rebuild the
    # table under the search triggers; services/wins.py validates it instead.
    date_precision: str = Field(default="day", sa_column_kwargs={"server_default": "day"})


class Metric(SQLModel, table=True):
    """One measured thing, as typed and as understood (see spec/quantities.md)."""

    __table_args__ = (
        CheckConstraint("(win_id IS NULL) <> (project_id IS NULL)", name="one_owner"),
        CheckConstraint("kind IN ('change', 'single', 'text')", name="kind"),
        CheckConstraint("direction IN ('lower', 'higher', 'unknown')", name="direction"),
    )

    id: str = Field(primary_key=True)
    win_id: str | None = Field(default=None, sa_column=_fk("win.id", on_delete="CASCADE"))
    project_id: str | None = Field(default=None, sa_column=_fk("project.id", on_delete="CASCADE"))
    position: int = 0
    name: str = ""
    text: str = ""
    kind: str = "text"
    before_text: str | None = None
    after_text: str | None = None
    value_text: str | None = None
    before_value: float | None = None
    after_value: float | None = None
    value: float | None = None
    unit_kind: str | None = None
    unit: str | None = None
    currency: str | None = None
    period: str | None = None
    quantified: bool = False
    direction: str = "unknown"
    direction_source: str = "inferred"
    category: str | None = None
    category_source: str = "inferred"
    improvement_pct: float | None = None
    change_pct: float | None = None
    factor: float | None = None
    downtime_reduction_pct: float | None = None
    annual_value: float | None = None
    is_new: bool = False
    business_value: bool = False
    note: str | None = None


class Feedback(SQLModel, table=True):
    __table_args__ = (CheckConstraint("length(trim(quote)) > 0", name="quote"),)

    id: str = Field(primary_key=True)
    date: dt.date | None = Field(default=None, index=True)
    from_name: str = ""
    role: str = ""
    quote: str
    project_id: str | None = Field(default=None, sa_column=_fk("project.id", on_delete="SET NULL"))
    # Added by revision 0008: the win a quote is about; the quote outlives the win.
    win_id: str | None = Field(default=None, sa_column=_fk("win.id", on_delete="SET NULL"))


class Mentoring(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("until IS NULL OR since IS NULL OR until >= since", name="dates"),
        CheckConstraint("length(trim(mentee)) > 0", name="mentee"),
    )

    id: str = Field(primary_key=True)
    mentee: str
    since: dt.date | None = None
    until: dt.date | None = None
    outcome: str = ""
    promoted: bool = False


# --- promotion readiness (revision 0003) -------------------------------------------------


class ReadinessCheck(SQLModel, table=True):
    """A ticked item of the pre-promotion checklist (an item id from the checklist file)."""

    __tablename__ = "readiness_check"

    item_id: str = Field(primary_key=True)
    checked_on: dt.date


class ReadinessEvidence(SQLModel, table=True):
    """A checklist item linked to one win, project or feedback; goes when its target goes.
    SQLite treats NULLs as distinct in UNIQUE, so the service also refuses duplicates."""

    __tablename__ = "readiness_evidence"
    __table_args__ = (
        CheckConstraint(
            "(win_id IS NOT NULL) + (project_id IS NOT NULL) + (feedback_id IS NOT NULL) = 1",
            name="one_target",
        ),
        UniqueConstraint("item_id", "win_id", "project_id", "feedback_id"),
    )

    id: str = Field(primary_key=True)
    item_id: str
    win_id: str | None = Field(default=None, sa_column=_fk("win.id", on_delete="CASCADE"))
    project_id: str | None = Field(default=None, sa_column=_fk("project.id", on_delete="CASCADE"))
    feedback_id: str | None = Field(default=None,
                                    sa_column=_fk("feedback.id", on_delete="CASCADE"))
    linked_on: dt.date


class ReadinessPlanStep(SQLModel, table=True):
    """A step of the preparation plan marked done (a step id from the plan file)."""

    __tablename__ = "readiness_plan_step"

    step_id: str = Field(primary_key=True)
    done_on: dt.date


# --- the import inbox (revision 0004) -----------------------------------------------------


class InboxItem(SQLModel, table=True):
    """A win, project or goal an importer suggested, waiting for the user (see
    services/inbox.py).

    `suggestion` is what was suggested, as JSON (importers/suggestion.Suggestion). Items are
    never deleted: an accepted one points at its win, a merged one at the item it went into,
    and a rejected one stays so the same suggestion is not offered again."""

    __tablename__ = "inbox_item"
    __table_args__ = (
        CheckConstraint("source IN ('git', 'markdown', 'csv')", name="source"),
        CheckConstraint("status IN ('pending', 'accepted', 'rejected', 'merged')",
                        name="status"),
    )

    id: str = Field(primary_key=True)
    source: str
    created_on: dt.date
    status: str = Field(index=True)
    suggestion: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    commit_hashes: list[str] = Field(sa_column=_json_list())
    win_id: str | None = Field(default=None, sa_column=_fk("win.id", on_delete="SET NULL"))
    merged_into: str | None = Field(default=None,
                                    sa_column=_fk("inbox_item.id", on_delete="SET NULL"))
    position: int
    """Order of arrival, so the inbox lists suggestions as they were found."""
    # Added by revision 0006: Markdown documents also suggest projects and goals ('win',
    # 'project', 'goal'; checked by services/inbox.py, see the revision for why not here).
    kind: str = Field(default="win", sa_column_kwargs={"server_default": "win"})


class SeenCommit(SQLModel, table=True):
    """A commit already suggested once: a later git import skips it, whatever became of
    the suggestion (accepted, rejected or merged)."""

    __tablename__ = "seen_commit"

    hash: str = Field(primary_key=True)
    inbox_item_id: str | None = Field(
        default=None, sa_column=_fk("inbox_item.id", on_delete="SET NULL"))
    seen_on: dt.date


# --- packet drafts (revision 0005) --------------------------------------------------------

PACKET_VERSION_KINDS = ("generated", "edited", "before-regenerate", "restored")


class PacketDraft(SQLModel, table=True):
    """A promotion packet being written: the choices it was drafted with and its text.

    `generated` is the text as last drafted from the record, so the app can tell whether
    the person has edited it before drafting again."""

    __tablename__ = "packet_draft"
    __table_args__ = (
        CheckConstraint("audience IN ('committee', 'executive', 'product', 'engineering')",
                        name="audience"),
        CheckConstraint("since <= until", name="period"),
    )

    id: str = Field(primary_key=True)
    since: dt.date
    until: dt.date
    audience: str
    template: str | None = None
    choices: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    markdown: str
    generated: str
    created_at: dt.datetime
    updated_at: dt.datetime = Field(index=True)


class PacketDraftVersion(SQLModel, table=True):
    """An earlier text of a draft, kept so no edit is ever lost to a regeneration."""

    __tablename__ = "packet_draft_version"
    __table_args__ = (
        CheckConstraint("kind IN ('generated', 'edited', 'before-regenerate', 'restored')",
                        name="kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    draft_id: str = Field(sa_column=Column(String, ForeignKey("packet_draft.id",
                                                              ondelete="CASCADE"),
                                           nullable=False, index=True))
    saved_at: dt.datetime
    kind: str
    markdown: str
