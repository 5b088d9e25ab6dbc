"""The Done page's "Show my quota in the tray and start it when I log in" (checked by default).

When the wizard finishes with it ticked: start at login is turned on and the tray starts as its
own process (unless one already runs), so the quota shows in the tray right away. Unticked: start
at login is turned off if an earlier setup (or the tray's menu) had turned it on; a tray that is
running goes on until the person quits it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QWidget

from app.core.errors import SetupError
from app.core.eventlog import log_event
from app.core.paths import AppPaths
from app.ui.widgets import without_mnemonic

if TYPE_CHECKING:
    from app.core.tray import AutostartToggle


class TrayOptIn(QCheckBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Show my quota in the tra&y and start it when I log in"), parent)
        self.setObjectName("trayOptInCheck")
        self.setAccessibleName(without_mnemonic(self.text()))
        self.setChecked(True)
        from app.core.platform import autostart

        if autostart.login_item_blocked():  # macOS: run from the disk image or Downloads
            self.setText(
                self.tr(
                    "Show my quota in the tra&y (to start it when you log in, first move "
                    "TokenPool Setup to the Applications folder)"
                )
            )
            self.setAccessibleName(without_mnemonic(self.text()))
        # Injected by tests; None: the real ones (chosen when used, so nothing loads earlier).
        self.autostart_factory: Callable[[], AutostartToggle] | None = None
        self.launcher: Callable[[Sequence[str]], object] | None = None

    def apply(self, paths: AppPaths) -> bool:
        """Ticked: turn start at login on and start the tray. Unticked: turn start at login off.
        True when a tray was started."""
        if not self.isChecked():
            self._start_at_login(paths, False)
            return False
        try:
            from app.ui.tray import spawn
        except ImportError as exc:  # a build without QtNetwork: the wizard still finishes
            log_event(paths, "tray_start_failed", kind=type(exc).__name__)
            return False
        self._start_at_login(paths, True)
        try:
            return spawn.start_tray_detached(paths, launcher=self.launcher)
        except OSError as exc:
            log_event(paths, "tray_start_failed", kind=type(exc).__name__)
            return False

    def _start_at_login(self, paths: AppPaths, enabled: bool) -> None:
        """Start at login on, or off where an earlier setup had turned it on."""
        toggle = self.autostart_factory() if self.autostart_factory else _default_autostart()
        try:
            if enabled or toggle.is_enabled():
                toggle.set_enabled(enabled)
                if not enabled:
                    log_event(paths, "autostart_turned_off")
        except SetupError as exc:  # the window is closing: the tray's own toggle says it later
            log_event(paths, "autostart_failed", code=exc.code)


def _default_autostart() -> AutostartToggle:
    from app.core.platform.autostart import autostart_for

    return autostart_for()
