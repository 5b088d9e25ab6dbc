"""The tray with real tray hosts that come and go, measured from outside (Linux).

A private D-Bus session and an X server (Xvfb) per test; the tray is the real TrayController in a
child process (xcb), polling the gateway imitation. Tray hosts:

- StatusNotifier: tests/support/sni_watcher.py (the watcher name a panel's StatusNotifier plugin
  owns), started and stopped during the test — as a panel restart or crash does;
- XEmbed: trayer (package trayer), started and killed the same way.

Seen from outside only: the watcher's log says when the icon registers; ``xwininfo`` finds the
no-tray window mapped on the X display by its title (which says the amount); ``dunstctl`` (dunst on
the private bus) counts notifications, and the item's ``Status`` property says whether Qt swapped
the ring for its warning sign (NeedsAttention). What is missing here skips with the package to
install; on CI it fails (packaging/bootstrap.py installs it).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.paths import AppPaths
from tests.gateway import GatewayImitation
from tests.support.private_session import PrivateSession
from tests.support.process_group import first_line, stop_process_group
from tests.tray.test_tray_gui import configure

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="StatusNotifier and XEmbed are Linux's"),
    pytest.mark.slow,
]

REPO = Path(__file__).resolve().parents[2]
WATCHER = REPO / "tests" / "support" / "sni_watcher.py"

TRAY = r"""
import json, sys, time
from PySide6.QtCore import QTimer
from app.core.paths import resolve_paths
from app.ui.main import application
from app.ui.tray.controller import TrayController

app = application()
app.setQuitOnLastWindowClosed(False)
paths = resolve_paths(sys.argv[1], sys.argv[2])
tray = TrayController(paths, tray_wait_s=float(sys.argv[3]))

def report(event):
    print(json.dumps({
        "event": event,
        "icon": tray.tray is not None and tray.tray.isVisible(),
        "window": tray.fallback and tray.panel.isVisible(),
        "title": tray.panel.windowTitle(),
        "notified": [r for r, _t in getattr(notifier, "delivered", [])],
    }), flush=True)

