"""Where the app's own files are: SVG icons and compiled translations (resources/ at the repo root,
or beside the executable in a packaged build)."""

from __future__ import annotations

import sys
from pathlib import Path

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
    return QIcon(str(icon_path(name)))


def translations_dir() -> Path:
    return resources_dir() / "i18n"
