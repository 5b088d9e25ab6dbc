"""The real setup wizard, driven offscreen with pytest-qt against the local gateway imitation and a
temporary Codex home. No timed assertions: every wait is ``qtbot.waitUntil`` with a generous limit.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QWidget,
    QWizard,
)

from app.core.paths import AppPaths, resolve_paths
from app.core.wizard_flow import ViewName, catalogue_from_urls
from app.ui.main import install_translation
from app.ui.wizard import PAGE_IDS, SetupWizard
from tests.gateway import GOOD_KEY, GatewayImitation

pytestmark = pytest.mark.gui

WAIT_MS = 30_000
Button = QWizard.WizardButton


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def no_codex_env(tmp_path: Path) -> dict[str, str]:
    """An environment in which no Codex CLI can be found (PATH without it, an empty HOME)."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join(["/usr/bin", "/bin"])
    env["HOME"] = str(tmp_path / "home")
    return env


@pytest.fixture
def make_wizard(qtbot, paths: AppPaths) -> Iterator[Callable[..., SetupWizard]]:  # type: ignore[no-untyped-def]
    made: list[SetupWizard] = []

    def make(
        urls: list[str],
        environment: dict[str, str],
        app_paths: AppPaths | None = None,
    ) -> SetupWizard:
        wizard = SetupWizard(app_paths or paths, catalogue_from_urls(urls), environment=environment)
        qtbot.addWidget(wizard)
        wizard.show()
        made.append(wizard)
        return wizard

    yield make
    for wizard in made:
        wizard.runner.cancel()
        wizard.runner.wait(10_000)


def child(wizard: SetupWizard, cls: type, name: str):  # type: ignore[no-untyped-def]
    found = wizard.findChild(cls, name)
    assert found is not None, name
    return found


def on_view(wizard: SetupWizard, view: ViewName) -> bool:
    return wizard.currentId() == PAGE_IDS[view]


def press(qtbot, wizard: SetupWizard, which: Button) -> None:  # type: ignore[no-untyped-def]
    button = wizard.button(which)
    qtbot.waitUntil(lambda: button.isVisible() and button.isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def status_text(wizard: SetupWizard, name: str) -> str:
    label = wizard.findChild(QWidget, name)
    assert label is not None, name
    return str(label.text())  # type: ignore[attr-defined]


def through_welcome(qtbot, wizard: SetupWizard, *, without_codex: bool) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
    if without_codex:
        check = child(wizard, QCheckBox, "withoutCodexCheck")
        assert check.isVisible()
        tick(qtbot, check)
    press(qtbot, wizard, Button.NextButton)
    qtbot.waitUntil(lambda: on_view(wizard, ViewName.KEY), timeout=WAIT_MS)


def tick(qtbot, box: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Click a check box or radio button on its indicator (its row is wider than its label)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def enter_key(qtbot, wizard: SetupWizard, key: str) -> None:  # type: ignore[no-untyped-def]
    edit = child(wizard, QLineEdit, "keyEdit")
    edit.clear()
    edit.setFocus()
    qtbot.keyClicks(edit, key)


def closed_port() -> socket.socket:
    """A bound socket that never listens: connections to it are refused at once."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


# --------------------------------------------------------------------------- the happy path


@pytest.mark.codex
@pytest.mark.slow
def test_happy_path_writes_files_and_codex_answers(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    codex_bin: Path,
    codex_home: Path,
    codex_env: dict[str, str],
    tmp_path: Path,
) -> None:
    env = dict(codex_env)
    env["PATH"] = os.pathsep.join([str(codex_bin.parent), env.get("PATH", "")])
    paths = resolve_paths(codex_home, tmp_path / "settings")
    wizard = make_wizard([gateway.url], env, paths)

    # 1. Welcome: nothing yet, Codex found with its version; Next needs no extra click.
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
    assert "not set up yet" in status_text(wizard, "filesStatus")
    assert "0.169.0" in status_text(wizard, "codexStatus")
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
    assert commit.text() == "Write configuration"
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


# --------------------------------------------------------------------------- repair


def test_broken_config_repair_path(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    paths: AppPaths,
    no_codex_env: dict[str, str],
) -> None:
    fixtures = Path(__file__).parent / "fixtures" / "broken"
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
    assert commit.text() == "Repair with backup"
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
    qtbot.mouseClick(wizard.button(Button.CancelButton), Qt.MouseButton.LeftButton)
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
        assert wizard.windowTitle() == "TokenPool 设置"
        assert wizard.button(Button.CommitButton).text() == "写入配置"
        welcome = wizard.page(PAGE_IDS[ViewName.WELCOME])
        assert welcome.title() == "为 TokenPool 设置 Codex"
        assert wizard.page(PAGE_IDS[ViewName.KEY]).title() == "你的 TokenPool API 密钥"
        qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
        assert "尚未" in status_text(wizard, "filesStatus")
    finally:
        for installed in app.findChildren(type(translator)):
            app.removeTranslator(installed)
            installed.deleteLater()


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
