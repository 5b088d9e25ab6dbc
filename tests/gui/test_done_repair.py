""" "Test Codex now" fails because Codex refuses a setting in config.toml: the Done page offers
Repair right there, fixes it with one backup and tests again — with the real pinned Codex."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from PySide6.QtWidgets import QWizard as _QWizard

from app.core.paths import AppPaths
from app.ui.wizard import SetupWizard
from tests.gateway import GOOD_KEY
from tests.gateway.server import GatewayImitation
from tests.gui.wizard_steps import (
    child,
    status_text,
    through_to_done,
)

Button = _QWizard.WizardButton


def click_in_question(qtbot, label: str, seen: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Press ``label`` in the message box about to open (recording its text)."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        seen.append(box.text() + "\n" + box.informativeText())
        for button in box.buttons():
            if button.text() == label:
                button.click()
                return

    QTimer.singleShot(50, answer)


@pytest.mark.codex
@pytest.mark.gui
@pytest.mark.slow
@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, for the message box
def test_a_setting_codex_refuses_is_repaired_from_the_done_page(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    codex_on_path: dict[str, str],
    codex_paths: AppPaths,
) -> None:
    paths = codex_paths
    wizard = make_wizard([gateway.url], codex_on_path, paths)
    through_to_done(qtbot, wizard, without_codex=False)

    # Meanwhile something else adds a setting today's Codex refuses to start with.
    written = paths.config_toml.read_text(encoding="utf-8")
    paths.config_toml.write_text('approval_policy = "untrusted"\n' + written, encoding="utf-8")
    repair = child(wizard, QPushButton, "doneRepairButton")
    assert not repair.isVisible()

    qtbot.mouseClick(child(wizard, QPushButton, "testCodexButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.runner.busy("done"), timeout=150_000)
    qtbot.waitUntil(repair.isVisible, timeout=5_000)  # offered right where the test failed
    assert "pong" not in status_text(wizard, "testCodexResult")
    backups_before = set(paths.backups_dir.iterdir()) if paths.backups_dir.exists() else set()

    seen: list[str] = []
    click_in_question(qtbot, "Repair", seen)
    qtbot.mouseClick(repair, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "pong" in status_text(wizard, "testCodexResult"), timeout=150_000)
    assert seen and "backup" in seen[0]
    assert not repair.isVisible()
    text = paths.config_toml.read_text(encoding="utf-8")
    assert 'approval_policy = "untrusted"' not in text.replace("# approval_policy", "")
    assert text.endswith(written), "everything else the wizard wrote stays"
    new_backups = set(paths.backups_dir.iterdir()) - backups_before
    assert len(new_backups) == 1, "one backup for the repair"
    assert GOOD_KEY not in "".join(seen)


@pytest.mark.codex
@pytest.mark.gui
def test_the_done_page_says_before_the_test_that_codex_needs_an_http_proxy(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    codex_on_path: dict[str, str],
    codex_paths: AppPaths,
) -> None:
    """Codex makes no connection through a SOCKS proxy (issue 17.7): with only a SOCKS proxy set,
    the Done page says so above "Test Codex now", with where VPN clients show their HTTP port."""
    env = dict(codex_on_path)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):  # the harness's dead HTTP proxy
        env.pop(name, None)
        env.pop(name.lower(), None)
    env["ALL_PROXY"] = "socks5h://127.0.0.1:1080"
    wizard = make_wizard([gateway.url], env, codex_paths)
    through_to_done(qtbot, wizard, without_codex=False)

    # Codex goes to this loopback gateway directly (checked with the real Codex): nothing said.
    label = child(wizard, QWidget, "codexProxyWarning")
    assert not label.isVisible()
    # TokenPool's real address would go through the SOCKS proxy:
    done = wizard.currentPage()
    done.show_proxy_warning("https://api.clawto.link/v1")  # type: ignore[attr-defined]
    warning = status_text(wizard, "codexProxyWarning")
    assert "SOCKS" in warning and "HTTP port" in warning
    test_button = child(wizard, QPushButton, "testCodexButton")
    assert label.isVisible()
    top = label.mapTo(wizard, label.rect().topLeft()).y()
    assert top < test_button.mapTo(wizard, test_button.rect().topLeft()).y()

    # With an HTTP proxy for https (what Codex can use), nothing is said.
    wizard.environment["HTTPS_PROXY"] = "http://127.0.0.1:7890"
    done.show_proxy_warning("https://api.clawto.link/v1")  # type: ignore[attr-defined]
    assert not label.isVisible()


@pytest.mark.codex
@pytest.mark.gui
def test_restarting_codex_with_no_background_server_says_there_is_nothing_to_restart(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    codex_on_path: dict[str, str],
    codex_paths: AppPaths,
) -> None:
    """The real Codex answers that no background server runs: the page says so as information,
    not as a failure (it read a field the result does not have and always said it failed)."""
    wizard = make_wizard([gateway.url], codex_on_path, codex_paths)
    through_to_done(qtbot, wizard, without_codex=False)
    assert child(wizard, QWidget, "restartCodexBox").isVisible()
    qtbot.mouseClick(child(wizard, QPushButton, "restartCodexButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not wizard.runner.busy("done"), timeout=60_000)
    said = status_text(wizard, "restartResult")
    assert "not running; nothing to restart" in said
    assert "could not be restarted" not in said


@pytest.mark.gui
def test_without_codex_the_done_page_offers_no_restart(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
) -> None:
    """No Codex CLI: nothing is running to quit or restart, so the box is not shown (a new
    user asked which background server it meant)."""
    wizard = make_wizard([gateway.url], no_codex_env)
    through_to_done(qtbot, wizard, without_codex=True)
    assert not child(wizard, QWidget, "restartCodexBox").isVisible()
    assert child(wizard, QPushButton, "testCodexButton").isVisible()
