"""Initial schema: profile, projects, wins, metrics, feedback, mentoring, search index.

Revision ID: 0001_initial
Revises: (none)
Create Date: 2026-11-25 19:49:42.981101
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Full-text search over wins, projects and feedback. The schema keeps it in sync with
# triggers so no code path can forget to. `search_ref` gives every indexed record a
# stable integer rowid (the tables' own rowids may change on VACUUM).
_WIN_EXTRA = (
    "{w}.tags || ' ' || coalesce((SELECT group_concat(text, ' ') FROM metric"
    " WHERE metric.win_id = {w}.id), '')"
)
_PROJECT_BODY = (
    "{p}.summary || ' ' || {p}.situation || ' ' || {p}.task || ' ' || {p}.action"
    " || ' ' || {p}.result"
)
_PROJECT_EXTRA = (
    "{p}.role || ' ' || {p}.tags || ' ' || coalesce((SELECT group_concat(text, ' ')"
    " FROM metric WHERE metric.project_id = {p}.id), '')"
)


def _ref(kind: str, ref: str) -> str:
    return f"(SELECT rowid FROM search_ref WHERE kind = '{kind}' AND ref = {ref})"


def _indexed(table: str, title: str, body: str, extra: str) -> list[str]:
    new = {"w": "NEW", "p": "NEW"}
    return [
        f"""CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN
            INSERT INTO search_ref(kind, ref) VALUES ('{table}', NEW.id);
            INSERT INTO search_index(rowid, title, body, extra)
            VALUES ({_ref(table, "NEW.id")}, {title.format(**new)}, {body.format(**new)},
                    {extra.format(**new)});
        END""",
        f"""CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table} BEGIN
            UPDATE search_index SET title = {title.format(**new)}, body = {body.format(**new)},
                   extra = {extra.format(**new)}
            WHERE rowid = {_ref(table, "OLD.id")};
            UPDATE search_ref SET ref = NEW.id WHERE kind = '{table}' AND ref = OLD.id;
        END""",
        f"""CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN
            DELETE FROM search_index WHERE rowid = {_ref(table, "OLD.id")};
            DELETE FROM search_ref WHERE kind = '{table}' AND ref = OLD.id;
        END""",
    ]


def _metric_refresh(event: str, row: str) -> str:
    win = _WIN_EXTRA.format(w="win")
    project = _PROJECT_EXTRA.format(p="project")
    return f"""CREATE TRIGGER metric_search_{event.lower()} AFTER {event} ON metric BEGIN
        UPDATE search_index SET extra = (SELECT {win} FROM win WHERE win.id = {row}.win_id)
        WHERE {row}.win_id IS NOT NULL AND rowid = {_ref("win", f"{row}.win_id")};
        UPDATE search_index
        SET extra = (SELECT {project} FROM project WHERE project.id = {row}.project_id)
        WHERE {row}.project_id IS NOT NULL AND rowid = {_ref("project", f"{row}.project_id")};
    END"""


SEARCH_INDEX_DDL: list[str] = [
    """CREATE TABLE search_ref (
        rowid INTEGER PRIMARY KEY,
        kind VARCHAR NOT NULL,
        ref VARCHAR NOT NULL,
        CONSTRAINT uq_search_ref_kind_ref UNIQUE (kind, ref)
    )""",
    """CREATE VIRTUAL TABLE search_index USING fts5(
        title, body, extra, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
    )""",
    *_indexed("win", "{w}.title", "{w}.details", _WIN_EXTRA),
    *_indexed("project", "{p}.name", _PROJECT_BODY, _PROJECT_EXTRA),
    *_indexed("feedback", "{w}.from_name", "{w}.quote", "{w}.role"),
    _metric_refresh("INSERT", "NEW"),
    _metric_refresh("UPDATE", "NEW"),
    _metric_refresh("DELETE", "OLD"),
]

SEARCH_INDEX_DROP: list[str] = [
    *(
        f"DROP TRIGGER IF EXISTS {table}_search_{event}"
        for table in ("win", "project", "feedback")
        for event in ("insert", "update", "delete")
    ),
    *(f"DROP TRIGGER IF EXISTS metric_search_{event}" for event in ("insert", "update", "delete")),
    "DROP TABLE IF EXISTS search_index",
    "DROP TABLE IF EXISTS search_ref",
]


def upgrade() -> None:
    op.create_table(
        "mentoring",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("mentee", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("promoted", sa.Boolean(), nullable=False),
        sa.CheckConstraint("length(trim(mentee)) > 0", name=op.f("ck_mentoring_mentee")),
        sa.CheckConstraint(
            "until IS NULL OR since IS NULL OR until >= since", name=op.f("ck_mentoring_dates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring")),
    )
    op.create_table(
        "profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("company", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("current_level", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("target_level", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("level_since", sa.Date(), nullable=True),
        sa.Column("company_since", sa.Date(), nullable=True),
        sa.Column("career_start", sa.Date(), nullable=True),
        sa.Column("focus_area", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("goals_this_year", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("goals_next_year", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_profile_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile")),
    )
    op.create_table(
        "project",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sa.String(collation="NOCASE"), nullable=False),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("team_size", sa.Integer(), nullable=True),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("teams", sa.Integer(), nullable=True),
        sa.Column("engineers_affected", sa.Integer(), nullable=True),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("pillars", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("tags", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("links", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("situation", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("task", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "scope IN ('single_team', 'cross_team', 'org_wide')", name=op.f("ck_project_scope")
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name=op.f("ck_project_dates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
        sa.UniqueConstraint("name", name=op.f("uq_project_name")),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("from_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("quote", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("project_id", sa.String(), nullable=True),
        sa.CheckConstraint("length(trim(quote)) > 0", name=op.f("ck_feedback_quote")),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_feedback_project_id_project"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_project_id"), ["project_id"], unique=False)

    op.create_table(
        "win",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("details", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("project_id", sa.String(), nullable=True),
        sa.Column("pillars", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("tags", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("links", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("follow_up", sa.Date(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("length(trim(title)) > 0", name=op.f("ck_win_title")),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_win_project_id_project"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_win")),
    )
    with op.batch_alter_table("win", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_win_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_win_project_id"), ["project_id"], unique=False)

    op.create_table(
        "metric",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("win_id", sa.String(), nullable=True),
        sa.Column("project_id", sa.String(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("before_text", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("after_text", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("value_text", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("before_value", sa.Float(), nullable=True),
        sa.Column("after_value", sa.Float(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("unit_kind", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("quantified", sa.Boolean(), nullable=False),
        sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("direction_source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("category_source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("improvement_pct", sa.Float(), nullable=True),
        sa.Column("change_pct", sa.Float(), nullable=True),
        sa.Column("factor", sa.Float(), nullable=True),
        sa.Column("downtime_reduction_pct", sa.Float(), nullable=True),
        sa.Column("annual_value", sa.Float(), nullable=True),
        sa.Column("is_new", sa.Boolean(), nullable=False),
        sa.Column("business_value", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.CheckConstraint(
            "direction IN ('lower', 'higher', 'unknown')", name=op.f("ck_metric_direction")
        ),
        sa.CheckConstraint("kind IN ('change', 'single', 'text')", name=op.f("ck_metric_kind")),
        sa.CheckConstraint(
            "(win_id IS NULL) <> (project_id IS NULL)", name=op.f("ck_metric_one_owner")
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_metric_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["win_id"], ["win.id"], name=op.f("fk_metric_win_id_win"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric")),
    )
    with op.batch_alter_table("metric", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_metric_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_metric_win_id"), ["win_id"], unique=False)

    for statement in SEARCH_INDEX_DDL:
        op.execute(statement)


def downgrade() -> None:
    for statement in SEARCH_INDEX_DROP:
        op.execute(statement)

    with op.batch_alter_table("metric", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_metric_win_id"))
        batch_op.drop_index(batch_op.f("ix_metric_project_id"))

    op.drop_table("metric")
    with op.batch_alter_table("win", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_win_project_id"))
        batch_op.drop_index(batch_op.f("ix_win_date"))

    op.drop_table("win")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_project_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_date"))

    op.drop_table("feedback")
    op.drop_table("project")
    op.drop_table("profile")
    op.drop_table("mentoring")
