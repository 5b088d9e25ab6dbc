"""Watches the tray host come and go; the decisions are app/core/tray/host.py's.

Two sources: the D-Bus name ``org.kde.StatusNotifierWatcher`` (a StatusNotifier host: KDE,
xfce4-panel, GNOME's AppIndicator extension…) tells at once when it appears or vanishes; and
``QSystemTrayIcon.isSystemTrayAvailable()``, which also sees an XEmbed tray (no D-Bus name), is
asked on a single-shot timer whose delay the core chooses — every 2 s only during the short grace
after a host went (or the wait at start), every 5–15 s while the no-tray window stands in for the
icon, every 10 s while an XEmbed icon shows, never while a D-Bus signal will tell.

Qt keeps a StatusNotifier icon registered across a host's restart by itself (it registers again
when the watcher name reappears); what it cannot do is tell the person where the app went while no
host is there. That is what ``mode_changed`` ("icon" / "window") is for.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from app.core.tray.host import LOSS_GRACE_S, START_WAIT_S, HostPresence, Mode

WATCHER_SERVICE = "org.kde.StatusNotifierWatcher"


class HostWatch(QObject):
    """Emits ``mode_changed("icon" | "window")`` when the tray should switch."""

    mode_changed = Signal(str)

    def __init__(
        self,
        *,
        available: Callable[[], bool] | None = None,
        clock: Callable[[], float] = time.monotonic,
        use_dbus: bool | None = None,
        start_wait_s: float = START_WAIT_S,
        loss_grace_s: float = LOSS_GRACE_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._available = available or QSystemTrayIcon.isSystemTrayAvailable
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)
        self._dbus_watcher: QObject | None = None
        self._sni_present = False
        self.presence = HostPresence()
        self._started = False
        if use_dbus is None:
            use_dbus = sys.platform.startswith("linux") or "bsd" in sys.platform
        self._use_dbus = use_dbus
        self._start_wait_s = start_wait_s
        self._loss_grace_s = loss_grace_s

    @property
    def mode(self) -> Mode:
        return self.presence.mode

    @property
    def host_signals(self) -> bool:
        """True when a StatusNotifier host is what shows the icon and a D-Bus name watch will tell
        when it goes (an XEmbed tray has no name: then the timer looks)."""
        return self._dbus_watcher is not None and self._sni_present

    def start(self) -> Mode:
        """Look once now; the mode at start ("icon" or "waiting")."""
        if self._use_dbus:
            self._dbus_watcher = _watch_dbus_name(
                WATCHER_SERVICE, self._on_registered, self._on_unregistered, self
            )
            self._sni_present = self._dbus_watcher is not None and _name_owned(WATCHER_SERVICE)
        self._started = True
        self.presence = HostPresence.starting(
            self._clock(),
            self._available(),
            start_wait_s=self._start_wait_s,
            loss_grace_s=self._loss_grace_s,
        )
        self._schedule()
        return self.presence.mode

    def stop(self) -> None:
        self._started = False
        self._timer.stop()

    def lost_text(self) -> str:
        """The no-tray window's line when a tray host that showed the icon went away (rather
        than "no tray on this desktop", which would send the person to the settings)."""
        return self.tr(
            "The system tray went away (its panel was closed or restarted). This window stands "
            "in for the icon until the tray is back."
        )

    def check(self) -> None:
        """Look now (the timer, a D-Bus signal, or a test)."""
        if not self._started:
            return
        before = self.presence.mode
        self.presence = self.presence.observe(self._clock(), self._available())
        after = self.presence.mode
        if after != before and after in ("icon", "window"):
            self.mode_changed.emit(after)
        self._schedule()

    def _on_registered(self, _name: str) -> None:
        self._sni_present = True
        self.check()

    def _on_unregistered(self, _name: str) -> None:
        self._sni_present = False
        self.check()

    def _schedule(self) -> None:
        wait = self.presence.next_check_s(
            self._clock(),
            host_signals=self.host_signals,
            name_watch=self._dbus_watcher is not None,
        )
        if wait is None:
            self._timer.stop()
        else:
            self._timer.start(max(100, round(wait * 1000)))


def _watch_dbus_name(
    service: str,
    registered: Callable[[str], None],
    unregistered: Callable[[str], None],
    parent: QObject,
) -> QObject | None:
    """A QDBusServiceWatcher on the session bus, or None (no QtDBus, no session bus)."""
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusServiceWatcher
    except ImportError:
        return None
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return None
    watcher = QDBusServiceWatcher(
        service,
        bus,
        QDBusServiceWatcher.WatchModeFlag.WatchForRegistration
        | QDBusServiceWatcher.WatchModeFlag.WatchForUnregistration,
        parent,
    )
    watcher.serviceRegistered.connect(registered)
    watcher.serviceUnregistered.connect(unregistered)
    return watcher


def _name_owned(service: str) -> bool:
    from PySide6.QtDBus import QDBusConnection

    interface = QDBusConnection.sessionBus().interface()
    if interface is None:
        return False
    reply = interface.isServiceRegistered(service)
    return bool(reply.value()) if reply.isValid() else False
