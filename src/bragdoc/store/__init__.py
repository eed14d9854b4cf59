"""Persistence: SQLModel tables, the SQLite connection, Alembic migrations, read queries."""
