"""A quote can name the win it is about.

Revision ID: 0008_feedback_win
Revises: 0007_profile_repositories
Create Date: 2026-12-06 07:50:00.000000
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import sqlmodel.sql.sqltypes  # noqa: F401  (every revision imports it, as the template does)
from alembic import op

revision: str = "0008_feedback_win"
down_revision: str | None = "0007_profile_repositories"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEPT = "_feedback_evidence_0008"
_COLUMNS = "id, date, from_name, role, quote, project_id"
_WIN_COLUMN = """win_id VARCHAR,
    CONSTRAINT fk_feedback_win_id_win FOREIGN KEY(win_id) REFERENCES win (id)
        ON DELETE SET NULL,"""
_TABLE = """CREATE TABLE _feedback_0008 (
    id VARCHAR NOT NULL,
    date DATE,
    from_name VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    quote VARCHAR NOT NULL,
    project_id VARCHAR,
    {win}
    CONSTRAINT pk_feedback PRIMARY KEY (id),
    CONSTRAINT ck_feedback_quote CHECK (length(trim(quote)) > 0),
    CONSTRAINT fk_feedback_project_id_project FOREIGN KEY(project_id) REFERENCES project (id)
        ON DELETE SET NULL
)"""


def _initial() -> ModuleType:
    """Revision 0001, for its search triggers: written again exactly as it wrote them."""
    spec = importlib.util.spec_from_file_location(
        "bragdoc_revision_0001", Path(__file__).with_name("0001_initial.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rebuild_feedback(*, with_win: bool) -> None:
    # A foreign key can only be added by rebuilding the table. This is done by hand, not
    # in batch mode, whose rebuilt constraints come out in an order that varies by run.
    # Dropping the old table with foreign keys on deletes the readiness evidence that
    # points at it (ON DELETE CASCADE), and its search triggers go with it: the first is
    # kept aside and both are written back. The search index is keyed by record id, so
    # the copied rows keep their entries.
    op.execute(f"CREATE TEMP TABLE {_KEPT} AS "
               "SELECT * FROM readiness_evidence WHERE feedback_id IS NOT NULL")
    op.execute(_TABLE.format(win=_WIN_COLUMN if with_win else ""))
    op.execute(f"INSERT INTO _feedback_0008 ({_COLUMNS}) SELECT {_COLUMNS} FROM feedback")
    op.execute("DROP TABLE feedback")
    op.execute("ALTER TABLE _feedback_0008 RENAME TO feedback")
    op.create_index("ix_feedback_date", "feedback", ["date"], unique=False)
    op.create_index("ix_feedback_project_id", "feedback", ["project_id"], unique=False)
    if with_win:
        op.create_index("ix_feedback_win_id", "feedback", ["win_id"], unique=False)
    op.execute(f"INSERT OR IGNORE INTO readiness_evidence SELECT * FROM {_KEPT}")
    op.execute(f"DROP TABLE {_KEPT}")
    for statement in _initial()._indexed("feedback", "{w}.from_name", "{w}.quote", "{w}.role"):
        op.execute(statement)


def upgrade() -> None:
    _rebuild_feedback(with_win=True)


def downgrade() -> None:
    _rebuild_feedback(with_win=False)
