"""The tray's per-platform decisions, without Qt: clicks, reopen, activation policy, the tray
host's coming and going, notification routes, the Windows 11 overflow hint, the icon's look.

The platforms' gestures are imitated by the values Qt reports for them (app/ui/tray/clicks.py maps
Qt's activation reasons onto these); the Qt side and the real systems are tested in
tests/tray/test_tray_platform_gui.py and tests/tray/test_tray_host_real.py."""

from __future__ import annotations

import json

import pytest

from app.core.paths import AppPaths
from app.core.tray.clicks import (
    DISMISS_GRACE_S,
    Click,
    PanelSeen,
    activation_policy,
    attaches_context_menu,
    click_action,
    closes_on_focus_loss,
    reopen_action,
)
from app.core.tray.delivery import deliver
from app.core.tray.first_start import (
    hint_shown,
    overflow_hint_due,
    record_hint_shown,
)
from app.core.tray.host import LOSS_GRACE_S, START_WAIT_S, HostPresence
from app.core.tray.look import AMBER, BLUE, GREY, ICON_SIZES, bar_colour, look_of, sizes_to_paint
from app.core.tray.state import IconState

HIDDEN = PanelSeen(visible=False)
SHOWN = PanelSeen(visible=True)


# --------------------------------------------------------------------------- clicks


@pytest.mark.parametrize("platform", ["win32", "linux", "darwin"])
def test_a_double_click_only_shows(platform: str) -> None:
    # Windows sends Trigger on the first click, DoubleClick on the second: the first shows the
    # panel, the second must not hide it again.
    assert click_action(platform, Click("click"), HIDDEN) == "show_panel"
    assert click_action(platform, Click("double_click"), SHOWN) == "show_panel"
    assert click_action(platform, Click("double_click"), HIDDEN) == "show_panel"


@pytest.mark.parametrize("platform", ["win32", "linux", "darwin"])
def test_a_click_toggles(platform: str) -> None:
    assert click_action(platform, Click("click"), SHOWN) == "hide_panel"
    assert click_action(platform, Click("click"), HIDDEN) == "show_panel"


def test_macos_menu_is_ours_on_right_or_control_click() -> None:
    assert not attaches_context_menu("darwin")
    assert attaches_context_menu("win32") and attaches_context_menu("linux")
    assert click_action("darwin", Click("context"), HIDDEN) == "popup_menu"
    assert click_action("darwin", Click("click", control_key=True), HIDDEN) == "popup_menu"
    # Elsewhere Qt opens the attached menu itself: nothing more from us.
    assert click_action("win32", Click("context"), HIDDEN) == "nothing"
    assert click_action("linux", Click("click", control_key=True), HIDDEN) == "show_panel"


def test_macos_panel_hidden_by_deactivation_is_shown_not_hidden() -> None:
    # An NSPanel orders itself out when the app deactivates; Qt still reports it visible.
    seen = PanelSeen(visible=True, app_active=False)
    assert click_action("darwin", Click("click"), seen) == "show_panel"
    assert click_action("win32", Click("click"), seen) == "hide_panel"


def test_the_click_that_closed_the_flyout_does_not_reopen_it() -> None:
    just = PanelSeen(visible=False, dismissed_s_ago=0.05)
    assert click_action("win32", Click("click"), just) == "nothing"
    later = PanelSeen(visible=False, dismissed_s_ago=DISMISS_GRACE_S + 0.1)
    assert click_action("win32", Click("click"), later) == "show_panel"


def test_focus_loss_closes_the_flyout_but_not_the_window() -> None:
    assert closes_on_focus_loss(fallback_window=False, shown_s_ago=2.0)
    assert not closes_on_focus_loss(fallback_window=True, shown_s_ago=2.0)
    assert not closes_on_focus_loss(fallback_window=False, shown_s_ago=0.05)


def test_reopen_shows_the_panel_or_the_wizard() -> None:
    assert reopen_action(windows_showing=False, set_up=True) == "show_panel"
    assert reopen_action(windows_showing=False, set_up=False) == "open_setup"
    assert reopen_action(windows_showing=True, set_up=True) == "nothing"
    assert reopen_action(windows_showing=False, set_up=True, already_active=True) == "show_panel"


def test_activation_policy() -> None:
    assert activation_policy(main_window_open=False) == "accessory"
    assert activation_policy(main_window_open=True) == "regular"


# --------------------------------------------------------------------------- the tray host


