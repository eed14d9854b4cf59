"""Promotion packet drafts and the earlier texts kept for each.

Revision ID: 0005_packet_drafts
Revises: 0004_inbox
Create Date: 2026-11-26 01:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0005_packet_drafts"
down_revision: str | None = "0004_inbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "packet_draft",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("audience", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("template", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("markdown", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("generated", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("audience IN ('committee', 'executive', 'product', 'engineering')",
                           name=op.f("ck_packet_draft_audience")),
        sa.CheckConstraint("since <= until", name=op.f("ck_packet_draft_period")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_packet_draft")),
    )
    with op.batch_alter_table("packet_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_packet_draft_updated_at"), ["updated_at"],
                              unique=False)

    op.create_table(
        "packet_draft_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.String(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("markdown", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.CheckConstraint("kind IN ('generated', 'edited', 'before-regenerate', 'restored')",
                           name=op.f("ck_packet_draft_version_kind")),
        sa.ForeignKeyConstraint(["draft_id"], ["packet_draft.id"],
                                name=op.f("fk_packet_draft_version_draft_id_packet_draft"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_packet_draft_version")),
    )
    with op.batch_alter_table("packet_draft_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_packet_draft_version_draft_id"), ["draft_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("packet_draft_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_packet_draft_version_draft_id"))
    op.drop_table("packet_draft_version")
    with op.batch_alter_table("packet_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_packet_draft_updated_at"))
    op.drop_table("packet_draft")
