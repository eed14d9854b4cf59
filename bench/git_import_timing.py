#!/usr/bin/env python3
"""Time the git history import on a large generated repository.

    python bench/git_import_timing.py                        # print the Markdown report
    python bench/git_import_timing.py --write docs/benchmarks.md
    python bench/git_import_timing.py --commits 200000 --keep /tmp/bigrepo

What it does, inside a temporary directory removed at the end (unless --keep):

1. builds a repository of `--commits` commits (50,000 by default) over four years with
   `git fast-import`: eight authors, one of them "you" (about one commit in eight); work
   arrives as topic branches of 2–6 commits merged into `main` with a merge commit
   ("Merge pull request #N from …" with a title in the body), plus direct commits on
   `main`, and a few unmerged branches;
2. times, in-process (`time.perf_counter`, median of `--runs` runs, each on a fresh
   database at the newest schema):
   - the scan alone (`git_history.scan`) for the last calendar year of the history,
     filtered to your email: what the "Import from git" dialog waits for;
   - the same scan plus adding the suggestions to the inbox
     (`InboxService.import_git`), i.e. `bragdoc import-git REPO --author … --since …`
     without process start-up;
   - the scan of the whole history (no period), for scale;
3. prints a Markdown report and, with `--write FILE`, puts it in FILE as the section
   "## Git import", leaving every other section as it was.

Goal checked: a year of a 50,000-commit repository imports in a few seconds (≤ 5 s).
The run uses an isolated git configuration (GIT_CONFIG_GLOBAL=/dev/null), so the
machine's settings do not change the result.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from report import write_section

SECTION = "## Git import"
GOAL_SECONDS = 5.0
YOU = ("Ada Example", "ada@example.com")
OTHERS = [(f"Colleague {n}", f"colleague{n}@example.com") for n in range(1, 8)]
WORDS = ("cache", "checkout", "retry", "billing", "search", "auth", "queue", "index",
         "export", "metrics", "alerts", "schema", "migration", "tests", "docs", "build")


def _data(text: str) -> bytes:
    raw = text.encode("utf-8")
    return b"data %d\n" % len(raw) + raw + b"\n"


def build_repository(path: Path, commits: int, seed: int = 7) -> dict[str, int]:
    """A repository of `commits` commits written with one `git fast-import` stream."""
    rng = random.Random(seed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    start = dt.datetime(2022, 1, 3, 9, tzinfo=dt.UTC)
    span = 4 * 365 * 86400
    stream: list[bytes] = []
    mark = 0
    main_tip: int | None = None
    merges = pulls = 0
    made = 0

    def emit(ref: str, who: tuple[str, str], when: int, message: str,
             parents: list[int]) -> int:
        nonlocal mark, made
        mark += 1
        made += 1
        stamp = f"{when} +0000"
        stream.append(f"commit {ref}\nmark :{mark}\n".encode())
        stream.append(f"author {who[0]} <{who[1]}> {stamp}\n".encode())
        stream.append(f"committer {who[0]} <{who[1]}> {stamp}\n".encode())
        stream.append(_data(message))
        if parents:
            stream.append(f"from :{parents[0]}\n".encode())
            for other in parents[1:]:
                stream.append(f"merge :{other}\n".encode())
        stream.append(f"M 644 inline src/{rng.choice(WORDS)}/{mark % 97}.txt\n".encode())
        stream.append(_data(f"change {mark}\n"))
        return mark

    def moment() -> int:
        return int(start.timestamp()) + made * span // commits + rng.randrange(3600)

    while made < commits:
        who = YOU if rng.random() < 1 / 8 else rng.choice(OTHERS)
        topic = rng.choice(WORDS)
        if main_tip is None or rng.random() < 0.3 or commits - made < 8:
            main_tip = emit("refs/heads/main", who, moment(),
                            f"Tidy {topic} ({made})", [main_tip] if main_tip else [])
            continue
        size = rng.randint(2, 6)
        branch = f"refs/heads/topic-{pulls % 50}"
        tip = main_tip
        for step in range(size):
            tip = emit(branch, who, moment(), f"{topic}: step {step + 1} of change {pulls}",
                       [tip])
        pulls += 1
        if rng.random() < 0.02:  # left unmerged
            continue
        merger = rng.choice([YOU, *OTHERS])
        main_tip = emit("refs/heads/main", merger, moment(),
                        f"Merge pull request #{pulls} from team/{topic}-{pulls}\n\n"
                        f"Improve {topic} handling ({pulls})", [main_tip, tip])
        merges += 1
    stream.append(b"done\n")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-C", str(path), "fast-import", "--quiet", "--done"],
                   input=b"".join(stream), check=True, env=env)
    subprocess.run(["git", "-C", str(path), "checkout", "-q", "-f", "main"], check=True,
                   env=env)
    return {"commits": made, "merges": merges, "pull_requests": pulls}


@dataclass
class Timing:
    label: str
    runs: list[float]
    detail: str

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def _fresh_db(template: Path, target: Path):  # type: ignore[no-untyped-def]
    from bragdoc.store.database import Database

    if target.exists():
        target.unlink()
    src, dst = sqlite3.connect(template), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return Database.open(target)


def time_runs(runs: int, action: Callable[[], str]) -> tuple[list[float], str]:
    times, detail = [], ""
    for _ in range(runs):
        began = time.perf_counter()
        detail = action()
        times.append(time.perf_counter() - began)
    return times, detail


def run(args: argparse.Namespace, work: Path) -> str:
    from bragdoc.importers import git_history
    from bragdoc.services.inbox import InboxService
    from bragdoc.store.database import Database

    os.environ["GIT_CONFIG_GLOBAL"] = "/dev/null"
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    repo = (args.keep or work / "repo")
    if repo.exists():
        shutil.rmtree(repo)
    began = time.perf_counter()
    shape = build_repository(repo, args.commits)
    built = time.perf_counter() - began
    template = work / "template.sqlite3"
    Database.open(template).dispose()
    newest = subprocess.run(["git", "-C", str(repo), "log", "-1", "--format=%aI"],
                            check=True, capture_output=True, text=True).stdout.strip()
    year = dt.date.fromisoformat(newest[:10]).year - 1
    since, until = dt.date(year, 1, 1), dt.date(year, 12, 31)

    def scan_year() -> str:
        result = git_history.scan([repo], authors=[YOU[1]], since=since, until=until)
        return f"{result.commits:,} of your commits → {len(result.suggestions):,} suggestions"

    def import_year() -> str:
        db = _fresh_db(template, work / "bench.sqlite3")
        try:
            report = InboxService(db).import_git([repo], authors=[YOU[1]], since=since,
                                                 until=until)
            return f"{len(report.added):,} suggestions added to the inbox"
        finally:
            db.dispose()

    def scan_all() -> str:
        result = git_history.scan([repo], authors=[YOU[1]])
        return f"{result.commits:,} of your commits → {len(result.suggestions):,} suggestions"

    timings = []
    for label, action in ((f"scan {year} (your email)", scan_year),
                          (f"scan {year} + add to the inbox", import_year),
                          ("scan the whole history (your email)", scan_all)):
        times, detail = time_runs(args.runs, action)
        timings.append(Timing(label, times, detail))
    git_version = subprocess.run(["git", "--version"], capture_output=True,
                                 text=True).stdout.strip()
    goal = timings[1].median
    lines = [
        SECTION,
        "",
        "Generated by `python bench/git_import_timing.py --write docs/benchmarks.md` "
        f"(in-process, wall clock, median of {args.runs} runs; lower is better).",
        "",
        f"- Machine: {os.cpu_count()} CPUs, {platform.platform()}; "
        f"run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; Python "
        f"{platform.python_version()}, {git_version}.",
        f"- Repository: {shape['commits']:,} commits over four years built with "
        f"`git fast-import` in {built:.1f} s; {shape['merges']:,} merges of "
        f"{shape['pull_requests']:,} topic branches (2–6 commits each), eight authors, "
        "about one commit in eight yours.",
        "",
        "| Operation | median (s) | min | max | Result |",
        "|---|---:|---:|---:|---|",
        *(f"| {t.label} | {t.median:.2f} | {min(t.runs):.2f} | {max(t.runs):.2f} | "
          f"{t.detail} |" for t in timings),
        "",
        f"Goal: a year of a {args.commits:,}-commit repository imports in ≤ {GOAL_SECONDS:.0f} s: "
        f"{goal:.2f} s — **{'met' if goal <= GOAL_SECONDS else 'not met'}**.",
    ]
    return "\n".join(lines) + "\n"




def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commits", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path, metavar="FILE")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build the repository here and leave it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bragdoc-git-bench-") as work:
        report = run(args, Path(work))
    print(report)
    if args.write:
        write_section(args.write, SECTION, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
