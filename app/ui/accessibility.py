"""What the app tells screen readers, beyond what Qt's widgets say by themselves.

* :class:`SecretLineEdit`: the key field. Qt sends every character typed or pasted into a password
  field to the accessibility bus in its text-changed events (on Linux, AT-SPI's
  ``object:text-changed`` carries the inserted text, so any program on the bus reads the key).
  Its accessible object has no text interface, which makes Qt drop those events; a screen reader
  still meets a named password field and hears how many characters it holds.
* Page titles are headings; the tray's panel is a window (not a "filler").
* :func:`announce`: a status change read out without moving the keyboard focus (Qt's
  accessibility announcement: AT-SPI ``object:announcement``, UIA notification, NSAccessibility
  announcement).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QAccessibleWidget, QLabel, QLineEdit, QWidget

# The property that says the factory is installed in this application (no module-level state).
_FACTORY_PROPERTY = "tokenpoolAccessibleFactory"
# WORKAROUND: without a text interface Qt's AT-SPI bridge logs a warning for every caret move in
# the key field ("Sending TextCaretMoved from object that does not implement text interface",
# https://github.com/qt/qtbase/blob/dev/src/gui/accessible/linux/atspiadaptor.cpp); the event
# is dropped, which is the point.
_QUIET_ATSPI = "qt.accessibility.atspi.warning=false"
MASK = "●"


class SecretLineEdit(QLineEdit):
    """A password field whose text never reaches the accessibility bus (see the module)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        install_accessible_factory()
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.textChanged.connect(self._count_changed)

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


class _HeadingAccessible(QAccessibleWidget):
    """The wizard page's title: a heading (screen readers jump between headings)."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label, QAccessible.Role.Heading)
        self._label = label

    def text(self, which: QAccessible.Text) -> str:
        if which == QAccessible.Text.Name:
            return self._label.accessibleName() or plain_text(self._label.text())
        return str(super().text(which))


def is_wizard_title(label: QLabel) -> bool:
    """``label`` is the page title in QWizard's header: QWizard's private header (made when the
    wizard first lays out, outside every page) holds its title label first, then the subtitle
    and the logo (qtbase src/widgets/dialogs/qwizard.cpp, QWizardHeader)."""
    from PySide6.QtWidgets import QWizard, QWizardPage

    parent = label.parent()
    if parent is None or not isinstance(label.window(), QWizard):
        return False
    siblings = [c for c in parent.children() if isinstance(c, QLabel)]
    if len(siblings) < 2 or siblings[0] is not label:
        return False
    ancestor: QObject | None = parent
    while ancestor is not None:
        if isinstance(ancestor, QWizardPage):
            return False
        ancestor = ancestor.parent()
    return True


class _WindowAccessible(QAccessibleWidget):
    """A top-level window made of a plain QWidget (the tray's panel): a window ("frame" on
    AT-SPI), not the "filler" Qt reports for a QWidget."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window, QAccessible.Role.Window)


# Plain-QWidget windows, by class name, that are windows to a screen reader.
WINDOW_CLASSES = frozenset({"TrayPanel"})


def _factory(class_name: str, candidate: QObject) -> QAccessibleWidget | None:
    if class_name == "SecretLineEdit" and isinstance(candidate, SecretLineEdit):
        return _SecretFieldAccessible(candidate)
    if class_name in WINDOW_CLASSES and isinstance(candidate, QWidget) and candidate.isWindow():
        return _WindowAccessible(candidate)
    if class_name == "QLabel" and isinstance(candidate, QLabel) and is_wizard_title(candidate):
        return _HeadingAccessible(candidate)
    return None


def install_accessible_factory() -> None:
    """Once per application: the key field's accessible object comes from :func:`_factory`."""
    app = QCoreApplication.instance()
    if app is None or app.property(_FACTORY_PROPERTY):
        return
    app.setProperty(_FACTORY_PROPERTY, True)
    QAccessible.installFactory(_factory)
    from PySide6.QtCore import QLoggingCategory

    QLoggingCategory.setFilterRules(_QUIET_ATSPI)


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> None:
    """Have screen readers say ``text`` (plain words) about ``widget`` without moving the focus.
    Polite by default: said after what is being read; ``assertive`` interrupts (errors a person
    must act on). Nothing is sent while no assistive technology listens."""
    if not text or not QAccessible.isActive():
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)


def plain_text(text: str) -> str:
    """Rich text (a label's HTML) as the words a screen reader should say."""
    if "<" not in text:
        return text
    from PySide6.QtGui import QTextDocumentFragment

    return QTextDocumentFragment.fromHtml(text).toPlainText().strip()
