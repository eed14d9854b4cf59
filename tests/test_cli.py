"""The command line, run as a user runs it: a real process, a real file, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bragdoc.app import main

BRAGDOC = Path(sys.executable).with_name("bragdoc")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console script when there is one, else `python -m bragdoc`."""
    command = [str(BRAGDOC)] if BRAGDOC.exists() else [sys.executable, "-m", "bragdoc"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, timeout=60,
        env={**os.environ, **(env or {})},
    )


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The same entry point in-process, for the many cheap cases."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_then_list_as_whole_processes(tmp_path: Path) -> None:
    db = tmp_path / "record.sqlite3"
    added = run("add", "Cut p95 latency", "--db", str(db), "--date", "2025-02-14",
                "--metric", "p95 latency: 2.4s -> 0.6s", "--tag", "perf")
    assert added.returncode == 0, added.stderr
    assert "Logged 2025-02-14  Cut p95 latency" in added.stdout
    assert "75% faster (2.4 s → 0.6 s), 4×" in added.stdout
    listed = run("--db", str(db), "list")
    assert listed.stdout.splitlines() == ["2025-02-14  Cut p95 latency  [p95 latency: 75% faster]"]
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_bragdoc_db_environment_variable_chooses_the_file(tmp_path: Path) -> None:
    db = tmp_path / "from-env" / "record.sqlite3"
    result = run("add", "Wrote the on-call guide", env={"BRAGDOC_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert db.exists()


def test_default_database_lives_in_the_user_data_folder(
    capsys: pytest.CaptureFixture[str], private_user_dirs: Path
) -> None:
    code, _, err = cli(capsys, "add", "First win")
    assert code == 0, err
    assert (private_user_dirs / "data" / "bragdoc" / "bragdoc.sqlite3").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "x", "--date", "2025-13-40"], "--date '2025-13-40' is not a real date"),
        (["add", "x", "--pillar", "heroics"], "unknown pillar 'heroics'"),
        (["add", "   "], "a win needs a title"),
        (["list", "--since", "someday"], "unknown period 'someday'"),
        (["list", "--since", "2025-05-01", "--until", "2025-01-01"], "is before --since"),
        (["project", "add", "P", "--scope", "galaxy"], "unknown scope 'galaxy'"),
        (["project", "add", "P", "--teams", "many"], "'many' is not a whole number"),
        (["profile", "--company", "initech"], "unknown company ladder 'initech'"),
        (["import", "missing.json"], "missing.json: no such file"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["add"], "the following arguments are required: TITLE"),
    ],
)
def test_user_mistakes_print_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    code = main(["--db", str(tmp_path / "db.sqlite3"), *args])
    _, err = capsys.readouterr()
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_list_filters_and_json_carry_computed_metrics(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "db.sqlite3")
    today = dt.date.today()
    recent = today - dt.timedelta(days=1)
    assert cli(capsys, "--db", db, "add", "Old win", "--date", "2020-01-06")[0] == 0
    assert cli(capsys, "--db", db, "add", "Recent win", "--date", recent.isoformat(),
               "--project", "Search", "--pillar", "leadership", "--tag", "@perf",
               "--metric", "Throughput: 1K -> 4K req/s")[0] == 0

    wins = json.loads(cli(capsys, "--db", db, "list", "--since", "this year", "--json")[1])
    if recent.year == today.year:
        assert [w["title"] for w in wins] == ["Recent win"]
    metric = json.loads(cli(capsys, "--db", db, "list", "--tag", "perf", "--json")[1])[0][
        "metrics"][0]
    assert metric["name"] == "Throughput"
    assert metric["computed"]["improvement_pct"] == 300.0
    assert metric["computed"]["factor"] == 4.0
    assert metric["computed"]["quantified"] is True
    assert cli(capsys, "--db", db, "list", "--project", "search")[1].count("\n") == 1
    assert cli(capsys, "--db", db, "list", "--pillar", "leadership")[1].startswith(
        recent.isoformat())
    assert cli(capsys, "--db", db, "list", "--until", "2020-12-31")[1].startswith("2020-01-06")


def test_search_prints_matching_wins(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "db.sqlite3")
    cli(capsys, "--db", db, "add", "Migrated billing to Postgres", "--date", "2025-01-10")
    cli(capsys, "--db", db, "add", "Mentored Jo on design reviews", "--date", "2025-01-11")
    code, out, _ = cli(capsys, "--db", db, "search", "postgres")
    assert (code, out) == (0, "2025-01-10  Migrated billing to Postgres\n")
    assert json.loads(cli(capsys, "--db", db, "search", "mentor", "--json")[1])[0]["title"] == (
        "Mentored Jo on design reviews")
    assert cli(capsys, "--db", db, "search", "nothing-like-this")[1] == ""


