"""The tray companion's logic, without Qt: when to poll, what the quota means, what to notify,
what the icon and tooltip say, the quota history and its forecast, what changed in Codex's files.

``app/ui/tray`` only wires these to timers, widgets and workers.
"""

from __future__ import annotations

from typing import Protocol


class AutostartToggle(Protocol):
    """Start at login, as the panel's toggle sees it (the platform's files are elsewhere)."""

    def is_enabled(self) -> bool: ...

    def set_enabled(self, enabled: bool) -> None: ...
