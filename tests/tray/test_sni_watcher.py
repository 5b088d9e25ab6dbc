"""The real Linux tray path: with the test StatusNotifierWatcher on a private bus, Qt (xcb on Xvfb)
reports a system tray and a QSystemTrayIcon registers with the watcher; the item answers a tray
host's property reads. Without a watcher there is no tray (so the fixture is what makes it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.sni_watcher import (
    SniTray,
    sni_tray_fixture,  # noqa: F401  (the fixture sni_tray)
)

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="StatusNotifierItem is Linux's")

REPO = Path(__file__).resolve().parents[2]

TRAY_ICON = """
import sys
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

app = QApplication([])
print("available" if QSystemTrayIcon.isSystemTrayAvailable() else "unavailable", flush=True)
if sys.argv[1] == "show":
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("#2e7d32"))
    icon = QSystemTrayIcon(QIcon(pixmap))
    icon.setToolTip("TokenPool: $37.50 left of $50.00")
    icon.show()
    QTimer.singleShot(30_000, app.quit)
    app.exec()
"""


def run_icon(env: dict[str, str], mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", TRAY_ICON, mode],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_tray_icon_registers_with_the_watcher(sni_tray: SniTray) -> None:
    child = run_icon(sni_tray.env, "show")
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "available"
        item = sni_tray.wait_for_item(timeout=30)
        # A tray host reads the icon's properties from it: the tooltip arrives over D-Bus.
        tooltip = sni_tray.item_property(item, "ToolTip")
        assert "TokenPool: $37.50 left of $50.00" in str(tooltip)
        assert sni_tray.item_property(item, "Status") == "Active"
    finally:
        child.terminate()
        _, err = child.communicate(timeout=30)
    assert "Traceback" not in err


def test_no_watcher_no_tray(sni_tray: SniTray) -> None:
    """The same X display, but a session bus without the watcher: Qt finds no tray."""
    env = dict(sni_tray.env, DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent/bus")
    child = run_icon(env, "check")
    out, _err = child.communicate(timeout=60)
    assert out.strip() == "unavailable"
