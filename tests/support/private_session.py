"""A private desktop session for the tests that need a real one on Linux: an X server (Xvfb) and a
D-Bus session bus of their own, and the daemons started on them (a tray host, a screen-reader
listener...). Used by tests/support/sni_watcher.py, tests/support/atspi_session.py and
tests/tray/test_tray_host_real.py.

Each child runs in its own process group (stopped with everything it started), prints its first
answer on stdout and logs to ``NAME.log`` in the test's folder; the bus's sockets are in a short
temp dir (a unix socket path must stay under ~100 bytes).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, NoReturn

import pytest

from tests.support.process_group import first_line, log_tail, stop_process_group


def needed_on_linux_ci(text: str) -> NoReturn:
    """A private session's part is missing: the test fails on a Linux CI run (the test command
    installs everything it needs there), and is skipped with ``text`` anywhere else."""
    if os.environ.get("CI") == "true" and sys.platform == "linux":
        pytest.fail(f"{text} (CI must run it: packaging/bootstrap.py test installs it)")
    pytest.skip(text)


# What a desktop session sets that must not leak from the developer's shell into the private one.
_NOT_INHERITED = ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


class PrivateSession:
    """Start children with :meth:`start`; :meth:`start_bus` and :meth:`start_display` give the bus
    address and the X display; :meth:`environment` is what a child needs to use both."""

    def __init__(self, logs: Path, runtime: Path, cannot_run: Callable[[str], object]) -> None:
        self.logs = logs
        self.runtime = runtime
        self.cannot_run = cannot_run  # skips or fails the test (never returns)
        self.address = ""
        self.display = ""
        self.started: list[subprocess.Popen[str]] = []
        self._log_files: list[IO[str]] = []

    def start(
        self, argv: list[str], name: str, *, stdin: int = subprocess.DEVNULL, **kw: Any
    ) -> subprocess.Popen[str]:
        """``argv`` in its own process group, stderr to ``NAME.log``, stdout to read."""
        log = (self.logs / f"{name}.log").open("a")
        self._log_files.append(log)
        proc = subprocess.Popen(
            argv,
            stdout=subprocess.PIPE,
            stderr=log,
            stdin=stdin,
            text=True,
            start_new_session=True,  # its own process group: stopped with everything it started
            **kw,
        )
        self.started.append(proc)
        return proc

    def read_line(self, proc: subprocess.Popen[str], name: str, timeout: float = 20) -> str:
        """The child's first line (an address, "ready"...); the test cannot run without it."""
        line = first_line(proc, timeout)
        if not line:
            self.cannot_run(f"{name} did not start: {log_tail(self.logs / (name + '.log'))}")
        return line

    def start_bus(self) -> str:
        """A private D-Bus session bus; its address."""
        bus = self.start(
            [
                "dbus-daemon",
                "--session",
                "--nofork",
                "--nopidfile",
                f"--address=unix:dir={self.runtime}",
                "--print-address=1",
            ],
            "dbus-daemon",
        )
        self.address = self.read_line(bus, "dbus-daemon")
        return self.address

    def start_display(self, screen: str = "1280x800x24") -> str:
        """An X server without a screen; its display (``:N``)."""
        # -displayfd: Xvfb picks a free display number and writes it (no clash with others).
        xvfb = self.start(
            ["Xvfb", "-displayfd", "1", "-screen", "0", screen, "-nolisten", "tcp"], "Xvfb"
        )
        self.display = ":" + self.read_line(xvfb, "Xvfb")
        return self.display

    def environment(self, drop: tuple[str, ...] = (), **extra: str) -> dict[str, str]:
        """This process's environment for a child on the private display and bus (Qt on xcb)."""
        env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED + drop}
        env.update(QT_QPA_PLATFORM="xcb", XDG_RUNTIME_DIR=str(self.runtime))
        if self.display:
            env["DISPLAY"] = self.display
        if self.address:
            env["DBUS_SESSION_BUS_ADDRESS"] = self.address
        env.update(extra)
        return env

    def close(self) -> None:
        """Stop every child (last started first) and remove the sockets' folder."""
        for proc in reversed(self.started):
            stop_process_group(proc)
        self.started.clear()
        for log in self._log_files:
            log.close()
        shutil.rmtree(self.runtime, ignore_errors=True)


@contextlib.contextmanager
def private_session(
    logs: Path, cannot_run: Callable[[str], object], prefix: str = "tp-session-"
) -> Iterator[PrivateSession]:
    """A :class:`PrivateSession` logging to ``logs``, closed on exit."""
    session = PrivateSession(logs, Path(tempfile.mkdtemp(prefix=prefix)), cannot_run)
    try:
        yield session
    finally:
        session.close()