def test_project_add_and_list(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "db.sqlite3")
    code, out, err = cli(capsys, "--db", db, "project", "add", "Checkout latency", "--start",
                         "2025-01-06", "--end", "2025-03-28", "--scope", "cross_team",
                         "--teams", "3", "--team-size", "4", "--role", "lead",
                         "--metric", "Infrastructure cost: $50K/month saved")
    assert code == 0, err
    assert "Added project Checkout latency (Cross-team)" in out
    projects = json.loads(cli(capsys, "--db", db, "project", "list", "--json")[1])
    assert projects[0]["teams"] == 3 and projects[0]["scope"] == "cross_team"
    assert projects[0]["metrics"][0]["computed"]["annual_value"] == 600000.0
    assert "Checkout latency" in cli(capsys, "--db", db, "project", "list")[1]
    code, _, err = cli(capsys, "--db", db, "project", "add", "checkout LATENCY")
    assert code == 2 and "already exists" in err


def test_profile_shows_and_changes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "db.sqlite3")
    code, _, err = cli(capsys, "--db", db, "profile", "--name", "Ada", "--company", "meta",
                       "--level", "E5", "--target", "E6", "--level-since", "2024-03-01")
    assert code == 0, err
    shown = json.loads(cli(capsys, "--db", db, "profile", "--json")[1])
    assert shown["company"] == "meta" and shown["target_level"] == "E6"
    assert shown["level_since"] == "2024-03-01"
    assert re.search(r"^current level +E5$", cli(capsys, "--db", db, "profile")[1], re.M)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("p95 latency: 2.4s → 0.6s", "p95 latency: 75% faster (2.4 s → 0.6 s), 4×"),
        ("Deployment time: 2 hours -> 10 minutes", "91.7%"),
        ("Team morale: much better", "not quantified"),
    ],
)
def test_metric_explains_without_touching_any_database(
    capsys: pytest.CaptureFixture[str], private_user_dirs: Path, text: str, expected: str
) -> None:
    code, out, _ = cli(capsys, "metric", text)
    assert code == 0
    assert expected in out
    assert not (private_user_dirs / "data").exists()


def test_export_import_round_trip_through_the_cli(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first, second = str(tmp_path / "a.sqlite3"), str(tmp_path / "b.sqlite3")
    cli(capsys, "--db", first, "add", "Shipped search", "--date", "2025-04-01",
        "--metric", "Uptime: 99.5% -> 99.95%", "--follow-up", "2025-07-01")
    backup = tmp_path / "backup.json"
    assert cli(capsys, "--db", first, "export", str(backup))[0] == 0
    code, out, _ = cli(capsys, "--db", second, "import", str(backup))
    assert code == 0 and "added 1 wins" in out
    assert cli(capsys, "--db", second, "import", str(backup))[1].endswith(
        "added nothing; updated nothing; unchanged 1 profile, 1 wins\n")
    assert cli(capsys, "--db", second, "list")[1] == cli(capsys, "--db", first, "list")[1]


def test_bad_import_leaves_the_database_as_it_was(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "db.sqlite3")
    cli(capsys, "--db", db, "add", "Keep me", "--date", "2025-01-01")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "bragdoc", "version": 1, "wins": [
        {"date": "2025-02-01", "title": "fine"}, {"date": "2025-13-40", "title": "broken"}]}))
    code, _, err = cli(capsys, "--db", db, "import", str(bad))
    assert code == 2
    assert err == ("bragdoc: wins[1]: date '2025-13-40' is not a real date "
                   "(month must be in 1..12)\n")
    assert cli(capsys, "--db", db, "list")[1] == "2025-01-01  Keep me\n"


def test_a_database_from_a_newer_bragdoc_gets_a_clear_refusal(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "db.sqlite3"
    assert run("--db", str(db), "add", "x").returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = '0999_future'")
    conn.commit()
    conn.close()
    result = run("--db", str(db), "list")
    assert result.returncode == 2
    assert result.stderr.strip().endswith("install a newer bragdoc to open it")
    assert len(result.stderr.strip().splitlines()) == 1


def test_readiness_and_ladders_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "db.sqlite3")
    since = (dt.date.today() - dt.timedelta(days=580)).isoformat()
    cli(capsys, "--db", db, "profile", "--company", "meta", "--level", "E3", "--target", "E4",
        "--level-since", since)
    report = json.loads(cli(capsys, "--db", db, "readiness", "--json")[1])
    assert report["ladder"] == "meta"
    assert report["days_at_level"] == 580
    assert report["days_left"] is not None and report["days_left"] < 183
    assert "deadline-near" in {w["rule_id"] for w in report["warnings"]}
    assert {"no-mentoring", "no-business-impact"} <= {g["rule_id"] for g in report["gaps"]}
    assert "[no-mentoring]" in cli(capsys, "--db", db, "readiness")[1]
    assert "meta" in cli(capsys, "ladder", "list")[1]
    assert json.loads(cli(capsys, "ladder", "show", "google", "--json")[1])["levels"]
    code, _, err = cli(capsys, "ladder", "show", "initech")
    assert code == 2 and err.startswith("bragdoc: unknown ladder 'initech'")


@pytest.mark.parametrize("name", ["cadence", "pillars", "improvements", "value", "balance",
                                  "scope"])
