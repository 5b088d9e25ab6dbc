"""The tray icon, drawn at run time: a ring filling with the remaining share.

Crisp at every tray size (app/core/tray/look.py's ICON_SIZES: 16–64 px, with 20/24/40/48 for
Windows at 125–200 %) and device pixel ratio (1 and 2): each size is painted on its own pixel grid,
the stroke width scaled to it, so nothing is blurred by resampling. What each state looks like
(colour and shape) is decided in app/core/tray/look.py: blue normal, amber low, red empty or
refused, a grey arc for older amounts (stale), a dashed grey ring with a dot for unknown. On macOS
a monochrome template (``setIsMask(True)``): the menu bar recolours it, so the states are told
apart by shape alone (arc, cross, exclamation mark, dashed ring).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from app.core.tray.look import ICON_RATIOS, ICON_SIZES, LEVEL_COLOURS, look_of
from app.core.tray.state import IconState

SIZES = ICON_SIZES
RATIOS = ICON_RATIOS

COLOURS = {level: QColor(colour) for level, colour in LEVEL_COLOURS.items()}
TRACK = QColor(139, 148, 158, 110)
UNKNOWN_DASHES = 8


def paint_icon(
    state: IconState, size: int, ratio: float = 1.0, *, template: bool = False
) -> QPixmap:
    """One pixmap of ``size`` logical pixels at device pixel ratio ``ratio``."""
    look = look_of(state)
    pixels = max(1, round(size * ratio))
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    stroke = max(2.0, pixels * 0.16)
    inset = stroke / 2 + max(0.5, pixels * 0.04)
    rect = QRectF(inset, inset, pixels - 2 * inset, pixels - 2 * inset)
    colour = QColor("#000000") if template else QColor(look.colour)
    track = QColor(0, 0, 0, 90) if template else QColor(TRACK)
    if template and (look.stale or look.ring == "dashed"):
        colour.setAlphaF(0.6)  # the menu bar recolours: fainter is all a mask can say

    if look.ring == "dashed":
        # Not known: no arc at all, a dashed ring and a dot in the middle.
        pen = QPen(colour, stroke)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        circumference = math.pi * rect.width()
        step = circumference / (2 * UNKNOWN_DASHES) / stroke  # dash and gap, in stroke widths
        pen.setDashPattern([step, step])
        painter.setPen(pen)
        painter.drawEllipse(rect)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        radius = max(1.0, pixels * 0.1)
        painter.drawEllipse(rect.center(), radius, radius)
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        return pixmap

    pen = QPen(track, stroke)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    painter.drawEllipse(rect)

    fraction = state.fraction
    if state.level != "refused" and fraction is None:
        fraction = 1.0  # an amount without a total (wallet): a full ring in the state's colour
    if fraction:
        arc = QPen(colour, stroke)
        arc.setCapStyle(Qt.PenCapStyle.FlatCap if fraction >= 0.999 else Qt.PenCapStyle.RoundCap)
        painter.setPen(arc)
        span = -round(max(0.04, min(1.0, fraction)) * 360 * 16)  # clockwise from 12 o'clock
        painter.drawArc(rect, 90 * 16, span)

    if look.mark in ("cross", "exclamation"):
        # A bold mark in the middle: "x" for refused, "!" for empty, readable even at 16 px.
        mark = QPen(colour, max(1.5, pixels * 0.12))
        mark.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(mark)
        centre = rect.center()
        arm = rect.width() * 0.22
        if look.mark == "cross":
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
        "stale_low": IconState("low", 0.12, True),
    }
