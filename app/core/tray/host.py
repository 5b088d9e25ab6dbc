"""Whether the tray shows an icon or its no-tray window, as the tray host comes and goes.

A tray host (a panel with a StatusNotifier plugin, an XEmbed tray, GNOME's extension) can go away
while the tray runs — restarted, crashed, turned off — and come back later. An icon with no host is
invisible, so the person would lose the app; a window left up after the host is back is clutter.

:class:`HostPresence` decides from what app/ui/tray/host_watch.py observes (the D-Bus name
``org.kde.StatusNotifierWatcher`` and ``QSystemTrayIcon.isSystemTrayAvailable``), with the times
passed in: a host that is gone for a moment (a panel restart takes a second or two) does not flash
the window; a host that is back puts the icon back at once. At start the tray waits longer for a
host that is still starting with the session. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Mode = Literal["waiting", "icon", "window"]

START_WAIT_S = 10.0  # at login the panel may start after us
# Started by a person (the `tray` command, Finish in the wizard): the desktop is up, so a tray
# host that is not there now is not coming; a short wait only covers a StatusNotifier host that
# registers a moment late. Waiting 10 s left the person looking at nothing.
PERSON_START_WAIT_S = 2.0
LOSS_GRACE_S = 5.0  # a host gone this long is gone: show the window
# How often to look when nothing tells us (an XEmbed tray has no D-Bus name): every 2 s while a
# lost host may be back any moment (the grace, the wait at start); then every 5 s while the
# window stands in for the icon — 15 s when a D-Bus name watch already reports StatusNotifier
# hosts at once and only an XEmbed tray could come unannounced — and every 10 s while the icon
# shows with no signal to tell us it went.
CHECK_GRACE_S = 2.0
CHECK_WINDOW_S = 5.0
CHECK_WINDOW_WATCHED_S = 15.0
CHECK_ICON_S = 10.0


@dataclass(frozen=True)
class HostPresence:
    """Whether the tray shows its icon or its no-tray window (or still waits for a tray host), as
    the host comes and goes."""

    mode: Mode = "waiting"
    since: float = 0.0  # when the host was last seen missing while we wait or show the icon
    missing: bool = False
    start_wait_s: float = START_WAIT_S
    loss_grace_s: float = LOSS_GRACE_S

    @classmethod
    def starting(
        cls,
        now: float,
        available: bool,
        *,
        start_wait_s: float = START_WAIT_S,
        loss_grace_s: float = LOSS_GRACE_S,
    ) -> HostPresence:
        mode: Mode = "icon" if available else "waiting"
        return cls(mode, now, not available, start_wait_s, loss_grace_s)

    def observe(self, now: float, available: bool) -> HostPresence:
        """A new observation; the mode changes only as described in the module text."""
        if available:
            return replace(self, mode="icon", since=now, missing=False)
        if self.mode == "window":
            return self
        if not self.missing:
            return replace(self, since=now, missing=True)
        if now - self.since >= self._limit():
            return replace(self, mode="window", since=now, missing=True)
        return self

    def _limit(self) -> float:
        return self.start_wait_s if self.mode == "waiting" else self.loss_grace_s

    def next_check_s(
        self, now: float, *, host_signals: bool, name_watch: bool = False
    ) -> float | None:
        """Seconds until the next look; None when a signal will tell. ``host_signals``: the icon
        is shown by a StatusNotifier host whose D-Bus name is watched; ``name_watch``: that name
        is watched at all (its appearing is reported at once)."""
        if self.missing and self.mode != "window":
            return max(0.2, min(CHECK_GRACE_S, self.since + self._limit() - now))
        if self.mode == "window":
            return CHECK_WINDOW_WATCHED_S if name_watch else CHECK_WINDOW_S
        return None if host_signals else CHECK_ICON_S
