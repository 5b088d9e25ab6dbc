"""Alt chords on the Key page never type into the key (found by a new-user run: Alt+S showed the
key, the button then said "&Hide", and Alt+S pressed again put an "s" into the key, which the
gateway refused). Real widgets, real key events (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QLineEdit, QPushButton

from app.core.wizard.flow import ViewName
from app.ui.secret_field import SecretLineEdit
from app.ui.wizard import SetupWizard
from tests.gateway import GOOD_KEY, GatewayImitation
from tests.gui.wizard_steps import (
    ALT,
    CTRL,
    Key,
    child,
    enter_key,
    focus_is,
    keys,
    on_page,
    through_welcome,
)

pytestmark = pytest.mark.gui


def test_alt_s_twice_shows_the_key_and_types_nothing(
    qtbot,  # type: ignore[no-untyped-def]
    make_wizard: Callable[..., SetupWizard],
    gateway: GatewayImitation,
    no_codex_env: dict[str, str],
) -> None:
    wizard = make_wizard([gateway.url], no_codex_env)
    through_welcome(qtbot, wizard, without_codex=True)
    on_page(qtbot, wizard, ViewName.KEY)
    edit = child(wizard, QLineEdit, "keyEdit")
    show = child(wizard, QPushButton, "showKeyButton")
    enter_key(qtbot, wizard, GOOD_KEY)
    focus_is(qtbot, edit)

    def echo_is(mode: QLineEdit.EchoMode) -> None:
        # A button's Alt key presses it through a short animated click (Qt): wait for it.
        qtbot.waitUntil(lambda: edit.echoMode() == mode, timeout=5_000)

    keys(qtbot, Key.Key_S, ALT)  # "&Show"
    echo_is(QLineEdit.EchoMode.Normal)
    assert show.text() == "&Hide"
    keys(qtbot, Key.Key_S, ALT)  # again: already shown, and nothing typed
    qtbot.wait(300)  # longer than an animated click
    assert edit.text() == GOOD_KEY
    assert edit.echoMode() == QLineEdit.EchoMode.Normal
    keys(qtbot, Key.Key_H, ALT)  # "&Hide"
    echo_is(QLineEdit.EchoMode.Password)
    keys(qtbot, Key.Key_H, ALT)  # again: already hidden, and nothing typed
    qtbot.wait(300)
    assert edit.text() == GOOD_KEY
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    assert show.text() == "&Show"


def test_the_key_field_takes_no_letter_typed_with_alt(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = SecretLineEdit()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    qtbot.keyClicks(field, "sk-ab_9")
    for letter in (Key.Key_X, Key.Key_S, Key.Key_Q):
        qtbot.keyClick(field, letter, ALT)
    assert field.text() == "sk-ab_9"
    qtbot.keyClick(field, Key.Key_A, CTRL)  # the usual keys still work: select all, delete
    qtbot.keyClick(field, Key.Key_Backspace)
    assert field.text() == ""
