#!/usr/bin/env python3
"""Time the desktop app's start-up, to its newest wins on screen, against a bare Qt window.

    python bench/gui_startup.py                          # print the Markdown report
    python bench/gui_startup.py --write docs/benchmarks.md
    python bench/gui_startup.py --db BENCH.sqlite3       # reuse an imported 10k-win record

Requirement: with the 10,000-win benchmark record, the start page shows the newest wins
within 1.2× of a bare PySide6 window that imports the same data stack (whole process,
median of several runs); the first painted (still empty) window within 1.5×.

What it times, as whole processes on Qt's offscreen platform, taking turns (A B A B …)
after one untimed warm-up of each, median of `--runs` runs:

(a) bare: a Python script that imports PySide6.QtWidgets, sqlmodel and sqlalchemy, opens
    a QMainWindow and quits at its first paint;
(b) bragdoc to its newest wins: `bragdoc --db DB gui` on the 10-year record
    (bench/generate_record.py --wins 10000, imported with `bragdoc import`), with
    BRAGDOC_EXIT_WHEN_READY=1 so it prints `ready at <unix time>` and quits as soon as the
    start page (Log) shows the newest wins;
(c) bragdoc to its first paint, with BRAGDOC_EXIT_AFTER_FIRST_PAINT=1 instead;
(d) `bragdoc quick` to its Log-a-win dialog taking typing (BRAGDOC_EXIT_WHEN_READY=1).

The bare window and (c) detect the first paint the same way (an event filter sees the
window's first QEvent.Paint and queues the quit with a zero timer, so it runs once the
whole window has been painted) and print `first paint at <unix time>` on stderr. "Launch
→ shown" is that moment (or the ready moment) minus the time just before the process was
started: interpreter start, imports, database open, window construction, the first read
and paint, but not shutdown. Peak memory is each process's maximum resident set.
"Launch → exit" is the wall clock of the whole process; for bragdoc it also holds the
wait, at quit, for the work the app started once its first screen was shown.

User folders (config, data, state, cache) point into a temporary directory, so the
runs neither read nor change the window state a real user's bragdoc remembers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from report import write_section

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
DEFAULT_BRAGDOC = REPO / ".venv" / "bin" / "bragdoc"
SECTION = "## Window start-up"
GOAL = 1.2
PAINT_GOAL = 1.5
STAMP = re.compile(r"(?:first paint|ready) at (\d+\.\d+)")
WINS = 10_000
IMPORT_LINE = re.compile(r"import time:\s+(?P<self>\d+) \|\s+\d+ \|(?P<module>.+)$")

BARE_SCRIPT = '''\
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
import sqlalchemy
import sqlmodel


class FirstPaint(QObject):
    seen = False

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, self.painted)
        return False

    def painted(self):
        print(f"first paint at {time.time():.6f}", file=sys.stderr, flush=True)
        QApplication.quit()


app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("bare")
window.setCentralWidget(QLabel("bare window"))
window.resize(1100, 720)
watcher = FirstPaint(window)
window.installEventFilter(watcher)
window.show()
sys.exit(app.exec())
'''


class BenchError(Exception):
    """A command failed; the message names it and quotes its output."""


@dataclass
class Timing:
    label: str
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)
    """Variables added to the environment for this command."""
    to_paint: list[float] = field(default_factory=list)  # seconds to the stamp printed
    to_exit: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)

    def peak_mb(self) -> float:
        return statistics.median(self.peak_kb) / 1024

    @staticmethod
    def _ms(values: list[float], pick: str) -> float:
        return {"median": statistics.median, "min": min, "max": max}[pick](values) * 1000

    def paint_ms(self, pick: str = "median") -> float:
        return self._ms(self.to_paint, pick)

    def exit_ms(self, pick: str = "median") -> float:
        return self._ms(self.to_exit, pick)


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(launch → stamp, launch → exit) in seconds and the peak RSS in KB of one process."""
    launched_wall = time.time()
    launched = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    stdout, stderr = process.communicate(timeout=120)
    elapsed = time.perf_counter() - launched
    peak_kb = _peak_kb(stderr)
    found = STAMP.search(stderr)
    if process.returncode != 0 or not found:
        raise BenchError(f"command failed (exit {process.returncode}, stamp "
                         f"{'seen' if found else 'not seen'}): {' '.join(command)}\n"
                         f"--- stdout ---\n{stdout[-3000:]}\n"
                         f"--- stderr ---\n{stderr[-3000:]}")
    return float(found[1]) - launched_wall, elapsed, peak_kb


