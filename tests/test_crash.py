"""Crash safety, proved by killing real writer processes with SIGKILL.

Two promises of issue #8:

- a win the services reported as saved survives the process being killed at any moment,
  and nothing half-written is ever visible (integrity_check ok, search finds every win,
  every win has all its metrics);
- an export killed mid-write leaves the target as the old complete file or the new
  complete file, never a partial one; only `.NAME.*.tmp` temp files can be left behind,
  and `store.files.cleanup_stale_temps` (run at start-up) recognises and removes them.

The writers run in child processes forked from a "zygote": one Python process that has
imported bragdoc once and, per trial, forks a child that opens the database with
`Database.open` (the path the CLI takes) and calls the same services the CLI calls
(`WinService.add`, `TransferService.export_to`, `export_packet`). The zygote kills the
child with SIGKILL after a random delay and reaps it; this process then checks the file.
Forking spares each trial the ~0.6 s of imports a fresh interpreter costs, so 50 trials
fit in CI; `bench/crash_trials.py --spawn` runs the same trials with a fresh `python`
per trial instead.

The helpers here are shared with bench/crash_trials.py (300 trials, docs/reliability.md).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from bragdoc.services.queries import Queries
from bragdoc.store.database import Database
from bragdoc.store.files import cleanup_stale_temps

pytestmark = pytest.mark.slow  # real processes killed with SIGKILL: too slow for the inner loop

# --- the writer processes --------------------------------------------------------------

CHILD_JOBS = r'''
import datetime as _dt
import os as _os
from pathlib import Path as _Path

from bragdoc.domain.quantities import parse_metric
from bragdoc.domain.records import WinDraft
from bragdoc.services.wins import WinService
from bragdoc.store.database import Database


def write_wins(db_path, report_path, prefix):
    """Add wins forever; after each add returns, append 'ID WORD' to the report file."""
    wins = WinService(Database.open(db_path))
    fd = _os.open(report_path, _os.O_WRONLY | _os.O_CREAT | _os.O_APPEND, 0o600)
    for n in range(1_000_000):
        word = f"{prefix}w{n}q"
        view = wins.add(WinDraft(
            title=f"Crash proof {word}", date=_dt.date(2025, 1, 1) + _dt.timedelta(days=n % 300),
            details=f"Written by trial {prefix}, number {n}.", tags=["crash"],
            metrics=[parse_metric("p95 latency: 2.4s -> 0.6s"),
                     parse_metric("deploys: 3/week -> 12/week")]))
        # One write() per line: a line in the file is a commit that returned.
        _os.write(fd, f"{view.id} {word}\n".encode())


def export_json(db_path, target):
    from bragdoc.services.transfer import TransferService

    TransferService(Database.open(db_path)).export_to(_Path(target))


def export_packet(db_path, target):
    # What `bragdoc packet -o TARGET --no-charts` does.
    from bragdoc.packet.export import export_packet as export
    from bragdoc.services.packet import PacketService

    service = PacketService(Database.open(db_path))
    since, until = _dt.date(2024, 1, 1), _dt.date(2025, 12, 31)
    markdown = service.without_charts(service.markdown(since, until, "committee", None))
    export(markdown, _Path(target), title=service.title(since, until), charts=[],
           page_size="A4")


JOBS = {"wins": write_wins, "export": export_json, "packet": export_packet}
'''

ZYGOTE = CHILD_JOBS + r'''
import json as _json
import signal as _signal
import sys as _sys
import time as _time
import traceback as _traceback

# Load what the jobs import lazily, so a forked child starts at once.
import bragdoc.packet.export, bragdoc.packet.render_html  # noqa: E401
import bragdoc.services.packet, bragdoc.services.transfer  # noqa: E401

print("ready", flush=True)
for _line in iter(_sys.stdin.readline, ""):
    _job, _delay_ms, _args = _json.loads(_line)
    _start = _time.perf_counter()
    _pid = _os.fork()
    if _pid == 0:
        try:
            JOBS[_job](*_args)
        except BaseException:
            _traceback.print_exc()
            _sys.stderr.flush()
            _os._exit(1)
        _os._exit(0)
    _status = None
    if _delay_ms is not None:
        _deadline = _start + _delay_ms / 1000
        while _status is None and _time.perf_counter() < _deadline:
            _done, _code = _os.waitpid(_pid, _os.WNOHANG)
            _status = _code if _done else None
            _time.sleep(min(0.001, max(0.0, _deadline - _time.perf_counter())))
        if _status is None:
            _os.kill(_pid, _signal.SIGKILL)
    if _status is None:
        _, _status = _os.waitpid(_pid, 0)
    print(_json.dumps({
        "killed": _os.WIFSIGNALED(_status),
        "exit": _os.WEXITSTATUS(_status) if _os.WIFEXITED(_status) else None,
        "ms": (_time.perf_counter() - _start) * 1000,
    }), flush=True)
'''

SPAWNED_CHILD = CHILD_JOBS + r'''
import sys as _sys
print("ready", flush=True)
JOBS[_sys.argv[1]](*_sys.argv[2:])
'''


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


class Zygote:
    """A Python process that forks one writer per trial and SIGKILLs it on time."""

    def __init__(self, workdir: Path) -> None:
        self.errors = workdir / "zygote-stderr.txt"
        self._stderr = self.errors.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._stderr, text=True, env=_child_env(),
        )
        assert self._read() == "ready", self.errors.read_text()

    def _read(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the zygote died: {self.errors.read_text()[-2000:]}")
        return line.strip()

    def run(self, job: str, delay_ms: float | None, *args: str) -> dict[str, Any]:
        """Fork a child running `job(*args)`; kill it after delay_ms (None: let it finish)."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps([job, delay_ms, list(args)]) + "\n")
        self.process.stdin.flush()
        return json.loads(self._read())

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=10)
        self._stderr.close()


