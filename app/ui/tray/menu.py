"""The tray icon's context menu: the panel's actions, start at login, Quit."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from app.core.tray import AutostartToggle
from app.ui.messages import QT_TRANSLATE_NOOP

START_AT_LOGIN = QT_TRANSLATE_NOOP("TrayController", "Start at &login")
QUIT = QT_TRANSLATE_NOOP("TrayController", "&Quit")


def build_menu(
    entries: Sequence[tuple[str, Callable[[], object]]],
    *,
    autostart: AutostartToggle | None,
    set_autostart: Callable[[bool], None],
    quit_app: Callable[[], None],
) -> QMenu:
    """``entries``: (translated text, slot) in order; then the start-at-login toggle (when
    ``autostart`` is given, its tick read each time the menu opens) and Quit."""
    menu = QMenu()
    menu.setObjectName("trayMenu")
    for text, slot in entries:
        action = QAction(text, menu)
        action.triggered.connect(slot)
        menu.addAction(action)
    if autostart is not None:
        toggle = QAction(QCoreApplication.translate("TrayController", START_AT_LOGIN), menu)
        toggle.setCheckable(True)
        toggle.setObjectName("autostartAction")
        menu.aboutToShow.connect(lambda: toggle.setChecked(autostart.is_enabled()))
        toggle.toggled.connect(set_autostart)
        menu.addAction(toggle)
    menu.addSeparator()
    quit_action = QAction(QCoreApplication.translate("TrayController", QUIT), menu)
    quit_action.triggered.connect(quit_app)
    menu.addAction(quit_action)
    return menu
