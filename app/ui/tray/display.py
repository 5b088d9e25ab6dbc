"""What the person sees of the tray: the icon in the tray host or, without one, the panel as a small
normal window — chosen at start and swapped both ways as the host comes and goes
(app/ui/tray/host_watch.py's mode) — with its tooltip or title, the panel's contents (and, on
Windows 11's first start, overflow_hint.py's line), and the notifications sent from it.

It shows the controller's :class:`TrayModel` (read through a getter, as the schedule does) and
decides nothing about it: the words are wording.py's, the colours app/core/tray/look.py's, what a
click means clicks.py's, how a notification goes out notifier.py's.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from app.core.paths import AppPaths
from app.core.tray.history import forecast
from app.core.tray.model import TrayModel
from app.core.tray.state import IconState, Message, icon_state, tooltip
from app.ui.tray import wording
from app.ui.tray.clicks import ClickRouter
from app.ui.tray.host_watch import HostWatch
from app.ui.tray.icon import make_icon, paint_icon
from app.ui.tray.notifier import Notifier
from app.ui.tray.panel import TrayPanel, colour_bar
from app.ui.tray.schedule import make_timer

if TYPE_CHECKING:
    from app.ui.tray.overflow_hint import OverflowHint

HISTORY_SHOWN_S = 14 * 86400
# The news was on screen this long, so it was read: not a flicker as the panel turns into the
# no-tray window.
NEWS_SEEN_S = 1.0
FLYOUT_FLAGS = Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint


class TrayDisplay(QObject):
    news_seen = Signal()  # the panel closed after showing its news long enough to be read
    window_closed = Signal()  # the no-tray window was closed: that quits

    def __init__(
        self,
        panel: TrayPanel,
        menu: QMenu,
        host_watch: HostWatch,
        *,
        model: Callable[[], TrayModel],
        env: Mapping[str, str],
        wall: Callable[[], float],
        template_icon: bool,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.panel = panel
        self.clicks = ClickRouter(
            panel, menu, show_panel=self.show_panel, is_fallback=lambda: self.fallback, parent=self
        )
        self.host_watch = host_watch
        self.notifier = Notifier(parent=self)
        self._model = model
        self._env = env
        self._wall = wall
        self._template = template_icon
        self._icons: dict[str, QIcon] = {}
        self.tray: QSystemTrayIcon | None = None
        self.fallback = False
        self.tooltip_text = ""
        self.overflow_hint: OverflowHint | None = None  # Windows only
        # Only while the panel is open: "updated 3 min ago".
        self._label_timer = make_timer(self, self.refresh_panel, 30_000)
        self._shown_at = float("inf")
        panel.installEventFilter(self)
        host_watch.mode_changed.connect(self.on_host_mode)

    # -- the icon or the window -------------------------------------------------------------------

    def start(self, paths: AppPaths, *, show_panel: bool) -> bool:
        """The icon, or the window when there is no tray host (shown only when asked); True when
        the panel is to open: asked, or Windows 11's first-start hint."""
        if self.host_watch.start() == "icon":
            self.make_tray()
            if sys.platform == "win32":  # only Windows 11 hides a new icon: imported there only
                from app.ui.tray.overflow_hint import OverflowHint

                self.overflow_hint = OverflowHint(self.panel, paths, parent=self)
                return self.overflow_hint.show_in_panel() or show_panel
        elif show_panel:
            self.fall_back()
        return show_panel

    def on_host_mode(self, mode: str) -> None:
        """The tray host came ("icon") or went ("window"): icon and window swap."""
        if mode == "icon":
            if self.fallback:
                self._leave_fallback()
            self.make_tray()
            if self.tray is not None and not self.tray.isVisible():
                self.tray.show()
                self.show_icon()
        elif mode == "window":
            lost = self.tray is not None
            if self.tray is not None:
                self.tray.hide()
            self.fall_back(lost=self.host_watch.lost_text() if lost else None)
            self.show_panel()

    def make_tray(self) -> None:
        """The one place the tray icon is created."""
        if self.tray is not None:
            return
        self.tray = QSystemTrayIcon(self._icon(), self)
        self.clicks.attach(self.tray)  # the menu (not on macOS) and the clicks
        self.tray.show()
        # WORKAROUND: Windows shows an empty tooltip unless set after show() (another Qt tray's
        # report: https://github.com/ActivityWatch/aw-qt/issues/112).
        self.show_icon()

    def fall_back(self, lost: str | None = None) -> None:
        """No system tray: the panel becomes a small normal window (closing it quits).
        ``lost``: the line when a tray that showed the icon went away (not "no tray here")."""
        if self.fallback:
            if lost is not None:
                self.panel.show_fallback("", lost=lost)
            return
        self.fallback = True
        visible = self.panel.isVisible()
        self.panel.setWindowFlags(Qt.WindowType.Window)
        desktop = (self._env.get("XDG_CURRENT_DESKTOP") or "").lower()
        self.panel.show_fallback(
            "gnome" if "gnome" in desktop or "ubuntu" in desktop else desktop, lost=lost
        )
        self.show_icon()  # the window's title says the amount
        if visible:
            self.panel.show()

    def _leave_fallback(self) -> None:
        self.fallback = False
        self.panel.fallbackLabel.hide()
        self.panel.hide()
        self.panel.setWindowFlags(FLYOUT_FLAGS)
        self.show_icon()

    def hide(self) -> None:
        self._label_timer.stop()
        if self.tray is not None:
            self.tray.hide()
        self.panel.hide()

    # -- showing the model ------------------------------------------------------------------------

    def _icon_state(self) -> IconState:
        model = self._model()
        return icon_state(model.state, model.alerts.thresholds[0])

    def _icon(self) -> QIcon:
        state = self._icon_state()
        icon = self._icons.get(state.key)
        if icon is None:
            icon = self._icons[state.key] = make_icon(state, template=self._template)
        return icon

    def show(self) -> None:
        self.show_icon()
        self.refresh_panel()

    def show_icon(self) -> None:
        """The icon and its tooltip, or the no-tray window's title."""
        state = self._model().state
        text = wording.tooltip(tooltip(state), state.stale)
        if state.last is None:
            text = wording.say(wording.CONTROLLER, wording.CHECKING_TOOLTIP)
        if self.tray is not None:
            self.tray.setIcon(self._icon())
            self.tray.setToolTip(text)
        title = text if self.fallback else wording.say(wording.CONTROLLER, wording.PANEL_TITLE)
        self.panel.setWindowTitle(title)
        self.tooltip_text = text

    def refresh_panel(self) -> None:
        model, now = self._model(), self._wall()
        samples = model.history.since(now - HISTORY_SHOWN_S)
        panel = self.panel
        panel.show_state(model.state, forecast(model.history, now), samples, now, model.updated_at)
        colour_bar(panel.quotaBar, self._icon_state())
        last = model.state.last
        endpoint = (model.view.base_url if model.view else None) or (last.endpoint if last else "")
        panel.show_endpoint(endpoint or "", model.latency_ms)
        if model.view is not None and model.codex_line is not None:
            panel.show_codex(model.codex_line, model.changes, bool(model.view.fixable))
        panel.offer_key(model.needs_key)
        panel.show_news([wording.news(code, *values) for code, values in model.news])

    def notify(self, notice: Message) -> None:
        """The one place notifications are sent."""
        title, body = wording.notice(notice, self._model().changes)
        self.notifier.notify(
            notice.code,
            title,
            body,
            tray=self.tray,
            icon=self._icon(),
            image=paint_icon(self._icon_state(), 64, 2.0).toImage(),
            panel_open=self.panel.isVisible() and not self.fallback,
        )

    # -- the panel opening and closing ------------------------------------------------------------

    def show_panel(self) -> None:
        """Open the panel next to the icon (or the cursor), inside the screen."""
        self.refresh_panel()
        if self.fallback:
            self.panel.adjustSize()
        else:
            anchor = self.tray.geometry() if self.tray is not None else None
            self.panel.place_near(anchor, QPointF(QCursor.pos()))
        self.panel.show()
        if QGuiApplication.platformName() != "offscreen":  # it has no window stacking
            self.panel.raise_()
            self.panel.activateWindow()
        self.panel.refreshButton.setFocus()
        self._label_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.panel:
            return False
        kind = event.type()
        if kind == QEvent.Type.Show:
            self._shown_at = time.monotonic()
        elif kind == QEvent.Type.Hide:
            self._label_timer.stop()
            if time.monotonic() - self._shown_at >= NEWS_SEEN_S:
                self.news_seen.emit()
                self.panel.show_news([])
        elif kind == QEvent.Type.Close and self.fallback:
            self.window_closed.emit()
        return False
