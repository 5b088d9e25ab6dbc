"""Small widgets the pages share: a status line (icon + one sentence), a copyable command, a
two-state button, labels that can be selected (the coloured diff view: app/ui/diff_view.py)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QCoreApplication, QSize, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.accessibility import announce as announce_text
from app.ui.accessibility import plain_text
from app.ui.resources import icon, svg_pixmap

if TYPE_CHECKING:
    # Imported where used: importing a Qt class builds its enums (QMessageBox's four, QLineEdit's
    # two), which the first page would otherwise pay before it paints (bench/startup.py).
    from PySide6.QtGui import QShortcut
    from PySide6.QtWidgets import QLineEdit, QMessageBox

Level = Literal["ok", "error", "warning", "info", "busy", "none"]
# Qt.TextSelectableByMouse | Qt.LinksAccessibleByMouse, as a number: the first use of PySide's Qt
# namespace costs ~25 ms, which the first page must not pay before it paints (bench/startup.py).
# Not LinksAccessibleByKeyboard: it makes every sentence a Tab stop (and the first one takes the
# focus from the controls); the labels hold no links.
SELECTABLE_TEXT = 0x1 | 0x4
ICON_SIZE = 18


def without_mnemonic(text: str) -> str:
    """A control's text for its accessible name: "&Paste" -> "Paste", "粘贴(&P)" -> "粘贴"."""
    text = re.sub(r"\s*\(&[^&]\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip("<> ")


def selectable_label(text: str = "", *, object_name: str = "", accessible: str = "") -> QLabel:
    """A wrapping label whose text can be selected and copied (paths, errors). ``accessible``
    says what it is (its accessible description); its words are its accessible name."""
    label = QLabel(text)
    label.setWordWrap(True)
    # Selectable by mouse (no text cursor blinking in a sentence); commands to copy are line edits.
    label.setProperty("textInteractionFlags", SELECTABLE_TEXT)
    label.setOpenExternalLinks(True)
    if object_name:
        label.setObjectName(object_name)
    if accessible:
        # What the label is ("Problems"); its name stays its text, which a screen reader reads.
        label.setAccessibleDescription(accessible)
    return label


class StatusLine(QWidget):
    """An icon and one sentence, e.g. ✓ "The key looks complete.". The text is selectable.

    A screen reader meets the sentence itself (the label exposes its text), the icon named by
    its meaning (OK, warning, error…), and the group named ``accessible_name`` ("Key check");
    each new sentence is announced (errors interrupt, the rest waits its turn)."""

    def __init__(
        self,
        object_name: str,
        accessible_name: str,
        parent: QWidget | None = None,
        *,
        hide_when_empty: bool = False,
        errors_interrupt: bool = True,
    ):
        super().__init__(parent)
        self._hide_when_empty = hide_when_empty  # no blank line where nothing is to be said
        # False where the person is typing: a check of what they type waits its turn.
        self._errors_interrupt = errors_interrupt
        self.setAccessibleName(accessible_name)
        self._icon = QLabel(self)
        self._icon.setFixedSize(QSize(ICON_SIZE, ICON_SIZE))
        self.text_label = selectable_label(object_name=object_name)
        self.text_label.setParent(self)
        icon_column = QVBoxLayout()  # keeps the icon at the top beside several lines of text
        icon_column.setContentsMargins(0, 0, 0, 0)
        icon_column.addWidget(self._icon)
        icon_column.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(icon_column)
        layout.addWidget(self.text_label, 1)
        self.level: Level = "none"
        self._announced = ""

    def set_status(self, level: Level, text: str, *, announce: bool = True) -> None:
        """Show ``level`` and ``text``; a screen reader is told unless ``announce`` is False
        (e.g. a sentence that only counts keystrokes) or it already heard these words."""
        self.level = level
        if level == "none":
            self._icon.clear()
        else:
            self._icon.setPixmap(svg_pixmap(level, ICON_SIZE, self.devicePixelRatioF()))
        self._icon.setAccessibleName(level_name(level))
        self.text_label.setText(text)
        if self._hide_when_empty:
            self.setVisible(level != "none" or bool(text))
        words = plain_text(text)
        if not self._on_shown_page():
            # A page being set up (QWizard fills it in before showing it): the person reads
            # what it says; only what changes while they look at it is announced.
            self._announced = words
        elif announce and words and words != self._announced and level != "none":
            # Once the page has shown or hidden this line (callers often show it just after).
            assertive = level == "error" and self._errors_interrupt
            QTimer.singleShot(0, lambda: self._announce(words, assertive=assertive))
        elif not words:
            self._announced = ""

    def _on_shown_page(self) -> bool:
        from PySide6.QtWidgets import QWizardPage

        widget: QWidget | None = self
        while widget is not None and not isinstance(widget, QWizardPage):
            widget = widget.parentWidget()
        return widget is None or widget.isVisible()

    def _announce(self, words: str, *, assertive: bool) -> None:
        # Only what a person can see: a line on a page not shown, or hidden, stays quiet; and
        # only the latest words (several changes in a row are said once).
        if words != plain_text(self.text()) or words == self._announced:
            return
        if self.isVisibleTo(self.window()) and self.window().isVisible():
            self._announced = words
            announce_text(self.text_label, words, assertive=assertive)

    def text(self) -> str:
        return self.text_label.text()

    def set_english_detail(self, detail: str) -> None:
        """The core's own English words, on hover; a screen reader (which reads a tooltip as
        the description) is told they are English when the app speaks another language."""
        self.setToolTip(detail)
        source = "In English: {details}"
        wrapper = QCoreApplication.translate("StatusLine", source)
        self.setAccessibleDescription(
            wrapper.format(details=detail) if detail and wrapper != source else detail
        )


def level_name(level: Level) -> str:
    """The status icon's accessible name: what it means, not which field it belongs to."""
    names = {
        "ok": QCoreApplication.translate("StatusLine", "OK"),
        "error": QCoreApplication.translate("StatusLine", "Error"),
        "warning": QCoreApplication.translate("StatusLine", "Warning"),
        "info": QCoreApplication.translate("StatusLine", "Information"),
        "busy": QCoreApplication.translate("StatusLine", "Working"),
    }
    return names.get(level, "")


class TwoStateButton(QPushButton):
    """A button that switches something on and off ("Show" / "Hide"): a plain push button whose
    words and accessible name say what pressing it does. (A checkable QPushButton is announced
    as a check box.) ``switched`` carries the new state.

    Both words' Alt shortcuts stay taken in both states: after Alt+S ("&Show") the button says
    "&Hide", and Alt+S pressed again must do nothing (it is already shown), not fall through to
    the focused field as a typed "s"."""

    switched = Signal(bool)

    def __init__(self, off_text: str, on_text: str, off_name: str = "", on_name: str = ""):
        super().__init__(off_text)
        self._texts = (off_text, on_text)
        self._names = (off_name or without_mnemonic(off_text), on_name or without_mnemonic(on_text))
        self._on = False
        self.setAccessibleName(self._names[0])
        self.clicked.connect(lambda: self.setChecked(not self._on))
        self._spent_keys = self._keys_of_the_other_words()

    def _keys_of_the_other_words(self) -> tuple[QShortcut | None, QShortcut | None]:
        """For each state, a shortcut holding the other state's Alt key (doing nothing), or None
        when both words share one key or the words have none."""
        from PySide6.QtGui import QKeySequence, QShortcut

        off_key, on_key = (QKeySequence.mnemonic(text) for text in self._texts)
        if off_key.isEmpty() or on_key.isEmpty() or off_key == on_key:
            return (None, None)
        # While off the button says the off words (their key presses it); the on words' key is
        # held by a shortcut that does nothing, and the other way round.
        holds_on_key, holds_off_key = QShortcut(on_key, self), QShortcut(off_key, self)
        holds_off_key.setEnabled(False)
        return (holds_on_key, holds_off_key)

    def isChecked(self) -> bool:
        return self._on

    def setChecked(self, on: bool) -> None:
        if on == self._on:
            return
        self._on = on
        self.setText(self._texts[on])
        self.setAccessibleName(self._names[on])
        for state, shortcut in enumerate(self._spent_keys):
            if shortcut is not None:
                shortcut.setEnabled(state == on)
        self.switched.emit(on)


class DetailsToggle(TwoStateButton):
    """A "Show the exact changes" button that shows and hides ``details`` (hidden at first)."""

    def __init__(self, show_text: str, hide_text: str, details: QWidget, object_name: str):
        super().__init__(show_text, hide_text)
        self.details = details
        self.setObjectName(object_name)
        # Enter on the page still presses the wizard's default button (write / repair).
        self.setAutoDefault(False)
        details.setVisible(False)
        self.switched.connect(details.setVisible)


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label for ``buddy`` with a keyboard shortcut ("&Model:"); its accessible name leaves the
    shortcut out (Qt drops only the "&", so Chinese names kept "(M)": "模型(M)：")."""
    label = QLabel(text)
    label.setBuddy(buddy)
    label.setAccessibleName(without_mnemonic(text))
    return label


def name_message_box_icon(box: QMessageBox) -> None:
    """A message box's icon (a picture only) is named by what it means, as status icons are."""
    from PySide6.QtWidgets import QMessageBox

    kinds = {
        QMessageBox.Icon.Question: QCoreApplication.translate("StatusLine", "Question"),
        QMessageBox.Icon.Warning: level_name("warning"),
        QMessageBox.Icon.Critical: level_name("error"),
        QMessageBox.Icon.Information: level_name("info"),
    }
    name = kinds.get(box.icon(), "")
    for label in box.findChildren(QLabel, "qt_msgboxex_icon_label"):
        label.setAccessibleName(name)


def name_clear_button(edit: QLineEdit, name: str) -> None:
    """Name a line edit's clear button (Qt leaves the little ✕ unnamed for screen readers)."""
    from PySide6.QtWidgets import QToolButton

    for button in edit.findChildren(QToolButton):
        button.setAccessibleName(name)


class CommandBox(QWidget):
    """A command to copy: read-only, selectable, with a Copy button."""

    def __init__(self, copy_text: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtWidgets import QLineEdit  # see QMessageBox above

        self.edit = QLineEdit(self)
        self.edit.setReadOnly(True)
        self.edit.setObjectName("installCommand")
        self.edit.setAccessibleName(accessible_name)
        font = self.edit.font()
        font.setFamilies(["Menlo", "Consolas", "DejaVu Sans Mono", "monospace"])
        self.edit.setFont(font)
        self.copy_button = QPushButton(icon("copy"), copy_text, self)
        self.copy_button.setObjectName("copyCommandButton")
        self.copy_button.setAccessibleName(without_mnemonic(copy_text))
        self.copy_button.clicked.connect(self._copy)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.copy_button)

    def set_command(self, command: str) -> None:
        self.edit.setText(command)
        self.edit.setCursorPosition(0)

    def _copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.edit.text())
