"""Clicks on the tray icon and on the rest of the screen, per platform; the decisions are
app/core/tray/clicks.py's.

- :func:`click_of` turns Qt's activation reason (and, on macOS, the Control key) into a Click.
- :class:`ClickRouter` does what the core decides: show or hide the panel, or pop up the menu
  ourselves (macOS, where no menu is attached to the status item).
- It also closes the panel when the person clicks elsewhere (the panel loses activation), as
  Windows flyouts and menu-bar popovers do — never the no-tray window — and remembers when, so
  that the click on the icon which took the focus away does not open it again.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from app.core.tray.clicks import (
    Click,
    ClickAction,
    ClickKind,
    PanelSeen,
    attaches_context_menu,
    click_action,
    closes_on_focus_loss,
)

Reason = QSystemTrayIcon.ActivationReason

_KINDS: dict[Reason, ClickKind] = {
    Reason.Trigger: "click",
    Reason.DoubleClick: "double_click",
    Reason.Context: "context",
    Reason.MiddleClick: "middle",
}


def control_key_held(platform: str = sys.platform) -> bool:
    """The physical Control key. Qt on macOS reports it as the Meta modifier (Command is
    Control there, unless the application turned the swap off)."""
    modifiers = QGuiApplication.queryKeyboardModifiers()
    if platform == "darwin":
        from PySide6.QtCore import QCoreApplication

        swapped = not QCoreApplication.testAttribute(
            Qt.ApplicationAttribute.AA_MacDontSwapCtrlAndMeta
        )
        meta, control = Qt.KeyboardModifier.MetaModifier, Qt.KeyboardModifier.ControlModifier
        return bool(modifiers & (meta if swapped else control))
    return bool(modifiers & Qt.KeyboardModifier.ControlModifier)


def click_of(reason: Reason, *, control_key: bool = False) -> Click:
    return Click(_KINDS.get(reason, "unknown"), control_key)


class ClickRouter(QObject):
    """Connect ``tray.activated`` to :meth:`activated`; it filters the panel's activation events."""

    def __init__(
        self,
        panel: QWidget,
        menu: QMenu,
        *,
        show_panel: Callable[[], None],
        is_fallback: Callable[[], bool],
        platform: str = sys.platform,
        clock: Callable[[], float] = time.monotonic,
        control_key: Callable[[], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.panel = panel
        self.menu = menu
        self.platform = platform
        self._show_panel = show_panel
        self._is_fallback = is_fallback
        self._clock = clock
        self._control_key = control_key or (lambda: control_key_held(platform))
        self._shown_at: float | None = None
        self._dismissed_at: float | None = None
        self.last_action: ClickAction | None = None
        panel.installEventFilter(self)

    def attach(self, tray: QSystemTrayIcon) -> None:
        """The menu Qt shows by itself where that works; on macOS we pop it up (see the core)."""
        if attaches_context_menu(self.platform):
            tray.setContextMenu(self.menu)
        tray.activated.connect(self.activated)

    def activated(self, reason: Reason) -> ClickAction:
        now = self._clock()
        control = self._control_key() if reason == Reason.Trigger else False
        seen = PanelSeen(
            visible=self.panel.isVisible(),
            app_active=QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive,
            dismissed_s_ago=None if self._dismissed_at is None else now - self._dismissed_at,
        )
        action = click_action(self.platform, click_of(reason, control_key=control), seen)
        self.last_action = action
        if action == "show_panel":
            self._show_panel()
        elif action == "hide_panel":
            self.panel.hide()
        elif action == "popup_menu":
            self.popup_menu(QCursor.pos())
        return action

    def popup_menu(self, at: QPoint) -> None:
        self.menu.popup(at)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.panel:
            kind = event.type()
            if kind == QEvent.Type.Show:
                self._shown_at = self._clock()
                self._dismissed_at = None
            elif kind == QEvent.Type.WindowDeactivate and self.panel.isVisible():
                self.focus_lost()
        return False

    def focus_lost(self) -> None:
        """The person clicked elsewhere (Qt: WindowDeactivate on the panel)."""
        now = self._clock()
        shown_s_ago = None if self._shown_at is None else now - self._shown_at
        if closes_on_focus_loss(fallback_window=self._is_fallback(), shown_s_ago=shown_s_ago):
            self.panel.hide()
            self._dismissed_at = now
