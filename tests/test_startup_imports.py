"""The window's first screen comes before the write path: nothing the app imports until
it says it is ready may bring in SQLModel and the table models (a third of a second),
the git importer's services or matplotlib. An eager import at the top of one page module
is enough to break this, and no timing test would say which one did."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sqlmodel", "bragdoc.store.tables", "bragdoc.services.inbox", "matplotlib")


@pytest.mark.slow
def test_the_first_screen_imports_none_of_the_write_path(tmp_path: Path) -> None:
    db = tmp_path / "start.sqlite3"
    subprocess.run([sys.executable, "-m", "bragdoc", "--db", str(db), "sample-data"],
                   check=True, capture_output=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BRAGDOC_EXIT_WHEN_READY": "1"}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "bragdoc", "--db",
                           str(db), "gui"], env=env, capture_output=True, text=True,
                          timeout=120)
    lines = done.stderr.splitlines()
    ready = next(i for i, line in enumerate(lines) if "ready at" in line)
    before = {line.rsplit("|", 1)[-1].strip() for line in lines[:ready]
              if line.startswith("import time:")}
    assert before, "no import timings: -X importtime did not run"
    assert not [name for name in HEAVY if name in before]
