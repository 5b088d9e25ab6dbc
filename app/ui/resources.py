"""Where the app's own files are: SVG icons and compiled translations (resources/ at the repo root,
or beside the executable in a packaged build)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QImageReader, QPixmap

if TYPE_CHECKING:
    # Imported where used: QIcon's enums (one of 151 theme names) cost ~2 ms to build, which the
    # wizard's first paint does not need (bench/startup.py); pictures of one size use svg_pixmap.
    from PySide6.QtGui import QIcon


def resources_dir() -> Path:
    bundled = getattr(sys, "_MEIPASS", None)
    if bundled:
        return Path(bundled) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / f"{name}.svg"


def icon(name: str) -> QIcon:
    """An SVG icon: sharp at any scale factor (Qt renders SVG per device pixel ratio)."""
    from PySide6.QtGui import QIcon

    return QIcon(str(icon_path(name)))


def svg_pixmap(name: str, size: int, ratio: float) -> QPixmap:
    """One SVG icon as a picture of ``size`` logical pixels, drawn for the screen's ``ratio``
    (sharp on a 2x screen): for labels that show one picture at one size."""
    reader = QImageReader(str(icon_path(name)))
    side = max(1, round(size * ratio))
    reader.setScaledSize(QSize(side, side))
    pixmap = QPixmap.fromImage(reader.read())
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def translations_dir() -> Path:
    return resources_dir() / "i18n"
