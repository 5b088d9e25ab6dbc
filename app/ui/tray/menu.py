"""The tray icon's context menu: the panel's actions, start at login, Quit.

It calls the tray (the controller) through :class:`MenuTarget`, as Vorta's tray menu calls its
application: the menu is built here, what each entry does is the tray's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from app.ui.messages import QT_TRANSLATE_NOOP
from app.ui.tray import wording
from app.ui.tray.actions import TrayActions
from app.ui.tray.windows import TrayWindows

# Context TrayController: the entries were the controller's words before the menu moved here.
SHOW_QUOTA = QT_TRANSLATE_NOOP("TrayController", "Show &quota")
REFRESH = QT_TRANSLATE_NOOP("TrayController", "&Refresh")
RETEST = QT_TRANSLATE_NOOP("TrayController", "Retest &endpoints")
REPAIR = QT_TRANSLATE_NOOP("TrayController", "Re&pair")
TEST_CODEX = QT_TRANSLATE_NOOP("TrayController", "&Test Codex")
SUPPORT_REPORT = QT_TRANSLATE_NOOP("TrayController", "Copy a report for s&upport…")
ABOUT = QT_TRANSLATE_NOOP("TrayController", "&About TokenPool Setup")
START_AT_LOGIN = QT_TRANSLATE_NOOP("TrayController", "Start at &login")
QUIT = QT_TRANSLATE_NOOP("TrayController", "&Quit")


class MenuTarget(Protocol):
    """What the menu's entries call."""

    actions: TrayActions
    windows: TrayWindows

    def show_panel(self) -> None: ...
    def refresh(self) -> None: ...
    def diagnose(self) -> None: ...
    def quit(self) -> None: ...


def build_menu(tray: MenuTarget) -> QMenu:
    """The entries in order; then the start-at-login toggle (when the actions have an
    ``autostart``, its tick read each time the menu opens) and Quit."""
    entries: list[tuple[str, Callable[[], object]]] = [
        (_word(SHOW_QUOTA), tray.show_panel),
        (_word(REFRESH), tray.refresh),
        (_word(RETEST), tray.actions.retest),
        (_word(REPAIR), tray.diagnose),
        (_word(TEST_CODEX), tray.actions.test_codex),
        (wording.setup_label(), tray.windows.open_setup),
        (_word(SUPPORT_REPORT), tray.windows.open_support_report),
        (_word(ABOUT), tray.windows.show_about),
    ]
    menu = QMenu()
    menu.setObjectName("trayMenu")
    for text, slot in entries:
        action = QAction(text, menu)
        action.triggered.connect(slot)
        menu.addAction(action)
    autostart = tray.actions.autostart
    if autostart is not None:
        toggle = QAction(_word(START_AT_LOGIN), menu)
        toggle.setCheckable(True)
        toggle.setObjectName("autostartAction")
        menu.aboutToShow.connect(lambda: toggle.setChecked(autostart.is_enabled()))
        toggle.toggled.connect(tray.actions.set_autostart)
        menu.addAction(toggle)
    menu.addSeparator()
    quit_action = QAction(_word(QUIT), menu)
    quit_action.triggered.connect(tray.quit)
    menu.addAction(quit_action)
    return menu


def _word(source: str) -> str:
    return QCoreApplication.translate(wording.CONTROLLER, source)
