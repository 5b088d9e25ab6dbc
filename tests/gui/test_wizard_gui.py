"""The real setup wizard, driven offscreen with pytest-qt against the local gateway imitation and a
temporary Codex home. No timed assertions: every wait is ``qtbot.waitUntil`` with a generous limit.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QWidget,
)

from app.core import secrets
from app.core.paths import AppPaths
from app.core.wizard.flow import ViewName
from app.ui.main import install_translation
from app.ui.widgets import without_mnemonic
from app.ui.wizard import PAGE_IDS, SetupWizard
from tests.gateway import GOOD_KEY, GatewayImitation
from tests.gateway.fixtures import CodexRelease
from tests.gui.wizard_steps import (
    ALT,
    CTRL,
    SHIFT,
    WAIT_MS,
    Button,
    Key,
    answer_the_question,
    child,
    closed_port,
    enter_key,
    focus_is,
    focused,
    keys,
    on_broken_files,
    on_page,
    on_view,
    press,
    status_text,
    through_to_done,
    through_welcome,
    tick,
    type_text,
)
from tests.support.keychain import secret_service_fixture  # noqa: F401  (the fixture secret_service)

pytestmark = pytest.mark.gui

# --------------------------------------------------------------------------- the happy path


@pytest.mark.codex
@pytest.mark.slow
def test_happy_path_writes_files_and_codex_answers(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    each_codex: CodexRelease,  # each tested Codex version (CODEX_VERSIONS)
    codex_env: dict[str, str],
    codex_paths: AppPaths,
) -> None:
    env = dict(codex_env)
    env["PATH"] = os.pathsep.join([str(each_codex.path.parent), env.get("PATH", "")])
    paths = codex_paths
    wizard = make_wizard([gateway.url], env, paths)

    # 1. Welcome: nothing yet, Codex found with its version; Next needs no extra click.
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
    assert "not set up yet" in status_text(wizard, "filesStatus")
    assert each_codex.version in status_text(wizard, "codexStatus")
    press(qtbot, wizard, Button.NextButton)

    # 2. Key: masked field, live feedback, Next once the key is complete.
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.KEY), timeout=WAIT_MS)
    edit = child(wizard, QLineEdit, "keyEdit")
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    assert not wizard.button(Button.NextButton).isEnabled()
    enter_key(qtbot, wizard, GOOD_KEY)
    assert "looks complete" in status_text(wizard, "keyStatus")
    press(qtbot, wizard, Button.NextButton)

    # 3. Endpoint: probing starts by itself; the healthy endpoint is chosen; model gpt-5.5.
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.ENDPOINT), timeout=WAIT_MS)
    table = child(wizard, QTreeWidget, "endpointTable")
    assert table.topLevelItemCount() == 1
    qtbot.waitUntil(lambda: wizard.button(Button.NextButton).isEnabled(), timeout=WAIT_MS)
    assert "ms" in table.topLevelItem(0).text(2)
    assert child(wizard, QComboBox, "modelCombo").currentText() == "gpt-5.5"
    press(qtbot, wizard, Button.NextButton)

    # 4. Preview: the diff with the key masked; the commit button says what it does.
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.PREVIEW), timeout=WAIT_MS)
    commit = wizard.button(Button.CommitButton)
    qtbot.waitUntil(commit.isEnabled, timeout=WAIT_MS)
    assert without_mnemonic(commit.text()) == "Write configuration"
    assert commit.accessibleName() == "Write configuration"
    preview = child(wizard, QWidget, "previewView").toPlainText()
    assert "config.toml" in preview and "auth.json" in preview
    assert "requires_openai_auth = true" in preview
    assert GOOD_KEY not in preview
    assert "sk-aaa…aaaa" in preview
    press(qtbot, wizard, Button.CommitButton)

    # 5. Done: the files are written; the real Codex answers with them.
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.DONE), timeout=WAIT_MS)
    auth = json.loads(paths.auth_json.read_text())
    assert auth == {"auth_mode": "apikey", "OPENAI_API_KEY": GOOD_KEY}
    assert gateway.url in paths.config_toml.read_text()
    qtbot.waitUntil(lambda: "left" in status_text(wizard, "quotaStatus"), timeout=WAIT_MS)
    test_button = child(wizard, QPushButton, "testCodexButton")
    qtbot.mouseClick(test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "pong" in status_text(wizard, "testCodexResult"), timeout=150_000)
    assert "Codex answered" in status_text(wizard, "testCodexResult")
    assert gateway.requests_to("/v1/responses", "POST") or gateway.requests_to("/responses", "POST")
    for widget in wizard.findChildren(QWidget):
        text = getattr(widget, "text", None)
        if callable(text) and widget is not edit:
            assert GOOD_KEY not in str(text())
    press(qtbot, wizard, Button.FinishButton)
    assert not wizard.isVisible()


# --------------------------------------------------------------------------- the key


def test_masked_key_is_refused_with_words(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
) -> None:
    wizard = make_wizard([gateway.url], no_codex_env)
    through_welcome(qtbot, wizard, without_codex=True)
    # Pasted the way people do: copied from the console, then the Paste button.
    clipboard = QApplication.clipboard()
    clipboard.setText("sk-abc…wxyz")
    qtbot.mouseClick(child(wizard, QPushButton, "pasteButton"), Qt.MouseButton.LeftButton)
    assert child(wizard, QLineEdit, "keyEdit").text() == "sk-abc…wxyz"
    assert "masked" in status_text(wizard, "keyStatus")
    assert not wizard.button(Button.NextButton).isEnabled()
    # show/hide toggles the echo mode; the field starts hidden.
    edit = child(wizard, QLineEdit, "keyEdit")
    show = child(wizard, QPushButton, "showKeyButton")
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    assert edit.echoMode() == QLineEdit.EchoMode.Normal
    qtbot.mouseClick(show, Qt.MouseButton.LeftButton)
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    enter_key(qtbot, wizard, GOOD_KEY)
    assert wizard.button(Button.NextButton).isEnabled()


def test_wrong_key_is_shown_on_the_endpoint_page_with_a_way_back(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
) -> None:
    wizard = make_wizard([gateway.url], no_codex_env)
    through_welcome(qtbot, wizard, without_codex=True)
    enter_key(qtbot, wizard, "sk-" + "b" * 48)
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.ENDPOINT), timeout=WAIT_MS)
    change_key = child(wizard, QPushButton, "changeKeyButton")
    qtbot.waitUntil(change_key.isVisible, timeout=WAIT_MS)
    assert "rejected this key" in status_text(wizard, "onlineProblem")
    assert child(wizard, QTreeWidget, "endpointTable").topLevelItem(0).text(2) == "Key rejected"
    assert not wizard.button(Button.NextButton).isEnabled()
    qtbot.mouseClick(change_key, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.KEY), timeout=WAIT_MS)
    enter_key(qtbot, wizard, GOOD_KEY)
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: wizard.button(Button.NextButton).isEnabled(), timeout=WAIT_MS)
    assert not child(wizard, QPushButton, "changeKeyButton").isVisible()
    assert len(gateway.requests_to("/v1/models")) >= 2


# --------------------------------------------------------------------------- endpoints


def test_one_endpoint_down_and_one_slow(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    no_codex_env: dict[str, str],
) -> None:
    refusing = closed_port()
    down = f"http://127.0.0.1:{refusing.getsockname()[1]}"
    with GatewayImitation() as slow, GatewayImitation() as fast:
        slow.route_latency_ms["/v1/models"] = 400.0
        wizard = make_wizard([down, slow.url, fast.url], no_codex_env)
        through_welcome(qtbot, wizard, without_codex=True)
        enter_key(qtbot, wizard, GOOD_KEY)
        press(qtbot, wizard, Button.NextButton)
        qtbot.waitUntil(lambda: on_view(wizard, ViewName.ENDPOINT), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not wizard.state.probing, timeout=WAIT_MS)
        table = child(wizard, QTreeWidget, "endpointTable")
        results = {
            table.topLevelItem(i).text(1): table.topLevelItem(i).text(2)
            for i in range(table.topLevelItemCount())
        }
        assert results[down] == "Connection refused"
        slow_ms = int(results[slow.url].split()[0])
        fast_ms = int(results[fast.url].split()[0])
        assert slow_ms >= 400 > fast_ms
        # The recommended one is down: the fastest healthy one is chosen instead.
        assert wizard.state.selected_url == fast.url
        assert wizard.button(Button.NextButton).isEnabled()

        # Picking the failed one needs a clear confirmation.
        table.setCurrentItem(table.topLevelItem(0))
        assert wizard.state.selected_url == down
        assert not wizard.button(Button.NextButton).isEnabled()
        assert "refused the connection" in status_text(wizard, "endpointDetail")
        use_anyway = child(wizard, QCheckBox, "useFailedEndpointCheck")
        assert use_anyway.isVisible()
        tick(qtbot, use_anyway)
        assert wizard.button(Button.NextButton).isEnabled()

        # Retest starts a new round by itself.
        before = len(fast.requests_to("/v1/models"))
        qtbot.mouseClick(child(wizard, QPushButton, "retestButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: not wizard.state.probing and len(fast.requests_to("/v1/models")) > before,
            timeout=WAIT_MS,
        )
    refusing.close()


def test_custom_website_url_is_refused_with_the_reason(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
) -> None:
    wizard = make_wizard([gateway.url], no_codex_env)
    through_welcome(qtbot, wizard, without_codex=True)
    enter_key(qtbot, wizard, GOOD_KEY)
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.ENDPOINT), timeout=WAIT_MS)
    custom = child(wizard, QLineEdit, "customEndpointEdit")
    qtbot.keyClicks(custom, "https://tokenpool.dev/console")
    qtbot.keyClick(custom, Qt.Key.Key_Return)
    refusal = status_text(wizard, "customEndpointStatus")
    assert "is the TokenPool console, not the API" in refusal
    assert "api.clawto.link" in refusal
    assert child(wizard, QTreeWidget, "endpointTable").topLevelItemCount() == 1

    # A real custom endpoint is added, chosen and probed.
    with GatewayImitation() as other:
        custom.clear()
        qtbot.keyClicks(custom, other.url)
        qtbot.mouseClick(child(wizard, QPushButton, "addCustomButton"), Qt.MouseButton.LeftButton)
        assert child(wizard, QTreeWidget, "endpointTable").topLevelItemCount() == 2
        assert wizard.state.selected_url == other.url
        qtbot.waitUntil(lambda: wizard.button(Button.NextButton).isEnabled(), timeout=WAIT_MS)
        wizard.runner.cancel()


# --------------------------------------------------------------------------- the keychain


@pytest.mark.parametrize("keychain", ["secret_service", "none"])
def test_the_key_goes_into_the_system_keychain_when_there_is_one(
    qtbot,  # type: ignore[no-untyped-def]
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    keychain: str,
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    paths: AppPaths,
    no_codex_env: dict[str, str],
) -> None:
    """With a real Secret Service (gnome-keyring on a private bus) the key is stored there, off
    the GUI thread; without a keychain (conftest's null backend) the Done page says so plainly
    and the setup carries on."""
    if keychain == "secret_service":
        request.getfixturevalue("secret_service")
    # Every keychain call (store, load, the status check) goes through keychain_status: note
    # the threads it runs on. The keychain can block (D-Bus, an unlock prompt): never the GUI's.
    threads: list[bool] = []
    real_status = secrets.keychain_status

    def watched_status(backend: object = None) -> secrets.KeychainStatus:
        threads.append(threading.current_thread() is threading.main_thread())
        return real_status(backend)

    monkeypatch.setattr(secrets, "keychain_status", watched_status)
    wizard = make_wizard([gateway.url], no_codex_env)
    through_to_done(qtbot, wizard)
    assert threads and not any(threads), "the keychain was used on the GUI thread"
    monkeypatch.setattr(secrets, "keychain_status", real_status)

    assert json.loads(paths.auth_json.read_text())["OPENAI_API_KEY"] == GOOD_KEY
    said = status_text(wizard, "keychainStatus")
    assert "auth.json" in said
    if keychain == "secret_service":
        assert "system keychain" in said
        assert "No keychain" not in said
        same = secrets.load_key() == GOOD_KEY  # outside assert: a failure never shows the key
        assert same, "the keychain does not hold the key the wizard wrote"
    else:
        assert "No keychain is available on this computer" in said
        assert secrets.load_key() is None
        # ... and the setup goes on: the test works and Finish closes the window.
        qtbot.mouseClick(child(wizard, QPushButton, "testCodexButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: "TokenPool answered" in status_text(wizard, "testCodexResult"),
            timeout=WAIT_MS,
        )
    assert GOOD_KEY not in said
    press(qtbot, wizard, Button.FinishButton)
    assert not wizard.isVisible()


# --------------------------------------------------------------------------- keyboard only


@pytest.mark.codex
@pytest.mark.slow
def test_keyboard_only_from_welcome_to_codex_answering(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    codex_on_path: dict[str, str],
    codex_paths: AppPaths,
) -> None:
    """Only key presses where the focus is: no clicks, no calls on widgets."""
    paths = codex_paths
    wizard = make_wizard([gateway.url], codex_on_path, paths)

    # Welcome: once Codex is found, Next has the focus; Alt+N goes on.
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
    focus_is(qtbot, wizard.button(Button.NextButton))
    keys(qtbot, Key.Key_N, ALT)

    # Key: the key field has the focus; Ctrl+V pastes. Tab goes Paste -> Show (Space toggles
    # it), Shift+Tab comes back; Enter goes on.
    on_page(qtbot, wizard, ViewName.KEY)
    edit = child(wizard, QLineEdit, "keyEdit")
    focus_is(qtbot, edit)
    clipboard = QApplication.clipboard()
    clipboard.setText(GOOD_KEY)
    keys(qtbot, Key.Key_V, CTRL)
    clipboard.clear()
    assert "looks complete" in status_text(wizard, "keyStatus")
    keys(qtbot, Key.Key_Tab)
    assert focused() is child(wizard, QPushButton, "pasteButton")
    keys(qtbot, Key.Key_Tab)
    show = child(wizard, QPushButton, "showKeyButton")
    assert focused() is show
    keys(qtbot, Key.Key_Space)
    assert edit.echoMode() == QLineEdit.EchoMode.Normal
    keys(qtbot, Key.Key_Space)
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    keys(qtbot, Key.Key_Backtab, SHIFT)
    keys(qtbot, Key.Key_Backtab, SHIFT)
    assert focused() is edit
    keys(qtbot, Key.Key_Return)

    # Endpoint: the table has the focus. Alt+O reaches the custom address; Enter there adds it
    # (a website is refused) and does not also press Next.
    on_page(qtbot, wizard, ViewName.ENDPOINT)
    table = child(wizard, QTreeWidget, "endpointTable")
    focus_is(qtbot, table)
    qtbot.waitUntil(lambda: wizard.button(Button.NextButton).isEnabled(), timeout=WAIT_MS)
    keys(qtbot, Key.Key_O, ALT)
    custom = child(wizard, QLineEdit, "customEndpointEdit")
    focus_is(qtbot, custom)
    type_text(qtbot, "https://tokenpool.dev/console")
    keys(qtbot, Key.Key_Return)
    assert "is the TokenPool console, not the API" in status_text(wizard, "customEndpointStatus")
    assert on_view(wizard, ViewName.ENDPOINT)
    assert table.topLevelItemCount() == 1
    keys(qtbot, Key.Key_A, CTRL)
    keys(qtbot, Key.Key_Backspace)
    keys(qtbot, Key.Key_M, ALT)  # the model: its box (or the line edit inside it)
    combo = child(wizard, QComboBox, "modelCombo")
    qtbot.waitUntil(lambda: focused() in (combo, combo.lineEdit()), timeout=WAIT_MS)
    assert combo.currentText() == "gpt-5.5"
    keys(qtbot, Key.Key_N, ALT)

    # Preview: the plain summary, and "Show the exact changes" has the focus (Space shows the
    # diff, to read and scroll with the keys); Enter writes.
    on_page(qtbot, wizard, ViewName.PREVIEW)
    show_changes = child(wizard, QPushButton, "showChangesButton")
    focus_is(qtbot, show_changes)
    qtbot.waitUntil(wizard.button(Button.CommitButton).isEnabled, timeout=WAIT_MS)
    assert not child(wizard, QWidget, "previewView").isVisible()
    keys(qtbot, Key.Key_Space)
    assert child(wizard, QWidget, "previewView").isVisible()
    assert wizard.button(Button.CommitButton).accessibleName() == "Write configuration"
    keys(qtbot, Key.Key_Return)

    # Done: "Test Codex now" has the focus; Space runs it, the focus comes back to it; Alt+F.
    on_page(qtbot, wizard, ViewName.DONE)
    assert json.loads(paths.auth_json.read_text())["OPENAI_API_KEY"] == GOOD_KEY
    assert gateway.url in paths.config_toml.read_text()
    test_button = child(wizard, QPushButton, "testCodexButton")
    focus_is(qtbot, test_button)
    keys(qtbot, Key.Key_Space)
    qtbot.waitUntil(lambda: "pong" in status_text(wizard, "testCodexResult"), timeout=150_000)
    assert "Codex answered" in status_text(wizard, "testCodexResult")
    focus_is(qtbot, test_button)
    keys(qtbot, Key.Key_F, ALT)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)


def test_keyboard_only_without_codex(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    paths: AppPaths,
    no_codex_env: dict[str, str],
) -> None:
    """No Codex: the focus goes to the install choices; Space ticks "Set up anyway"; the key is
    typed; Enter goes on page by page; Alt+W writes; the direct test answers."""
    no_npm = dict(no_codex_env, PATH=str(paths.codex_home / "empty-bin"))
    wizard = make_wizard([gateway.url], no_npm)
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
    anyway = child(wizard, QCheckBox, "withoutCodexCheck")
    # No npm: the native install is offered first (issue 13); Tab goes on to "Set up anyway".
    focus_is(qtbot, child(wizard, QPushButton, "installCodexButton"))
    keys(qtbot, Key.Key_Tab)
    focus_is(qtbot, anyway)
    assert not wizard.button(Button.NextButton).isEnabled()
    keys(qtbot, Key.Key_Space)
    assert anyway.isChecked()
    qtbot.waitUntil(wizard.button(Button.NextButton).isEnabled, timeout=WAIT_MS)
    keys(qtbot, Key.Key_Return)

    on_page(qtbot, wizard, ViewName.KEY)
    focus_is(qtbot, child(wizard, QLineEdit, "keyEdit"))
    keys(qtbot, Key.Key_Return)  # nothing typed yet: Enter does not go on
    assert on_view(wizard, ViewName.KEY)
    type_text(qtbot, GOOD_KEY)
    keys(qtbot, Key.Key_Return)

    on_page(qtbot, wizard, ViewName.ENDPOINT)
    focus_is(qtbot, child(wizard, QTreeWidget, "endpointTable"))
    qtbot.waitUntil(wizard.button(Button.NextButton).isEnabled, timeout=WAIT_MS)
    keys(qtbot, Key.Key_Return)

    on_page(qtbot, wizard, ViewName.PREVIEW)
    qtbot.waitUntil(wizard.button(Button.CommitButton).isEnabled, timeout=WAIT_MS)
    keys(qtbot, Key.Key_W, ALT)

    on_page(qtbot, wizard, ViewName.DONE)
    assert paths.auth_json.exists() and paths.config_toml.exists()
    focus_is(qtbot, child(wizard, QPushButton, "testCodexButton"))
    keys(qtbot, Key.Key_Return)
    qtbot.waitUntil(
        lambda: "TokenPool answered" in status_text(wizard, "testCodexResult"), timeout=WAIT_MS
    )
    assert "pong" in status_text(wizard, "testCodexResult")


def test_broken_files_put_the_focus_on_the_choice(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    paths: AppPaths,
    no_codex_env: dict[str, str],
) -> None:
    wizard = on_broken_files(qtbot, make_wizard, gateway, paths, no_codex_env)
    focus_is(qtbot, child(wizard, QRadioButton, "setupRadio"))
    keys(qtbot, Key.Key_R, ALT)  # "Repair these problems first"
    qtbot.waitUntil(lambda: wizard.state.path == "repair", timeout=WAIT_MS)
    keys(qtbot, Key.Key_N, ALT)
    on_page(qtbot, wizard, ViewName.REPAIR)
    commit = wizard.button(Button.CommitButton)
    qtbot.waitUntil(commit.isEnabled, timeout=WAIT_MS)
    assert commit.accessibleName() == "Repair with backup"
    focus_is(qtbot, child(wizard, QPushButton, "showRepairChangesButton"))
    keys(qtbot, Key.Key_R, ALT)
    on_page(qtbot, wizard, ViewName.KEY)
    focus_is(qtbot, child(wizard, QLineEdit, "keyEdit"))


# --------------------------------------------------------------------------- repair


def test_broken_config_repair_path(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    paths: AppPaths,
    no_codex_env: dict[str, str],
) -> None:
    fixtures = Path(__file__).parents[1] / "fixtures" / "broken"
    paths.config_toml.write_bytes((fixtures / "duplicate_table.toml").read_bytes())
    paths.auth_json.write_bytes((fixtures / "auth_good.json").read_bytes())
    paths.auth_json.chmod(0o600)
    wizard = make_wizard([gateway.url], no_codex_env)
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
    assert "have problems" in status_text(wizard, "filesStatus")
    assert "twice" in status_text(wizard, "findingsList")
    assert child(wizard, QRadioButton, "setupRadio").isChecked()  # the main path stays default
    tick(qtbot, child(wizard, QRadioButton, "repairRadio"))
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.REPAIR), timeout=WAIT_MS)
    commit = wizard.button(Button.CommitButton)
    qtbot.waitUntil(commit.isEnabled, timeout=WAIT_MS)
    assert without_mnemonic(commit.text()) == "Repair with backup"
    assert commit.accessibleName() == "Repair with backup"
    assert "config.toml" in child(wizard, QWidget, "repairView").toPlainText()
    before = paths.config_toml.read_bytes()
    press(qtbot, wizard, Button.CommitButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.KEY), timeout=WAIT_MS)
    assert paths.config_toml.read_bytes() != before
    backups = [p for p in paths.backups_dir.iterdir() if p.is_dir()]
    assert len(backups) == 1
    assert (backups[0] / "config.toml").read_bytes() == before

    import tomlkit

    tomlkit.parse(paths.config_toml.read_text())  # Codex can read it again


# --------------------------------------------------------------------------- cancel


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, for the message box
def test_cancel_in_the_middle_of_probing_writes_nothing(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    paths: AppPaths,
    no_codex_env: dict[str, str],
) -> None:
    gateway.hang_paths.add("/v1/models")
    wizard = make_wizard([gateway.url], no_codex_env)
    through_welcome(qtbot, wizard, without_codex=True)
    enter_key(qtbot, wizard, GOOD_KEY)
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.ENDPOINT), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(gateway.requests_to("/v1/models")), timeout=WAIT_MS)
    assert wizard.runner.busy("endpoint")
    assert child(wizard, QTreeWidget, "endpointTable").topLevelItem(0).text(2) == "Testing…"
    asked = answer_the_question(qtbot, "confirmCloseButton")  # a key was pasted: it asks
    qtbot.mouseClick(wizard.button(Button.CancelButton), Qt.MouseButton.LeftButton)
    assert asked
    assert not wizard.isVisible()
    assert not wizard.runner.busy()
    assert wizard.runner.wait(WAIT_MS)  # the probe noticed the cancel and returned
    assert not paths.config_toml.exists()
    assert not paths.auth_json.exists()


def test_going_back_cancels_the_page_work(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
) -> None:
    gateway.hang_paths.add("/v1/models")
    wizard = make_wizard([gateway.url], no_codex_env)
    through_welcome(qtbot, wizard, without_codex=True)
    enter_key(qtbot, wizard, GOOD_KEY)
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: wizard.runner.busy("endpoint"), timeout=WAIT_MS)
    press(qtbot, wizard, Button.BackButton)
    assert on_view(wizard, ViewName.KEY)
    assert not wizard.runner.busy("endpoint")


# --------------------------------------------------------------------------- languages


def test_chinese_translation_loads(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = install_translation(app, "zh_CN")
    assert translator is not None
    try:
        wizard = make_wizard([gateway.url], no_codex_env)
        qtbot.waitUntil(lambda: len(wizard.pages) == len(PAGE_IDS), timeout=WAIT_MS)
        assert wizard.windowTitle() == "TokenPool 配置助手"
        assert wizard.button(Button.CommitButton).text() == "写入配置(&W)"
        assert wizard.button(Button.CommitButton).accessibleName() == "写入配置"
        welcome = wizard.page(PAGE_IDS[ViewName.WELCOME])
        assert welcome.title() == "让 Codex 接入 TokenPool"
        assert wizard.page(PAGE_IDS[ViewName.KEY]).title() == "你的 TokenPool API 密钥"
        qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
        assert "还没有配置" in status_text(wizard, "filesStatus")
    finally:
        for installed in app.findChildren(type(translator)):
            app.removeTranslator(installed)
            installed.deleteLater()


def test_findings_are_shown_in_chinese_with_the_english_detail(
    qtbot,  # type: ignore[no-untyped-def]
    chinese: None,
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    paths: AppPaths,
    no_codex_env: dict[str, str],
) -> None:
    wizard = on_broken_files(qtbot, make_wizard, gateway, paths, no_codex_env)
    findings = status_text(wizard, "findingsList")
    assert "config.toml 中同一个配置段出现了两次，Codex 因此无法启动。" in findings
    assert "可以自动修复" in findings  # the way forward, in Chinese
    # The core's own words stay, behind a details link (tests/gui/test_wizard_zh_walk.py opens it).
    assert "tokenpool-details:" in findings

    tick(qtbot, child(wizard, QRadioButton, "repairRadio"))
    press(qtbot, wizard, Button.NextButton)
    on_page(qtbot, wizard, ViewName.REPAIR)
    commit = wizard.button(Button.CommitButton)
    qtbot.waitUntil(commit.isEnabled, timeout=WAIT_MS)
    assert commit.text() == "备份并修复(&R)"
    assert commit.accessibleName() == "备份并修复"
    repair = status_text(wizard, "repairStatus")
    assert "出现了两次" in repair
    # The exact edits are under "Show the exact changes", in Chinese too.
    notes = status_text(wizard, "repairNotes")
    assert "注释" in notes and "now comments" not in notes


def test_findings_in_english_are_the_cores_own_sentences(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    paths: AppPaths,
    no_codex_env: dict[str, str],
) -> None:
    wizard = on_broken_files(qtbot, make_wizard, gateway, paths, no_codex_env)
    findings = status_text(wizard, "findingsList")
    assert "twice" in findings
    assert "the same table twice" not in findings  # no summary repeating it in other words


def test_every_core_code_has_a_chinese_summary(chinese: None) -> None:
    from app.ui import messages

    codes = {**messages.FINDINGS, **messages.NETWORK, **messages.FAILURES}
    for code, source in codes.items():
        translated = messages.summary(code)
        assert translated and translated != source, code
        assert any("\u4e00" <= ch <= "\u9fff" for ch in translated), code


def test_every_doctor_code_and_probe_kind_is_in_the_table() -> None:
    """The README's codes and the probe's error kinds all have a summary to translate."""
    import re
    import typing

    from app.core.net.http import ErrorKind
    from app.ui import messages

    readme = (Path(__file__).parents[2] / "README.md").read_text()
    listed = readme.split("Finding codes:", 1)[1].split("`check-key --json`", 1)[0]
    codes = set(re.findall(r"`([a-z_]+)`", listed)) - {"online"}
    assert codes and codes <= set(messages.FINDINGS), codes - set(messages.FINDINGS)
    assert set(typing.get_args(ErrorKind)) <= set(messages.NETWORK)


def test_every_control_has_an_accessible_name_and_the_stable_names_exist(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
) -> None:
    wizard = make_wizard([gateway.url], no_codex_env)
    # The first page shows at once; the others are built right after it has painted.
    qtbot.waitUntil(lambda: len(wizard.pages) == len(PAGE_IDS), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
    for name in (
        "welcomePage",
        "keyPage",
        "endpointPage",
        "previewPage",
        "donePage",
        "keyEdit",
        "keyStatus",
        "endpointTable",
        "retestButton",
        "customEndpointEdit",
        "modelCombo",
        "previewView",
        "testCodexButton",
        "testCodexResult",
    ):
        assert wizard.findChild(QWidget, name) is not None, name
    controls = (QPushButton, QLineEdit, QCheckBox, QRadioButton, QComboBox, QTreeWidget)
    for cls in controls:
        for widget in wizard.findChildren(cls):
            if widget.objectName().startswith("qt_"):
                continue
            assert widget.accessibleName(), f"{cls.__name__} {widget.objectName()!r}"


def test_emitting_signals_does_not_eat_references_to_true(qtbot) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12.0 on Python 3.11 drops a reference to True on every emit and aborts the
    process after a few thousand signals (pyproject pins below it). Guards any upgrade."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Source(QObject):
        changed = Signal(object)

    source = Source()
    source.changed.connect(lambda _value: None)
    source.changed.emit(1)
    before = sys.getrefcount(True)
    for _ in range(200):
        source.changed.emit(1)
    assert sys.getrefcount(True) >= before


@pytest.mark.gui
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_welcome_with_findings_and_no_codex_is_not_squeezed(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    paths: AppPaths,
    no_codex_env: dict[str, str],
    lang: str,
) -> None:
    """The tallest Welcome page (findings + the Codex install box) must fit: QWizard does not
    grow by itself, and once squeezed its buttons and lines overlap (seen under Xvfb)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = install_translation(app, lang)
    fixtures = Path(__file__).parents[1] / "fixtures" / "broken"
    paths.config_toml.write_bytes((fixtures / "appended_model_provider.toml").read_bytes())
    wizard = make_wizard(["https://api.clawto.link"], no_codex_env)
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
    page = wizard.currentPage()
    assert child(wizard, QWidget, "findingsList").isVisible()

    def squeezed() -> list[str]:
        return [
            widget.objectName() or type(widget).__name__
            for widget in page.findChildren(QWidget)
            if widget.isVisible()
            and widget.layout() is None
            and widget.minimumSizeHint().isValid()
            and widget.height() < widget.minimumSizeHint().height()
        ]

    try:
        # The window grows (or the page scrolls) once the findings are in: nothing stays squeezed.
        qtbot.waitUntil(lambda: not squeezed(), timeout=WAIT_MS)
    finally:
        if translator is not None:
            app.removeTranslator(translator)


@pytest.mark.gui
def test_codex_editing_config_during_preview_is_replanned_not_clobbered(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    paths: AppPaths,
    no_codex_env: dict[str, str],
) -> None:
    """Codex writes config.toml itself (a folder trusted in the TUI) while the person reads the
    preview: writing refuses, plans again from the new file, and the second write keeps it."""
    paths.config_toml.write_text('# mine\nmodel = "o3"\n')
    wizard = make_wizard([gateway.url], no_codex_env)
    through_welcome(qtbot, wizard, without_codex=True)
    enter_key(qtbot, wizard, GOOD_KEY)
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.ENDPOINT), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: wizard.button(Button.NextButton).isEnabled(), timeout=WAIT_MS)
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.PREVIEW), timeout=WAIT_MS)
    commit = wizard.button(Button.CommitButton)
    qtbot.waitUntil(commit.isEnabled, timeout=WAIT_MS)

    trusted = '\n[projects."/home/me/work"]\ntrust_level = "trusted"\n'
    with paths.config_toml.open("a") as handle:
        handle.write(trusted)  # what Codex's "Trust this folder?" screen does
    press(qtbot, wizard, Button.CommitButton)
    qtbot.waitUntil(
        lambda: "changed while you were looking" in status_text(wizard, "previewStatus"),
        timeout=WAIT_MS,
    )
    assert on_view(wizard, ViewName.PREVIEW)
    assert not paths.auth_json.exists()
    qtbot.waitUntil(
        lambda: "/home/me/work" in child(wizard, QWidget, "previewView").toPlainText(),
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(commit.isEnabled, timeout=WAIT_MS)
    press(qtbot, wizard, Button.CommitButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.DONE), timeout=WAIT_MS)
    written = paths.config_toml.read_text()
    assert trusted.strip() in written
    assert 'model_provider = "OpenAI"' in written