PEAK_PROBE = ("import resource, runpy, sys; sys.argv = sys.argv[1:]; "
              "import atexit; atexit.register(lambda: print('peak rss ' + str(resource."
              "getrusage(resource.RUSAGE_SELF).ru_maxrss), file=sys.stderr, flush=True)); ")
PEAK = re.compile(r"peak rss (\d+)")


def _peak_kb(stderr: str) -> int:
    found = PEAK.search(stderr)
    return int(found[1]) if found else 0


def _probed(command: list[str]) -> list[str]:
    """The command run through its Python with a hook that prints the peak RSS at exit."""
    if command[0].endswith("bragdoc"):
        python = _interpreter_of(Path(command[0]))
        target, args = "runpy.run_module('bragdoc', run_name='__main__')", ["bragdoc",
                                                                             *command[1:]]
    else:
        python, args = command[0], command[1:]
        target = "runpy.run_path(sys.argv[0], run_name='__main__')"
    return [python, "-c", PEAK_PROBE + target, *args]


def time_interleaved(timings: list[Timing], *, runs: int, env: dict[str, str]) -> None:
    for i in range(1 + runs):  # the first round is an untimed warm-up
        for timing in timings:
            to_paint, to_exit, peak = run_once(_probed(timing.command),
                                               {**env, **timing.env})
            if i:
                timing.to_paint.append(to_paint)
                timing.to_exit.append(to_exit)
                timing.peak_kb.append(peak)
    for timing in timings:
        print(f"  {timing.label}: shown median {timing.paint_ms():.0f} ms, "
              f"exit median {timing.exit_ms():.0f} ms, peak {timing.peak_mb():.0f} MB "
              f"(n={runs})", file=sys.stderr)


