"""A look inside one backup file before restoring it: its newest wins.

The backup is opened read-only and as immutable (a backup is never written after it was
taken), so looking at it creates no -wal or -shm file next to it and cannot change it.
Only columns every schema revision has are read, so backups taken before an upgrade can
be previewed too.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from bragdoc.domain.errors import InvalidInput


@dataclass(frozen=True)
class NewestWin:
    date: dt.date | None
    title: str


def newest_wins(backup: Path, limit: int = 5) -> list[NewestWin]:
    """The `limit` most recent wins in the backup (newest first)."""
    uri = "file:" + urllib.parse.quote(str(Path(backup).resolve())) + "?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise InvalidInput(f"{backup} cannot be opened ({exc})") from exc
    try:
        rows = conn.execute(
            "SELECT date, title FROM win ORDER BY date DESC, rowid DESC LIMIT ?", (limit,)
        ).fetchall()
    except sqlite3.Error as exc:
        raise InvalidInput(f"{backup} cannot be read as a bragdoc backup ({exc})") from exc
    finally:
        conn.close()
    found = []
    for day, title in rows:
        try:
            date = dt.date.fromisoformat(str(day)[:10])
        except ValueError:
            date = None
        found.append(NewestWin(date=date, title=str(title)))
    return found
