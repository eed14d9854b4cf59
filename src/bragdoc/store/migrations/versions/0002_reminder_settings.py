"""Weekly reminder settings on the profile: enabled, day of week, time of day.

Revision ID: 0002_reminder_settings
Revises: 0001_initial
Create Date: 2026-11-25 20:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0002_reminder_settings"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Server defaults (Friday 16:00, on) fill the profile row of an existing database.
    # Adding columns needs no table copy, so batch mode issues plain ALTER TABLE ADD COLUMN.
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reminder_enabled", sa.Boolean(), server_default=sa.text("1"),
                      nullable=False)
        )
        batch_op.add_column(
            sa.Column("reminder_day", sa.Integer(), server_default=sa.text("4"), nullable=False)
        )
        batch_op.add_column(
            sa.Column("reminder_time", sqlmodel.sql.sqltypes.AutoString(),
                      server_default="16:00", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.drop_column("reminder_time")
        batch_op.drop_column("reminder_day")
        batch_op.drop_column("reminder_enabled")
