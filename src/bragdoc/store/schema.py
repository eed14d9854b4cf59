"""What this bragdoc knows about schema versions, readable without importing Alembic.

REVISIONS must list the Alembic revisions in order; tests/test_migrations.py checks it
against the migration scripts so the two never drift apart.
"""

# "BRAG" in ASCII: lets `file` and other tools recognise a bragdoc database.
APPLICATION_ID = 0x42524147

REVISIONS: tuple[str, ...] = (
    "0001_initial", "0002_reminder_settings", "0003_readiness_state", "0004_inbox",
    "0005_packet_drafts", "0006_suggestion_kinds", "0007_profile_repositories",
    "0008_feedback_win",
)
HEAD = REVISIONS[-1]
