"""Emitting a Qt signal from Python, with a workaround for a reference-count bug.

WORKAROUND: PySide6 6.12 on Python 3.11 drops one reference to ``True`` (what ``emit`` returns)
on every ``Signal.emit()``. Before Python 3.12 ``True`` is an ordinary object with a few dozen
references, so an app that emits a few thousand signals aborts with "deallocating True or False"
(at the latest when the interpreter shuts down). :func:`emit` checks once whether this PySide has
the bug and, if so, gives the reference back after every emit. Remove once PySide is fixed.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_lock = threading.Lock()
_leaks: bool | None = None


class _Probe(QObject):
    fired = Signal()


def _emit_drops_true() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(4):
        probe.fired.emit()
    dropped = sys.getrefcount(True) < before
    if dropped:
        _give_back_true(4)
    return dropped


def _give_back_true(count: int) -> None:
    import ctypes

    for _ in range(count):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))


def emit(signal: SignalInstance, *args: Any) -> None:
    global _leaks
    if _leaks is None:
        with _lock:
            if _leaks is None:
                _leaks = sys.version_info < (3, 12) and _emit_drops_true()
    signal.emit(*args)
    if _leaks:
        _give_back_true(1)