notifier = getattr(tray, "notifier", None)  # (getattr: the script also runs on older code)
tray.reading_changed.connect(lambda: report("reading"))
tray.start(show_panel=False)
report("started")
beat = QTimer()
beat.timeout.connect(lambda: report("beat"))
beat.start(1000)
QTimer.singleShot(240_000, app.quit)
app.exec()
tray.stop()
"""


def _need(*tools: str) -> None:
    packages = {
        "dbus-daemon": "dbus",
        "Xvfb": "xvfb",
        "xwininfo": "x11-utils",
        "trayer": "trayer",
        "dunst": "dunst",
        "dunstctl": "dunst",
    }
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        text = "missing " + ", ".join(f"{t} (package {packages[t]})" for t in missing)
        if os.environ.get("CI") == "true":
            pytest.fail(f"{text}: CI must run it")
        pytest.skip(text)


class Desktop:
    """A private session: bus, X display, and tray hosts to start and stop."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.session = PrivateSession(tmp, Path(tempfile.mkdtemp(prefix="tp-host-")), pytest.fail)
        self.watcher: subprocess.Popen[str] | None = None
        self.watcher_events: list[dict[str, Any]] = []
        self.trayer: subprocess.Popen[str] | None = None
        self.address = self.session.start_bus()
        self.display = self.session.start_display()
        self.env = self.session.environment(XDG_CURRENT_DESKTOP="XFCE")

    def _start(self, argv: list[str], name: str, **kw: Any) -> subprocess.Popen[str]:
        return self.session.start(argv, name, **kw)

    # -- tray hosts -----------------------------------------------------------------------------

    def start_watcher(self) -> None:
        """A StatusNotifier host appears (a panel with its StatusNotifier plugin starts)."""
        self.watcher = self._start(
            [sys.executable, str(WATCHER), self.address], "watcher", cwd=str(REPO)
        )
        assert first_line(self.watcher, 15) == "ready"
        events = self.watcher_events
        stream = self.watcher.stdout

        def collect() -> None:
            assert stream is not None
            for line in stream:
                with contextlib.suppress(ValueError):
                    events.append(json.loads(line))

        threading.Thread(target=collect, daemon=True).start()

    def stop_watcher(self) -> None:
        """The host goes away (the panel crashed or restarts)."""
        assert self.watcher is not None
        stop_process_group(self.watcher)
        self.watcher = None

    def registrations(self) -> int:
        return sum(1 for e in self.watcher_events if e.get("call") == "RegisterStatusNotifierItem")

    def start_trayer(self) -> None:
        self.trayer = self._start(
            [
                "trayer",
                "--edge",
                "top",
                "--align",
                "right",
                "--widthtype",
                "pixel",
                "--width",
                "200",
                "--height",
                "24",
            ],
            "trayer",
            env=self.env,
        )

    def stop_trayer(self) -> None:
        assert self.trayer is not None
        stop_process_group(self.trayer)
        self.trayer = None

    # -- looking from outside -------------------------------------------------------------------

    def windows_titled(self, text: str) -> list[str]:
        """Titles of the X windows on screen (mapped) whose name contains ``text``, as xwininfo
        (package x11-utils) sees them: what a person sees, not what the app says."""

        def xwininfo(*args: str) -> str:
            done = subprocess.run(
                ["xwininfo", *args], env=self.env, capture_output=True, text=True, timeout=20
            )
            return done.stdout

        titles = []
        for match in re.finditer(r'^\s*(0x[0-9a-f]+) "(.*)":', xwininfo("-root", "-tree"), re.M):
            wid, name = match.groups()
            if text in name and "Map State: IsViewable" in xwininfo("-id", wid):
                titles.append(name)
        return titles

    def close(self) -> None:
        self.session.close()


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Desktop]:
    _need("dbus-daemon", "Xvfb", "xwininfo")
    try:
        import jeepney  # noqa: F401
    except ImportError:
        pytest.skip("the Python package jeepney is missing")
    session = Desktop(tmp_path)
    try:
        yield session
    finally:
        session.close()


class TrayChild:
    def __init__(self, desktop: Desktop, paths: AppPaths, tray_wait_s: float) -> None:
        self.reports: list[dict[str, Any]] = []
        self.proc = desktop._start(
            [
                sys.executable,
                "-c",
                TRAY,
                str(paths.codex_home),
                str(paths.settings_dir),
                str(tray_wait_s),
            ],
            "tray",
            cwd=str(REPO),
            env=desktop.env,
        )
        stream = self.proc.stdout

        def collect() -> None:
            assert stream is not None
            for line in stream:
                with contextlib.suppress(ValueError):
                    self.reports.append(json.loads(line))

        threading.Thread(target=collect, daemon=True).start()

    def last(self) -> dict[str, Any]:
        return self.reports[-1] if self.reports else {}


def wait_for(what: Callable[[], object], timeout: float, describe: Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if what():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout} s: {describe()}")


def test_statusnotifier_host_goes_and_comes_back(
    desktop: Desktop, paths: AppPaths, gateway: GatewayImitation, tmp_path: Path
) -> None:
    configure(paths, gateway.url + "/v1")
    gateway.quota.update(total=100.0, used=90.0)
    desktop.start_watcher()
    tray = TrayChild(desktop, paths, tray_wait_s=3.0)

    def log() -> str:
        return f"tray: {tray.reports[-3:]} watcher: {desktop.watcher_events[-3:]}"

    wait_for(lambda: desktop.registrations() >= 1, 60, log)  # the icon is in the tray
    wait_for(lambda: tray.last().get("title") is not None and tray.reports, 30, log)
    assert desktop.windows_titled("TokenPool:") == []  # no window while the icon shows

    desktop.stop_watcher()  # the panel crashes
    # After the grace (a restart takes a second or two) the window stands in for the icon, with
    # the amount in its title.
    wait_for(lambda: desktop.windows_titled("TokenPool:"), 30, log)
    assert any("$10.00 left of $100.00" in t for t in desktop.windows_titled("TokenPool:"))

    before = desktop.registrations()
    desktop.start_watcher()  # the panel is back
    wait_for(lambda: desktop.registrations() > before, 30, log)
    wait_for(lambda: desktop.windows_titled("TokenPool:") == [], 30, log)
    wait_for(lambda: tray.last()["icon"] and not tray.last()["window"], 10, log)


