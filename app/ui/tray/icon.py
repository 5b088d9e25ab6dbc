"""The tray icon, drawn at run time: a ring filling with the remaining share.

Crisp at every tray size (16/22/32/44/64 px) and device pixel ratio (1 and 2): each size is painted
on its own pixel grid, the stroke width scaled to it, so nothing is blurred by resampling.
Colours: blue normal, amber low, red empty or refused, grey (dimmed) unknown/offline/stale. On
macOS a monochrome template (``setIsMask(True)``): the menu bar recolours it, so the states are
told apart by shape (full ring, partial arc, a cross for refused, a dotted ring for unknown).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from app.core.tray.state import IconState

SIZES = (16, 22, 32, 44, 64)
RATIOS = (1.0, 2.0)

COLOURS = {
    "normal": QColor("#2f81f7"),
    "low": QColor("#d29922"),
    "empty": QColor("#da3633"),
    "refused": QColor("#da3633"),
    "unknown": QColor("#8b949e"),
}
TRACK = QColor(139, 148, 158, 110)


def paint_icon(
    state: IconState, size: int, ratio: float = 1.0, *, template: bool = False
) -> QPixmap:
    """One pixmap of ``size`` logical pixels at device pixel ratio ``ratio``."""
    pixels = max(1, round(size * ratio))
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    stroke = max(2.0, pixels * 0.16)
    inset = stroke / 2 + max(0.5, pixels * 0.04)
    rect = QRectF(inset, inset, pixels - 2 * inset, pixels - 2 * inset)
    colour = QColor("#000000") if template else QColor(COLOURS[state.level])
    track = QColor(0, 0, 0, 90) if template else QColor(TRACK)
    if state.dimmed and not template:
        colour = QColor(COLOURS["unknown"])
    if state.dimmed:
        colour.setAlphaF(colour.alphaF() * 0.75)

    pen = QPen(track, stroke)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    if state.level == "unknown":
        pen.setColor(colour)  # a plain grey ring with a dot: "not known right now"
    painter.setPen(pen)
    painter.drawEllipse(rect)
    if state.level == "unknown":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        radius = max(1.0, pixels * 0.09)
        painter.drawEllipse(rect.center(), radius, radius)

    fraction = state.fraction
    if state.level not in ("unknown", "refused") and fraction is None:
        fraction = 1.0  # an amount without a total (wallet): a full ring in the state's colour
    if fraction and state.level != "unknown":
        arc = QPen(colour, stroke)
        arc.setCapStyle(Qt.PenCapStyle.FlatCap if fraction >= 0.999 else Qt.PenCapStyle.RoundCap)
        painter.setPen(arc)
        span = -round(max(0.04, min(1.0, fraction)) * 360 * 16)  # clockwise from 12 o'clock
        painter.drawArc(rect, 90 * 16, span)

    if state.level in ("refused", "empty"):
        # A bold mark in the middle: "x" for refused, "!" for empty, readable even at 16 px.
        mark = QPen(colour, max(1.5, pixels * 0.12))
        mark.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(mark)
        centre = rect.center()
        arm = rect.width() * 0.22
        if state.level == "refused":
            painter.drawLine(centre + QPointF(-arm, -arm), centre + QPointF(arm, arm))
            painter.drawLine(centre + QPointF(-arm, arm), centre + QPointF(arm, -arm))
        else:
            painter.drawLine(centre + QPointF(0, -arm * 1.2), centre + QPointF(0, arm * 0.3))
            painter.drawPoint(centre + QPointF(0, arm * 1.1))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def make_icon(state: IconState, *, template: bool = False) -> QIcon:
    """A QIcon holding every size at ratio 1 and 2; a template (mask) icon on macOS."""
    icon = QIcon()
    for size in SIZES:
        for ratio in RATIOS:
            icon.addPixmap(paint_icon(state, size, ratio, template=template))
    if template:
        icon.setIsMask(True)
    return icon


def all_states() -> dict[str, IconState]:
    """Every state the icon can show (for the selftest and the screenshots)."""
    return {
        "normal": IconState("normal", 0.74),
        "full": IconState("normal", 1.0),
        "wallet": IconState("normal", None),
        "low": IconState("low", 0.12),
        "empty": IconState("empty", 0.0),
        "refused": IconState("refused", 0.0),
        "unknown": IconState("unknown", None, True),
        "stale": IconState("normal", 0.6, True),
    }
