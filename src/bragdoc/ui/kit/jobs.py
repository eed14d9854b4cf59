"""The one way long work leaves the UI thread: QThreadPool plus a QObject carrying signals.

Workers never touch widgets; results come back through queued signals to the thread
that owns the receiver.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # handed to the UI thread, which decides how to show it
            log.exception("background job failed")
            self._report(self.relay.failed, exc)
        else:
            self._report(self.relay.finished, result)

    @staticmethod
    def _report(signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            # The application is shutting down and Qt has already destroyed the relay;
            # nobody is left to receive the answer.
            log.debug("a background answer arrived after the app closed; dropped")


_running: set[_Relay] = set()


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    parent: QObject | None = None,
) -> _Relay:
    """Run `work` on the pool; call `on_done(result)` or `on_error(exc)` on the UI thread.

    `parent` is the widget the answer is for: if it is gone by the time the job ends (its
    window was closed), the answer is dropped instead of reaching a deleted widget.
    """
    # The relay has no Qt parent so it cannot be deleted under a running job; the module
    # keeps it alive until the job reports back.
    relay = _Relay()
    _running.add(relay)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(relay)
        relay.deleteLater()
        if parent is None or shiboken6.isValid(parent):
            callback(value)

    relay.finished.connect(lambda result: finish(on_done, result))
    relay.failed.connect(lambda exc: finish(on_error, exc))
    QThreadPool.globalInstance().start(_Job(work, relay))
    return relay