def test_started_without_a_tray_becomes_an_icon_when_a_host_appears(
    desktop: Desktop, paths: AppPaths, gateway: GatewayImitation
) -> None:
    configure(paths, gateway.url + "/v1")
    tray = TrayChild(desktop, paths, tray_wait_s=2.0)

    def log() -> str:
        return f"tray: {tray.reports[-3:]} watcher: {desktop.watcher_events[-3:]}"

    wait_for(lambda: desktop.windows_titled("TokenPool"), 60, log)  # no host: the window
    desktop.start_watcher()
    wait_for(lambda: desktop.registrations() >= 1, 30, log)
    wait_for(lambda: desktop.windows_titled("TokenPool") == [], 30, log)


def test_xembed_tray_goes_and_comes_back(
    desktop: Desktop, paths: AppPaths, gateway: GatewayImitation
) -> None:
    _need("trayer")
    configure(paths, gateway.url + "/v1")
    desktop.start_trayer()
    time.sleep(1.0)  # trayer owns _NET_SYSTEM_TRAY_S0 once mapped
    tray = TrayChild(desktop, paths, tray_wait_s=5.0)

    def log() -> str:
        return f"tray: {tray.reports[-3:]}"

    wait_for(lambda: tray.reports and tray.last()["icon"], 60, log)
    desktop.stop_trayer()
    wait_for(lambda: desktop.windows_titled("TokenPool:"), 30, log)
    desktop.start_trayer()
    wait_for(lambda: desktop.windows_titled("TokenPool:") == [], 30, log)
    wait_for(lambda: tray.last()["icon"], 10, log)  # its report comes with the next beat


def test_a_notification_keeps_the_ring_in_the_tray(
    desktop: Desktop, paths: AppPaths, gateway: GatewayImitation
) -> None:
    """dunst on the private bus gets the message; the StatusNotifier item stays "Active" (Qt's
    own showMessage sets NeedsAttention, and hosts then show a warning sign instead of the ring)."""
    _need("dunst", "dunstctl")
    from tests.support.sni_watcher import SniTray

    dunst = desktop._start(["dunst"], "dunst", env=desktop.env)
    del dunst
    configure(paths, gateway.url + "/v1")
    gateway.quota.update(total=100.0, used=90.0)  # under 20 %: one notification at the first poll
    desktop.start_watcher()
    tray = TrayChild(desktop, paths, tray_wait_s=3.0)

    def log() -> str:
        return f"tray: {tray.reports[-3:]} watcher: {desktop.watcher_events[-3:]}"

    wait_for(lambda: desktop.registrations() >= 1, 60, log)

    def shown_by_dunst() -> int:
        counts = [
            subprocess.run(
                ["dunstctl", "count", which],
                env=desktop.env,
                capture_output=True,
                text=True,
                timeout=20,
            ).stdout.strip()
            for which in ("displayed", "history")
        ]
        return sum(int(c) for c in counts if c.isdigit())

    wait_for(lambda: shown_by_dunst() >= 1, 60, log)
    time.sleep(1.0)  # Qt's own message would have flipped the item's Status by now
    first = next(e for e in desktop.watcher_events if e["call"] == "RegisterStatusNotifierItem")
    item = str(first["arg"])
    probe = SniTray(desktop.address, desktop.display, desktop.env)
    assert probe.item_property(item, "Status") == "Active"
