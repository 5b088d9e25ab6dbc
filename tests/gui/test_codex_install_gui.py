"""The Welcome page's "Install Codex for me" without Node.js: the native install with a progress
bar and Stop, then the whole wizard, and "Test Codex now" runs the Codex it installed.

Real parts: the wizard offscreen (pytest-qt), the local registry stand-in serving the real pinned
Codex package (tests/support/npm_registry.py), the gateway imitation, a PATH with no node or npm.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
    QWizard,
)

from app.core.paths import AppPaths, resolve_paths
from app.core.wizard.flow import ViewName
from app.core.wizard.tasks import REGISTRY_OVERRIDE
from app.ui.wizard import PAGE_IDS, SetupWizard
from tests.codex.test_codex_install import (  # noqa: F401
    LINUX_TRIPLE,
    LINUX_X64,
    publish_real,
    real_package,
)
from tests.gateway import GOOD_KEY, GatewayImitation
from tests.gui.wizard_steps import translated
from tests.support.codex_harness import CODEX_VERSION, isolated_codex_env
from tests.support.npm_registry import RegistryStandIn, fake_codex_script, make_package

pytestmark = [
    pytest.mark.gui,
    # The wizard installs the Codex built for the computer it runs on; these publish only the
    # linux-x64 package (and its stand-in is a shell script), so elsewhere it finds none.
    pytest.mark.skipif(not LINUX_X64, reason="publishes the linux-x64 Codex: needs Linux x64"),
]

WAIT_MS = 60_000
Button = QWizard.WizardButton


@pytest.fixture
def registry() -> Iterator[RegistryStandIn]:
    with RegistryStandIn() as running:
        yield running


@pytest.fixture
def no_node_env(tmp_path: Path, registry: RegistryStandIn, codex_home: Path) -> dict[str, str]:
    """No node, no npm, no codex on PATH; our data folder and the registry stand-in in tmp."""
    home = tmp_path / "home"
    env = isolated_codex_env(codex_home, home)
    empty = tmp_path / "bin-without-node"
    empty.mkdir()
    env["PATH"] = str(empty)
    env["TOKENPOOL_SETUP_DATA_DIR"] = str(tmp_path / "data")
    env[REGISTRY_OVERRIDE] = registry.url
    return env


@pytest.fixture
def paths(tmp_path: Path, codex_home: Path) -> AppPaths:
    """The wizard's paths (for the shared ``make_wizard``): the Codex home the environment names."""
    return resolve_paths(codex_home, tmp_path / "settings")


def child(wizard: SetupWizard, cls: type, name: str):  # type: ignore[no-untyped-def]
    found = wizard.findChild(cls, name)
    assert found is not None, name
    return found


def text_of(wizard: SetupWizard, name: str) -> str:
    return str(child(wizard, QWidget, name).text())


def press(qtbot, wizard: SetupWizard, which: Button) -> None:  # type: ignore[no-untyped-def]
    button = wizard.button(which)
    qtbot.waitUntil(lambda: button.isVisible() and button.isEnabled(), timeout=WAIT_MS)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def on_view(qtbot, wizard: SetupWizard, view: ViewName) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_IDS[view], timeout=WAIT_MS)


def start_slow_install(  # type: ignore[no-untyped-def]
    qtbot,
    open_wizard: Callable[[], SetupWizard],
    registry: RegistryStandIn,
    version: str,
    megabytes: int,
) -> tuple[SetupWizard, QPushButton, QProgressBar]:
    """Publish a ``megabytes`` package of a fake Codex that downloads slowly, open the wizard,
    press Install and wait until the download is under way (time to press Stop); the wizard, its
    Install button and the progress bar."""
    blob = os.urandom(megabytes * 1024 * 1024)
    data = make_package(LINUX_TRIPLE, {"bin/codex": fake_codex_script(version), "blob": blob})
    registry.publish(f"{version}-linux-x64", data)
    registry.seconds_per_chunk = 0.05
    wizard = open_wizard()
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
    install = child(wizard, QPushButton, "installCodexButton")
    qtbot.mouseClick(install, Qt.MouseButton.LeftButton)
    bar = child(wizard, QProgressBar, "installDownloadProgress")
    qtbot.waitUntil(lambda: bar.maximum() == 1000 and bar.value() > 0, timeout=WAIT_MS)
    return wizard, install, bar


