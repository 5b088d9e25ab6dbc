"""The resident tray stays small (issue 19.7): what it must not hold once it has polled, checked
from inside the real ``tokenpool-setup tray --hidden`` process, and the network-change signal that
is heard only after a network failure. bench/tray_idle.py measures the memory itself; these tests
name what would bring it back.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.core.codex_config import CodexSettings
from app.core.paths import AppPaths
from app.core.plan import apply_plan, plan_configure
from app.ui.style import TEXT_CONTRAST, contrast, use_accessible_style
from app.ui.tray.controller import TrayController
from tests.gateway import GOOD_KEY, GatewayImitation

pytestmark = pytest.mark.gui

WAIT_MS = 30_000
REPO = Path(__file__).resolve().parents[2]

# The real command, as a login starts it; once the first poll and the first look at the files
# have come back, the tray reports what it holds and quits.
_RESIDENT = """
import json, linecache, sys
from app.ui.tray import launch

real_run_tray = launch.run_tray

def run_tray(**kwargs):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from app.ui.tray.controller import TrayController

    real_start = TrayController.start

    def start(tray, *, show_panel=False):
        real_start(tray, show_panel=show_panel)

        def check():
            if tray.state.last is None or tray.view is None or tray.policy.in_flight:
                return
            timer.stop()
            network = sys.modules.get("PySide6.QtNetwork")
            info = network.QNetworkInformation.instance() if network else None
            print(json.dumps({
                "status": tray.state.last.status,
                "sources": sorted(name for name in linecache.cache if "/app/" in name
                                  or "\\\\app\\\\" in name),
                "cached_files": len(linecache.cache),
                "network_backend": info is not None,
                "modules": sorted(name for name in ("_hashlib", "jeepney", "httpx", "ssl")
                                  if name in sys.modules),
                # Wrappers PySide builds only when something hands it such an object.
                "unused_wrappers": sorted(
                    name for name in ("QCalendarWidget", "QGraphicsView", "QFileDialog")
                    if name in vars(sys.modules["PySide6.QtWidgets"])),
            }), flush=True)
            QApplication.quit()

        timer = QTimer(tray)
        timer.timeout.connect(check)
        timer.start(100)

    TrayController.start = start
    return real_run_tray(**kwargs)

