"""Colours and focus that everyone can see (WCAG AA: 4.5:1 for text, 3:1 for the outlines of
controls), on top of whatever style and palette the system gives the app.

* :func:`readable_palette`: placeholder text at least 4.5:1 against its field (Qt's default is the
  text colour at half opacity, about 4:1 on white).
* :class:`AccessibleStyle`: with Qt's Fusion style (Linux without a desktop theme), check-box and
  radio-button outlines at 3:1 against the window (Fusion's dark outline almost vanishes in dark
  mode, 1.75:1), and a focus ring on buttons that differs from the default button's frame (both
  were the same blue line, so focus on Cancel looked like focus on Next).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRectF
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

TEXT_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0
_STYLE_PROPERTY = "tokenpoolAccessibleStyle"


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of an opaque colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio (1 to 21) of two opaque colours."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def blend(over: QColor, under: QColor) -> QColor:
    """``over`` (maybe half transparent) painted on ``under``: the colour a person sees."""
    alpha = over.alphaF()
    return QColor.fromRgbF(
        over.redF() * alpha + under.redF() * (1 - alpha),
        over.greenF() * alpha + under.greenF() * (1 - alpha),
        over.blueF() * alpha + under.blueF() * (1 - alpha),
    )


def readable(colour: QColor, background: QColor, towards: QColor, ratio: float) -> QColor:
    """``colour`` (as seen on ``background``), moved towards ``towards`` only as far as needed to
    reach ``ratio`` against ``background``."""
    seen = blend(colour, background)
    if contrast(seen, background) >= ratio:
        return seen
    for step in range(1, 21):
        mixed = QColor.fromRgbF(
            *(
                a + (b - a) * step / 20
                for a, b in (
                    (seen.redF(), towards.redF()),
                    (seen.greenF(), towards.greenF()),
                    (seen.blueF(), towards.blueF()),
                )
            )
        )
        if contrast(mixed, background) >= ratio:
            return mixed
    return QColor(towards)


def readable_palette(palette: QPalette) -> QPalette:
    """``palette`` with placeholder text readable (4.5:1) on a field and on the window (the
    tray's chart and muted lines use it on the window's colour)."""
    fixed = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        colour = muted_text(palette, group)
        if colour != palette.color(group, QPalette.ColorRole.PlaceholderText):
            fixed.setColor(group, QPalette.ColorRole.PlaceholderText, colour)
    return fixed


def muted_text(
    palette: QPalette, group: QPalette.ColorGroup = QPalette.ColorGroup.Active
) -> QColor:
    """The palette's placeholder colour, made readable (4.5:1) on both the field (Base) and the
    window: for secondary words, such as the English detail under a translated sentence."""
    base = palette.color(group, QPalette.ColorRole.Base)
    window = palette.color(group, QPalette.ColorRole.Window)
    text = palette.color(group, QPalette.ColorRole.Text)
    placeholder = palette.color(group, QPalette.ColorRole.PlaceholderText)
    if (
        placeholder.alpha() == 255
        and min(contrast(placeholder, base), contrast(placeholder, window)) >= TEXT_CONTRAST
    ):
        return placeholder  # already readable: left exactly as the system gave it
    colour = readable(placeholder, base, text, TEXT_CONTRAST)
    if contrast(colour, window) < TEXT_CONTRAST:
        colour = readable(colour, window, text, TEXT_CONTRAST)
    return colour


def outline_colour(palette: QPalette) -> QColor:
    """A control's outline at 3:1 against the window."""
    window = palette.color(QPalette.ColorRole.Window)
    return readable(
        palette.color(QPalette.ColorRole.Mid),
        window,
        palette.color(QPalette.ColorRole.WindowText),
        GRAPHIC_CONTRAST + 0.3,
    )


def focus_colour(palette: QPalette) -> QColor:
    """The focus ring: the highlight colour, at 3:1 against the window."""
    window = palette.color(QPalette.ColorRole.Window)
    return readable(
        palette.color(QPalette.ColorRole.Highlight),
        window,
        palette.color(QPalette.ColorRole.WindowText),
        GRAPHIC_CONTRAST + 0.3,
    )


class AccessibleStyle(QProxyStyle):
    """Fusion with outlines that can be seen and a focus ring of its own (see the module)."""

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in (
            QStyle.PrimitiveElement.PE_IndicatorCheckBox,
            QStyle.PrimitiveElement.PE_IndicatorRadioButton,
        ):
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(QColor(0, 0, 0, 0))
            painter.setPen(QPen(outline_colour(option.palette), 1))
            box = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
            if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
                painter.drawEllipse(box)
            else:
                painter.drawRoundedRect(box, 2, 2)
            painter.restore()

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        state = option.state
        if (
            element == QStyle.ControlElement.CE_PushButton
            and state & QStyle.StateFlag.State_HasFocus
            and state & QStyle.StateFlag.State_KeyboardFocusChange
        ):
            # Two pixels wide, inside the button's edge: thicker than the default button's
            # one-pixel frame, so where the focus is can be told from which button is default.
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setBrush(QColor(0, 0, 0, 0))
            painter.setPen(QPen(focus_colour(option.palette), 2))
            painter.drawRoundedRect(QRectF(option.rect).adjusted(2, 2, -2, -2), 3, 3)
            painter.restore()


def _fix_palette(app: QObject | None) -> None:
    if not isinstance(app, QApplication):
        return
    palette = app.palette()
    fixed = readable_palette(palette)
    if fixed != palette:  # setting it sends another change, which then finds it fixed
        app.setPalette(fixed)


def use_accessible_style(app: QObject | None = None) -> None:
    """Once per application: the readable palette, and with Fusion the accessible style (the
    native styles of Windows and macOS draw their own focus and outlines)."""
    app = app or QApplication.instance()
    if not isinstance(app, QApplication) or app.property(_STYLE_PROPERTY):
        return
    app.setProperty(_STYLE_PROPERTY, True)
    style = app.style()
    if style is not None and style.name().lower() == "fusion":
        app.setStyle(AccessibleStyle("Fusion"))
    _fix_palette(app)
    # Keeps the placeholder readable when the palette changes (dark mode switched on). The
    # signal, which Qt 6 still emits with the ApplicationPaletteChange event (it calls it
    # deprecated; tests/tray/test_tray_memory.py fails if it stops), rather than an event filter on
    # the application: that one is called in Python for every event of every object, and handing
    # it each object made PySide build its wrapper for every Qt class (1.7 MB in the resident
    # tray, bench/tray_idle.py).
    app.paletteChanged.connect(lambda _palette: _fix_palette(QApplication.instance()))
