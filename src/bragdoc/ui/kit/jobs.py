"""The one way work leaves the UI thread: QThreadPool plus a QObject carrying signals.

    job = start_job(work, on_done, on_error, parent=page)       # work() -> result
    job = start_job(work, on_done, on_error, parent=page,
                    on_progress=show, control=True)             # work(control) -> result
    job.cancel()                                                # the work checks control

Workers never touch widgets; results come back through queued signals to the UI thread.
A job whose `parent` is gone when it ends (its window closed) drops its answer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    QRunnable,
    QThread,
    QThreadPool,
    Signal,
)

from bragdoc.domain.errors import UserError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None
    text: str = ""
    detail: Any = None
    """Whatever the work wants to hand the UI along with the count."""


class _Relay(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(object)


class JobControl:
    """Handed to work that reports progress or can stop early (on the worker thread)."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancelled = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def report(self, done: int, total: int | None = None, text: str = "",
               detail: Any = None) -> None:
        _emit(self._relay.progress, Progress(done, total, text, detail))


class Job:
    """A running piece of work; `cancel()` asks it to stop (the work decides when)."""

    def __init__(self, relay: _Relay, control: JobControl) -> None:
        self.relay = relay
        self.control = control

    def cancel(self) -> None:
        self.control._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self.control.cancelled


def _emit(signal: Any, value: Any) -> None:
    try:
        signal.emit(value)
    except RuntimeError:
        # The application is shutting down and Qt has already destroyed the relay;
        # nobody is left to receive the answer.
        log.debug("a background answer arrived after the app closed; dropped")


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay, *,
                 log_failures: bool = True) -> None:
        super().__init__()
        self.work = work
        self.relay = relay
        self.log_failures = log_failures

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # handed to the UI thread, which decides how to show it
            if self.log_failures and not isinstance(exc, UserError):
                # A bug: its traceback is kept here, once, whatever the UI makes of it.
                log.error("background job failed", exc_info=exc)
            _emit(self.relay.failed, exc)
        else:
            _emit(self.relay.finished, result)


_running: set[_Relay] = set()
"""Relays of jobs under way: they have no Qt parent (a parent could be deleted under a
running job), so this set keeps them alive until their job reports back."""


def start_job(
    work: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    parent: QObject | None = None,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    control: bool = False,
    pool: QThreadPool | None = None,
) -> Job:
    """Run `work` on the pool; call `on_done(result)` or `on_error(exc)` on the UI thread.

    With `control=True` the work is called with a JobControl to report progress (shown
    through `on_progress`) and to notice `Job.cancel()`.
    """
    relay = _Relay()
    _running.add(relay)
    job_control = JobControl(relay)

    def alive() -> bool:
        return parent is None or shiboken6.isValid(parent)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(relay)
        relay.deleteLater()
        if alive():
            callback(value)

    relay.finished.connect(lambda result: finish(on_done, result))
    relay.failed.connect(lambda exc: finish(on_error, exc))
    if on_progress is not None:
        relay.progress.connect(lambda step: on_progress(step) if alive() else None)
    call = (lambda: work(job_control)) if control else work
    (pool or QThreadPool.globalInstance()).start(_Runnable(call, relay))
    return Job(relay, job_control)


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    parent: QObject | None = None,
) -> Job:
    """`start_job` for work with nothing to report and no way to stop."""
    return start_job(work, on_done, on_error, parent)


def wait_off_the_ui_thread(work: Callable[[], Any]) -> Any:
    """Run `work` on a worker and wait for it without freezing the window: the window
    keeps painting and its timers run, but takes no input until the work is done (so
    nothing can be started twice). Returns its result or raises its exception, as a
    plain call would — for a write the person is waiting on, which may have to wait for
    another program's lock."""
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return work()
    outcome: list[Any] = []
    loop = QEventLoop()

    def done(value: Any) -> None:
        outcome.append((True, value))
        loop.quit()

    def failed(exc: Exception) -> None:
        outcome.append((False, exc))
        loop.quit()

    relay = _Relay()
    relay.finished.connect(done)
    relay.failed.connect(failed)
    _waiting_pool().start(_Runnable(work, relay, log_failures=False))
    _writes_waited_on.append(work)
    try:
        if not outcome:
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    finally:
        _writes_waited_on.remove(work)
    relay.deleteLater()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


_waiting: list[QThreadPool] = []
_writes_waited_on: list[Callable[[], Any]] = []


def waiting_on_a_write() -> bool:
    """True while the UI thread waits for a write: nothing may rebuild widgets then (the
    code that started the write may belong to one of them and is still running)."""
    return bool(_writes_waited_on)


def _waiting_pool() -> QThreadPool:
    """One thread for waited-on writes, so they land in the order they were made."""
    if not _waiting:
        pool = QThreadPool()
        pool.setMaxThreadCount(1)
        _waiting.append(pool)
    return _waiting[0]


class SerialWriter(QObject):
    """Writes that must land in the order they were asked for (a draft saved as the
    person types): one thread of their own, off the UI thread, so a database held by
    another program never freezes the window."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        _writers.add(self)
        self.destroyed.connect(lambda: _writers.discard(self))

    def submit(self, work: Callable[[], Any], on_done: Callable[[Any], None],
               on_error: Callable[[Exception], None]) -> Job:
        return start_job(work, on_done, on_error, self.parent(), pool=self.pool)


_writers: set[SerialWriter] = set()


def drain(timeout_ms: int = 30_000) -> bool:
    """Wait for every job and pending write to finish (at shutdown, and between tests)."""
    alive = [w for w in list(_writers) if shiboken6.isValid(w) and shiboken6.isValid(w.pool)]
    done = all(writer.pool.waitForDone(timeout_ms) for writer in alive)
    return QThreadPool.globalInstance().waitForDone(timeout_ms) and done
