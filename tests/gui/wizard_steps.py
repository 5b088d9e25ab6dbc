"""Driving the real setup wizard as a person does, for the pytest-qt tests: find a control, press,
tick, type, wait for a page, walk to the Done page, answer a question, speak a language. The
fixtures that make a wizard are in tests/gui/conftest.py."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
    QWizard,
)

from app.core.paths import AppPaths
from app.core.wizard.flow import ViewName
from app.ui.main import choose_language, install_translation
from app.ui.wizard import PAGE_IDS, SetupWizard
from tests.gateway import GOOD_KEY, GatewayImitation

WAIT_MS = 30_000
Button = QWizard.WizardButton
Key = Qt.Key
NO_MOD = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


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


def through_to_done(qtbot, wizard: SetupWizard, *, without_codex: bool = True) -> None:  # type: ignore[no-untyped-def]
    """The good key, the recommended endpoint, Write: on the Done page (without Codex unless
    ``without_codex`` is False, when the wizard found one)."""
    through_welcome(qtbot, wizard, without_codex=without_codex)
    enter_key(qtbot, wizard, GOOD_KEY)
    press(qtbot, wizard, Button.NextButton)
    on_page(qtbot, wizard, ViewName.ENDPOINT)
    press(qtbot, wizard, Button.NextButton)
    on_page(qtbot, wizard, ViewName.PREVIEW)
    press(qtbot, wizard, Button.CommitButton)
    on_page(qtbot, wizard, ViewName.DONE)


def on_broken_files(  # type: ignore[no-untyped-def]
    qtbot,
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    paths: AppPaths,
    env: dict[str, str],
) -> SetupWizard:
    """A wizard over a config.toml with a table defined twice, once Welcome has looked at it."""
    fixtures = Path(__file__).parents[1] / "fixtures" / "broken"
    paths.config_toml.write_bytes((fixtures / "duplicate_table.toml").read_bytes())
    wizard = make_wizard([gateway.url], env)
    qtbot.waitUntil(lambda: wizard.state.inspected, timeout=WAIT_MS)
    return wizard


def tick(qtbot, box: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Click a check box or radio button on its indicator (its row is wider than its label)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def enter_key(qtbot, wizard: SetupWizard, key: str) -> None:  # type: ignore[no-untyped-def]
    edit = child(wizard, QLineEdit, "keyEdit")
    edit.clear()
    edit.setFocus()
    qtbot.keyClicks(edit, key)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def keys(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MOD) -> None:  # type: ignore[no-untyped-def]
    """One key press, where the keyboard focus is (as a person at the keyboard would)."""
    target = focused()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def type_text(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    target = focused()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClicks(target, text)


def focus_is(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: focused() is widget, timeout=WAIT_MS)


def on_page(qtbot, wizard: SetupWizard, view: ViewName) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: on_view(wizard, view), timeout=WAIT_MS)


def answer_the_question(qtbot, button_name: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Click ``button_name`` in the message box that is about to open; returns its text."""
    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        button = box.findChild(QPushButton, button_name)
        assert button is not None
        button.click()

    QTimer.singleShot(0, click)
    return seen


def closed_port() -> socket.socket:
    """A bound socket that never listens: connections to it are refused at once."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextlib.contextmanager
def translated(language: str) -> Iterator[None]:
    """The app speaks ``language`` inside the block, as ``--lang`` does; its translators are
    removed afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = install_translation(app, choose_language(language))
    assert translator is not None
    try:
        yield
    finally:
        for installed in app.findChildren(type(translator)):
            app.removeTranslator(installed)
            installed.deleteLater()
