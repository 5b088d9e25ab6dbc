"""The tray's per-platform behaviour through the real widgets (pytest-qt, offscreen).

What Windows and macOS send cannot happen here, so those events are imitated, each as Qt would
deliver it, and each test says which: the activation reasons of a double-click on Windows
(Trigger, then DoubleClick), a click elsewhere (WindowDeactivate on the panel), macOS' reopen
(applicationStateChanged(ApplicationActive), what Qt's applicationShouldHandleReopen sends), a
right/Control-click on the macOS status item, Windows 11's build number. The real counterparts run
on the macOS and Windows runners (tests/tray/test_tray_platform_real.py); the real Linux tray host
is tests/tray/test_tray_host_real.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from app.core.paths import AppPaths
from app.core.tray.look import AMBER, BLUE, GREY
from app.core.tray.state import IconState
from app.ui.tray.clicks import ClickRouter
from app.ui.tray.controller import TrayController
from app.ui.tray.host_watch import HostWatch
from app.ui.tray.icon import SIZES, make_icon, paint_icon
from app.ui.tray.notifier import Notifier
from app.ui.tray.overflow_hint import OverflowHint
from app.ui.tray.platform_mac import ActivationPolicyKeeper, ReopenWatch
from tests.gateway import GatewayImitation
from tests.tray.test_tray_gui import (  # noqa: F401  (fixtures: make_tray, no_codex_env, _count_polls)
    Clocks,
    _count_polls,
    configure,
    make_tray,
    no_codex_env,
    wait_polled,
)

pytestmark = [
    pytest.mark.gui,
    # The panel as a flyout stays on top; showing it asks the platform to raise() it, and a menu
    # popped up grabs the keyboard: the offscreen platform (no window stacking, no grabs) answers
    # both with a warning.
    pytest.mark.qt_log_ignore(
        "This plugin does not support raise",
        "This plugin does not support grabbing",
        # A tray icon shown offscreen: Qt's X11 tray code asks the platform for a signal only xcb
        # has (the real tray hosts are in tests/tray/test_tray_host_real.py).
        "No such signal QPlatformNativeInterface::systemTrayWindowChanged",
    ),
]

Reason = QSystemTrayIcon.ActivationReason
WAIT_MS = 30_000


class FakeClock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def deactivate(widget: QWidget) -> None:
    """What Qt sends a window when the person clicks another one (imitated: offscreen has no
    window activation)."""
    QApplication.sendEvent(widget, QEvent(QEvent.Type.WindowDeactivate))


# --------------------------------------------------------------------------- clicks


def test_windows_double_click_opens_the_panel_and_leaves_it_open(
    make_tray: Callable[..., TrayController],  # noqa: F811 (the fixture imported above)
) -> None:
    tray = make_tray(start=False)
    tray.start(show_panel=False)
    assert not tray.panel.isVisible()
    # Imitated: what Qt's Windows tray sends for a double-click, in order.
    tray.clicks.activated(Reason.Trigger)
    assert tray.panel.isVisible()
    tray.clicks.activated(Reason.DoubleClick)
    assert tray.panel.isVisible()  # the old code toggled it closed again
    tray.clicks.activated(Reason.Trigger)  # a later single click still closes it
    assert not tray.panel.isVisible()


def test_the_panel_closes_when_the_person_clicks_elsewhere(
    make_tray: Callable[..., TrayController],  # noqa: F811 (the fixture imported above)
) -> None:
    tray = make_tray(start=False)
    tray.start(show_panel=False)
    clock = FakeClock()
    tray.clicks._clock = clock
    tray.clicks.activated(Reason.Trigger)
    assert tray.panel.isVisible()
    clock.now += 3
    deactivate(tray.panel)  # imitated: a click on the desktop or another window
    assert not tray.panel.isVisible()
    # The click on the icon that took the focus away arrives just after: it must not reopen.
    clock.now += 0.1
    tray.clicks.activated(Reason.Trigger)
    assert not tray.panel.isVisible()
    clock.now += 2
    tray.clicks.activated(Reason.Trigger)
    assert tray.panel.isVisible()


def test_the_no_tray_window_does_not_close_on_focus_loss(
    qtbot: object,
    make_tray: Callable[..., TrayController],  # noqa: F811 (the fixture imported above)
) -> None:
    tray = make_tray(tray_wait_s=0.2, start=False)
    tray.start(show_panel=False)
    qtbot.waitUntil(lambda: tray.fallback and tray.panel.isVisible(), timeout=WAIT_MS)  # type: ignore[attr-defined]
    tray.clicks._shown_at = None
    deactivate(tray.panel)
    assert tray.panel.isVisible()


@pytest.mark.parametrize(("platform", "attached"), [("darwin", False), ("win32", True)])
def test_macos_menu_is_not_attached_and_is_popped_up_by_us(
    qtbot: object, platform: str, attached: bool
) -> None:
    panel, menu = QWidget(), QMenu()
    menu.addAction("Quit")
    shown: list[str] = []
    control = [False]
    router = ClickRouter(
        panel,
        menu,
        show_panel=lambda: (shown.append("panel"), panel.show()),
        is_fallback=lambda: False,
        platform=platform,
        control_key=lambda: control[0],
    )
    icon = QSystemTrayIcon(make_icon(IconState("normal", 0.5)))  # not shown: offscreen has no tray
    router.attach(icon)
    assert (icon.contextMenu() is menu) is attached
    if platform == "darwin":
        # Imitated: a right-click on the status item (Qt: Context) and a Control-click (Trigger
        # with the Control key, which Qt on macOS reports as Meta).
        assert router.activated(Reason.Context) == "popup_menu"
        qtbot.waitUntil(menu.isVisible, timeout=5000)  # type: ignore[attr-defined]
        menu.hide()
        control[0] = True
        assert router.activated(Reason.Trigger) == "popup_menu"
        assert not shown
        control[0] = False
        assert router.activated(Reason.Trigger) == "show_panel"
        assert shown == ["panel"]
    else:
        assert router.activated(Reason.Context) == "nothing"  # Qt shows the attached menu
    menu.hide()
    panel.deleteLater()
    menu.deleteLater()


# --------------------------------------------------------------------------- the tray host


def test_host_watch_waits_out_a_restart_then_reports_window_and_icon(qtbot: object) -> None:
    available, clock = [True], FakeClock()
    watch = HostWatch(available=lambda: available[0], clock=clock, use_dbus=False)
    modes: list[str] = []
    watch.mode_changed.connect(modes.append)
    assert watch.start() == "icon"
    assert watch._timer.isActive()  # no D-Bus name to tell: it looks now and then
    available[0] = False
    watch.check()
    clock.now += 4.9
    watch.check()
    assert modes == []  # a panel restart takes a second or two: no window flashes
    clock.now += 0.2
    watch.check()
    assert modes == ["window"]
    available[0] = True
    watch.check()
    assert modes == ["window", "icon"]
    watch.stop()


def test_the_tray_moves_between_icon_and_window_both_ways(
    qtbot: object,
    paths: AppPaths,
    no_codex_env: dict[str, str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    said: list[str] = []  # what a screen reader is told (no assistive technology runs here)
    monkeypatch.setattr("app.ui.tray.panel.announce", lambda _widget, text: said.append(text))
    available, clock = [True], FakeClock()
    tray = TrayController(paths, env=no_codex_env, tray_available=lambda: available[0])
    tray.host_watch._clock = clock
    try:
        tray.start(show_panel=False)
        assert tray.tray is not None and tray.tray.isVisible() and not tray.fallback
        available[0] = False  # the panel holding the tray crashed
        tray.host_watch.check()
        clock.now += 6
        tray.host_watch.check()
        assert tray.fallback and tray.panel.isVisible()
        assert tray.panel.windowType() == Qt.WindowType.Window
        assert "tray went away" in tray.panel.fallbackLabel.text()
        assert [s for s in said if "tray went away" in s] == [tray.host_watch.lost_text()]
        assert not tray.tray.isVisible()
        available[0] = True  # it is back
        tray.host_watch.check()
        assert not tray.fallback and not tray.panel.isVisible()
        assert tray.tray.isVisible()
    finally:
        tray.stop()  # kills the worker's children (app/ui/tray/worker_client.py)
        tray.panel.deleteLater()


# --------------------------------------------------------------------------- macOS: reopen, Dock


def test_macos_reopen_opens_the_panel_or_the_wizard(
    qtbot: object,
    make_tray: Callable[..., TrayController],  # noqa: F811 (the fixture imported above)
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    tray = make_tray(start=False)
    tray.start(show_panel=False)
    qtbot.waitUntil(lambda: tray.view is not None, timeout=WAIT_MS)  # type: ignore[attr-defined]
    opened: list[str] = []
    tray.reopen._open_setup = lambda: opened.append("wizard")
    tray.reopen.platform = "darwin"  # imitated: the signal is connected as it is on macOS
    tray.reopen.start()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    # Imitated: Finder/Dock reopen → QCocoaApplicationDelegate applicationShouldHandleReopen →
    # applicationStateChanged(ApplicationActive), forced even when already active.
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert opened == ["wizard"]  # Codex not set up: the wizard, as a double-click on the app does
    assert not tray.panel.isVisible()

    configure(paths, gateway.url + "/v1")
    tray.schedule.reread_files()
    qtbot.waitUntil(lambda: "set up for TokenPool" in tray.panel.codexLabel.text(), timeout=WAIT_MS)  # type: ignore[attr-defined]
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert tray.panel.isVisible()
    assert tray.reopen.last == "show_panel"
    # Our own panel taking focus activates the app too: with it showing, nothing more happens.
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert tray.reopen.last == "nothing" and opened == ["wizard"]


def test_reopen_does_nothing_off_macos(qtbot: object) -> None:
    calls: list[str] = []
    watch = ReopenWatch(
        windows=list,
        set_up=lambda: True,
        show_panel=lambda: calls.append("panel"),
        open_setup=lambda: calls.append("wizard"),
        platform="linux",
    )
    watch.start()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert calls == []


def test_macos_accessory_unless_a_main_window_is_open(qtbot: object) -> None:
    """Imitated: the policy calls are recorded (they are Objective-C messages to NSApp; the real
    one is checked on the macOS runner)."""
    applied: list[str] = []
    keeper = ActivationPolicyKeeper(platform="darwin", apply=applied.append)
    flyout = QWidget(None, Qt.WindowType.Tool)
    wizard = QWidget()
    keeper.track(flyout)
    keeper.start()
    assert applied == ["accessory"]
    flyout.show()
    assert applied == ["accessory"]  # the panel as a flyout: still no Dock icon
    keeper.track(wizard)
    wizard.show()
    assert applied[-1] == "regular"
    wizard.hide()
    assert applied[-1] == "accessory"
    flyout.hide()
    flyout.setWindowFlags(Qt.WindowType.Window)  # the no-tray window is the app's window
    flyout.show()
    assert applied[-1] == "regular"
    for widget in (flyout, wizard):
        widget.hide()
        widget.deleteLater()
    off = ActivationPolicyKeeper(platform="linux", apply=applied.append)
    before = list(applied)
    off.start()
    assert applied == before


# --------------------------------------------------------------------------- notifications


class RecordingTray(QSystemTrayIcon):
    """A tray icon that records showMessage (imitated: offscreen has no tray to show it)."""

    def __init__(self) -> None:
        super().__init__(make_icon(IconState("low", 0.1)))
        self.messages: list[tuple[str, object, int]] = []
        self.visible = True

    def isVisible(self) -> bool:
        return self.visible

    def showMessage(self, title: str, _body: str, icon: object, msecs: int = 10_000) -> None:  # type: ignore[override]
        self.messages.append((title, icon, msecs))


def test_linux_notifications_go_to_the_desktop_server_with_our_ring(qtbot: object) -> None:
    sent: list[tuple[str, bool, int, int]] = []

    def server(title: str, _body: str, urgent: bool, image: QImage | None, replaces: int) -> int:
        assert image is not None and image.width() == 128
        sent.append((title, urgent, replaces, len(sent) + 40))
        return len(sent) + 40

    notifier = Notifier(platform="linux", send_freedesktop=server)
    tray = RecordingTray()
    image = paint_icon(IconState("low", 0.1), 64, 2.0).toImage()
    with qtbot.waitSignal(notifier.sent, timeout=WAIT_MS) as blocker:  # type: ignore[attr-defined]
        notifier.notify(
            "low", "Under 20 %", "$3 left", tray=tray, icon=None, image=image, panel_open=False
        )
    assert blocker.args == ["freedesktop"]
    with qtbot.waitSignal(notifier.sent, timeout=WAIT_MS):  # type: ignore[attr-defined]
        notifier.notify(
            "very_low", "Under 5 %", "$1 left", tray=tray, icon=None, image=image, panel_open=False
        )
    assert [s[2] for s in sent] == [0, 41]  # the second quota notice replaces the first
    assert tray.messages == []  # Qt's message (and its ⚠ in the tray) never used
    # While the panel is open the person sees it there: no pop-up over the headline.
    plan = notifier.notify("low", "x", "y", tray=tray, icon=None, image=image, panel_open=True)
    assert plan.route == "none"


def test_linux_without_a_notification_server_falls_back_to_qt(qtbot: object) -> None:
    def no_server(*_args: object) -> int:
        raise ConnectionError("org.freedesktop.Notifications: ServiceUnknown")

    notifier = Notifier(platform="linux", send_freedesktop=no_server)
    tray = RecordingTray()
    icon = make_icon(IconState("low", 0.1))
    with qtbot.waitSignal(notifier.sent, timeout=WAIT_MS) as blocker:  # type: ignore[attr-defined]
        notifier.notify("low", "Under 20 %", "", tray=tray, icon=icon, image=None, panel_open=False)
    assert blocker.args == ["tray_message"]
    assert [(t, m) for t, _i, m in tray.messages] == [("Under 20 %", 10_000)]
    assert isinstance(tray.messages[0][1], QIcon)  # our ring, not the warning sign


def test_macos_notifications_are_kept(qtbot: object) -> None:
    """Imitated platform: Qt's Cocoa tray removes a delivered notification after the timeout."""
    notifier = Notifier(platform="darwin", send_freedesktop=None)
    tray = RecordingTray()
    icon = make_icon(IconState("empty", 0.0))
    plan = notifier.notify(
        "exhausted", "No quota left", "", tray=tray, icon=icon, image=None, panel_open=False
    )
    assert plan.route == "tray_message"
    assert [(t, m) for t, _i, m in tray.messages] == [("No quota left", 0)]
    win = Notifier(platform="win32")
    win.notify("low", "Under 20 %", "", tray=tray, icon=icon, image=None, panel_open=False)
    assert tray.messages[-1][2] == 10_000