def test_host_lost_for_a_moment_keeps_the_icon_then_falls_back_and_returns() -> None:
    p = HostPresence.starting(0.0, True)
    assert p.mode == "icon"
    assert p.next_check_s(0.0, host_signals=True) is None  # D-Bus tells: no timer
    assert p.next_check_s(0.0, host_signals=False) == 10.0
    p = p.observe(100.0, False)  # the panel restarts
    assert p.mode == "icon"
    assert p.next_check_s(100.0, host_signals=True) == 2.0
    p = p.observe(101.5, True)  # back within the grace: nothing flashed
    assert p.mode == "icon"
    p = p.observe(200.0, False).observe(200.0 + LOSS_GRACE_S - 0.1, False)
    assert p.mode == "icon"
    p = p.observe(200.0 + LOSS_GRACE_S, False)
    assert p.mode == "window"
    # While the window stands in: look now and then (an XEmbed tray has no D-Bus name to watch).
    assert p.next_check_s(300.0, host_signals=False) == 5.0
    assert p.next_check_s(300.0, host_signals=False, name_watch=True) == 15.0
    assert p.observe(400.0, False).mode == "window"
    assert p.observe(401.0, True).mode == "icon"


def test_at_start_the_wait_is_longer() -> None:
    p = HostPresence.starting(0.0, False)
    assert p.mode == "waiting"
    assert p.observe(LOSS_GRACE_S + 1, False).mode == "waiting"
    assert p.observe(START_WAIT_S, False).mode == "window"
    assert HostPresence.starting(0.0, False).observe(3.0, True).mode == "icon"


# --------------------------------------------------------------------------- notifications


def test_notification_routes() -> None:
    linux = deliver("linux", "low", panel_open=False, tray_shown=True)
    assert linux.route == "freedesktop" and not linux.urgent
    fallback = deliver("linux", "low", panel_open=False, tray_shown=True, freedesktop_failed=True)
    assert fallback.route == "tray_message"
    mac = deliver("darwin", "exhausted", panel_open=False, tray_shown=True)
    assert mac.route == "tray_message" and mac.timeout_ms == 0 and mac.urgent
    win = deliver("win32", "low", panel_open=False, tray_shown=True)
    assert win.route == "tray_message" and win.timeout_ms == 10_000
    assert deliver("win32", "low", panel_open=True, tray_shown=True).route == "none"
    assert deliver("win32", "low", panel_open=False, tray_shown=False).route == "none"
    # No tray on Linux: the desktop's notifications still work.
    assert deliver("linux", "low", panel_open=False, tray_shown=False).route == "freedesktop"


# --------------------------------------------------------------------------- first start


def test_overflow_hint_once_on_windows_11(paths: AppPaths) -> None:
    assert overflow_hint_due("win32", 22631, hint_shown(paths))
    assert not overflow_hint_due("win32", 19045, False)  # Windows 10 shows new icons
    assert not overflow_hint_due("darwin", None, False)
    assert not overflow_hint_due("linux", None, False)
    assert record_hint_shown(paths)
    assert hint_shown(paths)
    assert not overflow_hint_due("win32", 22631, hint_shown(paths))
    data = json.loads((paths.settings_dir / "tray-hints.json").read_text(encoding="utf-8"))
    assert data == {"overflow_hint_shown": True}


def test_overflow_hint_survives_a_broken_file(paths: AppPaths) -> None:
    paths.settings_dir.mkdir(parents=True, exist_ok=True)
    (paths.settings_dir / "tray-hints.json").write_text("[not json", encoding="utf-8")
    assert not hint_shown(paths)
    assert record_hint_shown(paths)
    assert hint_shown(paths)


# --------------------------------------------------------------------------- the look


def test_bar_follows_the_ring() -> None:
    assert bar_colour(IconState("normal", 0.7)) == BLUE
    assert bar_colour(IconState("low", 0.1)) == AMBER
    assert bar_colour(IconState("low", 0.1, dimmed=True)) == GREY  # not current
    assert bar_colour(IconState("unknown", None, True)) == GREY


def test_stale_and_unknown_differ_in_shape_not_only_colour() -> None:
    stale = look_of(IconState("normal", 0.6, True))
    unknown = look_of(IconState("unknown", None, True))
    assert stale.colour == unknown.colour == GREY
    assert (stale.ring, stale.stale) == ("arc", True)
    assert (unknown.ring, unknown.mark) == ("dashed", "dot")


def test_icon_sizes_include_windows_scaling() -> None:
    for size in (16, 20, 24, 32, 40, 48):
        assert size in ICON_SIZES
    assert sizes_to_paint((36, 4000)) == tuple(sorted({*ICON_SIZES, 36}))
