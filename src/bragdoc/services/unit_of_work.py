"""The one way services open a write transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from bragdoc.domain.errors import DatabaseBusy, InvalidInput, StorageError
from bragdoc.store.database import Database, is_busy


@contextmanager
def write(db: Database) -> Iterator[Session]:
    """A session inside one transaction: committed on success, rolled back on any error."""
    try:
        with Session(db.engine, expire_on_commit=False) as session, session.begin():
            yield session
    except IntegrityError as exc:
        # The schema's checks are the last line of defence; services validate first, so
        # reaching one means input slipped through. Say which rule, not a traceback.
        raise InvalidInput(f"the record breaks a rule of the database: {exc.orig}") from exc
    except OperationalError as exc:
        # Read-only file, full disk, or another writer holding the lock past the timeout:
        # nothing was written, and the person should know why in plain words.
        if is_busy(exc):
            raise DatabaseBusy() from exc
        raise StorageError(f"could not write to {db.path}: {exc.orig}") from exc