def build_database(bragdoc: Path, work: Path, env: dict[str, str]) -> tuple[Path, float]:
    record, db = work / "record.json", work / "bench.sqlite3"
    subprocess.run([sys.executable, str(BENCH_DIR / "generate_record.py"), "--wins",
                    str(WINS), "--metrics", str(2 * WINS), str(record)],
                   check=True, capture_output=True)
    started = time.perf_counter()
    done = subprocess.run([str(bragdoc), "--db", str(db), "import", str(record)],
                          capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise BenchError(f"import failed: {done.stderr.strip()}")
    return db, time.perf_counter() - started


def counts(bragdoc: Path, db: Path, env: dict[str, str]) -> dict[str, int]:
    python = _interpreter_of(bragdoc)
    code = ("import json, sys; from bragdoc.store.database import Database; "
            "from bragdoc.services.queries import Queries; "
            "print(json.dumps(Queries(Database.open(sys.argv[1])).counts()))")
    done = subprocess.run([python, "-c", code, str(db)], capture_output=True, text=True,
                          env=env, check=True)
    return dict(json.loads(done.stdout))


def import_times(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Self time in ms of every module `command` imports, from one `-X importtime` run."""
    done = subprocess.run([command[0], "-X", "importtime", *command[1:]], capture_output=True,
                          text=True, env=env, check=False, timeout=120)
    found: dict[str, float] = {}
    for line in done.stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match:
            found[match["module"].strip()] = int(match["self"]) / 1000
    return found


def main_thread_profile(command: list[str], env: dict[str, str], work: Path) -> str:
    """One cProfile run of bragdoc to its first paint: where the UI thread's time went."""
    import pstats

    out = work / "gui.prof"
    subprocess.run([command[0], "-m", "cProfile", "-o", str(out), *command[1:]],
                   capture_output=True, text=True, env=env, check=False, timeout=120)
    stats = pstats.Stats(str(out))
    table = stats.stats  # type: ignore[attr-defined]

    def cum(match: str, name: str) -> tuple[float, tuple[str, int, str] | None]:
        for key, (_, _, _, cumtime, _) in table.items():
            if key[0].replace("\\", "/").endswith(match) and key[2] == name:
                return cumtime * 1000, key
        return 0.0, None

    imports = max((row[3] for key, row in table.items() if key[2] == "_find_and_load"),
                  default=0.0) * 1000
    window_ms, window_key = cum("ui/shell/main_window.py", "__init__")
    parts = []
    if window_key is not None:
        # row[4] maps each caller to its (calls, primitive calls, tottime, cumtime).
        callees = [(row[4][window_key][3] * 1000, key) for key, row in table.items()
                   if window_key in row[4]]
        for ms, key in sorted(callees, key=lambda item: item[0], reverse=True)[:4]:
            if ms >= 20:
                where = Path(key[0]).stem
                parts.append(f"{where}.{key[2]} {ms:,.0f} ms")
    return (f"imports {imports:,.0f} ms; building the main window {window_ms:,.0f} ms"
            + (f" (largest: {', '.join(parts)})" if parts else ""))


def extra_imports(bare: dict[str, float], app: dict[str, float]) -> tuple[float, list[str]]:
    """What bragdoc imports beyond the bare script: total ms and the largest modules."""
    extra = {name: ms for name, ms in app.items() if name not in bare}
    largest = sorted(extra.items(), key=lambda item: item[1], reverse=True)[:6]
    return sum(extra.values()), [f"{name} {ms:.0f} ms" for name, ms in largest]


def _interpreter_of(script: Path) -> str:
    first = script.read_text(encoding="utf-8", errors="replace").splitlines()[0]
    return first[2:].strip() if first.startswith("#!") else sys.executable


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _versions(python: str) -> str:
    code = ("import sys, PySide6, sqlalchemy, sqlmodel; "
            "print(f'Python {sys.version.split()[0]}, PySide6 {PySide6.__version__}, "
            "SQLAlchemy {sqlalchemy.__version__}, SQLModel {sqlmodel.__version__}')")
    return subprocess.run([python, "-c", code], capture_output=True, text=True,
                          check=False).stdout.strip() or "?"


def _code_version() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True,
                              check=False).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "?"
    dirty = " with uncommitted changes" if git("status", "--porcelain", "--", "src") else ""
    return f"commit {commit}{dirty}"


def _fmt(ms: float) -> str:
    return f"{ms:,.0f}"


def report(bare: Timing, ready: Timing, paint: Timing, quick: Timing, *, runs: int,
           command_line: str,
           db_note: str, versions: str, extra: tuple[float, list[str]], profiled: str,
           code: str) -> str:
    ratio = ready.paint_ms() / bare.paint_ms()
    paint_ratio = paint.paint_ms() / bare.paint_ms()
    verdict = "met" if ratio <= GOAL else "not met"
    paint_verdict = "met" if paint_ratio <= PAINT_GOAL else "not met"
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    lines = [
        SECTION,
        "",
        f"Generated by `{command_line}` (whole processes on Qt's offscreen platform, "
        f"median of {runs} runs after 1 warm-up, the commands taking turns; lower is "
        "better).",
        "",
        f"- Machine: {os.cpu_count()} CPUs ({_cpu_model()}), {platform.platform(terse=True)}; "
        f"run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load average when it started "
        f"{load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}.",
        f"- Stack: {versions}; bragdoc at {code}.",
        f"- Record: {db_note}.",
        "- Bare window: a script that imports PySide6.QtWidgets, sqlmodel and sqlalchemy, "
        "opens a QMainWindow and quits at its first paint.",
        "- bragdoc, newest wins shown: `BRAGDOC_EXIT_WHEN_READY=1 bragdoc --db DB gui`, "
        "which prints `ready at …` and quits once the start page (Home) shows this week's "
        "wins and what is due.",
        "- bragdoc, first paint: `BRAGDOC_EXIT_AFTER_FIRST_PAINT=1 bragdoc --db DB gui` "
        "(the window's frame, before any record is on it).",
        "- bragdoc quick: `BRAGDOC_EXIT_WHEN_READY=1 bragdoc --db DB quick`, which quits once "
        "the Log a win dialog is shown and takes typing (no app running, so no hand-over).",
        "",
        "| Process | launch → shown (ms) | min | max | launch → exit (ms) | peak memory (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for timing in (bare, ready, paint, quick):
        lines.append(f"| {timing.label} | {_fmt(timing.paint_ms())} | "
                     f"{_fmt(timing.paint_ms('min'))} | {_fmt(timing.paint_ms('max'))} | "
                     f"{_fmt(timing.exit_ms())} | {timing.peak_mb():.0f} |")
    lines += [
        "",
        f"Goal: the newest wins on screen within {GOAL}× of the bare window: "
        f"{_fmt(ready.paint_ms())} ms vs {_fmt(bare.paint_ms())} ms = **{ratio:.2f}×** — "
        f"**{verdict}**. The first (empty) paint within {PAINT_GOAL}×: "
        f"{paint_ratio:.2f}× — {paint_verdict}. `bragdoc quick` ready for typing within "
        f"{GOAL}×: {quick.paint_ms() / bare.paint_ms():.2f}× — "
        f"{'met' if quick.paint_ms() / bare.paint_ms() <= GOAL else 'not met'}.",
        *([] if ratio <= GOAL else [
            "",
            "Not met: the profile line in the notes shows what the UI thread does before the "
            "first paint; the largest items there are the ones to move off it.",
        ]),
        "",
        "Notes:",
        "",
        "- Launch → shown runs from just before the process is started to the moment it "
        "printed its stamp, so it holds interpreter start, imports, opening and checking "
        "the database, building the window, the start page's first read (Home: "
        "this week, what is due, the Inbox count, on a worker) and painting it, but not shutdown.",
        "- Launch → exit is the whole process by the wall clock. For bragdoc it also holds "
        "the wait, at quit, for the work the app started (the rest of the record, read "
        "right after the newest weeks are shown) before the database is closed.",
        "- Where bragdoc's time goes on the UI thread before the first paint (one run under "
        f"cProfile, which inflates times): {profiled}.",
        "- Modules bragdoc imports that the bare script does not: "
        f"{extra[0]:,.0f} ms of self time in one `python -X importtime` run (which also "
        f"inflates times); the largest: {', '.join(extra[1])}.",
    ]
    return "\n".join(lines) + "\n"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bragdoc", type=Path, default=DEFAULT_BRAGDOC,
                        help="the bragdoc console script (default: .venv/bin/bragdoc)")
    parser.add_argument("--db", type=Path, help="an already imported 10-year record "
                        "(default: generate and import one in a temporary folder)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7)")
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help=f'write/replace the section "{SECTION}" in this file')
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.runs < 1:
        print("gui_startup: --runs must be ≥ 1", file=sys.stderr)
        return 2
    python = _interpreter_of(args.bragdoc)
    with tempfile.TemporaryDirectory(prefix="bragdoc-gui-bench-") as scratch:
        work = Path(scratch)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_API": "pyside6"}
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
                         "XDG_CACHE_HOME"):
            env[variable] = str(work / variable.lower())
        env.pop("BRAGDOC_DB", None)
        try:
            if args.db is None:
                print("building the 10-year record database…", file=sys.stderr)
                db, seconds = build_database(args.bragdoc, work, env)
                built = f"; imported in {seconds * 1000:,.0f} ms"
            else:
                db, built = args.db, ""
            n = counts(args.bragdoc, db, env)
            db_note = (f"the 10-year benchmark record (bench/generate_record.py): "
                       f"{n['win']:,} wins, {n['project']} projects, {n['metric']:,} metrics, "
                       f"{n['feedback']} feedback quotes; database "
                       f"{db.stat().st_size / 1e6:.1f} MB{built}")
            bare_script = work / "bare_window.py"
            bare_script.write_text(BARE_SCRIPT, encoding="utf-8")
            bare = Timing("bare PySide6 window + sqlmodel", [python, str(bare_script)])
            gui = [str(args.bragdoc), "--db", str(db), "gui"]
            ready = Timing("bragdoc, newest wins shown", gui,
                           {"BRAGDOC_EXIT_WHEN_READY": "1"})
            paint = Timing("bragdoc, first paint", gui,
                           {"BRAGDOC_EXIT_AFTER_FIRST_PAINT": "1"})
            quick = Timing("bragdoc quick, dialog ready",
                           [str(args.bragdoc), "--db", str(db), "quick"],
                           {"BRAGDOC_EXIT_WHEN_READY": "1"})
            time_interleaved([bare, ready, paint, quick], runs=args.runs, env=env)
            paint_env = {**env, **paint.env}
            profiled = main_thread_profile([python, "-m", "bragdoc", *gui[1:]], paint_env,
                                           work)
            extra = extra_imports(import_times(bare.command, env),
                                  import_times([python, "-m", "bragdoc", *gui[1:]],
                                               paint_env))
        except BenchError as exc:
            print(f"gui_startup: {exc}", file=sys.stderr)
            return 1
    shown = ["python", "bench/gui_startup.py", *(argv if argv is not None else sys.argv[1:])]
    text = report(bare, ready, paint, quick, runs=args.runs, command_line=" ".join(shown),
                  db_note=db_note, versions=_versions(python), extra=extra, profiled=profiled,
                  code=_code_version())
    print(text)
    if args.write:
        write_section(args.write, SECTION, text)
        print(f"wrote section {SECTION!r} to {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
