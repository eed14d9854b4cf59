"""Privacy: bragdoc opens no network connection, logs no record text, writes owner-only files.

The commands run in one child Python process with an audit hook (`sys.addaudithook`)
that records every network-looking event the standard library raises: socket creation
and connects other than local (AF_UNIX) ones, name lookups, urllib and http.client. The
hook only records, it never raises, so nothing can swallow the evidence. It sees what goes
through Python's socket module (our code, matplotlib, Jinja, SQLAlchemy…); Qt's own
native sockets (e.g. the single-instance QLocalServer, a local socket) are not Python's.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bragdoc import paths

FIXTURES = Path(__file__).parent / "fixtures" / "revisions"

RUNNER = r'''
import json, os, socket, sys

_events = open(os.environ["AUDIT_OUT"], "a", encoding="utf-8")
_NETWORK = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg",
            "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
            "socket.getnameinfo", "socket.gethostname", "urllib.Request",
            "http.client.connect", "http.client.send", "ftplib.connect", "smtplib.connect",
            "webbrowser.open"}

def _local(sock):
    return getattr(sock, "family", None) == socket.AF_UNIX

def _hook(event, args):
    if event == "socket.__new__":
        if args[1] in (socket.AF_INET, socket.AF_INET6):
            _events.write(json.dumps([event, repr(args[1:])]) + "\n")
    elif event in _NETWORK and not (event.startswith("socket.") and args and _local(args[0])):
        _events.write(json.dumps([event, repr(args)[:200]]) + "\n")
    else:
        return
    _events.flush()

sys.addaudithook(_hook)

from bragdoc.app import main

codes = []
for argv in json.loads(sys.argv[1]):
    codes.append(main(argv))
print(json.dumps(codes))
'''

TITLES = ["Rewrote the quokka billing pipeline", "Led the zebrafish incident review"]
DETAILS = "Confidential narrative about the marmoset migration"
QUOTE = "Priya saved the ocelot launch single-handedly"


def run_in_child(tmp_path: Path, commands: list[list[str]]) -> tuple[list[int], list[list[str]],
                                                                      str]:
    audit = tmp_path / "audit.jsonl"
    audit.touch()
    env = dict(os.environ, AUDIT_OUT=str(audit))
    done = subprocess.run([sys.executable, "-c", RUNNER, json.dumps(commands)], env=env,
                          capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    codes = json.loads(done.stdout.strip().splitlines()[-1])
    events = [json.loads(line) for line in audit.read_text().splitlines()]
    return codes, events, done.stderr


def _interchange(tmp_path: Path) -> Path:
    path = tmp_path / "in.json"
    path.write_text(json.dumps({
        "format": "bragdoc", "version": 1,
        "wins": [{"date": "2025-02-01", "title": TITLES[1], "details": DETAILS,
                  "metrics": ["MTTR: 3h -> 40min"], "mystery": 1}],
        "feedback": [{"quote": QUOTE, "from": "Priya"}],
    }), encoding="utf-8")
    return path


@pytest.mark.slow
def test_the_cli_and_the_main_window_open_no_network_connection(tmp_path: Path) -> None:
    db = str(tmp_path / "bragdoc.sqlite3")
    out = tmp_path / "out"
    out.mkdir()
    commands = [
        ["--db", db, "add", TITLES[0], "--details", DETAILS, "--metric",
         "cost: $40k/month -> $25k/month", "--project", "Billing", "--tag", "money"],
        ["--db", db, "import", str(_interchange(tmp_path))],
        ["--db", db, "list"],
        ["--db", db, "search", "quokka"],
        ["--db", db, "export", str(out / "record.json")],
        ["--db", db, "export", str(out / "wins.csv")],
        ["--db", db, "packet", "-o", str(out / "packet.md")],
        ["--db", db, "packet", "-o", str(out / "packet.html")],
        ["--db", db, "chart", "cadence", "-o", str(out / "cadence.png")],
        ["--db", db, "gui", "--screenshot", str(out / "window.png"), "--size", "1100x700"],
    ]
    codes, events, stderr = run_in_child(tmp_path, commands)
    assert codes == [0] * len(commands), stderr[-3000:]
    assert events == []
    assert (out / "window.png").stat().st_size > 0
    # Everything bragdoc wrote is readable by its owner only.
    written = [Path(db), *(p for p in out.rglob("*") if p.is_file())]
    assert len(written) >= 7
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_the_hook_would_have_seen_a_connection(tmp_path: Path) -> None:
    """The audit hook is not blind: a lookup and a connect attempt are recorded."""
    audit = tmp_path / "audit.jsonl"
    audit.touch()
    probe = RUNNER.split("from bragdoc.app import main")[0] + (
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('127.0.0.1', 9), timeout=0.2)\n"
        "except OSError:\n"
        "    pass\n")
    subprocess.run([sys.executable, "-c", probe], env=dict(os.environ, AUDIT_OUT=str(audit)),
                   check=True, timeout=30)
    seen = {json.loads(line)[0] for line in audit.read_text().splitlines()}
    assert {"socket.getaddrinfo", "socket.connect"} <= seen


@pytest.mark.slow
def test_the_log_never_holds_record_text(tmp_path: Path) -> None:
    """Run what logs (an upgrade with its backup, a failed upgrade, imports with warnings
    and refusals) on records with recognisable words, then read every log file."""
    db = str(tmp_path / "bragdoc.sqlite3")
    old = tmp_path / "old.sqlite3"
    shutil.copyfile(sorted(FIXTURES.glob("*.sqlite3"))[0], old)
    blocked = tmp_path / "blocked.sqlite3"
    shutil.copyfile(FIXTURES / "0005_packet_drafts.sqlite3", blocked)
    conn = sqlite3.connect(blocked)
    # the upgrade (0006 adds this column) will fail
    conn.execute("ALTER TABLE win ADD COLUMN date_precision TEXT")
    conn.commit()
    conn.close()
    refused = tmp_path / "refused.json"
    refused.write_text(json.dumps({"format": "bragdoc", "version": 1, "wins": [
        {"date": "2025-02-30", "title": TITLES[0], "details": DETAILS}]}), encoding="utf-8")
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text(f"date,title,details\nnot a date,{TITLES[1]},{DETAILS}\n",
                       encoding="utf-8")
    brag = tmp_path / "brag.md"
    brag.write_text(f"# 2025\n\n- {TITLES[0]}: p95: 2s -> 1s\n- {QUOTE}\n", encoding="utf-8")
    commands = [
        ["--db", db, "add", TITLES[0], "--details", DETAILS],
        ["--db", db, "import", str(_interchange(tmp_path))],
        ["--db", db, "import", str(refused)],
        ["--db", db, "import", str(bad_csv)],
        ["--db", db, "import", str(brag)],
        ["--db", db, "search", "zebrafish"],
        ["--db", str(old), "list"],
        ["--db", str(blocked), "list"],
    ]
    codes, events, _ = run_in_child(tmp_path, commands)
    assert codes == [0, 0, 2, 2, 0, 0, 0, 2]
    assert events == []

    logs = [p for p in paths.log_dir().rglob("*") if p.is_file()]
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)
    assert "before upgrading" in text and "failed" in text  # the log is not empty
    secrets = [*TITLES, DETAILS, QUOTE, "Shipped the cart cache", "zanzibarquokka",
               "The cache made our quarter", "Ada Fixture", "Linus", "Barbara"]
    assert [s for s in secrets if s.lower() in text.lower()] == []
    # The log folder is the owner's only (the file itself gets the umask's 0644).
    assert stat.S_IMODE(paths.log_dir().stat().st_mode) & 0o077 == 0


@pytest.fixture(autouse=True)
def _no_inherited_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUDIT_OUT", raising=False)
