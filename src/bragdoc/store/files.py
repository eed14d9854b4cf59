"""Writing files so that a crash leaves either the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
from pathlib import Path

log = logging.getLogger(__name__)

# What tempfile.mkstemp(prefix=".NAME.", suffix=".tmp") makes: 8 characters drawn from
# [a-z0-9_]. SQLite adds -journal/-wal/-shm to a temp file it writes a backup into.
STALE_TEMP = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp(?:-journal|-wal|-shm)?")
STALE_AFTER_SECONDS = 3600


def write_atomically(path: Path, data: bytes, *, private: bool = True) -> None:
    """Temp file in the same folder, fsync, rename over the target, fsync the folder.

    A temp file an earlier, killed write of the same target left behind is removed first
    (exports go to any folder, which the start-up cleanup cannot know)."""
    import tempfile  # here, not at the top: opening a database must not pay for it

    path.parent.mkdir(parents=True, exist_ok=True)
    cleanup_stale_temps(path.parent, only_for=path.name)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o600 if private else 0o644)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def temp_file(path: Path) -> Path:
    """An empty owner-only file next to `path`, named the way cleanup_stale_temps finds."""
    import tempfile

    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return Path(temp_name)


def fsync_path(path: Path) -> None:
    """fsync a file or a folder by name."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def cleanup_stale_temps(folder: Path, older_than: float = STALE_AFTER_SECONDS,
                        now: float | None = None, only_for: str | None = None) -> list[Path]:
    """Remove `.NAME.xxxxxxxx.tmp` files a crash left behind in `folder` (only those of
    the file named `only_for`, when given).

    Only names write_atomically (and the backup writer) make, and only files not touched
    for `older_than` seconds, so a write in progress in another process is never hit.
    Returns what was removed; a missing folder or a file that vanished is not an error."""
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(".") and STALE_TEMP.fullmatch(entry.name)):
            continue
        if only_for is not None and not entry.name.startswith(f".{only_for}."):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if now - entry.stat(follow_symlinks=False).st_mtime < older_than:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    if removed:
        log.info("removed %d stale temporary file(s) from %s", len(removed), folder)
    return removed
