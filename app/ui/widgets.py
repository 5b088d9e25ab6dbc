"""Small widgets the pages share: a status line (icon + one sentence), a copyable command, the
coloured diff view."""

from __future__ import annotations

import re
from typing import Literal

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.ui.resources import icon

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
    """A wrapping label whose text can be selected and copied (paths, errors)."""
    label = QLabel(text)
    label.setWordWrap(True)
    # Selectable by mouse (no text cursor blinking in a sentence); commands to copy are line edits.
    label.setProperty("textInteractionFlags", SELECTABLE_TEXT)
    label.setOpenExternalLinks(True)
    if object_name:
        label.setObjectName(object_name)
    if accessible:
        label.setAccessibleName(accessible)
    return label


def _words_of(markup: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", " ", markup)).replace("\u2060", "").strip()


class StatusLine(QWidget):
    """An icon and one sentence, e.g. ✓ "The key looks complete.". The text is selectable."""

    def __init__(
        self,
        object_name: str,
        accessible_name: str,
        parent: QWidget | None = None,
        *,
        hide_when_empty: bool = False,
    ):
        super().__init__(parent)
        self._hide_when_empty = hide_when_empty  # no blank line where nothing is to be said
        self._icon = QLabel(self)
        self._icon.setFixedSize(QSize(ICON_SIZE, ICON_SIZE))
        self._icon.setAccessibleName(accessible_name)
        self.text_label = selectable_label(object_name=object_name, accessible=accessible_name)
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

    def set_status(self, level: Level, text: str) -> None:
        self.level = level
        if level == "none":
            self._icon.clear()
        else:
            ratio = self.devicePixelRatioF()
            self._icon.setPixmap(icon(level).pixmap(QSize(ICON_SIZE, ICON_SIZE), ratio))
        self.text_label.setText(text)
        # A translated problem carries a details link (HTML): a screen reader gets the words only.
        self.text_label.setAccessibleDescription(_words_of(text) if "<" in text else text)
        if self._hide_when_empty:
            self.setVisible(level != "none" or bool(text))

    def text(self) -> str:
        return self.text_label.text()


class DetailsToggle(QPushButton):
    """A "Show the exact changes" button that shows and hides ``details`` (hidden at first)."""

    def __init__(self, show_text: str, hide_text: str, details: QWidget, object_name: str):
        super().__init__(show_text)
        self._texts = (show_text, hide_text)
        self.details = details
        self.setObjectName(object_name)
        self.setCheckable(True)
        # Enter on the page still presses the wizard's default button (write / repair).
        self.setAutoDefault(False)
        self.setAccessibleName(without_mnemonic(show_text))
        details.setVisible(False)
        self.toggled.connect(self._toggled)

    def _toggled(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.setText(self._texts[1] if shown else self._texts[0])
        self.setAccessibleName(without_mnemonic(self.text()))


class CommandBox(QWidget):
    """A command to copy: read-only, selectable, with a Copy button."""

    def __init__(self, copy_text: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
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


class DiffView(QTextBrowser):
    """Unified diffs, coloured (added green, removed red), readable in light and dark mode."""

    def __init__(self, object_name: str, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(accessible_name)
        self.setOpenLinks(False)
        self.setLineWrapMode(QTextBrowser.LineWrapMode.NoWrap)

    def show_files(self, sections: list[tuple[str, str, str]]) -> None:
        """``sections``: (heading, path, diff text or a plain note when empty)."""
        import html  # only the preview needs it; not imported before the first page paints

        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        added = "#1f4d2c" if dark else "#e6ffec"
        removed = "#5c2426" if dark else "#ffebe9"
        muted = "#9aa4b2" if dark else "#57606a"
        parts = [
            "<html><body style='margin:0'>",
        ]
        for heading, path, diff in sections:
            parts.append(
                f"<p style='margin:10px 0 4px 0'><b>{html.escape(heading)}</b> "
                f"<span style='color:{muted}'>{html.escape(path)}</span></p>"
            )
            if not diff.strip() or not diff.startswith(("---", "+++", "@@")):
                parts.append(f"<p style='color:{muted}'>{html.escape(diff)}</p>")
                continue
            parts.append("<pre style='margin:0; font-family: Menlo, Consolas, monospace'>")
            for line in diff.splitlines():  # the core's diff: secrets already masked
                if line.startswith(("---", "+++")):
                    continue
                text = html.escape(line) or "&nbsp;"
                if line.startswith("@@"):
                    parts.append(f"<span style='color:{muted}'>{text}</span>\n")
                elif line.startswith("+"):
                    parts.append(f"<span style='background-color:{added}'>{text}</span>\n")
                elif line.startswith("-"):
                    parts.append(f"<span style='background-color:{removed}'>{text}</span>\n")
                else:
                    parts.append(f"{text}\n")
            parts.append("</pre>")
        parts.append("</body></html>")
        self.setHtml("".join(parts))
