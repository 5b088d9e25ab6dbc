"""The resident tray's side of the worker protocol: each request runs in a short-lived child process
(app/core/tray/worker.py) started with QProcess, so the network, keychain and TOML libraries never
load into the tray. One answer per request, delivered on the GUI thread; a child that hangs is
killed after a while, one that cannot start or dies is a :class:`Failure` in words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer

from app.core.paths import AppPaths
from app.core.tray import protocol
from app.core.tray.protocol import Answer, Failure, Place, Request

WORKER_TIMEOUT_MS = 90_000
A = TypeVar("A", bound=Answer)


class WorkerClient(QObject):
    def __init__(
        self, paths: AppPaths, env: Mapping[str, str], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._place = Place(str(paths.codex_home), str(paths.settings_dir))
        self._env = dict(env)
        self._running: dict[QProcess, str] = {}
        self._stopped = False

    def busy(self, job: str) -> bool:
        return job in self._running.values()

    def run(
        self,
        request: Request,
        on_done: Callable[[A], None],
        on_failure: Callable[[Failure], None],
        answer_type: type[A],
    ) -> None:
        """Start ``request``; ``on_done`` gets its answer (of ``answer_type``), ``on_failure`` a
        failure. Neither is called after :meth:`stop`."""
        from app.core.tray.worker import worker_command

        process = QProcess(self)
        environment = QProcessEnvironment()
        for name, value in self._env.items():
            environment.insert(name, value)
        process.setProcessEnvironment(environment)
        process.setStandardErrorFile(QProcess.nullDevice())
        program, *arguments = worker_command()
        process.setProgram(program)
        process.setArguments(arguments)
        finished = False

        def finish(answer: Answer | Failure) -> None:
            nonlocal finished
            if finished:
                return
            finished = True
            watchdog.stop()
            self._running.pop(process, None)
            process.deleteLater()
            if self._stopped:
                return
            if isinstance(answer, answer_type):
                on_done(answer)
            elif isinstance(answer, Failure):
                on_failure(answer)
            else:
                on_failure(Failure("unexpected", "The background check stopped unexpectedly."))

        def exited(_code: int, _status: QProcess.ExitStatus) -> None:
            output = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
            finish(protocol.decode_answer(request.job, output))

        def error(problem: QProcess.ProcessError) -> None:
            if problem == QProcess.ProcessError.FailedToStart:
                finish(Failure("unexpected", "The background check could not be started."))

        watchdog = QTimer(process)
        watchdog.setSingleShot(True)
        watchdog.timeout.connect(process.kill)
        process.finished.connect(exited)
        process.errorOccurred.connect(error)
        self._running[process] = request.job
        process.start()
        process.write(protocol.encode_request(request, self._place).encode())
        process.closeWriteChannel()
        watchdog.start(WORKER_TIMEOUT_MS)

    def stop(self) -> None:
        """Kill every running child; no answer is delivered after this."""
        self._stopped = True
        for process in list(self._running):
            process.kill()
            process.waitForFinished(5000)
