"""One app per database: a second launch brings the first window forward and exits.

The double-launch trials start two real app processes at the same moment on one database
(offscreen, with every user folder in tmp_path). The test hook BRAGDOC_EXIT_AFTER_HANDOVER
makes the app that holds the database quit once the other launch has handed over, so a
trial takes well under a second; trials run a few at a time, each on its own database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QLockFile
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from bragdoc.ui.shell.application import EXIT_AFTER_HANDOVER
from bragdoc.ui.shell.single_instance import InstanceServer, claim, instance_name
from tests.conftest import show_and_activate

TRIALS = 20
AT_ONCE = 4
BRAGDOC = Path(sys.executable).with_name("bragdoc")


def launch(db: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    command = [str(BRAGDOC)] if BRAGDOC.exists() else [sys.executable, "-m", "bragdoc"]
    return subprocess.Popen([*command, "--db", str(db), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def app_env(**extra: str) -> dict[str, str]:
    """The test's own environment: offscreen, user folders already redirected into
    tmp_path by the autouse fixture (XDG_*, HOME)."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", **extra}


def test_instance_names_differ_per_database_and_resolve_the_path(tmp_path: Path) -> None:
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert instance_name(a) != instance_name(b)
    assert instance_name(a) == instance_name(tmp_path / "sub" / ".." / "a.sqlite3")
    assert str(os.getuid()) in instance_name(a)
    assert len(instance_name(a)) < 60  # the socket path must stay short


@pytest.mark.slow
def test_double_launch_twenty_trials_exactly_one_keeps_the_database(
    tmp_path: Path, db_path: Path
) -> None:
    env = app_env(**{EXIT_AFTER_HANDOVER: "1"})
    databases = []
    for trial in range(TRIALS):
        db = tmp_path / f"trial{trial}.sqlite3"
        db.write_bytes(db_path.read_bytes())  # migrated already: no upgrade on launch
        databases.append(db)
    results = []
    for first in range(0, TRIALS, AT_ONCE):
        pairs = [(launch(db, env=env), launch(db, env=env))
                 for db in databases[first:first + AT_ONCE]]
        for pair in pairs:
            results.append([(p.wait(timeout=60), *p.communicate()) for p in pair])

    for trial, pair in enumerate(results):
        for code, _out, err in pair:
            assert code == 0, f"trial {trial}: {err}"
        serving = [err.count("bragdoc: serving") for _code, _out, err in pair]
        handed = [out for _code, out, _err in pair if "already open" in out]
        assert sorted(serving) == [0, 1], f"trial {trial}: {pair}"
        assert len(handed) == 1, f"trial {trial}: {pair}"
        assert handed[0].strip().count("\n") == 0  # one line
        assert str(databases[trial]) in handed[0]


