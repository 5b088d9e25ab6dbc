"""Issue 10: the wizard as a first-time person meets it — Enter at once, slow endpoints, a
refused key, closing with a pasted key, the star. Real widgets (pytest-qt, offscreen), the local
gateway imitation, temp Codex homes."""

from __future__ import annotations

import os
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPushButton

from app.core.wizard import tasks as wizard_tasks
from app.core.wizard.flow import ViewName
from app.ui.wizard import SetupWizard
from tests.gateway import GOOD_KEY, GatewayImitation
from tests.gui.wizard_steps import (
    WAIT_MS,
    Button,
    answer_the_question,
    child,
    closed_port,
    enter_key,
    on_view,
    press,
    status_text,
    through_welcome,
)

pytestmark = pytest.mark.gui


def test_enter_while_the_welcome_page_is_still_looking_never_closes_the_app(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
) -> None:
    """Under a window manager the focus lands on Cancel while Next is still disabled; Enter there
    used to press Cancel (exit 0, no message)."""
    wizard = make_wizard([gateway.url], no_codex_env)
    assert not wizard.state.inspected
    cancel = wizard.button(Button.CancelButton)
    cancel.setFocus()
    for target in (cancel, wizard):
        qtbot.keyClick(target, Qt.Key.Key_Return)
        qtbot.keyClick(target, Qt.Key.Key_Enter)
    assert wizard.isVisible()
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
    assert wizard.isVisible() and on_view(wizard, ViewName.WELCOME)


# The offscreen platform says so for every message box; it is no problem of ours.
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_escape_after_pasting_a_key_asks_before_closing(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
) -> None:
    wizard = make_wizard([gateway.url], no_codex_env)
    through_welcome(qtbot, wizard, without_codex=True)
    enter_key(qtbot, wizard, GOOD_KEY)
    seen = answer_the_question(qtbot, "keepSettingUpButton")
    qtbot.keyClick(child(wizard, QLineEdit, "keyEdit"), Qt.Key.Key_Escape)
    assert seen and "Close without setting up" in seen[0]
    assert wizard.isVisible() and on_view(wizard, ViewName.KEY)
    assert wizard.state.key == GOOD_KEY

    seen = answer_the_question(qtbot, "confirmCloseButton")
    qtbot.mouseClick(wizard.button(Button.CancelButton), Qt.MouseButton.LeftButton)
    assert seen
    assert not wizard.isVisible()


def test_cancel_with_nothing_to_lose_closes_at_once(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
) -> None:
    wizard = make_wizard([gateway.url], no_codex_env)
    through_welcome(qtbot, wizard, without_codex=True)
    qtbot.mouseClick(wizard.button(Button.CancelButton), Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()


def test_change_the_key_after_a_401_says_it_was_refused_and_selects_it(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
) -> None:
    refused = "sk-" + "b" * 48
    wizard = make_wizard([gateway.url], no_codex_env)
    through_welcome(qtbot, wizard, without_codex=True)
    enter_key(qtbot, wizard, refused)
    press(qtbot, wizard, Button.NextButton)
    change_key = child(wizard, QPushButton, "changeKeyButton")
    qtbot.waitUntil(change_key.isVisible, timeout=WAIT_MS)
    qtbot.mouseClick(change_key, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.KEY), timeout=WAIT_MS)
    edit = child(wizard, QLineEdit, "keyEdit")
    assert "refused this key" in status_text(wizard, "keyStatus")
    assert "looks complete" not in status_text(wizard, "keyStatus")
    assert edit.hasFocus() and edit.selectedText() == refused
    # A paste replaces it, and the new key is judged afresh.
    qtbot.keyClicks(edit, GOOD_KEY)
    assert wizard.state.key == GOOD_KEY
    assert "looks complete" in status_text(wizard, "keyStatus")


