"""The one way services open a write transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from bragdoc.store.database import Database


@contextmanager
def write(db: Database) -> Iterator[Session]:
    """A session inside one transaction: committed on success, rolled back on any error,
    which reaches the caller as a UserError when SQLite refused the write (see
    Database.translating)."""
    with db.translating("write to"), Session(db.engine, expire_on_commit=False) as session, \
            session.begin():
        yield session