def test_a_stale_socket_from_a_crash_is_removed_and_the_lock_is_released(
    qapp: object, tmp_path: Path
) -> None:
    """A socket file nobody answers on (the app crashed) does not stop the next start."""
    db = tmp_path / "bragdoc.sqlite3"
    name = instance_name(db)
    # Leave a listening socket file behind as a crash would: bind, then drop the server
    # without letting Qt remove the file.
    crashed = subprocess.run(
        [sys.executable, "-c",
         "import os, sys\n"
         "from PySide6.QtCore import QCoreApplication\n"
         "from PySide6.QtNetwork import QLocalServer\n"
         "app = QCoreApplication([])\n"
         "server = QLocalServer()\n"
         f"assert server.listen({name!r})\n"
         "print(server.fullServerName(), flush=True)\n"
         "os._exit(0)\n"],
        capture_output=True, text=True, timeout=30, check=True)
    socket_file = Path(crashed.stdout.strip())
    assert socket_file.exists()

    server, reply = claim(db, tmp_path / "data")
    try:
        assert reply is None and isinstance(server, InstanceServer)
        assert server.server.isListening()
        # The lock guarded only the claim: another process can take it now.
        lock = QLockFile(str(tmp_path / "data" / f"{name}.lock"))
        assert lock.tryLock(0)
        lock.unlock()
    finally:
        assert server is not None
        server.close()
    assert not QLocalServer.removeServer(name) or True  # nothing left to remove


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform has no stacking
def test_the_second_launch_hands_over_its_page_and_the_window_comes_forward(
    qtbot, db, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    from bragdoc.ui.kit.context import UiContext
    from bragdoc.ui.shell.main_window import MainWindow

    server, reply = claim(db.path, tmp_path / "data")
    assert server is not None and reply is None
    window = MainWindow(UiContext.create(db))
    qtbot.addWidget(window)
    asked: list[str | None] = []

    def handed_over(page: str | None) -> str | None:
        asked.append(page)
        window.bring_forward(page)
        return None

    server.on_request = handed_over
    show_and_activate(qtbot, window)
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)

    # A second launch, as a separate process, asking for the Projects page.
    second = launch(db.path, "gui", "--page", "projects", env=app_env())
    try:
        qtbot.waitUntil(lambda: asked == ["projects"], timeout=20000)
        out, err = second.communicate(timeout=20)
    finally:
        server.close()
    assert second.returncode == 0, err
    assert out.startswith("bragdoc is already open on ")
    assert not window.isMinimized()
    assert window.current_page_key() == "projects"


def test_a_hand_over_that_is_never_answered_is_reported(qapp: object, tmp_path: Path) -> None:
    """A server that accepts but never replies (a hung app): the launch says so."""
    from bragdoc.ui.shell import single_instance

    db = tmp_path / "bragdoc.sqlite3"
    mute = QLocalServer()
    assert mute.listen(instance_name(db))
    old = single_instance.REPLY_TIMEOUT_MS
    single_instance.REPLY_TIMEOUT_MS = 200
    try:
        with pytest.raises(single_instance.NotAnswering, match="did not answer"):
            claim(db, tmp_path / "data")
    finally:
        single_instance.REPLY_TIMEOUT_MS = old
        mute.close()


def test_requests_that_are_not_a_hand_over_are_ignored(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server = InstanceServer(instance_name(tmp_path / "x.sqlite3"))
    assert server.listen()
    asked: list[str | None] = []
    server.on_request = lambda page: asked.append(page) or None
    bad, good = QLocalSocket(), QLocalSocket()
    try:
        bad.connectToServer(server.name)
        assert bad.waitForConnected(1000)
        bad.write(b'{"command": "delete everything"}\n')
        bad.flush()
        qtbot.waitUntil(lambda: bad.state() == QLocalSocket.LocalSocketState.UnconnectedState,
                        timeout=3000)
        good.connectToServer(server.name)
        assert good.waitForConnected(1000)
        good.write(json.dumps({"command": "raise", "page": None}).encode() + b"\n")
        good.flush()
        qtbot.waitUntil(lambda: asked == [None], timeout=3000)
    finally:
        server.close()
        for client in (bad, good):
            client.abort()


def test_the_server_can_be_let_go_while_an_answered_connection_awaits_deletion(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """The suite's segfault: a lambda holding the server, connected on a socket the server
    owns, kept the server alive; the socket's deferred delete then dropped the last
    reference and deleted the socket's own parent while the socket was being destroyed."""
    server = InstanceServer(instance_name(tmp_path / "x.sqlite3"))
    assert server.listen()
    listener = server.server
    client = QLocalSocket()
    try:
        client.connectToServer(server.name)
        assert client.waitForConnected(1000)
        # The wait ends as soon as the request is handled, before the event loop gets to
        # the answered socket's deferred delete: the order the crashing test ended in.
        with qtbot.waitCallback() as handled:
            server.on_request = lambda page: handled(page)
            client.write(json.dumps({"command": "raise", "page": None}).encode() + b"\n")
            client.flush()
        server.close()
        del server  # the owner lets go, as a test function returning does
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert not shiboken6.isValid(listener)  # gone with its owner, nothing kept it alive
    finally:
        client.abort()
