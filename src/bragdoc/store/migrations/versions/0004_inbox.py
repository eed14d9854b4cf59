"""The import inbox: suggested wins waiting for review, and the commits already suggested.

Revision ID: 0004_inbox
Revises: 0003_readiness_state
Create Date: 2026-11-27 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0004_inbox"
down_revision: str | None = "0003_readiness_state"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbox_item",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("suggestion", sa.JSON(), nullable=False),
        sa.Column("commit_hashes", sa.JSON(), server_default="[]", nullable=False),
        sa.Column("win_id", sa.String(), nullable=True),
        sa.Column("merged_into", sa.String(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("source IN ('git', 'markdown', 'csv')",
                           name=op.f("ck_inbox_item_source")),
        sa.CheckConstraint("status IN ('pending', 'accepted', 'rejected', 'merged')",
                           name=op.f("ck_inbox_item_status")),
        sa.ForeignKeyConstraint(["merged_into"], ["inbox_item.id"],
                                name=op.f("fk_inbox_item_merged_into_inbox_item"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["win_id"], ["win.id"], name=op.f("fk_inbox_item_win_id_win"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_item")),
    )
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbox_item_merged_into"), ["merged_into"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_inbox_item_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_inbox_item_win_id"), ["win_id"], unique=False)

    op.create_table(
        "seen_commit",
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("inbox_item_id", sa.String(), nullable=True),
        sa.Column("seen_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["inbox_item_id"], ["inbox_item.id"],
                                name=op.f("fk_seen_commit_inbox_item_id_inbox_item"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("hash", name=op.f("pk_seen_commit")),
    )
    with op.batch_alter_table("seen_commit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seen_commit_inbox_item_id"), ["inbox_item_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("seen_commit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seen_commit_inbox_item_id"))
    op.drop_table("seen_commit")
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbox_item_win_id"))
        batch_op.drop_index(batch_op.f("ix_inbox_item_status"))
        batch_op.drop_index(batch_op.f("ix_inbox_item_merged_into"))
    op.drop_table("inbox_item")