def test_a_slow_endpoint_offers_more_time_and_use_anyway_and_is_never_unreachable(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    no_codex_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(wizard_tasks, "PROBE_TIMEOUT_S", 2.0)
    with GatewayImitation() as slow:
        slow.route_latency_ms["/v1/models"] = 2600.0
        wizard = make_wizard([slow.url], no_codex_env)
        through_welcome(qtbot, wizard, without_codex=True)
        enter_key(qtbot, wizard, GOOD_KEY)
        press(qtbot, wizard, Button.NextButton)
        qtbot.waitUntil(lambda: on_view(wizard, ViewName.ENDPOINT), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not wizard.state.probing, timeout=WAIT_MS)
        problem = status_text(wizard, "onlineProblem")
        assert "could not be reached" not in problem
        assert "too slowly" in problem
        assert "slowly" in status_text(wizard, "endpointDetail")
        more_time = child(wizard, QPushButton, "moreTimeButton")
        use_anyway = child(wizard, QCheckBox, "useFailedEndpointCheck")
        assert more_time.isVisible() and use_anyway.isVisible()
        assert "Use it anyway" in use_anyway.text()
        assert wizard.state.selected_url == slow.url

        qtbot.mouseClick(more_time, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: not wizard.state.probing and wizard.button(Button.NextButton).isEnabled(),
            timeout=WAIT_MS,
        )
        assert wizard.state.selected_row is not None
        assert wizard.state.selected_row.status == "ok"


def test_the_star_and_the_advice_follow_the_results(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    no_codex_env: dict[str, str],
) -> None:
    from PySide6.QtWidgets import QTreeWidget

    refusing = closed_port()
    dead = f"http://127.0.0.1:{refusing.getsockname()[1]}"
    with GatewayImitation() as good, GatewayImitation() as website:
        website.html_paths.update({"/v1/models", "/models"})
        wizard = make_wizard([dead, good.url], no_codex_env)  # the dead one is "recommended"
        through_welcome(qtbot, wizard, without_codex=True)
        enter_key(qtbot, wizard, GOOD_KEY)
        press(qtbot, wizard, Button.NextButton)
        qtbot.waitUntil(lambda: on_view(wizard, ViewName.ENDPOINT), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not wizard.state.probing, timeout=WAIT_MS)
        table = child(wizard, QTreeWidget, "endpointTable")
        labels = {
            table.topLevelItem(i).text(1): table.topLevelItem(i).text(0)
            for i in range(table.topLevelItemCount())
        }
        assert labels[good.url] == "Recommended"
        assert labels[dead] != "Recommended"

        # A custom endpoint that is not the API: the advice points at the working one...
        custom = child(wizard, QLineEdit, "customEndpointEdit")
        custom.setText(website.url)
        qtbot.mouseClick(child(wizard, QPushButton, "addCustomButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not wizard.state.probing, timeout=WAIT_MS)
        assert "Use the recommended endpoint" in status_text(wizard, "endpointDetail")

        # ...and says no such thing once nothing works.
        good.status_override.update({"/v1/models": 500, "/models": 500})
        qtbot.mouseClick(child(wizard, QPushButton, "retestButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not wizard.state.probing, timeout=WAIT_MS)
        assert wizard.state.selected_url == website.url
        assert "Use the recommended endpoint" not in status_text(wizard, "endpointDetail")
        assert all(
            table.topLevelItem(i).text(0) != "Recommended" for i in range(table.topLevelItemCount())
        )
    refusing.close()


# 1366×768 at 150 % is 910×512 points; a title bar and a panel take some of that.
SMALL_SCREEN_ROOM = (900, 470)


def test_every_page_fits_a_small_screen_at_150_percent(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
) -> None:
    """The window can be as small as the room on a 1366×768 laptop at 150 %, on every page (the
    pages scroll), and the wizard's buttons stay on screen."""
    from PySide6.QtCore import QSize

    width, height = SMALL_SCREEN_ROOM
    wizard = make_wizard([gateway.url], no_codex_env)
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)

    def fits(where: str) -> None:
        wanted = wizard.minimumSizeHint().expandedTo(wizard.minimumSize())
        assert wanted.width() <= width and wanted.height() <= height, (where, wanted)
        wizard.resize(QSize(width, height))
        qtbot.wait(20)
        for which in (Button.NextButton, Button.CommitButton, Button.CancelButton):
            button = wizard.button(which)
            if button.isVisible():
                bottom = button.mapTo(wizard, button.rect().bottomLeft()).y()
                assert bottom <= wizard.height(), (where, which)

    fits("welcome")
    through_welcome(qtbot, wizard, without_codex=True)
    fits("key")
    enter_key(qtbot, wizard, GOOD_KEY)
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.ENDPOINT), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not wizard.state.probing, timeout=WAIT_MS)
    fits("endpoint")
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.PREVIEW), timeout=WAIT_MS)
    qtbot.waitUntil(wizard.button(Button.CommitButton).isEnabled, timeout=WAIT_MS)
    qtbot.mouseClick(child(wizard, QPushButton, "showChangesButton"), Qt.MouseButton.LeftButton)
    fits("preview")
    press(qtbot, wizard, Button.CommitButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.DONE), timeout=WAIT_MS)
    fits("done")


