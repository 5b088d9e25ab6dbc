"""A real system tray for tests, on Linux: a minimal ``org.kde.StatusNotifierWatcher`` on a
private D-Bus session bus, and an X server (Xvfb) for Qt's xcb platform.

Qt shows a ``QSystemTrayIcon`` through the StatusNotifierItem protocol when a watcher owns
``org.kde.StatusNotifierWatcher`` on the session bus; ``QSystemTrayIcon.isSystemTrayAvailable()``
asks exactly that. The offscreen platform never has a tray (its theme creates none), and Qt looks
once per process, so the tray code runs in a child process with the environment this fixture
gives: ``QT_QPA_PLATFORM=xcb``, ``DISPLAY`` (Xvfb) and ``DBUS_SESSION_BUS_ADDRESS`` (the private
bus). Nothing of the user's own session is touched.

Use it in a test module by importing the fixture (its import name differs so that a test's
argument does not shadow it)::

    from tests.support.sni_watcher import sni_tray_fixture  # noqa: F401  (the fixture sni_tray)

    def test_icon_registers(sni_tray):
        child = subprocess.Popen([sys.executable, "-c", TRAY_CODE], env=sni_tray.env)
        item = sni_tray.wait_for_item(timeout=20)          # RegisterStatusNotifierItem seen
        assert "TokenPool" in str(sni_tray.item_property(item, "ToolTip"))

``sni_tray.events`` lists every call the watcher got (``{"call": ..., "arg": ..., "sender": ...}``).
The watcher itself is this file run as a script (``python tests/support/sni_watcher.py ADDRESS``):
it is written with jeepney (pure Python, already installed for keyring on Linux), not dbus-python.

Needs ``dbus-daemon`` (package dbus), ``Xvfb`` (package xvfb) and the X client libraries Qt's xcb
plugin loads (libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, …): packaging/bootstrap.py's
SYSTEM_PACKAGES installs them on CI, where a test using this fixture must run; elsewhere it is
skipped with the reason.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

WATCHER_NAME = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
ITEM_INTERFACE = "org.kde.StatusNotifierItem"
PROPERTIES = "org.freedesktop.DBus.Properties"

INTROSPECTION = f"""<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node>
  <interface name="{WATCHER_NAME}">
    <method name="RegisterStatusNotifierItem"><arg name="service" type="s" direction="in"/></method>
    <method name="RegisterStatusNotifierHost"><arg name="service" type="s" direction="in"/></method>
    <property name="RegisteredStatusNotifierItems" type="as" access="read"/>
    <property name="IsStatusNotifierHostRegistered" type="b" access="read"/>
    <property name="ProtocolVersion" type="i" access="read"/>
    <signal name="StatusNotifierItemRegistered"><arg type="s"/></signal>
    <signal name="StatusNotifierItemUnregistered"><arg type="s"/></signal>
    <signal name="StatusNotifierHostRegistered"/>
  </interface>
  <interface name="org.freedesktop.DBus.Introspectable">
    <method name="Introspect"><arg type="s" direction="out"/></method>
  </interface>
  <interface name="{PROPERTIES}">
    <method name="Get">
      <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="v" direction="out"/>
    </method>
    <method name="GetAll">
      <arg type="s" direction="in"/><arg type="a{{sv}}" direction="out"/>
    </method>
  </interface>
