"""The Done page's tray checkbox, in the real wizard (pytest-qt, offscreen): ticked by default;
finishing the wizard turns start at login on (the real desktop entry, in the test's temporary
XDG_CONFIG_HOME) and starts the tray through an injected launcher (never a real detached
process from a test); unticked, start at login is turned off (if it was on) and no tray starts;
not finished on the Done page, nothing happens."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QCheckBox, QDialog

from app.core.paths import AppPaths
from app.core.wizard.flow import ViewName, catalogue_from_urls
from app.ui.resources import translations_dir
from app.ui.tray.opt_in import TrayOptIn
from app.ui.tray.single_instance import instance_name
from app.ui.wizard import SetupWizard
from tests.tray.test_tray_single_instance import finish, first_line, start_child

pytestmark = pytest.mark.gui


@pytest.fixture
def wizard(qtbot, paths: AppPaths, tmp_path: Path) -> Iterator[SetupWizard]:  # type: ignore[no-untyped-def]
    env = dict(os.environ, PATH="/usr/bin:/bin", HOME=str(tmp_path / "home"))
    made = SetupWizard(paths, catalogue_from_urls(["http://127.0.0.1:9"]), environment=env)
    qtbot.addWidget(made)
    made.build_remaining_pages()
    yield made
    made.runner.cancel()
    made.runner.wait(10_000)


def opt_in_of(wizard: SetupWizard) -> TrayOptIn:
    box = wizard.findChild(QCheckBox, "trayOptInCheck")
    assert isinstance(box, TrayOptIn)
    return box


def autostart_entry() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / "tokenpool-setup-tray.desktop"


def finish_on(wizard: SetupWizard, view: ViewName, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wizard, "current_view", lambda: view)
    wizard.done(QDialog.DialogCode.Accepted.value)


@pytest.fixture
def launched(wizard: SetupWizard) -> list[list[str]]:
    commands: list[list[str]] = []
    opt_in_of(wizard).launcher = lambda command: commands.append(list(command))
    return commands


def test_ticked_by_default_on_the_done_page(wizard: SetupWizard) -> None:
    box = opt_in_of(wizard)
    assert box.isChecked()
    assert box.text() == "Show my quota in the tra&y and start it when I log in"
    assert box.accessibleName() == "Show my quota in the tray and start it when I log in"
    assert wizard.page_for(ViewName.DONE).isAncestorOf(box)


def test_in_tab_order_after_the_test_and_before_the_restart(wizard: SetupWizard) -> None:
    """Where it sits on the page, not first (the page's focus starts at "Test Codex now")."""
    page = wizard.page_for(ViewName.DONE)
    order: list[str] = []
    widget = page.nextInFocusChain()
    while widget is not page and len(order) < 200:
        if widget.objectName() and page.isAncestorOf(widget):
            order.append(widget.objectName())
        widget = widget.nextInFocusChain()
    names = ["testCodexButton", "trayOptInCheck", "restartCodexButton"]
    assert [n for n in order if n in names] == names


def test_finishing_turns_autostart_on_and_starts_the_tray(
    wizard: SetupWizard,
    launched: list[list[str]],
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert not autostart_entry().exists()
    finish_on(wizard, ViewName.DONE, monkeypatch)
    text = autostart_entry().read_text(encoding="utf-8")
    assert "tray --hidden" in text
    [command] = launched
    assert command[-3:] == ["tray", "--codex-home", str(paths.codex_home)]


def test_unticked_starts_nothing(
    wizard: SetupWizard, launched: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    opt_in_of(wizard).setChecked(False)
    finish_on(wizard, ViewName.DONE, monkeypatch)
    assert not autostart_entry().exists()
    assert launched == []


def test_unticked_on_a_second_setup_turns_start_at_login_off(
    wizard: SetupWizard,
    launched: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
    paths: AppPaths,
) -> None:
    """A person who set up before (start at login on) and unticks the box this time: it is off
    afterwards, as the box says (it was left on)."""
    from app.core.platform.autostart import autostart_for

    autostart_for().set_enabled(True)  # the first setup, or the tray's own menu
    assert autostart_entry().exists()
    opt_in_of(wizard).setChecked(False)
    finish_on(wizard, ViewName.DONE, monkeypatch)
    assert not autostart_for().is_enabled()
    assert not autostart_entry().exists()
    assert launched == []


def test_closing_before_the_done_page_changes_nothing(
    wizard: SetupWizard, launched: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    finish_on(wizard, ViewName.KEY, monkeypatch)
    assert not autostart_entry().exists()
    assert launched == []


def test_a_running_tray_is_not_started_twice(
    wizard: SetupWizard,
    launched: list[list[str]],
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    running = start_child(instance_name(paths.settings_dir), mode="serve", wait_s=20)
    try:
        assert first_line(running) == "primary"
        finish_on(wizard, ViewName.DONE, monkeypatch)
    finally:
        running.terminate()
        finish(running)
    assert autostart_entry().exists()  # start at login is still turned on
    assert launched == []


def test_chinese() -> None:
    translator = QTranslator()
    assert translator.load("tokenpool_setup_zh_CN", str(translations_dir()))
    for source, chinese in (
        (
            "Show my quota in the tra&y and start it when I log in",
            "在系统托盘中显示我的剩余额度，并设为开机自启(&Y)",
        ),
    ):
        assert translator.translate("TrayOptIn", source) == chinese


def test_autostart_codes_have_chinese_summaries() -> None:
    from app.ui import messages

    translator = QTranslator()
    assert translator.load("tokenpool_setup_zh_CN", str(translations_dir()))
    for code in ("autostart_failed", "autostart_not_ours"):
        source = messages.source_summary(code)
        assert source is not None, code
        translated = translator.translate(messages.CONTEXT, source)
        assert translated and translated != source, code
