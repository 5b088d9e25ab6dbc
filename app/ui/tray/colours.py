"""The panel's quota bar in the ring's colour (app/core/tray/look.py decides which).

A style sheet, not the palette: the native styles draw the chunk in their own accent (macOS'
NSProgressIndicator ignores the palette; Windows 11's style takes the accent colour), so a palette
colour would be lost exactly where the ring is amber. The track is the ring's faint grey, readable
on a light and a dark panel.
"""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar

from app.core.tray.look import bar_colour
from app.core.tray.state import IconState

TRACK = "rgba(139, 148, 158, 0.35)"


def bar_style(colour: str) -> str:
    return (
        f"QProgressBar {{ border: none; border-radius: 4px; background: {TRACK}; }}"
        f" QProgressBar::chunk {{ border-radius: 4px; background: {colour}; }}"
    )


def colour_bar(bar: QProgressBar, state: IconState) -> str:
    """Paint ``bar`` like the ring for ``state``; returns the colour ("#rrggbb")."""
    colour = bar_colour(state)
    style = bar_style(colour)
    if bar.styleSheet() != style:
        bar.setStyleSheet(style)
    bar.setProperty("ringColour", colour)
    return colour