class Spawner:
    """The same jobs, each in a fresh `python` process (slower, no fork)."""

    def __init__(self, workdir: Path) -> None:
        self.errors = workdir / "spawned-stderr.txt"

    def run(self, job: str, delay_ms: float | None, *args: str) -> dict[str, Any]:
        with self.errors.open("a") as stderr:
            start = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-c", SPAWNED_CHILD, job, *args], stdout=subprocess.PIPE,
                stderr=stderr, text=True, env=_child_env())
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready", self.errors.read_text()
            start = time.perf_counter()  # from here on the job runs: imports are done
            if delay_ms is not None:
                try:
                    process.wait(timeout=delay_ms / 1000)
                except subprocess.TimeoutExpired:
                    process.kill()
            status = process.wait()
            return {"killed": status < 0, "exit": status if status >= 0 else None,
                    "ms": (time.perf_counter() - start) * 1000}

    def close(self) -> None:
        pass


# --- win trials ------------------------------------------------------------------------

CRASH_TITLE = "Crash proof "


@dataclass
class TrialResult:
    reported: int
    """Wins whose add() returned before the kill (lines in the report file)."""
    lost: int
    """Reported wins missing afterwards (the promise: always 0)."""
    unreported: int
    """Wins committed but killed before the child could report them (0 or 1; not a loss)."""
    wal_bytes: int
    """Size of the -wal file left by the killed child (> 0: recovery replayed it)."""
    kill_ms: float
    check_ms: float
    problems: list[str] = field(default_factory=list)


def reported_lines(report: Path) -> list[tuple[str, str]]:
    """(id, word) of every complete line; a line cut by the kill does not count."""
    if not report.exists():
        return []
    text = report.read_text(encoding="utf-8")
    complete = text[: text.rfind("\n") + 1]
    return [tuple(line.split(" ", 1)) for line in complete.splitlines()]  # type: ignore[misc]


