"""Running core calls off the GUI thread: a QRunnable per call, results back by queued signals.

A task is a plain function ``work(context) -> result``. It runs on the runner's QThreadPool; it may
call ``context.report(anything)`` for progress and should look at ``context.cancel`` (a
``threading.Event`` handed on to the core) now and then. Success, failure and progress arrive on
the GUI thread through queued signals. Cancelling a task sets its event and drops whatever it still
delivers, so a page that is left never hears from its old work again.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.core.errors import SetupError


@dataclass(frozen=True)
class TaskFailure:
    """What went wrong, in plain words (never the key)."""

    message: str
    hint: str = ""
    code: str = "unexpected"

    @property
    def text(self) -> str:
        return f"{self.message} {self.hint}".strip()


@dataclass
class TaskContext:
    """What a running task is handed: its cancel flag and a way to report progress."""

    cancel: threading.Event
    report: Callable[[Any], None]


@dataclass
class TaskHandle:
    """A started task, by owner: cancelling it sets the flag the task checks."""

    task_id: int
    owner: str
    cancel: threading.Event = field(default_factory=threading.Event)

    def cancelled(self) -> bool:
        return self.cancel.is_set()


class _TaskSignals(QObject):
    progress = Signal(int, object)
    succeeded = Signal(int, object)
    failed = Signal(int, object)


class _Task(QRunnable):
    def __init__(
        self,
        handle: TaskHandle,
        work: Callable[[TaskContext], Any],
        signals: _TaskSignals,
    ) -> None:
        super().__init__()
        self._handle = handle
        self._work = work
        self._signals = signals

    def run(self) -> None:
        task_id = self._handle.task_id
        context = TaskContext(
            cancel=self._handle.cancel,
            report=lambda value: self._signals.progress.emit(task_id, value),
        )
        try:
            result = self._work(context)
        except SetupError as exc:
            self._signals.failed.emit(task_id, TaskFailure(exc.message, exc.hint, exc.code))
        except Exception as exc:  # a bug must still end the task visibly, never hang the page
            if os.environ.get("TOKENPOOL_SETUP_DEBUG"):
                import traceback

                traceback.print_exc()
            self._signals.failed.emit(
                task_id,
                TaskFailure(
                    f"Something unexpected went wrong ({type(exc).__name__}). Nothing was "
                    "half-written.",
                ),
            )
        else:
            self._signals.succeeded.emit(task_id, result)


@dataclass
class _Callbacks:
    """Where a task's result, failure and progress go, on the GUI thread."""

    handle: TaskHandle
    on_success: Callable[[Any], None]
    on_failure: Callable[[TaskFailure], None] | None
    on_progress: Callable[[Any], None] | None


class TaskRunner(QObject):
    """Starts tasks for the pages and routes their results back; owned by the wizard."""

    busy_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(4, self._pool.maxThreadCount()))
        self._signals = _TaskSignals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.succeeded.connect(self._on_succeeded)
        self._signals.failed.connect(self._on_failed)
        self._ids = itertools.count(1)
        self._live: dict[int, _Callbacks] = {}

    def start(
        self,
        owner: str,
        work: Callable[[TaskContext], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[TaskFailure], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
    ) -> TaskHandle:
        handle = TaskHandle(next(self._ids), owner)
        self._live[handle.task_id] = _Callbacks(handle, on_success, on_failure, on_progress)
        self._pool.start(_Task(handle, work, self._signals))
        self.busy_changed.emit()
        return handle

    def busy(self, owner: str | None = None) -> bool:
        return any(owner is None or c.handle.owner == owner for c in self._live.values())

    def cancel(self, owner: str | None = None) -> None:
        """Cancel the tasks of ``owner`` (all when None); they deliver nothing afterwards."""
        dropped = [i for i, c in self._live.items() if owner is None or c.handle.owner == owner]
        for task_id in dropped:
            self._live.pop(task_id).handle.cancel.set()
        if dropped:
            self.busy_changed.emit()

    def wait(self, timeout_ms: int) -> bool:
        """Wait for running tasks to return (cancelled ones stop within their polling interval)."""
        return bool(self._pool.waitForDone(timeout_ms))

    @Slot(int, object)
    def _on_progress(self, task_id: int, value: object) -> None:
        callbacks = self._live.get(task_id)
        if callbacks is not None and callbacks.on_progress is not None:
            callbacks.on_progress(value)

    @Slot(int, object)
    def _on_succeeded(self, task_id: int, result: object) -> None:
        callbacks = self._live.pop(task_id, None)
        if callbacks is None:
            return
        self.busy_changed.emit()
        callbacks.on_success(result)

    @Slot(int, object)
    def _on_failed(self, task_id: int, failure: object) -> None:
        callbacks = self._live.pop(task_id, None)
        if callbacks is None:
            return
        self.busy_changed.emit()
        if callbacks.on_failure is not None and isinstance(failure, TaskFailure):
            callbacks.on_failure(failure)
