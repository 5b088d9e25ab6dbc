"""The API key: a masked paste field with show/hide and a Paste button, the console link, and
live feedback (icon + one sentence) on every keystroke. The online check follows with the probe."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton

from app.core.wizard import flow
from app.core.wizard.flow import ViewName, WizardState
from app.ui.pages.base import SPACING, FlowPage
from app.ui.resources import icon
from app.ui.secret_field import SecretLineEdit
from app.ui.widgets import StatusLine, TwoStateButton, name_clear_button, without_mnemonic

if TYPE_CHECKING:
    from app.ui.wizard import SetupWizard

CONSOLE_URL = "https://tokenpool.dev/console/api-keys"


class KeyPage(FlowPage):
    view = ViewName.KEY

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Your TokenPool API key"))
        self.setSubTitle(self.tr("Copy the key in the TokenPool console and paste it here."))

        intro = QLabel(
            self.tr(
                "The key is a long code that usually starts with sk-. Pasting a whole auth.json or "
                "a line like export OPENAI_API_KEY=… works too. The key stays on this computer."
            )
        )
        intro.setWordWrap(True)

        # Never on the accessibility bus: its accessible object reports no text (the key).
        self.key_edit = SecretLineEdit()
        self.key_edit.setObjectName("keyEdit")
        self.key_edit.setAccessibleName(self.tr("API key"))
        self.key_edit.setPlaceholderText(self.tr("Paste your API key (sk-…)"))
        self.key_edit.setClearButtonEnabled(True)
        name_clear_button(self.key_edit, self.tr("Clear the key"))
        self.key_edit.setMinimumHeight(32)
        self.key_edit.textChanged.connect(self._text_changed)

        self.show_button = TwoStateButton(
            self.tr("&Show"), self.tr("&Hide"), self.tr("Show the key"), self.tr("Hide the key")
        )
        self.show_button.setIcon(icon("eye"))
        self.show_button.setObjectName("showKeyButton")
        self.show_button.switched.connect(self._toggle_visible)
        self.paste_button = QPushButton(icon("paste"), self.tr("&Paste"))
        self.paste_button.setObjectName("pasteButton")
        self.paste_button.setAccessibleName(self.tr("Paste the key from the clipboard"))
        self.paste_button.clicked.connect(self._paste)

        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.key_edit, 1)
        row.addWidget(self.paste_button)
        row.addWidget(self.show_button)

        self.key_status = StatusLine("keyStatus", self.tr("Key check"), errors_interrupt=False)
        self._last_verdict: tuple[str, str] | None = None

        self.console_button = QPushButton(icon("external"), self.tr("Open the TokenPool &console"))
        self.console_button.setObjectName("consoleButton")
        self.console_button.setAccessibleName(without_mnemonic(self.console_button.text()))
        self.console_button.setToolTip(CONSOLE_URL)
        self.console_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl(CONSOLE_URL)))
        console_row = QHBoxLayout()
        console_hint = QLabel(self.tr("No key yet, or lost it?"))
        console_row.addWidget(console_hint)
        console_row.addWidget(self.console_button)
        console_row.addStretch(1)

        layout = self.body_layout()
        layout.setSpacing(SPACING)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.key_status)
        layout.addStretch(1)
        layout.addLayout(console_row)
        self.setFocusProxy(self.key_edit)

    def initializePage(self) -> None:
        if not self.key_edit.text() and self.state.key:
            self.key_edit.setText(self.state.key)
        self.show_state(self.state)
        self.key_edit.setFocus()

    def show_refused_key(self) -> None:
        """Back from a 401: say so, and select the key so that a paste replaces it."""
        self.show_state(self.state)
        self.key_edit.setFocus()
        self.key_edit.selectAll()

    def _text_changed(self, text: str) -> None:
        self.change_state(partial(flow.accept_key_text, text=text))
        self.show_state(self.state)

    def _paste(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            self.key_edit.setText(clipboard.text())
            self.key_edit.setFocus()

    def _toggle_visible(self, shown: bool) -> None:
        self.key_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self.show_button.setIcon(icon("eye-off" if shown else "eye"))

    def show_state(self, state: WizardState) -> None:
        feedback = flow.key_feedback(state)
        if feedback.level == "empty":
            self._last_verdict = None
            self.key_status.set_status("none", self.tr("Waiting for your key."))
            return
        sentence = self.problem_sentence(feedback)
        # Said aloud when the verdict changes, not at every keystroke that changes the count.
        verdict = (feedback.level, feedback.code)
        news = verdict != self._last_verdict
        self._last_verdict = verdict
        if feedback.level == "ok":
            self.key_status.set_status(
                "ok",
                self.tr("The key looks complete. It is tested online on the next page."),
                announce=news,
            )
        else:
            self.key_status.set_status(feedback.level, sentence, announce=news)

    def problem_sentence(self, feedback: flow.KeyFeedback) -> str:
        """The core's check, in the user's language (the core words it in English)."""
        length = feedback.length
        sentences = {
            "refused": self.tr(
                "TokenPool refused this key. Paste the full key again (the copy button in the "
                "console copies all of it), or create a new key there."
            ),
            "masked": self.tr(
                "This is the masked key shown in the console (it contains … or ***). Copy the "
                "full key with the copy button next to it."
            ),
            "typed_twice": self.tr(
                "The key seems to be pasted twice in a row. Clear the box and paste it once."
            ),
            "looks_like_url": self.tr(
                "This is a web address, not an API key. The key is a long code that usually "
                "starts with sk-."
            ),
            "whitespace_inside": self.tr(
                "The key has a space or line break inside it. Copy it again in one piece."
            ),
            "bad_characters": self.tr(
                "The key contains characters a key never has. Copy it again with the console's "
                "copy button."
            ),
            "too_short": self.tr(
                "The key is only {length} characters long, so it is probably cut off. Copy the "
                "whole key again."
            ).format(length=length),
            "too_long": self.tr(
                "The key is {length} characters long, much longer than any key. Copy only the key."
            ).format(length=length),
            "unknown_length": self.tr(
                "The key is {length} characters long, which is unusual. It may still be fine; "
                "the test on the next page will tell."
            ).format(length=length),
            "no_sk_prefix": self.tr(
                "TokenPool keys usually start with sk-. If your console shows it like this, it "
                "is fine."
            ),
        }
        return sentences.get(feedback.code, feedback.message)
