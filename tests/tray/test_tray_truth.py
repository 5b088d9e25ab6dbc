"""The tray tells the truth (issue 19) and keeps to itself (18.3, 23.5), driven offscreen with
pytest-qt against the gateway imitation and a temporary Codex home: the quota read again when the
key comes back, a way forward when the key is gone, old lines going, one name for the setup,
news said once, an unwritable settings folder, tray.json mistakes, no keychain in the background.
No timed assertions: every wait is ``qtbot.waitUntil`` with a generous limit."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtWidgets import QApplication

from app.core.paths import AppPaths
from app.ui.tray.controller import TrayController
from app.ui.tray.panel import TrayPanel
from app.ui.widgets import without_mnemonic
from tests.gateway import GatewayImitation
from tests.tray.test_tray_gui import (
    WAIT_MS,
    Clocks,
    _count_polls,
    click_opens_the_wizard,
    configure,
    make_tray,
    no_codex_env,
    run_tray_and_ask,
    visible_panel,
    wait_polled,
)

pytestmark = pytest.mark.gui
__all__ = ["_count_polls", "make_tray", "no_codex_env"]  # fixtures, used by name


def usage_requests(gateway: GatewayImitation) -> int:
    return len(gateway.requests_to("/v1/usage"))


# --------------------------------------------------------------------------- 19.1, 19.2


def test_the_key_coming_back_is_read_again_within_seconds_not_at_the_next_interval(
    qtbot: Any, make_tray: Callable[..., TrayController], paths: AppPaths, gateway: GatewayImitation
) -> None:
    """auth.json gone: "No API key found" and a way forward (Run setup again, that button);
    restored: the quota is asked at once (the gateway's log), without the clock moving on."""
    configure(paths, gateway.url + "/v1")
    auth = paths.auth_json.read_bytes()
    paths.auth_json.unlink()
    clocks = Clocks()
    tray = make_tray(clocks=clocks)
    wait_polled(qtbot, tray)
    panel = tray.panel
    assert tray.state.last is not None and tray.state.last.status == "no_key"
    assert panel.quotaLabel.text() == "No API key found"
    assert (
        panel.keyLabel.isVisible() and "Run setup again to paste your key" in panel.keyLabel.text()
    )
    assert panel.setupButton.isDefault()  # that button, right under the line
    assert without_mnemonic(panel.setupButton.text()) == "Run setup again"
    qtbot.waitUntil(lambda: tray.view is not None, timeout=WAIT_MS)
    asked = usage_requests(gateway)
    paths.auth_json.write_bytes(auth)  # the setup ran again / the file came back
    qtbot.waitUntil(lambda: usage_requests(gateway) > asked, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: panel.quotaLabel.text() == "$12.34 left of $20.00", timeout=WAIT_MS)
    assert not panel.keyLabel.isVisible() and not panel.setupButton.isDefault()
    assert tray.tooltip_text == "TokenPool: $12.34 left of $20.00"


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no stacking
def test_repair_and_the_panel_point_to_the_setup_when_the_key_is_gone(
    qtbot: Any, make_tray: Callable[..., TrayController], paths: AppPaths, gateway: GatewayImitation
) -> None:
    configure(paths, gateway.url + "/v1")
    paths.auth_json.unlink()
    tray = make_tray()
    qtbot.waitUntil(lambda: tray.panel.keyLabel.isVisible(), timeout=WAIT_MS)
    # Repair names the problem and points the same way (it cannot paste a key).
    with qtbot.waitSignal(tray.action_finished, timeout=WAIT_MS):
        tray.panel.repairButton.click()
    assert "auth.json" in tray.panel.actionLabel.text()
    assert tray.panel.keyLabel.isVisible() and not tray.panel.fixButton.isVisible()
    assert click_opens_the_wizard(tray, tray.panel.setupButton)


# --------------------------------------------------------------------------- 19.4


def test_try_again_in_goes_by_itself(
    qtbot: Any, make_tray: Callable[..., TrayController], paths: AppPaths, gateway: GatewayImitation
) -> None:
    configure(paths, gateway.url + "/v1")
    clocks = Clocks()
    tray = make_tray(clocks=clocks)
    wait_polled(qtbot, tray)
    clocks.advance(9)  # a refresh one second too soon
    tray.refresh()
    assert "try again in 1 s" in tray.panel.actionLabel.text()
    qtbot.waitUntil(lambda: tray.panel.actionLabel.text() == "", timeout=10_000)


def test_repaired_goes_when_a_new_problem_appears(
    qtbot: Any, make_tray: Callable[..., TrayController], paths: AppPaths, gateway: GatewayImitation
) -> None:
    configure(paths, gateway.url + "/v1")
    good = paths.config_toml.read_text(encoding="utf-8")
    table = good[good.index("[model_providers.") :].split("\n\n")[0]
    paths.config_toml.write_text(good + "\n" + table + "\n", encoding="utf-8")
    tray = make_tray()
    panel = tray.panel
    qtbot.waitUntil(lambda: "broken" in panel.codexLabel.text(), timeout=WAIT_MS)
    with qtbot.waitSignal(tray.action_finished, timeout=WAIT_MS):
        panel.repairButton.click()
    with qtbot.waitSignal(tray.action_finished, timeout=WAIT_MS):
        panel.fixButton.click()
    assert "Repaired" in panel.actionLabel.text()
    qtbot.waitUntil(lambda: "set up for TokenPool" in panel.codexLabel.text(), timeout=WAIT_MS)
    assert "Repaired" in panel.actionLabel.text()
    fixed = paths.config_toml.read_text(encoding="utf-8")
    paths.config_toml.write_text(fixed + "\n" + table + "\n", encoding="utf-8")  # broken again
    qtbot.waitUntil(lambda: "broken" in panel.codexLabel.text(), timeout=WAIT_MS)
    assert "Repaired" not in panel.actionLabel.text()


LONG_RESULT = "The current endpoint is the best one.\n" + "\n".join(
    f"api{n}.example.link: The name could not be found." for n in range(4)
)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no stacking
def test_results_never_move_the_buttons_and_the_panel_fits_them(qtbot: Any) -> None:
    panel = TrayPanel()
    qtbot.addWidget(panel)
    panel.place_near(QRect(10, 10, 22, 22))  # under a top bar
    panel.show()
    qtbot.waitExposed(panel)
    buttons = [panel.refreshButton, panel.retestButton, panel.testCodexButton]
    where = [b.mapTo(panel, b.rect().topLeft()) for b in buttons]
    top = panel.geometry().top()
    small = panel.height()
    panel.show_action("Checked a moment ago; try again in 7 s.")  # a short line: space kept
    QApplication.processEvents()
    assert panel.height() == small
    panel.show_action(LONG_RESULT)
    qtbot.waitUntil(lambda: panel.height() > small, timeout=5000)
    assert [b.mapTo(panel, b.rect().topLeft()) for b in buttons] == where
    assert panel.geometry().top() == top
    # While the pointer is over it, a line going away does not pull rows up under it ...
    grown = panel.height()
    panel.setAttribute(Qt.WidgetAttribute.WA_UnderMouse, True)
    panel.show_action("")
    QApplication.processEvents()
    assert panel.height() == grown
    assert [b.mapTo(panel, b.rect().topLeft()) for b in buttons] == where  # not spread out
    # ... and once it leaves, the panel fits its content again (no spread-out lines).
    panel.setAttribute(Qt.WidgetAttribute.WA_UnderMouse, False)
    QApplication.sendEvent(panel, QEvent(QEvent.Type.Leave))
    qtbot.waitUntil(lambda: panel.height() == small, timeout=5000)


# --------------------------------------------------------------------------- 19.9


def test_one_name_for_the_setup_in_the_menu_and_the_panel(
    qtbot: Any, make_tray: Callable[..., TrayController], paths: AppPaths
) -> None:
    tray = make_tray()  # nothing set up: the panel used to say "Open setup" here
    qtbot.waitUntil(lambda: tray.view is not None, timeout=WAIT_MS)
    menu = [without_mnemonic(a.text()) for a in tray.menu.actions()]
    assert "Run setup again" in menu and "Open setup" not in menu
    assert without_mnemonic(tray.panel.setupButton.text()) == "Run setup again"


# --------------------------------------------------------------------------- 18.3


def test_an_unwritable_settings_folder_still_shows_the_quota_and_says_so_once(
    qtbot: Any,
    make_tray: Callable[..., TrayController],
    tmp_path: Path,
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
) -> None:
    from app.core.paths import resolve_paths

    blocked = tmp_path / "settings-is-a-file"
    blocked.write_text("not a folder", encoding="utf-8")  # as a folder we cannot write
    paths = resolve_paths(tmp_path / "codex", blocked)
    paths.codex_home.mkdir(exist_ok=True)
    configure(paths, gateway.url + "/v1")
    clocks = Clocks()
    tray = TrayController(
        paths,
        env=no_codex_env,
        proxy_source=dict,
        clock=lambda: clocks.mono,
        wall=lambda: clocks.wall,
        catalogue=(),
        tray_available=lambda: False,
    )
    try:
        tray.start(show_panel=True)
        qtbot.waitUntil(lambda: tray.state.last is not None and not tray.policy.in_flight)
        panel = tray.panel
        assert panel.quotaLabel.text() == "$12.34 left of $20.00"
        assert tray.policy.failures == 0
        assert (
            "cannot be saved" in panel.newsLabel.text() and str(blocked) in panel.newsLabel.text()
        )
        qtbot.wait(1100)  # on screen long enough to be read
        panel.hide()  # seen
        panel.show()
        clocks.advance(601)
        assert tray.poll("timer")
        qtbot.waitUntil(lambda: not tray.policy.in_flight, timeout=WAIT_MS)
        assert tray.panel.quotaLabel.text() == "$12.34 left of $20.00"
        assert "cannot be saved" not in panel.newsLabel.text()  # once
    finally:
        tray.stop()
        tray.panel.deleteLater()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no stacking
def test_a_mistake_in_tray_json_is_said_in_the_panel(
    qtbot: Any, paths: AppPaths, gateway: GatewayImitation
) -> None:
    configure(paths, gateway.url + "/v1")
    paths.settings_dir.mkdir(parents=True, exist_ok=True)
    paths.tray_preferences_file.write_text('{"interval_minutes": 1}', encoding="utf-8")
    seen: list[str] = []

    def look() -> None:
        panel = visible_panel()
        if panel is not None:
            seen.append(panel.newsLabel.text())

    assert run_tray_and_ask(paths, look) == 0
    assert seen and "tray.json" in seen[0] and "interval_minutes" in seen[0]


# --------------------------------------------------------------------------- 23.5


def test_the_background_poll_never_reads_the_keychain(
    paths: AppPaths, gateway: GatewayImitation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A macOS keychain prompt cannot exist here: ``load_key`` is replaced by a recorder."""
    from app.core import secrets
    from app.core.tray import protocol, worker

    configure(paths, gateway.url + "/v1")
    paths.auth_json.unlink()  # no key in auth.json: the keychain is where it would be
    asked: list[bool] = []
    monkeypatch.setattr(secrets, "load_key", lambda backend=None: asked.append(True) or None)
    place = protocol.Place(str(paths.codex_home), str(paths.settings_dir))
    for request in (
        protocol.PollRequest(),
        protocol.FilesRequest(old_model="gpt-4", check_codex=True),
    ):
        worker.run(request, place)
    assert asked == []
    answer = worker.run(protocol.PollRequest(keychain=True), place)  # a person's Refresh
    assert asked == [True]
    assert isinstance(answer, protocol.PollAnswer) and answer.reading.status == "no_key"


def test_a_file_written_in_place_is_noticed(
    qtbot: Any, make_tray: Callable[..., TrayController], paths: AppPaths, gateway: GatewayImitation
) -> None:
    """An editor (or ``>>``) that writes config.toml in place changes no entry of the folder."""
    configure(paths, gateway.url + "/v1")
    tray = make_tray()
    qtbot.waitUntil(lambda: "set up for TokenPool" in tray.panel.codexLabel.text(), timeout=WAIT_MS)
    text = paths.config_toml.read_text(encoding="utf-8")
    table = text[text.index("[model_providers.") :].split("\n\n")[0]
    with paths.config_toml.open("a", encoding="utf-8") as handle:  # same inode
        handle.write("\n" + table + "\n")
    qtbot.waitUntil(lambda: "broken" in tray.panel.codexLabel.text(), timeout=WAIT_MS)


def test_an_action_clicked_twice_runs_once(
    qtbot: Any, make_tray: Callable[..., TrayController], paths: AppPaths, gateway: GatewayImitation
) -> None:
    configure(paths, gateway.url + "/v1")
    tray = make_tray()
    wait_polled(qtbot, tray)
    finished: list[str] = []
    tray.action_finished.connect(finished.append)
    tray.panel.repairButton.setVisible(True)
    with qtbot.waitSignal(tray.action_finished, timeout=WAIT_MS):
        tray.panel.repairButton.click()
        tray.panel.repairButton.click()  # a double-click
    qtbot.wait(500)
    assert finished == ["diagnose"]