launch.run_tray = run_tray
from app.__main__ import main
sys.exit(main(["tray", "--hidden", "--codex-home", sys.argv[1]]))
"""


def configure(paths: AppPaths, base_url: str) -> None:
    apply_plan(plan_configure(paths, GOOD_KEY, CodexSettings(base_url=base_url)))


def resident_report(paths: AppPaths) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _RESIDENT, str(paths.codex_home)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"},
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, done.stdout + done.stderr[-3000:]
    report: dict[str, object] = json.loads(lines[-1])
    return report


def test_the_resident_tray_after_a_good_poll(paths: AppPaths, gateway: GatewayImitation) -> None:
    """After a poll that got through: no module's source kept in memory (PySide's import check
    reads each one), no network-information backend (nothing to hear while polls get through),
    no OpenSSL (hashlib), no notification library, no network library, and no Python wrapper
    for Qt classes the tray never uses (an application-wide Python event filter made PySide
    build one for every class)."""
    configure(paths, gateway.url + "/v1")
    report = resident_report(paths)
    assert report["status"] == "ok", report
    assert report["sources"] == [], report
    assert report["network_backend"] is False, report
    assert report["modules"] == [], report
    assert report["unused_wrappers"] == [], report


def test_the_resident_tray_hears_the_network_after_a_network_failure(paths: AppPaths) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        configure(paths, f"http://127.0.0.1:{closed.getsockname()[1]}/v1")
        report = resident_report(paths)
    assert report["status"] == "error", report
    from PySide6.QtNetwork import QNetworkInformation

    if not QNetworkInformation.availableBackends():
        pytest.skip("Qt has no network information backend here")
    assert report["network_backend"] is True, report


# --------------------------------------------------------------------------- the network signal


@pytest.fixture
def tray(qtbot: object, paths: AppPaths) -> Iterator[TrayController]:
    controller = TrayController(paths, proxy_source=dict, tray_available=lambda: False)
    yield controller
    controller.stop()
    controller.panel.close()
    controller.panel.deleteLater()


def wait_polled(qtbot: object, tray: TrayController, polls: list[object], count: int) -> None:
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: len(polls) >= count and not tray.policy.in_flight, timeout=WAIT_MS
    )


def test_a_good_poll_does_not_listen_to_the_network(
    qtbot: object, tray: TrayController, paths: AppPaths, gateway: GatewayImitation
) -> None:
    configure(paths, gateway.url + "/v1")
    polls: list[object] = []
    tray.schedule.polled.connect(polls.append)
    tray.start()
    wait_polled(qtbot, tray, polls, 1)
    assert tray.state.last is not None and tray.state.last.status == "ok"
    assert not tray.schedule.hears_network


def test_after_a_network_failure_the_network_coming_back_asks_at_once(
    qtbot: object, tray: TrayController, paths: AppPaths
) -> None:
    from PySide6.QtNetwork import QNetworkInformation

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        configure(paths, f"http://127.0.0.1:{closed.getsockname()[1]}/v1")
        polls: list[object] = []
        tray.schedule.polled.connect(polls.append)
        tray.start()
        wait_polled(qtbot, tray, polls, 1)
        assert tray.state.last is not None and tray.state.last.kind == "connect_refused"
        info = QNetworkInformation.instance()
        if info is None:
            pytest.skip("Qt has no network information backend here")
        assert tray.schedule.hears_network
        # The failure backed off for 10 minutes; the network coming back asks now.
        assert tray.schedule.poll_timer.remainingTime() > 60_000
        info.reachabilityChanged.emit(QNetworkInformation.Reachability.Online)
        wait_polled(qtbot, tray, polls, 2)


def test_the_placeholder_stays_readable_when_the_palette_changes(qapp: QApplication) -> None:
    """app/ui/style.py hears the palette change by QGuiApplication.paletteChanged (not by an
    event filter on the application): a palette with a faint placeholder is fixed again."""
    use_accessible_style(qapp)
    before = qapp.palette()
    faint = QPalette(before)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        faint.setColor(group, QPalette.ColorRole.Base, QColor("#ffffff"))
        faint.setColor(group, QPalette.ColorRole.Window, QColor("#f0f0f0"))
        faint.setColor(group, QPalette.ColorRole.Text, QColor("#000000"))
        faint.setColor(group, QPalette.ColorRole.PlaceholderText, QColor("#d0d0d0"))
    try:
        qapp.setPalette(faint)
        now = qapp.palette()
        placeholder = now.color(QPalette.ColorRole.PlaceholderText)
        assert contrast(placeholder, now.color(QPalette.ColorRole.Base)) >= TEXT_CONTRAST
    finally:
        qapp.setPalette(before)


# --------------------------------------------------------------------------- PySide's import check


def test_a_stopped_tray_no_longer_hears_the_network(
    qtbot: object, tray: TrayController, paths: AppPaths
) -> None:
    """QNetworkInformation is one object per application: a tray that was stopped (its panel
    gone) must not poll when the network changes (it did, and touched its deleted panel)."""
    from PySide6.QtNetwork import QNetworkInformation

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        configure(paths, f"http://127.0.0.1:{closed.getsockname()[1]}/v1")
        polls: list[object] = []
        tray.schedule.polled.connect(polls.append)
        tray.start()
        wait_polled(qtbot, tray, polls, 1)
        info = QNetworkInformation.instance()
        if info is None:
            pytest.skip("Qt has no network information backend here")
        tray.stop()
        assert not tray.schedule.hears_network
        info.reachabilityChanged.emit(QNetworkInformation.Reachability.Online)
        qtbot.wait(300)  # type: ignore[attr-defined]
        assert len(polls) == 1 and not tray.policy.in_flight
