"""The git repositories and author emails the weekly review scans for suggestions.

Revision ID: 0007_profile_repositories
Revises: 0006_suggestion_kinds
Create Date: 2026-12-06 08:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0007_profile_repositories"
down_revision: str | None = "0006_suggestion_kinds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # One entry per line. The server default (nothing listed) fills an existing profile
    # row; adding columns needs no table copy, so batch mode issues plain ADD COLUMN.
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.add_column(sa.Column("git_repositories", sqlmodel.sql.sqltypes.AutoString(),
                                      server_default="", nullable=False))
        batch_op.add_column(sa.Column("git_authors", sqlmodel.sql.sqltypes.AutoString(),
                                      server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.drop_column("git_authors")
        batch_op.drop_column("git_repositories")
