"""What the app tells screen readers, beyond what Qt's widgets say by themselves.

* The key field (:class:`app.ui.secret_field.SecretLineEdit`): its text never reaches the
  accessibility bus; it makes its own accessible object (:func:`_factory` asks any widget that
  has ``make_accessible``).
* Page titles are headings; the tray's panel is a window (not a "filler").
* :func:`announce`: a status change read out without moving the keyboard focus (Qt's
  accessibility announcement: AT-SPI ``object:announcement``, UIA notification, NSAccessibility
  announcement).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QAccessibleWidget, QLabel, QWidget

# The property that says the factory is installed in this application (no module-level state).
_FACTORY_PROPERTY = "tokenpoolAccessibleFactory"
# WORKAROUND: without a text interface Qt's AT-SPI bridge logs a warning for every caret move in
# the key field ("Sending TextCaretMoved from object that does not implement text interface",
# https://github.com/qt/qtbase/blob/dev/src/gui/accessible/linux/atspiadaptor.cpp); the event
# is dropped, which is the point.
_QUIET_ATSPI = "qt.accessibility.atspi.warning=false"


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
    # A widget that makes its own accessible object (the key field: app/ui/secret_field.py).
    make_accessible = getattr(candidate, "make_accessible", None)
    if callable(make_accessible):
        result = make_accessible()
        return result if isinstance(result, QAccessibleWidget) else None
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
