"""The tray's platform behaviour on the real systems: these run on the macOS and Windows runners of
the push workflow and skip elsewhere with the reason. Their stand-ins for Linux are in
tests/tray/test_tray_platform_gui.py (imitated events) and tests/tray/test_tray_platform_core.py.

Each runs the tray's pieces in a child process on the platform's own Qt plugin (``cocoa``,
``windows``): the test command runs Qt offscreen, which has no tray and no NSApp.

- macOS: AppKit's own answer to ``[NSApp activationPolicy]`` — accessory while only the tray runs,
  regular while a main window (the wizard) is open, accessory again after; no context menu is
  attached to the status item. (A real reopen Apple event needs an app bundle and Automation
  permission, which a test runner has neither of; the reopen is imitated in the GUI tests.)
- Windows: the messages Windows itself sends Qt's tray window for a double-click (NIN_SELECT,
  then WM_LBUTTONDBLCLK, then the second NIN_SELECT), sent to that real window; the panel must
  end up open. And the build number behind the Windows 11 overflow hint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.tray.first_start import WINDOWS_11_BUILD, overflow_hint_due, windows_build

REPO = Path(__file__).resolve().parents[2]


def run_child(code: str, platform_plugin: str) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM=platform_plugin)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


MAC_CHILD = r"""
import json
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget
from app.core.tray.state import IconState
from app.ui.tray.clicks import ClickRouter
from app.ui.tray.icon import make_icon
from app.ui.tray.platform_mac import ActivationPolicyKeeper, activation_policy_now

app = QApplication([])
seen = {"at_start": activation_policy_now()}
keeper = ActivationPolicyKeeper()
keeper.start()
seen["tray"] = activation_policy_now()
wizard = QWidget()
keeper.track(wizard)
wizard.show()
app.processEvents()
seen["wizard_open"] = activation_policy_now()
wizard.hide()
app.processEvents()
seen["wizard_closed"] = activation_policy_now()
panel, menu = QWidget(), QMenu()
icon = QSystemTrayIcon(make_icon(IconState("normal", 0.5), template=True))
ClickRouter(panel, menu, show_panel=panel.show, is_fallback=lambda: False).attach(icon)
icon.show()
app.processEvents()
seen["menu_attached"] = icon.contextMenu() is not None
seen["tray_available"] = QSystemTrayIcon.isSystemTrayAvailable()
icon.hide()
print(json.dumps(seen))
"""


@pytest.mark.skipif(sys.platform != "darwin", reason="NSApp's activation policy is macOS's")
def test_macos_tray_is_an_accessory_and_the_wizard_a_regular_app() -> None:
    seen = run_child(MAC_CHILD, "cocoa")
    assert seen["tray"] == "accessory"
    assert seen["wizard_open"] == "regular"
    assert seen["wizard_closed"] == "accessory"
    assert seen["menu_attached"] is False  # we pop it up ourselves on right/Control-click


WINDOWS_CHILD = r"""
import ctypes, json, os
from ctypes import wintypes
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget
from app.core.tray.state import IconState
from app.ui.tray.clicks import ClickRouter
from app.ui.tray.icon import make_icon

app = QApplication([])
panel, menu = QWidget(), QMenu()
icon = QSystemTrayIcon(make_icon(IconState("normal", 0.5)))
router = ClickRouter(panel, menu, show_panel=panel.show, is_fallback=lambda: False)
router.attach(icon)
icon.show()
app.processEvents()

user32 = ctypes.windll.user32
found = []
EnumProc = ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.HWND, wintypes.LPARAM)
# Exact prototypes: a window handle is pointer-sized, not a C int.
user32.EnumWindows.argtypes = [EnumProc, wintypes.LPARAM]
user32.GetWindowThreadProcessId.argtypes = [wintypes.HWND, ctypes.POINTER(wintypes.DWORD)]
user32.GetWindowTextW.argtypes = [wintypes.HWND, wintypes.LPWSTR, ctypes.c_int]
def each(hwnd, _):
    pid = wintypes.DWORD()
    user32.GetWindowThreadProcessId(hwnd, ctypes.byref(pid))
    title = ctypes.create_unicode_buffer(64)
    user32.GetWindowTextW(hwnd, title, 64)
    if pid.value == os.getpid() and title.value == "QTrayIconMessageWindow":
        found.append(hwnd)
    return True
user32.EnumWindows(EnumProc(each), 0)
seen = {"tray_window": bool(found), "menu_attached": icon.contextMenu() is menu}
if found:
    MYWM_NOTIFYICON = 0x8000 + 101  # WM_APP + 101, Qt's tray callback message
    NIN_SELECT, WM_LBUTTONDBLCLK = 0x0400, 0x0203
    user32.SendMessageW.argtypes = [wintypes.HWND, wintypes.UINT, wintypes.WPARAM, wintypes.LPARAM]
    # A double-click as Windows reports it (NOTIFYICON_VERSION_4): the first release, the
    # double-click, the second release.
    for event in (NIN_SELECT, WM_LBUTTONDBLCLK, NIN_SELECT):
        user32.SendMessageW(found[0], MYWM_NOTIFYICON, 0, event)
        app.processEvents()
    seen["panel_open_after_double_click"] = panel.isVisible()
    user32.SendMessageW(found[0], MYWM_NOTIFYICON, 0, NIN_SELECT)  # a later single click
    app.processEvents()
    seen["panel_open_after_single_click"] = panel.isVisible()
sizes = sorted({s.width() for s in icon.icon().availableSizes()})
seen["sizes"] = sizes
icon.hide()
print(json.dumps(seen))
"""


@pytest.mark.skipif(sys.platform != "win32", reason="Qt's Windows tray window is Windows'")
def test_windows_double_click_leaves_the_panel_open() -> None:
    seen = run_child(WINDOWS_CHILD, "windows")
    assert seen["menu_attached"] is True
    assert seen["tray_window"], "Qt created no tray window (no shell on this runner?)"
    assert seen["panel_open_after_double_click"] is True
    assert seen["panel_open_after_single_click"] is False
    for size in (16, 20, 24, 32, 40, 48):
        assert size in seen["sizes"]  # type: ignore[operator]


@pytest.mark.skipif(sys.platform != "win32", reason="the build number is Windows'")
def test_windows_build_decides_the_overflow_hint() -> None:
    build = windows_build()
    assert isinstance(build, int) and build >= 17763  # the README's floor: 1809
    assert overflow_hint_due("win32", build, False) is (build >= WINDOWS_11_BUILD)


def test_the_macos_bundle_is_a_menu_bar_companion() -> None:
    """Runs everywhere: the Info.plist the spec builds the .app with says LSUIElement."""
    import runpy

    contents = runpy.run_path(str(REPO / "packaging" / "bundle_contents.py"))
    assert contents["info_plist"]("1.0.0")["LSUIElement"] is True
