"""`bragdoc sample-data` and `bragdoc gui`, run as a user runs them."""

from __future__ import annotations

import datetime as dt
import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from bragdoc import resources
from bragdoc.app import main
from bragdoc.services.queries import Queries
from bragdoc.store.database import Database

BRAGDOC = Path(sys.executable).with_name("bragdoc")
SAMPLE = json.loads(resources.path(resources.SAMPLE_RECORD).read_text(encoding="utf-8"))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(BRAGDOC)] if BRAGDOC.exists() else [sys.executable, "-m", "bragdoc"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, timeout=90,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )


def counts(path: Path) -> dict[str, int]:
    db = Database.open(path)
    try:
        return Queries(db).counts()
    finally:
        db.dispose()


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_sample_record_is_the_promised_shape() -> None:
    wins, projects = SAMPLE["wins"], SAMPLE["projects"]
    assert SAMPLE["profile"]["company"] == "google"
    assert (SAMPLE["profile"]["current_level"], SAMPLE["profile"]["target_level"]) == ("L5", "L6")
    dates = sorted(dt.date.fromisoformat(w["date"]) for w in wins)
    assert dates[-1] == dt.date(2026, 11, 20)
    assert 500 <= (dates[-1] - dates[0]).days <= 600  # about eighteen months
    assert 55 <= len(wins) <= 65 and 5 <= len(projects) <= 7
    assert {p for w in wins for p in w["pillars"]} == {
        "technical_excellence", "system_design", "communication", "leadership", "career_strategy"}
    assert {p["scope"] for p in projects} == {"single_team", "cross_team", "org_wide"}
    follow_ups = [dt.date.fromisoformat(w["follow_up"]) for w in wins if w["follow_up"]]
    assert any(d < dt.date(2026, 11, 25) for d in follow_ups)
    assert any(d > dt.date(2026, 11, 25) for d in follow_ups)
    assert len(SAMPLE["feedback"]) >= 10
    assert sum(m["promoted"] for m in SAMPLE["mentoring"]) == 2
    links = [link for item in wins + projects for link in item["links"]]
    assert links and all(link.startswith("https://example.invalid/") for link in links)


def test_sample_data_fills_an_empty_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "fresh.sqlite3"
    code = main(["--db", str(path), "sample-data"])
    out, err = capsys.readouterr()
    assert code == 0, err
    expected = {kind: len(SAMPLE[kind]) for kind in ("projects", "wins", "feedback", "mentoring")}
    assert f"added {expected['projects']} projects, {expected['wins']} wins" in out
    found = counts(path)
    assert (found["project"], found["win"], found["feedback"], found["mentoring"]) == (
        expected["projects"], expected["wins"], expected["feedback"], expected["mentoring"])
    db = Database.open(path)
    try:
        queries = Queries(db)
        assert queries.profile().name == SAMPLE["profile"]["name"]
        deploy = next(p for p in queries.projects() if p.name == "Deploy pipeline rebuild")
        assert deploy.scope == "org_wide" and deploy.engineers_affected == 220
        latency = next(m.metric for w in queries.wins() for m in w.metrics
                       if m.metric.name == "p95 latency" and m.metric.text.endswith("0.6s"))
        assert latency.quantified and latency.factor == pytest.approx(4.0)
    finally:
        db.dispose()


def test_sample_data_refuses_a_database_with_wins_unless_forced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = str(tmp_path / "mine.sqlite3")
    assert main(["--db", path, "add", "My own win", "--date", "2026-01-05"]) == 0
    assert main(["--db", path, "profile", "--name", "Real Person", "--level", "L4"]) == 0
    capsys.readouterr()

    code = main(["--db", path, "sample-data"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "already has 1 wins" in err and "--force" in err
    assert counts(Path(path))["win"] == 1

    code = main(["--db", path, "sample-data", "--force"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Your profile was kept" in out
    assert counts(Path(path))["win"] == 1 + len(SAMPLE["wins"])
    db = Database.open(Path(path))
    try:
        assert Queries(db).profile().name == "Real Person"
    finally:
        db.dispose()
    # Merging twice adds nothing the second time.
    assert main(["--db", path, "sample-data", "--force"]) == 0
    assert "added nothing new" in capsys.readouterr().out
    assert counts(Path(path))["win"] == 1 + len(SAMPLE["wins"])


@pytest.mark.slow
def test_gui_screenshot_paints_the_log_at_the_requested_size(
    tmp_path: Path, private_user_dirs: Path
) -> None:
    path = tmp_path / "sample.sqlite3"
    assert main(["--db", str(path), "sample-data"]) == 0
    out = tmp_path / "shots" / "log.png"
    result = run("--db", str(path), "gui", "--page", "log", "--size", "1280x800",
                 "--screenshot", str(out))
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (1280, 800)
    assert "Saved" in result.stdout and "page log" in result.stdout
    assert sorted(p.name for p in out.parent.iterdir()) == ["log.png"]  # no temp file left

    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 16) for y in range(0, 800, 16)}
    assert len(colours) > 8  # a painted window, not a blank rectangle
    # The user's remembered window state was neither read nor written.
    assert not (private_user_dirs / "config" / "bragdoc").exists()


@pytest.mark.slow
def test_gui_names_the_available_pages_when_asked_for_another(tmp_path: Path) -> None:
    out = tmp_path / "x.png"
    result = run("--db", str(tmp_path / "db.sqlite3"), "gui", "--page", "frobnicate",
                 "--screenshot", str(out))
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("bragdoc")]
    assert lines == [lines[0]] and "is unknown" in lines[0]
    assert "pages available: home, log" in lines[0] and "packet" in lines[0]
    assert not out.exists()


@pytest.mark.parametrize("size", ["12", "0x600", "wide", "1280x", "800x-1"])
def test_gui_refuses_a_bad_size_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, size: str
) -> None:
    code = main(["--db", str(tmp_path / "db.sqlite3"), "gui", f"--size={size}"])
    _, err = capsys.readouterr()
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "WIDTHxHEIGHT" in err


@pytest.mark.slow
def test_plain_bragdoc_opens_the_window_and_the_bench_hook_quits_at_first_paint(
    tmp_path: Path,
) -> None:
    result = run("--db", str(tmp_path / "db.sqlite3"),
                 env={"BRAGDOC_EXIT_AFTER_FIRST_PAINT": "1"})
    assert result.returncode == 0, result.stderr
    assert "bragdoc: first paint at " in result.stderr


def test_gui_pages_named_in_the_help_are_the_windows_pages(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from bragdoc.cli.desktop import GUI_PAGES
    from bragdoc.ui.kit.context import UiContext
    from bragdoc.ui.shell.application import page_keys
    from bragdoc.ui.shell.main_window import MainWindow

    window = MainWindow(UiContext.create(db))
    qtbot.addWidget(window)
    assert tuple(page_keys(window)) == GUI_PAGES


def test_an_unknown_page_is_one_line_even_without_a_display(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                           "QT_QPA_PLATFORM")}
    command = [str(BRAGDOC)] if BRAGDOC.exists() else [sys.executable, "-m", "bragdoc"]
    done = subprocess.run([*command, "--db", str(tmp_path / "db.sqlite3"), "gui", "--page",
                           "nope"], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "bragdoc: page 'nope' is unknown; pages available: home, log, projects, impact, "
        "readiness, people, inbox, packet, review"]
    assert not (tmp_path / "db.sqlite3").exists()  # nothing was opened
