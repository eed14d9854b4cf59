"""Promotion readiness state: ticked checklist items, evidence links, plan progress and
the promotion date the plan counts back from.

Revision ID: 0003_readiness_state
Revises: 0002_reminder_settings
Create Date: 2026-11-26 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0003_readiness_state"
down_revision: str | None = "0002_reminder_settings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "readiness_check",
        sa.Column("item_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("item_id", name=op.f("pk_readiness_check")),
    )
    op.create_table(
        "readiness_evidence",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("item_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("win_id", sa.String(), nullable=True),
        sa.Column("project_id", sa.String(), nullable=True),
        sa.Column("feedback_id", sa.String(), nullable=True),
        sa.Column("linked_on", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "(win_id IS NOT NULL) + (project_id IS NOT NULL) + (feedback_id IS NOT NULL) = 1",
            name=op.f("ck_readiness_evidence_one_target"),
        ),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
            name=op.f("fk_readiness_evidence_feedback_id_feedback"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_readiness_evidence_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["win_id"],
            ["win.id"],
            name=op.f("fk_readiness_evidence_win_id_win"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_evidence")),
        sa.UniqueConstraint(
            "item_id", "win_id", "project_id", "feedback_id",
            name=op.f("uq_readiness_evidence_item_id"),
        ),
    )
    with op.batch_alter_table("readiness_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_readiness_evidence_feedback_id"), ["feedback_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_readiness_evidence_project_id"), ["project_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_readiness_evidence_win_id"), ["win_id"], unique=False)

    op.create_table(
        "readiness_plan_step",
        sa.Column("step_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("step_id", name=op.f("pk_readiness_plan_step")),
    )
    # A nullable column needs no table copy: batch mode issues ALTER TABLE ADD COLUMN.
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("promotion_target", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.drop_column("promotion_target")

    op.drop_table("readiness_plan_step")
    with op.batch_alter_table("readiness_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_readiness_evidence_win_id"))
        batch_op.drop_index(batch_op.f("ix_readiness_evidence_project_id"))
        batch_op.drop_index(batch_op.f("ix_readiness_evidence_feedback_id"))

    op.drop_table("readiness_evidence")
    op.drop_table("readiness_check")