def test_chart_writes_each_chart(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    db = str(tmp_path / "db.sqlite3")
    cli(capsys, "--db", db, "add", "Cut p95 latency", "--date", "2026-03-02",
        "--pillar", "technical_excellence", "--metric", "p95 latency: 2.4s -> 0.6s",
        "--metric", "Infrastructure cost: $50K/month saved", "--project", "Checkout")
    out = tmp_path / f"{name}.svg"
    code, printed, err = cli(capsys, "--db", db, "chart", name, "-o", str(out),
                             "--since", "2026-01-01", "--until", "2026-06-30")
    assert code == 0, err
    assert "2026-01-01 to 2026-06-30" in printed
    assert out.read_text().lstrip().startswith(("<?xml", "<svg"))
    assert "<text" in out.read_text()  # text stays text, searchable and editable


def test_chart_refuses_other_formats_and_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "db.sqlite3")
    code, _, err = cli(capsys, "--db", db, "chart", "value", "-o", str(tmp_path / "v.gif"))
    assert code == 2 and "charts are saved as .png or .svg" in err
    code, _, err = cli(capsys, "--db", db, "chart", "pie", "-o", str(tmp_path / "v.png"))
    assert code == 2 and "invalid choice: 'pie'" in err


def _git_repo(folder: Path) -> Path:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    subprocess.run(["git", "init", "-q", str(folder)], check=True, env=env)
    for key, value in (("user.email", "ada@example.com"), ("user.name", "Ada")):
        subprocess.run(["git", "-C", str(folder), "config", key, value], check=True, env=env)
    for day in (1, 2):
        (folder / f"f{day}.txt").write_text(str(day))
        subprocess.run(["git", "-C", str(folder), "add", "."], check=True, env=env)
        stamp = f"2026-10-0{day}T10:00:00"
        subprocess.run(["git", "-C", str(folder), "commit", "-qm", f"Add file {day}"],
                       check=True, env={**env, "GIT_AUTHOR_DATE": stamp,
                                        "GIT_COMMITTER_DATE": stamp})
    return folder


def test_git_suggestions_go_through_the_inbox(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "db.sqlite3")
    repo = _git_repo(tmp_path / "repo")
    code, out, err = cli(capsys, "--db", db, "import-git", str(repo), "--author",
                         "ADA@example.com", "--json")
    assert code == 0, err
    [suggestion] = json.loads(out)
    assert json.loads(cli(capsys, "--db", db, "inbox", "--json")[1]) == [suggestion]
    assert len(suggestion["commit_hashes"]) == 2
    assert cli(capsys, "--db", db, "list")[1] == ""  # nothing enters the log silently
    assert "2 commit(s) suggested before were skipped" in cli(
        capsys, "--db", db, "import-git", str(repo))[1]
    code, out, _ = cli(capsys, "--db", db, "inbox", "accept", suggestion["id"][:8])
    assert code == 0 and "Accepted 1" in out
    assert "commits to repo" in cli(capsys, "--db", db, "list")[1]
    code, _, err = cli(capsys, "--db", db, "import-git", str(tmp_path / "missing"))
    assert code == 2 and "no such file or folder" in err


def test_markdown_and_csv_imports_and_csv_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = str(tmp_path / "db.sqlite3")
    brag = tmp_path / "brag.md"
    brag.write_text("# Brag doc\n\n## Projects\n\n### March 2026\n\n"
                    "- Cut p95 latency: 2.4s -> 0.6s\n- Wrote the on-call guide\n")
    code, out, _ = cli(capsys, "--db", db, "import", str(brag))
    assert code == 0 and ("brag.md: suggested 0 project(s), 0 goal(s) and 2 win(s); "
                          "skipped 0 placeholder(s); review them with `bragdoc inbox`") in out
    assert len(json.loads(cli(capsys, "--db", db, "inbox", "--json")[1])) == 2
    cli(capsys, "--db", db, "add", "=cmd|' /C calc'!A0", "--date", "2026-01-05")
    sheet = tmp_path / "wins.csv"
    assert cli(capsys, "--db", db, "export", str(sheet))[0] == 0
    assert "'=cmd" in sheet.read_text(encoding="utf-8-sig")
    other = str(tmp_path / "other.sqlite3")
    code, out, err = cli(capsys, "--db", other, "import", str(sheet))
    assert code == 0, err
    assert cli(capsys, "--db", other, "list")[1].startswith("2026-01-05  =cmd")
    code, _, err = cli(capsys, "--db", db, "import", str(tmp_path / "notes.txt"))
    assert code == 2 and "import reads .json, .csv or .md" in err


def test_the_log_file_is_owner_only_and_written_once_per_message(tmp_path: Path) -> None:
    import logging

    from bragdoc import paths

    db = str(tmp_path / "db.sqlite3")
    assert main(["--db", db, "list"]) == 0
    assert main(["--db", db, "list"]) == 0
    logging.getLogger("bragdoc").warning("marker line")
    log_file = paths.log_dir() / "bragdoc.log"
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert log_file.read_text(encoding="utf-8").count("marker line") == 1
