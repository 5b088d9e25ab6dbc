"""macOS: the tray as a menu-bar companion, and "reopen". Decisions: app/core/tray/clicks.py.

- Activation policy: the tray runs as an *accessory* app (no Dock icon, not in Cmd-Tab), and as a
  *regular* app while a main window (the wizard, the no-tray window) is open, so that window can
  be found. Set with one Objective-C message through ctypes (``[NSApp setActivationPolicy:]``):
  PySide6 has no binding for it and PyObjC is not worth ~20 MB for one call. Qt itself makes the
  process a regular app when QApplication starts (qt_mac_transformProccessToForegroundApplication),
  so the tray sets the accessory policy right after.
- Reopen: Finder, the Dock, Spotlight and Launchpad do not start a second process for a running
  app: they send it a reopen event, which Qt reports as applicationStateChanged(ApplicationActive)
  (forced even when already active: QCocoaApplicationDelegate applicationShouldHandleReopen). With
  none of our windows showing, the panel opens (or the wizard, when Codex is not set up).

Everything here is a no-op elsewhere (``platform`` is passed in so tests can imitate macOS).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from app.core.tray.clicks import ActivationPolicy, activation_policy, reopen_action

if TYPE_CHECKING:
    import ctypes

# ctypes (and ctypes.util, ~1.6 MB resident) is imported inside the functions: only macOS calls
# them, and the tray at rest on Linux and Windows stays small (bench/tray_idle.py).

# NSApplicationActivationPolicy
_POLICIES = {"regular": 0, "accessory": 1}


def _objc() -> ctypes.CDLL | None:
    import ctypes
    import ctypes.util

    path = ctypes.util.find_library("objc")
    if path is None:
        return None
    try:
        # AppKit must be loaded for NSApplication to exist (Qt's Cocoa plugin has loaded it).
        ctypes.CDLL("/System/Library/Frameworks/AppKit.framework/AppKit")
        return ctypes.CDLL(path)
    except OSError:
        return None


def _msg_send_address(objc: ctypes.CDLL) -> int:
    import ctypes

    address = ctypes.cast(objc.objc_msgSend, ctypes.c_void_p).value
    if address is None:
        raise OSError("objc_msgSend not found")
    return address


def _shared_application(objc: ctypes.CDLL) -> int | None:
    import ctypes

    objc.objc_getClass.restype = ctypes.c_void_p
    objc.objc_getClass.argtypes = [ctypes.c_char_p]
    objc.sel_registerName.restype = ctypes.c_void_p
    objc.sel_registerName.argtypes = [ctypes.c_char_p]
    send = objc.objc_msgSend
    send.restype = ctypes.c_void_p
    send.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    cls = objc.objc_getClass(b"NSApplication")
    if not cls:
        return None
    app = send(cls, objc.sel_registerName(b"sharedApplication"))
    return int(app) if app else None


def set_activation_policy(policy: ActivationPolicy, platform: str = sys.platform) -> bool:
    """True when the policy was set (macOS only)."""
    if platform != "darwin":
        return False
    import ctypes

    objc = _objc()
    if objc is None:
        return False
    app = _shared_application(objc)
    if app is None:
        return False
    # A fresh function pointer per signature: objc_msgSend must be called with the exact types.
    set_policy = ctypes.CFUNCTYPE(ctypes.c_bool, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_long)(
        _msg_send_address(objc)
    )
    done = bool(set_policy(app, objc.sel_registerName(b"setActivationPolicy:"), _POLICIES[policy]))
    if done and policy == "regular":
        # Becoming regular does not bring the app forward: without this the wizard's window may
        # open behind the frontmost app, with someone else's menu bar.
        activate = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_bool)(
            _msg_send_address(objc)
        )
        activate(app, objc.sel_registerName(b"activateIgnoringOtherApps:"), True)
    return done


def activation_policy_now(platform: str = sys.platform) -> ActivationPolicy | None:
    """What macOS says the policy is (for the macOS runner's test); None elsewhere."""
    if platform != "darwin":
        return None
    import ctypes

    objc = _objc()
    if objc is None:
        return None
    app = _shared_application(objc)
    if app is None:
        return None
    get_policy = ctypes.CFUNCTYPE(ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p)(
        _msg_send_address(objc)
    )
    value = int(get_policy(app, objc.sel_registerName(b"activationPolicy")))
    return {0: "regular", 1: "accessory"}.get(value)  # type: ignore[return-value]


class ActivationPolicyKeeper(QObject):
    """Accessory while only the panel (a flyout) shows; regular while a main window is open.
    ``track(window)`` each main window (the wizard when it opens, the no-tray window)."""

    def __init__(
        self,
        *,
        platform: str = sys.platform,
        apply: Callable[[ActivationPolicy], object] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.platform = platform
        self._apply = apply or (lambda policy: set_activation_policy(policy, platform))
        self._windows: list[QWidget] = []
        self.policy: ActivationPolicy | None = None

    def start(self) -> None:
        self.update()

    def track(self, window: QWidget) -> None:
        if window not in self._windows:
            self._windows.append(window)
            window.installEventFilter(self)
            window.destroyed.connect(lambda *_: self._forget(window))
        self.update()

    def _forget(self, window: QWidget) -> None:
        if window in self._windows:
            self._windows.remove(window)
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.ParentChange):
            self.update()
        return False

    def main_window_open(self) -> bool:
        for window in self._windows:
            try:
                if window.isVisible() and window.windowType() == Qt.WindowType.Window:
                    return True
            except RuntimeError:  # deleted on the C++ side
                continue
        return False

    def update(self) -> None:
        if self.platform != "darwin":
            return
        policy = activation_policy(main_window_open=self.main_window_open())
        if policy != self.policy:
            self.policy = policy
            self._apply(policy)


class ReopenWatch(QObject):
    """Calls ``show_panel`` or ``open_setup`` when macOS reopens the running app."""

    def __init__(
        self,
        *,
        windows: Callable[[], Iterable[QWidget]],
        set_up: Callable[[], bool],
        show_panel: Callable[[], None],
        open_setup: Callable[[], None],
        platform: str = sys.platform,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.platform = platform
        self._windows = windows
        self._set_up = set_up
        self._show_panel = show_panel
        self._open_setup = open_setup
        self._connected = False
        self.last: str | None = None

    def start(self) -> None:
        if self.platform != "darwin" or self._connected:
            return
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self.state_changed)
            self._connected = True

    def stop(self) -> None:
        """Disconnect: the application object outlives the tray (a wizard may keep running)."""
        app = QGuiApplication.instance()
        if self._connected and isinstance(app, QGuiApplication):
            app.applicationStateChanged.disconnect(self.state_changed)
        self._connected = False

    def state_changed(self, state: Qt.ApplicationState) -> None:
        if not self._connected or state != Qt.ApplicationState.ApplicationActive:
            return
        showing = any(_visible(w) for w in self._windows())
        action = reopen_action(windows_showing=showing, set_up=not showing and self._set_up())
        self.last = action
        if action == "show_panel":
            self._show_panel()
        elif action == "open_setup":
            self._open_setup()


def _visible(window: QWidget | None) -> bool:
    try:
        return window is not None and window.isVisible()
    except RuntimeError:
        return False