</node>
"""


# --------------------------------------------------------------------------- the watcher process


def serve(address: str) -> None:
    """Own the watcher name on ``address`` and answer until the bus goes away. Prints "ready",
    then one JSON line per call received (stdout is the fixture's event feed)."""
    from jeepney import (
        DBusAddress,
        HeaderFields,
        MessageType,
        new_error,
        new_method_return,
        new_signal,
    )
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    conn = open_dbus_connection(bus=address)
    reply = conn.send_and_get_reply(message_bus.RequestName(WATCHER_NAME, 0x4), timeout=10)
    if reply.body[0] != 1:  # 1: primary owner
        print(json.dumps({"call": "failed", "arg": str(reply.body)}), flush=True)
        return
    print("ready", flush=True)
    items: list[str] = []
    emitter = DBusAddress(WATCHER_PATH, interface=WATCHER_NAME)

    def properties() -> dict[str, tuple[str, Any]]:
        return {
            "RegisteredStatusNotifierItems": ("as", list(items)),
            "IsStatusNotifierHostRegistered": ("b", True),
            "ProtocolVersion": ("i", 0),
        }

    while True:
        try:
            msg = conn.receive()
        except (ConnectionError, OSError, EOFError):
            return
        header = msg.header
        if header.message_type != MessageType.method_call:
            continue
        member = header.fields.get(HeaderFields.member, "")
        sender = header.fields.get(HeaderFields.sender, "")
        arg = msg.body[0] if msg.body else ""
        print(json.dumps({"call": member, "arg": arg, "sender": sender}), flush=True)
        if member == "RegisterStatusNotifierItem":
            # The spec allows an object path alone: the item then lives on the caller's name.
            item = f"{sender}{arg}" if str(arg).startswith("/") else str(arg)
            items.append(item)
            conn.send(new_method_return(msg))
            conn.send(new_signal(emitter, "StatusNotifierItemRegistered", "s", (item,)))
        elif member == "RegisterStatusNotifierHost":
            conn.send(new_method_return(msg))
        elif member == "Get":
            values = properties()
            name = msg.body[1]
            if name in values:
                conn.send(new_method_return(msg, "v", (values[name],)))
            else:
                conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownProperty"))
        elif member == "GetAll":
            conn.send(new_method_return(msg, "a{sv}", (properties(),)))
        elif member == "Introspect":
            conn.send(new_method_return(msg, "s", (INTROSPECTION,)))
        else:
            conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod"))


# --------------------------------------------------------------------------- the fixture

# The system packages behind each missing piece (for the skip message).
_PACKAGES = {"dbus-daemon": "dbus", "Xvfb": "xvfb"}


@dataclass
class SniTray:
    bus_address: str
    display: str
    env: dict[str, str]
    events: list[dict[str, Any]] = field(default_factory=list)

    def wait_for_item(self, timeout: float = 20.0) -> str:
        """The first registered item ("service" or "service/path"), once the watcher saw it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in list(self.events):
                if event.get("call") == "RegisterStatusNotifierItem":
                    arg = str(event["arg"])
                    return f"{event['sender']}{arg}" if arg.startswith("/") else arg
            time.sleep(0.05)
        raise AssertionError(f"no tray icon registered within {timeout} s: {self.events}")

    def item_property(self, item: str, name: str) -> Any:
        """Read a property of a registered item (Id, Title, ToolTip, Status, IconPixmap, …)
        the way a tray host does."""
        from jeepney import DBusAddress, MessageType, Properties
        from jeepney.io.blocking import open_dbus_connection

        service, _, path = item.partition("/")
        address = DBusAddress(f"/{path}" if path else "/StatusNotifierItem", bus_name=service)
        with open_dbus_connection(bus=self.bus_address) as conn:
            reply = conn.send_and_get_reply(
                Properties(address.with_interface(ITEM_INTERFACE)).get(name), timeout=10
            )
        if reply.header.message_type == MessageType.error:
            raise AssertionError(f"{name}: {reply.body}")
        return reply.body[0][1]


def _cannot_run(reason: str) -> None:
    # Here, not at the top: this file also runs as the watcher script, without tests/ importable.
    from tests.support.private_session import needed_on_linux_ci

    # A StatusNotifierItem host on D-Bus exists on Linux only.
    needed_on_linux_ci(f"no private system tray for the test: {reason}")


@contextlib.contextmanager
def sni_tray_session(tmp: Path) -> Iterator[SniTray]:
    """Private bus + watcher + Xvfb; stopped (process groups) on exit."""
    # Here, not at the top: this file also runs as the watcher script, without tests/ importable.
    from tests.support.private_session import private_session

    missing = [t for t in ("dbus-daemon", "Xvfb") if not shutil.which(t)]
    if missing:
        _cannot_run("missing " + ", ".join(f"{t} (package {_PACKAGES[t]})" for t in missing))
    try:
        import jeepney  # noqa: F401
    except ImportError:
        _cannot_run("the Python package jeepney is missing")
    with private_session(tmp, _cannot_run, prefix="tp-sni-") as desktop:
        address = desktop.start_bus()
        watcher = desktop.start(
            [sys.executable, str(Path(__file__).resolve()), address],
            "watcher",
            cwd=str(Path(__file__).resolve().parents[2]),
        )
        first = desktop.read_line(watcher, "watcher", timeout=15)
        if first != "ready":
            _cannot_run(f"the watcher could not own its name: {first}")
        display = desktop.start_display()
        tray = SniTray(address, display, desktop.environment())

        def collect() -> None:
            assert watcher.stdout is not None
            for line in watcher.stdout:
                with contextlib.suppress(ValueError):
                    tray.events.append(json.loads(line))

        threading.Thread(target=collect, daemon=True).start()
        yield tray


@pytest.fixture(name="sni_tray")
def sni_tray_fixture(tmp_path: Path) -> Iterator[SniTray]:
    """A private session bus with a StatusNotifierWatcher, and an X display; yields
    :class:`SniTray` (``env`` for the child process that shows the tray icon)."""
    with sni_tray_session(tmp_path) as tray:
        yield tray


if __name__ == "__main__":
    serve(sys.argv[1])
