"""How a notification reaches the person without hiding the quota (no Qt here).

- Linux: straight to the desktop's notification server (``org.freedesktop.Notifications``) with
  our ring as its image. Qt's ``QSystemTrayIcon.showMessage`` would, with a StatusNotifier host,
  swap the ring for a generic warning sign while the message lasts (it sets the item's status to
  NeedsAttention), and with an XEmbed tray draw a balloon over the panel's headline. Qt's message
  is the fallback only when no notification server answers.
- macOS and Windows: Qt's message with our own icon. On macOS the timeout is 0: Qt's Cocoa tray
  removes a delivered notification from Notification Center once the timeout passes, so a
  "no quota left" the person did not see would be gone.
- While the panel is open (as a flyout) the person is looking at the quota: no pop-up over it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Route = Literal["freedesktop", "tray_message", "none"]

TRAY_MESSAGE_MS = 10_000
# Codes that mean "Codex cannot work now": shown until the person dismisses them.
URGENT_CODES = frozenset({"key_refused", "expired", "exhausted"})


@dataclass(frozen=True)
class Delivery:
    """How one notification is sent: by which route (none while the panel is open), for how long,
    and whether it stays until dismissed."""

    route: Route
    timeout_ms: int  # for the tray message; the freedesktop server picks its own (-1) unless urgent
    urgent: bool


def deliver(
    platform: str,
    code: str,
    *,
    panel_open: bool,
    tray_shown: bool,
    freedesktop_failed: bool = False,
) -> Delivery:
    urgent = code in URGENT_CODES
    if panel_open:
        return Delivery("none", 0, urgent)
    if platform.startswith("linux") or "bsd" in platform:
        if not freedesktop_failed:
            return Delivery("freedesktop", 0 if urgent else -1, urgent)
        return Delivery("tray_message" if tray_shown else "none", TRAY_MESSAGE_MS, urgent)
    if not tray_shown:
        return Delivery("none", 0, urgent)
    return Delivery("tray_message", 0 if platform == "darwin" else TRAY_MESSAGE_MS, urgent)
