"""The key field: a password field whose text never reaches the accessibility bus.

Qt sends every character typed or pasted into a password field to the accessibility bus in its
text-changed events (on Linux, AT-SPI's ``object:text-changed`` carries the inserted text, so any
program on the bus reads the key). Its accessible object here has no text interface, which makes
Qt drop those events; a screen reader still meets a named password field and hears how many
characters it holds. The object comes from :meth:`SecretLineEdit.make_accessible`, through the
app's accessibility factory (app/ui/accessibility.py). Its own module: only the key page needs
it, and importing QLineEdit builds its enums, which the first page must not wait for.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAccessible, QAccessibleEvent, QKeyEvent
from PySide6.QtWidgets import QAccessibleWidget, QLineEdit, QWidget

from app.ui.accessibility import install_accessible_factory

MASK = "●"


class SecretLineEdit(QLineEdit):
    """A password field whose text never reaches the accessibility bus (see the module)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        install_accessible_factory()
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.textChanged.connect(self._count_changed)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # An Alt (Option) chord that no shortcut takes reaches the focused line edit, which
        # inserts its letter on Linux and Windows: Alt+S pressed once more after "&Show" had
        # become "&Hide" put an "s" into the key, and the gateway then refused it. A key is
        # ASCII letters, digits, "-" and "_": nothing in it is typed with Alt or Meta held.
        from PySide6.QtCore import Qt

        chord = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
        if event.modifiers() & chord and event.text() and event.text().isprintable():
            event.ignore()
            return
        super().keyPressEvent(event)

    def make_accessible(self) -> QAccessibleWidget:
        """Its accessible object, asked for by the app's accessibility factory."""
        return _SecretFieldAccessible(self)

    def _count_changed(self) -> None:
        if QAccessible.isActive():
            QAccessible.updateAccessibility(
                QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
            )

    def count_text(self) -> str:
        """What a screen reader hears of the field's contents: how many characters, or what to
        put there (the placeholder) while empty."""
        count = len(self.text())
        if not count:
            return self.placeholderText()
        return QCoreApplication.translate("SecretLineEdit", "{count} characters entered").format(
            count=count
        )


class _SecretFieldAccessible(QAccessibleWidget):
    """An editable password field without a text interface: name, role, states and the number
    of characters, never the characters."""

    def __init__(self, field: SecretLineEdit) -> None:
        super().__init__(field, QAccessible.Role.EditableText)
        self._field = field

    def text(self, which: QAccessible.Text) -> str:
        if which == QAccessible.Text.Value:
            return MASK * len(self._field.text())
        if which == QAccessible.Text.Description:
            return self._field.count_text()
        return str(super().text(which))

    def state(self) -> QAccessible.State:
        state = super().state()
        state.editable = True
        state.passwordEdit = True
        state.readOnly = self._field.isReadOnly()
        return state
