"""Suggested projects and goals beside wins, and how exactly a win's date is known.

Revision ID: 0006_suggestion_kinds
Revises: 0005_packet_drafts
Create Date: 2026-12-06 05:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0006_suggestion_kinds"
down_revision: str | None = "0005_packet_drafts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Server defaults let every row written before this revision keep its meaning: an
    # inbox item was a suggested win, a win's date an exact day. Neither column has a
    # CHECK (the services validate them): adding one makes batch mode rebuild the table,
    # which the search triggers on win do not survive, and inbox_item's rebuilt CHECKs
    # come out in an order that differs from run to run.
    with op.batch_alter_table("win", schema=None) as batch_op:
        batch_op.add_column(sa.Column("date_precision", sqlmodel.sql.sqltypes.AutoString(),
                                      server_default="day", nullable=False))
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(),
                                      server_default="win", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("inbox_item", schema=None) as batch_op:
        batch_op.drop_column("kind")
    with op.batch_alter_table("win", schema=None) as batch_op:
        batch_op.drop_column("date_precision")