def check_database(db_path: Path, expected: list[tuple[str, str]]) -> list[str]:
    """Open the file as the CLI would and list every broken promise (empty: all kept)."""
    problems: list[str] = []
    db = Database.open(db_path)
    queries = Queries(db)
    with db.reading() as conn:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"integrity_check: {integrity[:5]}")
        try:
            conn.execute("INSERT INTO search_index(search_index) VALUES ('integrity-check')")
        except sqlite3.DatabaseError as exc:
            problems.append(f"search index integrity-check: {exc}")
        if fk := conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"foreign_key_check: {fk[:5]}")
        titles = dict(conn.execute("SELECT id, title FROM win"))
        refs = conn.execute("SELECT count(*) FROM search_ref WHERE kind = 'win'").fetchone()[0]
        if refs != len(titles):
            problems.append(f"{len(titles)} wins but {refs} search references")
        rows = conn.execute("SELECT count(*) FROM search_index").fetchone()[0]
        all_refs = conn.execute("SELECT count(*) FROM search_ref").fetchone()[0]
        if rows != all_refs:
            problems.append(f"{rows} search rows but {all_refs} search references")
        half = conn.execute(
            "SELECT id FROM win WHERE title LIKE ? AND"
            " (SELECT count(*) FROM metric WHERE metric.win_id = win.id) != 2",
            [CRASH_TITLE + "%"]).fetchall()
        if half:
            problems.append(f"wins without both their metrics: {half[:5]}")
    for win_id, word in expected:
        if titles.get(win_id) != CRASH_TITLE + word:
            problems.append(f"reported win {win_id} ({word}) is missing")
            continue
        hits = [hit.id for hit in queries.search(word) if hit.kind == "win"]
        if hits != [win_id]:
            problems.append(f"searching {word!r} found {hits}, not [{win_id!r}]")
    return problems


