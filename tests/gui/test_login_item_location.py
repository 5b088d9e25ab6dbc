"""The wizard's Done page says it when start at login cannot work from where the app runs (macOS:
its disk image, or the copy macOS runs from Downloads). Imitated: this is not a Mac, so the app's
path is the one macOS would give (the platform and executable are injected)."""

from __future__ import annotations

import sys

import pytest

from app.core.platform import autostart

DMG = "/Volumes/TokenPool Setup/TokenPool Setup.app/Contents/MacOS/tokenpool-setup"


def test_blocked_only_on_a_mac_from_a_place_that_disappears(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", DMG)
    assert autostart.login_item_blocked(platform="darwin", env={})
    assert not autostart.login_item_blocked(platform="linux", env={})
    monkeypatch.setattr(
        sys, "executable", "/Applications/TokenPool Setup.app/Contents/MacOS/tokenpool-setup"
    )
    assert not autostart.login_item_blocked(platform="darwin", env={})


def test_the_done_page_opt_in_says_to_move_the_app_first(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from app.ui.tray.opt_in import TrayOptIn

    monkeypatch.setattr(autostart, "login_item_blocked", lambda *a, **k: True)
    blocked = TrayOptIn()
    qtbot.addWidget(blocked)
    assert "Applications folder" in blocked.text()
    assert "Applications folder" in blocked.accessibleName()
    monkeypatch.setattr(autostart, "login_item_blocked", lambda *a, **k: False)
    usual = TrayOptIn()
    qtbot.addWidget(usual)
    assert "Applications" not in usual.text()
