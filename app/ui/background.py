"""Short work off the GUI thread that touches no Qt object while it runs.

The worker is a plain Python thread; it only computes a value. The GUI thread collects the value
with a timer owned by the widget that asked (gone with it) and calls ``done`` there. No signal is
emitted from the Python thread: PySide6 6.11 crashed now and then (a segmentation fault in the
next event processing, ~1 run in 10 of tests/gui/test_support_report_gui.py) when a plain Python
thread emitted a Qt signal, even a queued one — the documented rule is that Qt objects belong to
the thread that made them: https://doc.qt.io/qt-6/threads-qobject.html . Page work with
progress and cancelling uses :class:`app.ui.tasks.TaskRunner` instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer

T = TypeVar("T")
POLL_MS = 25


def run_in_background(
    owner: QObject, name: str, work: Callable[[], T], done: Callable[[T], None]
) -> None:
    """Run ``work()`` on a thread named ``name``; then ``done(result)`` on the GUI thread, unless
    ``owner`` is gone by then. ``work`` must not raise and must not touch Qt objects."""
    results: list[T] = []
    worker = threading.Thread(target=lambda: results.append(work()), name=name, daemon=True)

    def collect() -> None:
        if worker.is_alive():
            QTimer.singleShot(POLL_MS, owner, collect)  # look again; dropped if owner is gone
        elif results:
            done(results[0])

    worker.start()
    QTimer.singleShot(POLL_MS, owner, collect)
