"""A private accessibility bus for tests/a11y/test_accessibility_bus.py: Xvfb, a private D-Bus
session bus (which starts at-spi-bus-launcher, the accessibility bus and its registry on demand, as
a desktop session does) and a screen-reader-like listener (tests/support/atspi_listener.py, run with
the system Python that has Debian's python3-pyatspi).

Needs the Debian packages xvfb, dbus, at-spi2-core and python3-pyatspi (packaging/bootstrap.py's
SYSTEM_PACKAGES installs them on CI). Missing pieces skip the test, except on CI where they fail it.
"""

from __future__ import annotations

import contextlib
import json
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.support.private_session import needed_on_linux_ci, private_session
from tests.support.process_group import log_tail

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"


def _cannot_run(reason: str) -> None:
    # AT-SPI is Linux's accessibility bus; the Windows and macOS runners have none to start.
    needed_on_linux_ci(f"no private accessibility bus for the test: {reason}")


def _missing() -> list[str]:
    missing = [
        f"{tool} (package {package})"
        for tool, package in (("Xvfb", "xvfb"), ("dbus-daemon", "dbus"))
        if not shutil.which(tool)
    ]
    launchers = [BUS_LAUNCHER, "/usr/lib/at-spi2-core/at-spi-bus-launcher"]
    if not any(Path(p).exists() for p in launchers):
        missing.append("at-spi-bus-launcher (package at-spi2-core)")
    probe = (
        subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False)
        if Path(SYSTEM_PYTHON).exists()
        else None
    )
    if probe is None or probe.returncode != 0:
        missing.append(f"pyatspi for {SYSTEM_PYTHON} (package python3-pyatspi)")
    return missing


@dataclass
class AccessibilityBus:
    env: dict[str, str]
    listener: subprocess.Popen[str]
    folder: Path
    walk_count: int = 0
    records: list[dict[str, Any]] = field(default_factory=list)
    walks: queue.Queue[list[dict[str, Any]]] = field(default_factory=queue.Queue)

    def events(self, kind: str = "") -> list[dict[str, Any]]:
        return [r for r in list(self.records) if str(r.get("type", "")).startswith(kind)]

    def walk(self, app_name: str, timeout: float = 60) -> list[dict[str, Any]]:
        """Every accessible object of ``app_name`` as the listener reads it off the bus (also
        kept in the test's folder, ``walk-N.json``, to look at when a test fails)."""
        assert self.listener.stdin is not None
        self.listener.stdin.write(f"walk {app_name}\n")
        self.listener.stdin.flush()
        found = self.walks.get(timeout=timeout)
        self.walk_count += 1
        (self.folder / f"walk-{self.walk_count}.json").write_text(
            json.dumps(found, ensure_ascii=False, indent=1)
        )
        return found

    def walk_until(
        self, app_name: str, shows: Callable[[list[dict[str, Any]]], bool], timeout: float = 20
    ) -> list[dict[str, Any]]:
        """Walk until ``shows`` holds (the app tells the bus a moment after it changed)."""
        deadline = time.monotonic() + timeout
        found = self.walk(app_name)
        while not shows(found) and time.monotonic() < deadline:
            time.sleep(0.3)
            found = self.walk(app_name)
        return found

    def wait_for(self, kind: str, words: str, timeout: float = 20) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for record in self.events(kind):
                if words in json.dumps(record, ensure_ascii=False):
                    return record
            time.sleep(0.05)
        raise AssertionError(f"no {kind} event with {words!r} within {timeout} s")


@contextlib.contextmanager
def accessibility_bus(tmp: Path) -> Iterator[AccessibilityBus]:
    """Xvfb + a private session bus (with the accessibility bus behind it) + the listener."""
    if sys.platform != "linux":
        pytest.skip("AT-SPI, the bus a screen reader listens on, is Linux's")
    missing = _missing()
    if missing:
        _cannot_run("missing " + ", ".join(missing))
    with private_session(tmp, _cannot_run, prefix="tp-a11y-") as desktop:
        desktop.start_display("1280x900x24")
        desktop.start_bus()
        env = desktop.environment(
            drop=("NO_AT_BRIDGE", "QT_LOGGING_RULES"),
            # Qt talks to the accessibility bus only when asked (a desktop sets this when a
            # screen reader runs, or Qt sees org.a11y.Status.IsEnabled).
            QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
            QT_ACCESSIBILITY="1",
            PYTHONUNBUFFERED="1",
        )
        listener_env = {k: v for k, v in env.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        listener = desktop.start(
            [SYSTEM_PYTHON, str(HERE / "atspi_listener.py")],
            "listener",
            stdin=subprocess.PIPE,
            env=listener_env,
        )
        ready = desktop.read_line(listener, "listener", timeout=30)
        if "ready" not in ready:
            _cannot_run(f"the listener said {ready!r}: {log_tail(tmp / 'listener.log')}")
        session = AccessibilityBus(env, listener, tmp)

        def collect() -> None:
            assert listener.stdout is not None
            for line in listener.stdout:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if "walk" in record:
                    session.walks.put(record["walk"])
                else:
                    session.records.append(record)

        threading.Thread(target=collect, daemon=True).start()
        try:
            yield session
        finally:  # what the listener heard, to look at when a test fails
            (tmp / "events.jsonl").write_text(
                "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in session.records)
            )


def app_command(script: str, *args: str) -> list[str]:
    """The project's Python running a driver script from tests/support/ (in the repository)."""
    return [sys.executable, str(HERE / script), *args]
