"""Notifications that keep the ring in the tray: the route is app/core/tray/delivery.py's.

On Linux the message goes straight to the desktop's notification server
(``org.freedesktop.Notifications.Notify``) with our ring as its image. Qt's own
``QSystemTrayIcon.showMessage`` is not used there: with a StatusNotifier host it replaces the tray
icon by a generic warning sign while the message lasts, and with an XEmbed tray it draws a balloon
over the panel's headline.

# WORKAROUND: PySide6's QtDBus cannot send the spec's ``replaces_id`` (a D-Bus uint32): Python
# ints marshal as int32/int64, and GDBus-based servers (dunst, GNOME Shell, xfce4-notifyd) refuse
# a call whose signature is not ``susssasa{sv}i``. The call is therefore made with jeepney (pure
# Python; on Linux it is already installed for keyring's Secret Service), in a short thread so that
# a slow bus never blocks the tray. When no server answers, Qt's message is the fallback.
# The spec: https://specifications.freedesktop.org/notification/latest/basic-design.html

macOS and Windows: Qt's message with our own icon (not the generic warning sign); on macOS with a
timeout of 0, so Notification Center keeps it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QSystemTrayIcon

from app.core.tray.delivery import URGENT_CODES, Delivery, deliver
from app.ui.background import run_in_background

APP_NAME = "TokenPool Setup"
NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
CALL_TIMEOUT_S = 5.0
QUOTA_CODES = URGENT_CODES | {"low", "very_low"}

_Pending = tuple[str, str, str, str, QSystemTrayIcon | None, QIcon | None]
# (title, body, urgent, image or None, replaces_id) -> the server's id; raises when it fails.
FreedesktopSender = Callable[[str, str, bool, QImage | None, int], int]


class Notifier(QObject):
    """Sends one notification; ``sent(route)`` says how it went ("freedesktop", "tray_message",
    "none"), after the D-Bus answer when there is one."""

    sent = Signal(str)

    def __init__(
        self,
        *,
        platform: str = sys.platform,
        send_freedesktop: FreedesktopSender | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.platform = platform
        self._send = send_freedesktop or send_to_notification_server
        # One notification per family on screen: the next one replaces it.
        self._ids: dict[str, int] = {}
        self._pending: dict[int, _Pending] = {}
        self._token = 0
        self.delivered: list[tuple[str, str]] = []  # (route, title), for the tests and the log

    def notify(
        self,
        code: str,
        title: str,
        body: str,
        *,
        tray: QSystemTrayIcon | None,
        icon: QIcon | None,
        image: QImage | None,
        panel_open: bool,
    ) -> Delivery:
        tray_shown = tray is not None and tray.isVisible()
        plan = deliver(self.platform, code, panel_open=panel_open, tray_shown=tray_shown)
        if plan.route == "freedesktop":
            family = "quota" if code in QUOTA_CODES else code
            self._token += 1
            token = self._token
            self._pending[token] = (family, code, title, body, tray, icon)
            replaces = self._ids.get(family, 0)
            send = self._send

            def run() -> int | None:  # off the GUI thread; no Qt object touched but the image
                try:
                    return send(title, body, plan.urgent, image, replaces)
                except Exception:  # no server, no bus, refused: Qt's message instead
                    return None

            run_in_background(self, "notify", run, partial(self._on_answered, token))
            return plan
        if plan.route == "tray_message" and tray is not None:
            self._tray_message(tray, title, body, icon, plan.timeout_ms)
        self._done(plan.route, title)
        return plan

    def _on_answered(self, token: int, answer: int | None) -> None:
        family, code, title, body, tray, icon = self._pending.pop(token)
        if answer is not None:
            self._ids[family] = answer
            self._done("freedesktop", title)
            return
        tray_shown = tray is not None and tray.isVisible()
        plan = deliver(
            self.platform, code, panel_open=False, tray_shown=tray_shown, freedesktop_failed=True
        )
        if plan.route == "tray_message" and tray is not None:
            self._tray_message(tray, title, body, icon, plan.timeout_ms)
        self._done(plan.route, title)

    def _tray_message(
        self, tray: QSystemTrayIcon, title: str, body: str, icon: QIcon | None, timeout_ms: int
    ) -> None:
        if not QSystemTrayIcon.supportsMessages():
            return
        if icon is not None and not icon.isNull():
            tray.showMessage(title, body, icon, timeout_ms)  # our ring, not the warning sign
        else:
            tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, timeout_ms)

    def _done(self, route: str, title: str) -> None:
        self.delivered.append((route, title))
        self.sent.emit(route)


def image_data(image: QImage) -> tuple[int, int, int, bool, int, int, bytes]:
    """The spec's ``image-data`` hint (iiibiiay): width, height, rowstride, has alpha, bits per
    sample, channels, the RGBA bytes."""
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    width, height, stride = rgba.width(), rgba.height(), rgba.bytesPerLine()
    data = bytes(rgba.constBits())[: stride * height]
    return (width, height, stride, True, 8, 4, data)


def send_to_notification_server(
    title: str, body: str, urgent: bool, image: QImage | None, replaces_id: int
) -> int:
    """One Notify call on the session bus; the server's id for the notification."""
    from jeepney import DBusAddress, MessageType, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    hints: dict[str, tuple[str, Any]] = {"urgency": ("y", 2 if urgent else 1)}
    if image is not None and not image.isNull():
        hints["image-data"] = ("(iiibiiay)", image_data(image))
    address = DBusAddress(NOTIFICATIONS_PATH, bus_name=NOTIFICATIONS, interface=NOTIFICATIONS)
    message = new_method_call(
        address,
        "Notify",
        "susssasa{sv}i",
        (APP_NAME, replaces_id, "", title, body, [], hints, 0 if urgent else -1),
    )
    with open_dbus_connection(bus="SESSION") as connection:
        reply = connection.send_and_get_reply(message, timeout=CALL_TIMEOUT_S)
    if reply.header.message_type == MessageType.error:
        raise RuntimeError(f"{NOTIFICATIONS}: {reply.body}")
    return int(reply.body[0])
