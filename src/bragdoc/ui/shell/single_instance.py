"""One window per database: a second launch hands over to the running app and exits.

The running app listens on a QLocalServer whose name is derived from the user and the
resolved database path, so two databases may be open at once but never one database
twice. A launch first tries to connect: if someone answers, it sends one JSON line
(`{"command": "raise", "page": ...}`), waits for the one-line JSON reply and stops.
Otherwise it removes a socket file a crashed app may have left (only now that nobody
answered on it) and listens itself.

Two launches at the same moment would both find nobody listening and both listen; a
QLockFile in the data folder makes "try to connect, else listen" one step (a lock left
by a dead process is detected as stale by QLockFile itself).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 500
"""How long to wait for a server to accept; a listening server accepts at once."""
REPLY_TIMEOUT_MS = 5000
"""How long the running app may take to answer (its event loop may be busy a moment)."""
LOCK_TIMEOUT_MS = 5000
MAX_REQUEST = 4096


class NotAnswering(Exception):
    """Another bragdoc has the database open but did not answer the hand-over."""


def instance_name(db_path: Path) -> str:
    """The server name for this user and database (a short hash: the socket path must
    fit in 108 bytes, and the name says nothing about where the data lives)."""
    resolved = str(Path(db_path).expanduser().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:20]
    user = str(os.getuid()) if hasattr(os, "getuid") else getpass.getuser()
    return f"bragdoc-{user}-{digest}"


class InstanceServer(QObject):
    """Answers later launches on the same database.

    `on_request(page)` is called on the UI thread for each hand-over; it brings the
    window forward and returns None, or a one-line message saying why the page could
    not be shown (the window still comes forward).
    """

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.on_request: Callable[[str | None], str | None] = lambda _page: None
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        # Nobody answered on this name (the caller tried), so a socket file still there
        # was left by an app that crashed: remove it and try once more.
        QLocalServer.removeServer(self.name)
        if self.server.listen(self.name):
            return True
        log.warning("cannot listen for other launches: %s", self.server.errorString())
        return False

    def close(self) -> None:
        """Stop listening and end the connections still open, so none outlives the
        server (each aborted socket deletes itself)."""
        self.server.close()
        for socket in self.server.findChildren(QLocalSocket):
            socket.abort()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            # The socket is the server's child. Its signals go to bound methods, never to
            # a lambda holding `self`: such a lambda, stored on the child, kept this object
            # alive, so the child's deferred delete could drop the last reference and
            # delete its own parent while it was being destroyed (the suite's segfault).
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(self._ready_read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > MAX_REQUEST:
                socket.abort()
            return
        line = bytes(socket.readLine().data())
        try:
            request = json.loads(line)
            if not isinstance(request, dict) or request.get("command") != "raise":
                raise ValueError("unknown request")
            page = request.get("page")
            page = page if isinstance(page, str) else None
        except ValueError:
            log.warning("ignored a malformed request from another launch")
            socket.abort()
            return
        problem = self.on_request(page)
        reply = {"ok": problem is None, "message": problem or ""}
        socket.write(json.dumps(reply).encode("utf-8") + b"\n")
        socket.flush()
        socket.disconnectFromServer()


def _hand_over(name: str, page: str | None) -> dict[str, object] | None:
    """Ask a running app to come forward; None when nobody listens on `name`."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return None
    socket.write(json.dumps({"command": "raise", "page": page}).encode("utf-8") + b"\n")
    socket.waitForBytesWritten(REPLY_TIMEOUT_MS)
    reply = b""
    while not reply.endswith(b"\n") and socket.waitForReadyRead(REPLY_TIMEOUT_MS):
        reply += bytes(socket.readAll().data())
    if not reply.endswith(b"\n"):
        # A closed connection may still have delivered the whole reply.
        reply += bytes(socket.readAll().data())
    socket.abort()
    try:
        answer = json.loads(reply)
    except ValueError:
        raise NotAnswering("another bragdoc window has this database open but did not "
                           "answer; close it (or end that process) and try again") from None
    return answer if isinstance(answer, dict) else {"ok": True, "message": ""}


def claim(db_path: Path, lock_dir: Path, *, page: str | None = None
          ) -> tuple[InstanceServer | None, dict[str, object] | None]:
    """Become the one app for `db_path`, or hand over to the one already running.

    Returns (server, None) when this process is now the app (the server is listening),
    or (None, reply) when a running app answered: reply["ok"] tells whether it could show
    `page`, reply["message"] why not. Raises NotAnswering when a running app would not
    answer. If the lock or the socket cannot be had at all, returns a server that does
    not listen: the database copes with two writers, so the app still opens.
    """
    name = instance_name(db_path)
    lock = None
    try:
        lock_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = QLockFile(str(lock_dir / f"{name}.lock"))
        if not lock.tryLock(LOCK_TIMEOUT_MS):
            log.warning("instance lock not taken (error %s); going on without it",
                        lock.error().name)
            lock = None
    except OSError as exc:
        log.warning("cannot create the instance lock folder: %s", exc.strerror)
    try:
        reply = _hand_over(name, page)
        if reply is not None:
            return None, reply
        server = InstanceServer(name)
        server.listen()
        return server, None
    finally:
        if lock is not None:
            lock.unlock()
