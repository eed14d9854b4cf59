"""Guards against a Qt binding that would take the app down at run time."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ping = Signal()


def test_emitting_signals_does_not_leak_references_to_true() -> None:
    # PySide6 6.12.0 drops a reference to True on each Python-side emit(); a few hundred
    # signals later the interpreter aborts (hence the pin in pyproject.toml).
    emitter = _Emitter()
    before = sys.getrefcount(True)
    for _ in range(300):
        emitter.ping.emit()
    assert sys.getrefcount(True) >= before - 5
