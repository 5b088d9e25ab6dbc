"""The windows the tray opens besides its panel: the setup wizard (one at a time, raised when it is
open), About and the support report. Each is imported when first opened: the resident tray loads
none of them.

On macOS they decide the app's place in the Dock (platform_mac.py's :class:`ActivationPolicyKeeper`:
the Dock and Cmd-Tab while a window is open, the menu bar only otherwise), and reopening the app
shows the panel, or the setup when Codex is not set up for TokenPool (:class:`ReopenWatch`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.core.endpoints import Endpoint
from app.core.paths import AppPaths
from app.ui.tray.platform_mac import ActivationPolicyKeeper, ReopenWatch

if TYPE_CHECKING:
    from app.ui.about import AboutDialog
    from app.ui.support_report import SupportReportDialog


class TrayWindows(QObject):
    setup_finished = Signal()  # the wizard closed: Codex's files may have changed

    def __init__(
        self,
        panel: QWidget,
        paths: AppPaths,
        env: dict[str, str],
        catalogue: Sequence[Endpoint],
        *,
        show_panel: Callable[[], None],
        set_up: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._env = env
        self._catalogue = tuple(catalogue)
        self.wizard: QWidget | None = None
        self._about: AboutDialog | None = None  # reused while open
        self._support_report: SupportReportDialog | None = None
        self.dock = ActivationPolicyKeeper(parent=self)
        self.dock.track(panel)  # the no-tray window is a main window
        self.reopen = ReopenWatch(
            windows=lambda: [panel, self.wizard] if self.wizard else [panel],
            set_up=set_up,
            show_panel=show_panel,
            open_setup=self.open_setup,
            parent=self,
        )

    def start(self) -> None:
        self.dock.start()
        self.reopen.start()

    def stop(self) -> None:
        self.reopen.stop()

    def open_setup(self) -> None:
        """The setup wizard, in this process."""
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
            return
        from app.ui.wizard import SetupWizard

        wizard = SetupWizard(self._paths, self._catalogue, environment=self._env)
        wizard.finished.connect(lambda _result: self.setup_finished.emit())
        self.wizard = wizard
        self.dock.track(wizard)  # macOS: in the Dock and Cmd-Tab while it is open
        wizard.show()

    def open_support_report(self) -> None:
        """What TokenPool's support asks first, made by our command line in a child process
        (nothing heavy loads here), shown, then copied or saved."""
        from app.ui.support_report import show_support_report

        self._support_report = show_support_report(self._paths)

    def show_about(self) -> None:
        from app.ui.about import show_about

        self._about = show_about(self._about)
