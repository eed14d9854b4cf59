"""Noticing that another program changed the database (`bragdoc add` on the command line
while the window is open, an import run elsewhere).

SQLite's `PRAGMA data_version` changes, on a given connection, whenever a commit was made
through any *other* connection. This process's own commits count too, so they are
counted as they happen (an engine event) and set against the changes seen: only a change
with no own commit behind it is someone else's.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bragdoc.store.connections import connect_read_only

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


class ChangeWatch:
    def __init__(self, path: Path) -> None:
        self._conn = connect_read_only(path)
        # Never wait for a lock: a poll that meets one simply looks again next time.
        self._conn.execute("PRAGMA busy_timeout = 0")
        self._lock = threading.Lock()
        self._own_commits = 0
        self._version = self._read()

    def _read(self) -> int | None:
        try:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return None

    def count_own_commits(self, engine: Engine) -> None:
        """Count the commits this process makes through `engine` (the write path)."""
        from sqlalchemy import event

        event.listen(engine, "commit", self._own_commit)

    def _own_commit(self, _connection: Any) -> None:
        with self._lock:
            self._own_commits += 1

    def changed_elsewhere(self) -> bool:
        """True when another program committed since the last call."""
        version = self._read()
        if version is None:
            return False
        with self._lock:
            own, self._own_commits = self._own_commits, 0
        changed, self._version = version != self._version, version
        return changed and own == 0

    def close(self) -> None:
        self._conn.close()
