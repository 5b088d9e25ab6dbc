"""Windows 11's overflow: on the first start, say where the icon went (no Qt here).

Windows 11 puts a new notification-area icon behind the ^ (overflow) and only the person can bring
it onto the taskbar, so after the wizard's Finish the icon seems not to be there. On the first
start the panel opens once with one line: where the icon is and how to keep it visible. Whether it
was shown is kept in ``tray-hints.json`` in our settings folder (one flag; a missing or unreadable
file means "not shown yet", and failing to write it never stops the tray).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.core.paths import AppPaths

WINDOWS_11_BUILD = 22000
HINTS_FILE = "tray-hints.json"
OVERFLOW_HINT = "overflow_hint_shown"


def windows_build() -> int | None:
    """The Windows build number (22000 and up is Windows 11), None elsewhere."""
    getter = getattr(sys, "getwindowsversion", None)
    return int(getter().build) if getter is not None else None


def overflow_hint_due(platform: str, build: int | None, already_shown: bool) -> bool:
    windows_11 = platform == "win32" and build is not None and build >= WINDOWS_11_BUILD
    return windows_11 and not already_shown


def _hints_path(paths: AppPaths) -> Path:
    return paths.settings_dir / HINTS_FILE


def hint_shown(paths: AppPaths, name: str = OVERFLOW_HINT) -> bool:
    try:
        data = json.loads(_hints_path(paths).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get(name) is True


def record_hint_shown(paths: AppPaths, name: str = OVERFLOW_HINT) -> bool:
    """Remember it; False when it could not be written (then it shows again next start)."""
    from app.core.fileio import atomic_write

    path = _hints_path(paths)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    data[name] = True
    try:
        atomic_write(path, (json.dumps(data, indent=2) + "\n").encode())
    except Exception:  # a read-only settings folder: the hint shows again, nothing breaks
        return False
    return True