def count_wins(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM win").fetchone()[0]
    finally:
        conn.close()


def win_trial(runner: Zygote | Spawner, db_path: Path, trial: int, rng: random.Random,
              low_ms: float = 50, high_ms: float = 400) -> TrialResult:
    """One writer child, killed after a random delay; then every promise is checked."""
    report = db_path.with_name(f"trial-{trial}.ids")
    before = count_wins(db_path)
    delay = rng.uniform(low_ms, high_ms)
    outcome = runner.run("wins", delay, str(db_path), str(report), f"k{trial}")
    wal = db_path.with_name(db_path.name + "-wal")
    wal_bytes = wal.stat().st_size if wal.exists() else 0
    problems = [] if outcome["killed"] else [f"the writer was not killed: {outcome}"]
    reported = reported_lines(report)
    start = time.perf_counter()
    problems += check_database(db_path, reported)
    check_ms = (time.perf_counter() - start) * 1000
    unreported = count_wins(db_path) - before - len(reported)
    if unreported not in (0, 1):
        problems.append(f"{unreported} wins appeared beyond the {len(reported)} reported")
    lost = sum(1 for p in problems if p.startswith("reported win"))
    return TrialResult(len(reported), lost, max(unreported, 0), wal_bytes, outcome["ms"],
                       check_ms, problems)


# --- export trials ---------------------------------------------------------------------


def temp_leftovers(folder: Path, target: Path) -> list[Path]:
    """Files next to the target other than the target itself."""
    return sorted(p for p in folder.iterdir() if p != target)


def is_bragdoc_temp(path: Path, target: Path) -> bool:
    return path.name.startswith(f".{target.name}.") and path.name.endswith(".tmp")


class _HtmlCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.closed_html = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "html":
            self.closed_html = True


def classify(target: Path, old: bytes, new_check) -> str:  # type: ignore[no-untyped-def]
    """'old', 'new', or a description of what is wrong with the target."""
    if not target.exists():
        return "missing"
    data = target.read_bytes()
    if data == old:
        return "old"
    return "new" if new_check(data) else f"partial ({len(data)} bytes)"


def json_is_complete(wins: int):  # type: ignore[no-untyped-def]
    def check(data: bytes) -> bool:
        try:
            document = json.loads(data)
        except ValueError:
            return False
        return document.get("format") == "bragdoc" and len(document["wins"]) == wins

    return check


def html_is_complete(data: bytes) -> bool:
    parser = _HtmlCheck()
    try:
        parser.feed(data.decode("utf-8"))
        parser.close()
    except (UnicodeDecodeError, AssertionError):
        return False
    return parser.closed_html


def exact(expected: bytes):  # type: ignore[no-untyped-def]
    return lambda data: data == expected


@dataclass
class ExportTrials:
    outcomes: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    """Every leftover file name, for the report."""
    strays: list[str] = field(default_factory=list)
    """Leftover files that are not bragdoc's `.NAME.*.tmp` kind (the promise: none)."""
    full_ms: float = 0.0


def export_trials(runner: Zygote | Spawner, job: str, db_path: Path, target: Path, old: bytes,
                  new_check, trials: int, rng: random.Random) -> ExportTrials:  # type: ignore[no-untyped-def]
    """Kill `job` writing over `target` at moments spread over its run and aimed at its end.

    An uninterrupted run is timed first (median of three, T). A third of the kills are
    spread evenly over 0–110 % of T (reading, rendering, writing). Eight more find, by
    bisection, the delay at which the kill stops leaving the old file (the rename); the
    rest land in the 20 ms before that moment, when the temp file is written and synced.
    """
    result = ExportTrials()
    runs = []
    for _ in range(3):
        target.write_bytes(old)
        full = runner.run(job, None, str(db_path), str(target))
        assert full["exit"] == 0, (full, runner.errors.read_text()[-2000:])
        assert new_check(target.read_bytes())
        runs.append(full["ms"])
    result.full_ms = sorted(runs)[1]

    def kill_at(delay: float) -> str:
        target.write_bytes(old)
        runner.run(job, delay, str(db_path), str(target))
        outcome = classify(target, old, new_check)
        result.outcomes.append(outcome)
        temps = [p for p in temp_leftovers(target.parent, target)
                 if not p.is_dir()]  # (an .md packet's charts folder is no leftover)
        result.leftovers += [p.name for p in temps]
        # The start-up cleanup (cleanup_stale_temps, older_than=0 here) must recognise
        # and remove every leftover; anything else is a stray.
        removed = set(cleanup_stale_temps(target.parent, older_than=0))
        for leftover in temps:
            if not is_bragdoc_temp(leftover, target) or leftover not in removed:
                result.strays.append(leftover.name)
                leftover.unlink(missing_ok=True)
        return outcome

    wide = max(1, trials // 3)
    for trial in range(wide):
        kill_at((trial + rng.random()) / wide * 1.1 * result.full_ms)
    low, high = 0.0, 2.0 * result.full_ms
    for _ in range(min(8, max(0, trials - wide))):
        middle = (low + high) / 2
        if kill_at(middle) == "old":
            low = middle
        else:
            high = middle
    for _ in range(trials - len(result.outcomes)):
        kill_at(max(0.0, high - 20 + rng.random() * 22))
    return result


def populate(db_path: Path, wins: int) -> None:
    """A large record through the interchange import (one transaction)."""
    from bragdoc.importers.interchange import read_bundle
    from bragdoc.services.transfer import TransferService

    document = {
        "format": "bragdoc", "version": 1,
        "projects": [{"id": f"p{i}", "name": f"Project {i}", "summary": "Long summary " * 20}
                     for i in range(40)],
        "wins": [{"id": f"w{i}", "date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                  "title": f"Shipped improvement number {i}",
                  "details": "Some details about the work and who it helped. " * 8,
                  "project": f"p{i % 40}", "tags": ["perf", "infra"],
                  "pillars": ["technical_excellence"],
                  "metrics": ["p95 latency: 2.4s -> 0.6s", "cost: $12k/month -> $8k/month"]}
                 for i in range(wins)],
    }
    TransferService(Database.open(db_path)).import_bundle(read_bundle(document))


# --- the tests -------------------------------------------------------------------------

WIN_TRIALS = 50
BIG = 2000


@pytest.fixture(scope="module")
def big_record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.sqlite3"
    populate(path, BIG)
    return path


def copy_database(source: Path, target: Path) -> Path:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


@pytest.fixture
def zygote(tmp_path: Path):  # type: ignore[no-untyped-def]
    runner = Zygote(tmp_path)
    yield runner
    runner.close()


def test_every_reported_win_survives_sigkill(db_path: Path, zygote: Zygote) -> None:
    rng = random.Random(8)
    results = [win_trial(zygote, db_path, trial, rng) for trial in range(WIN_TRIALS)]
    problems = [f"trial {i}: {p}" for i, r in enumerate(results) for p in r.problems]
    assert problems == []
    reported = sum(r.reported for r in results)
    summary = [(r.reported, r.unreported, r.wal_bytes, round(r.kill_ms)) for r in results]
    # Not vacuous: many kills landed while wins were being written, and SQLite had to
    # recover from a live -wal file (typically 45 of 50 trials, ~12 wins a trial; the
    # bounds leave room for a loaded machine, where opening eats more of each delay).
    assert reported >= WIN_TRIALS, summary
    assert sum(1 for r in results if r.reported) >= WIN_TRIALS // 4, summary
    assert sum(1 for r in results if r.wal_bytes) >= WIN_TRIALS // 4, summary
    assert count_wins(db_path) == reported + sum(r.unreported for r in results), summary


def test_search_and_the_cli_see_the_survivors(db_path: Path, zygote: Zygote,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from bragdoc import app

    result = win_trial(zygote, db_path, 0, random.Random(1), low_ms=300, high_ms=300)
    assert result.problems == [] and result.reported > 0
    word = reported_lines(db_path.with_name("trial-0.ids"))[-1][1]
    assert app.main(["--db", str(db_path), "search", word]) == 0
    assert f"{CRASH_TITLE}{word}" in capsys.readouterr().out


def test_an_export_killed_mid_write_leaves_the_old_or_the_new_file(
        big_record: Path, zygote: Zygote, tmp_path: Path) -> None:
    db_path = copy_database(big_record, tmp_path / "bragdoc.sqlite3")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "record.json"
    old = json.dumps({"format": "bragdoc", "version": 1, "wins": []}).encode()
    result = export_trials(zygote, "export", db_path, target, old, json_is_complete(BIG),
                           trials=16, rng=random.Random(2))
    assert all(o in ("old", "new") for o in result.outcomes), result.outcomes
    assert {"old", "new"} <= set(result.outcomes)
    assert result.strays == []


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_a_packet_killed_mid_write_leaves_the_old_or_the_new_file(
        big_record: Path, zygote: Zygote, tmp_path: Path, suffix: str) -> None:
    db_path = copy_database(big_record, tmp_path / "bragdoc.sqlite3")
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"packet{suffix}"
    zygote.run("packet", None, str(db_path), str(target))
    new = target.read_bytes()
    assert html_is_complete(new) if suffix == ".html" else new.startswith(b"#")
    check = exact(new) if suffix == ".md" else html_is_complete
    old = b"An earlier packet that must survive.\n"
    result = export_trials(zygote, "packet", db_path, target, old, check, trials=12,
                           rng=random.Random(3))
    assert all(o in ("old", "new") for o in result.outcomes), result.outcomes
    assert {"old", "new"} <= set(result.outcomes)
    assert result.strays == []


def test_the_real_cli_export_killed_at_random_moments(big_record: Path, tmp_path: Path) -> None:
    """`bragdoc export` itself, as a whole process, killed a few times."""
    db_path = copy_database(big_record, tmp_path / "bragdoc.sqlite3")
    target = tmp_path / "out" / "record.json"
    target.parent.mkdir()
    old = b'{"format": "bragdoc", "version": 1, "wins": []}'
    command = [sys.executable, "-m", "bragdoc", "--db", str(db_path), "export", str(target)]
    target.write_bytes(old)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=_child_env())
    full = time.perf_counter() - start
    assert json_is_complete(BIG)(target.read_bytes())
    rng = random.Random(4)
    outcomes = []
    for trial in range(4):
        target.write_bytes(old)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=_child_env())
        try:
            process.wait(timeout=(trial + rng.random()) / 4 * 1.1 * full)
        except subprocess.TimeoutExpired:
            process.kill()
        process.wait()
        outcomes.append(classify(target, old, json_is_complete(BIG)))
        for leftover in temp_leftovers(target.parent, target):
            assert is_bragdoc_temp(leftover, target), leftover
        cleanup_stale_temps(target.parent, older_than=0)
        assert temp_leftovers(target.parent, target) == []
    assert all(o in ("old", "new") for o in outcomes), outcomes