@pytest.mark.codex
@pytest.mark.slow
def test_install_without_node_then_test_codex_now_uses_it(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    registry: RegistryStandIn,
    real_package,  # type: ignore[no-untyped-def]  # noqa: F811
    gateway: GatewayImitation,
    no_node_env: dict[str, str],
    tmp_path: Path,
) -> None:
    publish_real(registry, real_package)
    wizard = make_wizard([gateway.url], no_node_env)
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
    assert wizard.state.codex is None and not wizard.state.npm_available
    install = child(wizard, QPushButton, "installCodexButton")
    assert install.isVisible()
    assert child(wizard, QWidget, "nativeInstallNote").isVisible()
    assert not wizard.currentPage().install_box.command.isVisible()  # type: ignore[attr-defined]
    versions = child(wizard, QComboBox, "codexVersionChoice")
    assert "tested with this app" in versions.itemText(0)
    versions.setItemData(0, CODEX_VERSION)  # the pinned version: the one package fetched here
    bar = child(wizard, QProgressBar, "installDownloadProgress")
    seen: list[int] = []
    bar.valueChanged.connect(seen.append)
    qtbot.mouseClick(install, Qt.MouseButton.LeftButton)
    assert child(wizard, QPushButton, "stopInstallButton").isVisible()
    qtbot.waitUntil(lambda: wizard.state.codex is not None, timeout=180_000)
    installed = tmp_path / "data" / "codex" / "current" / "bin" / "codex"
    assert wizard.state.codex is not None
    assert wizard.state.codex.path == installed
    assert wizard.state.codex.version == CODEX_VERSION
    assert seen and max(seen) == 1000  # a real progress bar, filled
    assert f"Codex {CODEX_VERSION} is installed" in text_of(wizard, "installStatus")
    steps = text_of(wizard, "codexNextSteps")
    assert "type: codex" in steps
    assert not bar.isVisible() and not child(wizard, QPushButton, "stopInstallButton").isVisible()

    press(qtbot, wizard, Button.NextButton)
    on_view(qtbot, wizard, ViewName.KEY)
    edit = child(wizard, QLineEdit, "keyEdit")
    edit.setFocus()
    qtbot.keyClicks(edit, GOOD_KEY)
    press(qtbot, wizard, Button.NextButton)
    on_view(qtbot, wizard, ViewName.ENDPOINT)
    press(qtbot, wizard, Button.NextButton)
    on_view(qtbot, wizard, ViewName.PREVIEW)
    press(qtbot, wizard, Button.CommitButton)
    on_view(qtbot, wizard, ViewName.DONE)
    gateway.requests.clear()
    qtbot.mouseClick(child(wizard, QPushButton, "testCodexButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "pong" in text_of(wizard, "testCodexResult"), timeout=150_000)
    assert "Codex answered" in text_of(wizard, "testCodexResult")
    posts = [r for r in gateway.requests if r.method == "POST" and r.path.endswith("/responses")]
    assert posts and posts[-1].headers.get("authorization") == f"Bearer {GOOD_KEY}"


def test_stop_leaves_nothing_installed_and_the_page_usable(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    registry: RegistryStandIn,
    gateway: GatewayImitation,
    no_node_env: dict[str, str],
    tmp_path: Path,
) -> None:
    from app.core.codex_versions import NEWEST_TESTED_CODEX_VERSION

    version = NEWEST_TESTED_CODEX_VERSION
    # ~2.5 s for the whole download: time to press Stop
    wizard, install, bar = start_slow_install(
        qtbot, lambda: make_wizard([gateway.url], no_node_env), registry, version, megabytes=8
    )
    stop = child(wizard, QPushButton, "stopInstallButton")
    qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    # Until the task has really stopped, the page says so and offers nothing that would clash.
    assert "Stopping" in text_of(wizard, "installStatus")
    assert not install.isEnabled() and not stop.isEnabled()
    qtbot.waitUntil(install.isEnabled, timeout=WAIT_MS)
    assert "Nothing was installed" in text_of(wizard, "installStatus")
    assert not stop.isVisible() and not bar.isVisible()
    root = tmp_path / "data" / "codex"
    assert not (root / "current").exists() and not (root / "versions").exists()
    assert not (tmp_path / "home" / ".local" / "bin" / "codex").exists()
    assert wizard.state.codex is None

    # Trying again right away works: the download goes on, and Codex is installed.
    registry.seconds_per_chunk = 0.0
    qtbot.mouseClick(install, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.state.codex is not None, timeout=WAIT_MS)
    assert f"Codex {version} is installed" in text_of(wizard, "installStatus")
    assert "type: codex" in text_of(wizard, "codexNextSteps")
    assert (root / "current" / "bin" / "codex").read_bytes() == fake_codex_script(version)
    ranges = [r.range for r in registry.tarball_requests()]
    assert ranges[0] is None and ranges[-1] is not None  # continued, not started over


def test_stop_too_late_to_undo_says_codex_is_installed(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    registry: RegistryStandIn,
    gateway: GatewayImitation,
    no_node_env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Stop pressed while Codex is already being put on PATH: the page must not claim "nothing
    was installed" while the task goes on to finish the install."""
    import threading

    from app.core.codex_install import installer
    from app.core.codex_versions import NEWEST_TESTED_CODEX_VERSION

    version = NEWEST_TESTED_CODEX_VERSION
    registry.publish(
        f"{version}-linux-x64",
        make_package(LINUX_TRIPLE, {"bin/codex": fake_codex_script(version)}),
    )
    reached, go_on = threading.Event(), threading.Event()
    real_add_to_path = installer.add_to_path

    def slow_add_to_path(*args: object, **kwargs: object) -> object:
        reached.set()
        go_on.wait(30)
        return real_add_to_path(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(installer, "add_to_path", slow_add_to_path)
    wizard = make_wizard([gateway.url], no_node_env)
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
    qtbot.mouseClick(child(wizard, QPushButton, "installCodexButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(reached.is_set, timeout=WAIT_MS)
    qtbot.mouseClick(child(wizard, QPushButton, "stopInstallButton"), Qt.MouseButton.LeftButton)
    go_on.set()
    qtbot.waitUntil(lambda: wizard.state.codex is not None, timeout=WAIT_MS)
    status = text_of(wizard, "installStatus")
    assert f"Codex {version} is installed" in status and "Nothing was installed" not in status
    assert (tmp_path / "data" / "codex" / "current" / "bin" / "codex").exists()


@pytest.mark.parametrize("lang", ["zh_CN"])
def test_native_install_box_in_chinese(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    registry: RegistryStandIn,
    gateway: GatewayImitation,
    no_node_env: dict[str, str],
    lang: str,
) -> None:
    with translated(lang):
        registry.publish("0.0.1-linux-x64", b"nothing")  # nothing else is published
        wizard = make_wizard([gateway.url], no_node_env)
        qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
        assert "Node.js" in text_of(wizard, "nativeInstallNote")
        assert "无需管理员权限" in text_of(wizard, "nativeInstallNote")
        qtbot.mouseClick(
            child(wizard, QPushButton, "installCodexButton"), Qt.MouseButton.LeftButton
        )
        qtbot.waitUntil(
            lambda: child(wizard, QPushButton, "installCodexButton").isEnabled(), timeout=WAIT_MS
        )
        status = text_of(wizard, "installStatus")
        assert status.startswith("这个 Codex 版本没有适用于这台电脑的安装包。"), status
        assert "tokenpool-details:" in status  # the English detail behind the details link


def test_stop_in_chinese(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    registry: RegistryStandIn,
    gateway: GatewayImitation,
    no_node_env: dict[str, str],
) -> None:
    from app.core.codex_versions import NEWEST_TESTED_CODEX_VERSION

    with translated("zh_CN"):
        version = NEWEST_TESTED_CODEX_VERSION
        wizard, install, _ = start_slow_install(
            qtbot, lambda: make_wizard([gateway.url], no_node_env), registry, version, megabytes=6
        )
        assert "正在下载 Codex" in text_of(wizard, "installStatus")
        stop = child(wizard, QPushButton, "stopInstallButton")
        qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
        assert text_of(wizard, "installStatus") == "正在停止…"
        qtbot.waitUntil(install.isEnabled, timeout=WAIT_MS)
        assert text_of(wizard, "installStatus").startswith("已停止，没有安装任何内容")