# --------------------------------------------------------------------------- colours, title


def test_the_bar_follows_the_ring_and_the_window_title_says_the_amount(
    qtbot: object,
    make_tray: Callable[..., TrayController],  # noqa: F811 (the fixture imported above)
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    configure(paths, gateway.url + "/v1")
    clocks = Clocks()
    tray = make_tray(clocks=clocks, tray_wait_s=3.0, start=False)
    tray.start(show_panel=False)
    wait_polled(qtbot, tray)
    bar = tray.panel.quotaBar
    assert bar.property("ringColour") == BLUE
    # The poll finished before the wait for a tray ended: the window it falls back to must say
    # the amount in its title at once (the old code waited for the next poll, 15 min later).
    qtbot.waitUntil(lambda: tray.fallback, timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert "$12.34 left of $20.00" in tray.panel.windowTitle()

    gateway.quota.update(total=100.0, used=90.0)
    clocks.advance(601)
    tray.poll("timer")
    wait_polled(qtbot, tray, 2)
    assert bar.property("ringColour") == AMBER
    assert AMBER in bar.styleSheet()
    assert "$10.00 left of $100.00" in tray.panel.windowTitle()

    for path in ("/v1/usage", "/api/usage/token/", "/v1/dashboard/billing/subscription"):
        gateway.status_override[path] = 500
    clocks.advance(601)
    tray.poll("timer")
    wait_polled(qtbot, tray, 3)
    assert tray.state.stale
    assert bar.property("ringColour") == GREY  # not current: grey, as the ring


def test_windows_11_first_start_says_where_the_icon_is(qtbot: object, paths: AppPaths) -> None:
    """Imitated: Windows 11's build number (22631 is 23H2)."""
    from app.ui.tray.panel import TrayPanel

    panel = TrayPanel()
    hint = OverflowHint(panel, paths, platform="win32", build=22631)
    assert hint.show_in_panel()
    panel.show()
    layout = panel.layout()
    assert layout is not None
    first = layout.itemAt(0).widget()
    assert first is hint.label and first.isVisible()
    assert "Other system tray icons" in first.text()
    panel.hide()
    qtbot.waitUntil(lambda: hint.label is None, timeout=5000)  # type: ignore[attr-defined]
    assert not OverflowHint(panel, paths, platform="win32", build=22631).show_in_panel()
    assert not OverflowHint(panel, paths, platform="win32", build=19045).due()  # Windows 10
    panel.deleteLater()


# --------------------------------------------------------------------------- the ring


def test_stale_and_unknown_rings_differ_in_shape(qtbot: object) -> None:
    size = 32
    unknown = paint_icon(IconState("unknown", None, True), size, 2.0).toImage()
    stale = paint_icon(IconState("normal", 0.6, True), size, 2.0).toImage()
    centre = unknown.width() // 2
    assert unknown.pixelColor(centre, centre).alpha() > 200  # the dot
    assert stale.pixelColor(centre, centre).alpha() == 0

    def ring_alphas(image: QImage) -> list[int]:
        import math

        r = image.width() / 2 - image.width() * 0.16 / 2 - image.width() * 0.04
        c = image.width() / 2
        return [
            image.pixelColor(
                round(c + r * math.cos(a / 90 * math.pi)), round(c + r * math.sin(a / 90 * math.pi))
            ).alpha()
            for a in range(180)
        ]

    assert min(ring_alphas(unknown)) < 40  # gaps: dashed
    assert min(ring_alphas(stale)) > 60  # a solid ring (track and arc)


def test_every_tray_size_windows_asks_for_is_painted(qtbot: object, tmp_path: Path) -> None:
    icon = make_icon(IconState("low", 0.2))
    sizes = {s.width() for s in icon.availableSizes()}
    for size in (16, 20, 24, 32, 40, 48):
        assert size in SIZES and size in sizes
        assert icon.pixmap(size, size).width() == size
