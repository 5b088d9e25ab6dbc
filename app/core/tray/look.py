"""How each icon state looks, decided once for the ring and the panel's bar (no Qt here).

The colour says the level; the shape says it too, so that nobody has to tell two greys (or amber
from red) apart:

- current amounts: a solid arc as long as the share left, in the level's colour;
- stale (older amounts, the last check failed): the same arc, grey — "this is what it was";
- unknown (never read, or no share known): no arc at all, a dashed ring and a dot — "not known";
- refused: a cross; empty: an exclamation mark.

The panel's bar takes the ring's colour, so an amber ring never sits beside a blue bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.core.tray.state import IconState

# Qt asks for these at 100/125/150/200 % and on the larger trays (Windows' notification area:
# 16/20/24/32; macOS' menu bar 22/44; Linux panels 16–48): each one painted on its own pixel grid.
ICON_SIZES: tuple[int, ...] = (16, 20, 22, 24, 32, 40, 44, 48, 64)
ICON_RATIOS: tuple[float, ...] = (1.0, 2.0)

# Readable on a light and on a dark panel (GitHub's Primer "emphasis" colours).
BLUE = "#2f81f7"
AMBER = "#d29922"
RED = "#da3633"
GREY = "#8b949e"

LEVEL_COLOURS = {
    "normal": BLUE,
    "low": AMBER,
    "empty": RED,
    "refused": RED,
    "unknown": GREY,
}

Mark = Literal["none", "cross", "exclamation", "dot"]
Ring = Literal["arc", "dashed"]


@dataclass(frozen=True)
class Look:
    """How one icon state is drawn, for the ring and the panel's bar alike: the colour, the
    ring's shape, and the mark on it."""

    colour: str  # "#rrggbb"
    ring: Ring  # "arc": the share as a solid arc over a faint track; "dashed": no share known
    mark: Mark
    stale: bool  # older amounts: grey, and fainter on macOS' monochrome menu bar


def look_of(state: IconState) -> Look:
    if state.level == "unknown":
        return Look(GREY, "dashed", "dot", False)
    colour = GREY if state.dimmed else LEVEL_COLOURS[state.level]
    mark: Mark = {"refused": "cross", "empty": "exclamation"}.get(state.level, "none")  # type: ignore[assignment]
    return Look(colour, "arc", mark, state.dimmed)


def bar_colour(state: IconState) -> str:
    """The panel's quota bar: the ring's colour (amber when low, grey when not current)."""
    return look_of(state).colour


def sizes_to_paint(requested: tuple[int, ...] = ()) -> tuple[int, ...]:
    """The standard sizes and any a platform asked for, each once, smallest first."""
    return tuple(sorted({*ICON_SIZES, *(s for s in requested if 8 <= s <= 512)}))