def test_preview_and_done_speak_plainly_and_say_when_there_is_nothing_to_back_up(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
) -> None:
    from PySide6.QtWidgets import QWidget

    wizard = make_wizard([gateway.url], no_codex_env)
    through_welcome(qtbot, wizard, without_codex=True)
    enter_key(qtbot, wizard, GOOD_KEY)
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.ENDPOINT), timeout=WAIT_MS)
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.PREVIEW), timeout=WAIT_MS)
    qtbot.waitUntil(wizard.button(Button.CommitButton).isEnabled, timeout=WAIT_MS)
    summary = status_text(wizard, "previewStatus")
    host = gateway.url.split("://", 1)[1]
    assert f"Codex will use TokenPool at {host} with the model gpt-5.5." in summary
    assert "private key file" in summary
    for jargon in ("@@", "requires_openai_auth", "[model_providers", "wire_api"):
        assert jargon not in summary
    assert "nothing to back up" in status_text(wizard, "previewLocations")
    diff = child(wizard, QWidget, "previewView")
    assert not diff.isVisible()  # the exact changes are one click away
    qtbot.mouseClick(child(wizard, QPushButton, "showChangesButton"), Qt.MouseButton.LeftButton)
    assert diff.isVisible() and "wire_api" in diff.toPlainText()

    press(qtbot, wizard, Button.CommitButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.DONE), timeout=WAIT_MS)
    assert "nothing to back up" in status_text(wizard, "backupLocation")


def test_preview_names_what_stays_and_where_the_backup_goes(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
    paths,  # type: ignore[no-untyped-def]
) -> None:
    paths.config_toml.write_text(
        '[mcp_servers.docs]\ncommand = "d"\n[mcp_servers.web]\ncommand = "w"\n'
        '[projects."/home/me/a"]\ntrust_level = "trusted"\n'
        '[projects."/home/me/b"]\ntrust_level = "trusted"\n'
    )
    wizard = make_wizard([gateway.url], no_codex_env)
    through_welcome(qtbot, wizard, without_codex=True)
    enter_key(qtbot, wizard, GOOD_KEY)
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.ENDPOINT), timeout=WAIT_MS)
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.PREVIEW), timeout=WAIT_MS)
    qtbot.waitUntil(wizard.button(Button.CommitButton).isEnabled, timeout=WAIT_MS)
    assert "Your other settings — 2 tools, 2 projects — stay as they are." in status_text(
        wizard, "previewStatus"
    )
    assert str(paths.backups_dir) in status_text(wizard, "previewLocations")
    press(qtbot, wizard, Button.CommitButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.DONE), timeout=WAIT_MS)
    assert "The old files (config.toml) are saved in" in status_text(wizard, "backupLocation")