# --------------------------------------------------------------------------- report for support


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen platform
def test_broken_files_offer_a_report_for_support(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    paths: AppPaths,
    no_codex_env: dict[str, str],
) -> None:
    """Something is wrong on Welcome: Alt+U opens the report for support, made of these files."""
    from app.ui.support_report import SupportReportDialog

    wizard = on_broken_files(qtbot, make_wizard, gateway, paths, no_codex_env)
    button = child(wizard, QPushButton, "supportReportButton")
    assert button.isVisible()
    keys(qtbot, Key.Key_U, ALT)
    qtbot.waitUntil(lambda: wizard.findChild(SupportReportDialog) is not None, timeout=WAIT_MS)
    dialog = wizard.findChild(SupportReportDialog)
    qtbot.waitUntil(lambda: bool(dialog.text), timeout=60_000)
    assert "duplicate_table" in dialog.text or "twice" in dialog.text
    dialog.reject()


def test_a_good_setup_offers_no_report_and_a_failed_test_does(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    paths: AppPaths,
    no_codex_env: dict[str, str],
) -> None:
    wizard = make_wizard([gateway.url], no_codex_env)
    assert not child(wizard, QPushButton, "supportReportButton").isVisible()
    through_to_done(qtbot, wizard)
    done_button = wizard.currentPage().findChild(QPushButton, "supportReportButton")
    assert done_button is not None and not done_button.isVisible()
    gateway.reply_text = ""  # the gateway answers, but with nothing: the test fails
    qtbot.mouseClick(child(wizard, QPushButton, "testCodexButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.runner.busy("done"), timeout=WAIT_MS)
    assert status_text(wizard, "testCodexResult")
    assert "answered" not in status_text(wizard, "testCodexResult")
    assert done_button.isVisible()
