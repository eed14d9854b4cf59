"""Draft files: what a person typed into a form and has not saved yet, one small JSON
file per form in `<data dir>/drafts/` (see ui/kit/typed_drafts.py for when they are written
and offered back). Named after the database (a hash of its resolved path), the kind of
form and the record (its id, or `new`); written atomically and owner-only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import re
from pathlib import Path
from typing import Any

from bragdoc import paths
from bragdoc.domain.drafts import PROJECT, WIN, Draft
from bragdoc.store.files import write_atomically

log = logging.getLogger(__name__)

FORMAT = 1
_SAFE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def database_key(db_path: Path) -> str:
    resolved = str(Path(db_path).expanduser().resolve())
    return hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]


class DraftStore:
    """The draft files of one database."""

    def __init__(self, db_path: Path, folder: Path | None = None) -> None:
        self.folder = folder or paths.data_dir() / "drafts"
        self.prefix = database_key(db_path)

    def path_for(self, kind: str, record: str) -> Path:
        name = record if _SAFE.match(record) else hashlib.sha256(record.encode()).hexdigest()
        return self.folder / f"{self.prefix}-{kind}-{name}.json"

    def save(self, kind: str, record: str, fields: dict[str, Any]) -> None:
        """Write the draft; raises OSError when the folder cannot be written."""
        body = {
            "format": FORMAT,
            "kind": kind,
            "record": record,
            "saved_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "fields": fields,
        }
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")
        write_atomically(self.path_for(kind, record), data)

    def remove(self, kind: str, record: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path_for(kind, record).unlink()

    def exists(self, kind: str, record: str) -> bool:
        return self.path_for(kind, record).exists()

    def pending(self) -> list[Draft]:
        """This database's drafts, newest first. A file that cannot be read is skipped
        (and left where it is: it may still be worth opening by hand)."""
        found = []
        for path in self.folder.glob(f"{self.prefix}-*.json"):
            try:
                body = json.loads(path.read_text(encoding="utf-8"))
                saved_at = dt.datetime.fromisoformat(body["saved_at"])
                draft = Draft(kind=str(body["kind"]), record=str(body["record"]),
                              saved_at=saved_at, fields=dict(body["fields"]), path=path)
            except (OSError, ValueError, KeyError, TypeError):
                log.warning("skipped an unreadable draft file %s", path.name)
                continue
            if draft.kind in (WIN, PROJECT):
                found.append(draft)
        return sorted(found, key=lambda d: d.saved_at, reverse=True)

    def discard(self, draft: Draft) -> None:
        with contextlib.suppress(FileNotFoundError):
            draft.path.unlink()
