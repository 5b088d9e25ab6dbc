"""The tray companion's wiring: the icon (or the no-tray window), the panel and its menu. What the
tray knows is one frozen :class:`TrayModel` (app/core/tray/model.py), replaced as the worker's
answers come; the decisions are app/core/tray's. When to ask is schedule.py; every job runs in
the worker process (worker_client.py); the person's actions are actions.py; the words are
wording.py.

The platform behaviour is its own modules: host_watch.py decides icon or window (both ways, as a
tray host comes and goes: :meth:`_on_host_mode`), clicks.py what a click means, notifier.py how a
notification goes out, platform_mac.py the Dock policy and reopen, overflow_hint.py Windows 11's
first-start line. :meth:`_make_tray` creates the icon and :meth:`_fall_back` the no-tray window,
:meth:`_notify` sends every notification, :meth:`_on_activated` handles every click on the icon.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QCursor, QGuiApplication, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from app.core.endpoints import CATALOGUE, Endpoint
from app.core.paths import AppPaths
from app.core.tray import AutostartToggle
from app.core.tray import protocol as p
from app.core.tray.history import History, forecast
from app.core.tray.jobs import ProxySource, environment_proxies
from app.core.tray.model import TrayModel, after_files, after_poll
from app.core.tray.policy import DEFAULT_INTERVAL_S, PollPolicy, PollReason
from app.core.tray.state import DEFAULT_THRESHOLDS, Alerts, Message, TrayState
from app.core.tray.state import icon_state as icon_state_of
from app.core.tray.state import tooltip as tooltip_of
from app.core.tray.watch import CodexView, codex_line
from app.ui.tray import wording
from app.ui.tray.actions import TrayActions
from app.ui.tray.clicks import ClickRouter
from app.ui.tray.colours import colour_bar
from app.ui.tray.host_watch import HostWatch
from app.ui.tray.icon import make_icon, paint_icon
from app.ui.tray.menu import build_menu
from app.ui.tray.notifier import Notifier
from app.ui.tray.overflow_hint import OverflowHint

if TYPE_CHECKING:
    from app.ui.about import AboutDialog
from app.ui.tray.panel import TrayPanel
from app.ui.tray.platform_mac import ActivationPolicyKeeper, ReopenWatch
from app.ui.tray.schedule import TraySchedule, make_timer
from app.ui.tray.worker_client import WorkerClient

TRAY_WAIT_S = 10.0
_NEWS_SEEN_S = 1.0
_TOOL_FLAGS = Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint


class TrayController(QObject):
    """Owns the icon (or the fallback window), the panel and the schedule."""

    notified = Signal(object)  # a Message, each time a notification is shown
    reading_changed = Signal()
    files_changed = Signal()
    action_finished = Signal(str)  # "retest", "switch", "diagnose", "repair", "test", "refresh"

    def __init__(
        self,
        paths: AppPaths,
        *,
        env: Mapping[str, str] | None = None,
        proxy_source: ProxySource = environment_proxies,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        interval_s: float = DEFAULT_INTERVAL_S,
        thresholds: tuple[float, float] = DEFAULT_THRESHOLDS,
        autostart: AutostartToggle | None = None,
        catalogue: tuple[Endpoint, ...] = CATALOGUE,
        tray_available: Callable[[], bool] | None = None,
        tray_wait_s: float = TRAY_WAIT_S,
        template_icon: bool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.env: dict[str, str] = dict(os.environ if env is None else env)
        self._wall = wall
        self.policy = PollPolicy(interval_s=interval_s, clock=clock, wall=wall)
        self.model = TrayModel(alerts=Alerts(thresholds=thresholds))
        self.notices: list[Message] = []
        self.tooltip_text = ""
        self.autostart = autostart
        self._tray_available = tray_available or QSystemTrayIcon.isSystemTrayAvailable
        self._template = sys.platform == "darwin" if template_icon is None else template_icon
        self._icons: dict[str, QIcon] = {}
        self._wizard: QWidget | None = None
        self._about: AboutDialog | None = None  # the About window, reused while open
        self.fallback = False
        self.tray: QSystemTrayIcon | None = None

        self.worker = WorkerClient(paths, self.env, self)
        self.schedule = TraySchedule(
            paths,
            self.worker,
            self.policy,
            model=lambda: self.model,
            proxy_source=proxy_source,
            wall=wall,
            parent=self,
        )
        self.schedule.poll_started.connect(self._on_poll_started)
        self.schedule.polled.connect(self._on_polled)
        self.schedule.files_read.connect(self._on_files)
        self.panel = TrayPanel()
        self.panel.installEventFilter(self)
        self.actions = TrayActions(
            self.panel,
            self.worker,
            catalogue=catalogue,
            proxy_source=proxy_source,
            previous_model=lambda: self.model.previous_model,
            parent=self,
        )
        self.actions.finished.connect(self._on_action_finished)
        self.actions.files_written.connect(lambda: self.schedule.reread_files())
        self.actions.latency_measured.connect(self._on_latency)
        self._connect_panel()
        self.panel.set_autostart(autostart.is_enabled() if autostart is not None else None)
        self.menu = self._build_menu()
        # Per-platform behaviour (app/ui/tray/{clicks,host_watch,notifier,platform_mac}.py).
        self.clicks = ClickRouter(
            self.panel,
            self.menu,
            show_panel=self.show_panel,
            is_fallback=lambda: self.fallback,
            parent=self,
        )
        self.host_watch = HostWatch(
            available=self._tray_available,
            start_wait_s=tray_wait_s,
            use_dbus=None if tray_available is None else False,
            parent=self,
        )
        self.host_watch.mode_changed.connect(self._on_host_mode)
        self.notifier = Notifier(parent=self)
        self.dock = ActivationPolicyKeeper(parent=self)
        self.dock.track(self.panel)  # the no-tray window is a main window
        self.reopen = ReopenWatch(
            windows=lambda: [self.panel, self._wizard] if self._wizard else [self.panel],
            set_up=lambda: (
                self.view is not None and codex_line(self.view, self.model.offered) == "tokenpool"
            ),
            show_panel=self.show_panel,
            open_setup=self.open_setup,
            parent=self,
        )
        self.overflow_hint = OverflowHint(self.panel, paths, parent=self)

        # Only while the panel is open: "updated 3 min ago".
        self._label_timer = make_timer(self, self._refresh_panel, 30_000)
        self._shown_at = float("inf")

    # -- what the tests and the platform code read -------------------------------------------------

    @property
    def state(self) -> TrayState:
        return self.model.state

    @property
    def view(self) -> CodexView | None:
        return self.model.view

    @property
    def history(self) -> History:
        return self.model.history

    @property
    def codex_version(self) -> str | None:
        return self.model.codex_version

    def poll(self, reason: PollReason = "timer") -> bool:
        return self.schedule.poll(reason)

    def network_changed(self) -> None:
        self.schedule.network_changed()

    def check_wake(self) -> None:
        self.schedule.check_wake()

    # -- start: the icon or the window ------------------------------------------------------------

    def start(self, *, show_panel: bool = False) -> None:
        self.dock.start()
        self.reopen.start()
        if self.host_watch.start() == "icon":
            self._make_tray()
            show_panel = self.overflow_hint.show_in_panel() or show_panel
        elif show_panel:
            self._fall_back()
        self.schedule.start()
        if show_panel:
            self.show_panel()

    def _on_host_mode(self, mode: str) -> None:
        """The tray host came or went (app/ui/tray/host_watch.py): icon and window swap."""
        if mode == "icon":
            if self.fallback:
                self._leave_fallback()
            self._make_tray()
            if self.tray is not None and not self.tray.isVisible():
                self.tray.show()
                self._update_icon()
        elif mode == "window":
            lost = self.tray is not None
            if self.tray is not None:
                self.tray.hide()
            self._fall_back(lost=self.host_watch.lost_text() if lost else None)
            self.show_panel()

    def _make_tray(self) -> None:
        """The one place the tray icon is created."""
        if self.tray is not None:
            return
        self.tray = QSystemTrayIcon(self._icon(), self)
        self.clicks.attach(self.tray)  # the menu (not on macOS); clicks routed as _on_activated
        self.tray.show()
        # WORKAROUND: Windows shows an empty tooltip unless set after show() (another Qt tray's
        # report: https://github.com/ActivityWatch/aw-qt/issues/112).
        self._update_icon()

    def _fall_back(self, lost: str | None = None) -> None:
        """No system tray: the panel becomes a small normal window (closing it quits).
        ``lost``: the line when a tray that showed the icon went away (not "no tray here")."""
        if self.fallback:
            if lost is not None:
                self.panel.show_fallback("", lost=lost)
            return
        self.fallback = True
        visible = self.panel.isVisible()
        self.panel.setWindowFlags(Qt.WindowType.Window)
        desktop = (self.env.get("XDG_CURRENT_DESKTOP") or "").lower()
        self.panel.show_fallback(
            "gnome" if "gnome" in desktop or "ubuntu" in desktop else desktop, lost=lost
        )
        self._update_icon()  # the window's title says the amount
        if visible:
            self.panel.show()

    def _leave_fallback(self) -> None:
        self.fallback = False
        self.panel.fallbackLabel.hide()
        self.panel.hide()
        self.panel.setWindowFlags(_TOOL_FLAGS)
        self._update_icon()

    # -- the answers ------------------------------------------------------------------------------

    def _on_poll_started(self) -> None:
        self.model = replace(self.model, state=self.state.with_checking(True))
        self._show()

    def _on_polled(self, answer: p.PollAnswer) -> None:
        self.model, notices = after_poll(self.model, answer)
        for notice in notices:
            self._notify(notice)
        if answer.reading.status not in ("ok", "exhausted"):
            self.panel.clear_repair_result()  # a new problem: "Repaired." is old news
        self._show()
        self.reading_changed.emit()

    def _on_files(self, answer: p.FilesAnswer) -> None:
        self.model, notices, ask_quota = after_files(self.model, answer)
        for notice in notices:
            self._notify(notice)
        if codex_line(answer.view, answer.offered) != "tokenpool":
            self.panel.clear_repair_result()
        if ask_quota:
            self.schedule.quota_files_changed()
        self._show()
        self.files_changed.emit()

    def say_once(self, code: str, *values: str) -> None:
        """News for the panel, said until it has been seen (a tray.json mistake, …)."""
        self.model = self.model.with_news(code, *values)
        self._refresh_panel()

    # -- showing ----------------------------------------------------------------------------------

    def _icon(self) -> QIcon:
        state = icon_state_of(self.state, self.model.alerts.thresholds[0])
        icon = self._icons.get(state.key)
        if icon is None:
            icon = self._icons[state.key] = make_icon(state, template=self._template)
        return icon

    def _update_icon(self) -> None:
        text = wording.tooltip(tooltip_of(self.state), self.state.stale)
        if self.state.last is None:
            text = self.tr("TokenPool: checking…")
        if self.tray is not None:
            self.tray.setIcon(self._icon())
            self.tray.setToolTip(text)
        self.panel.setWindowTitle(text if self.fallback else self.tr("TokenPool quota"))
        self.tooltip_text = text

    def _show(self) -> None:
        self._update_icon()
        self._refresh_panel()

    def _refresh_panel(self) -> None:
        model, now = self.model, self._wall()
        samples = model.history.since(now - 14 * 86400)
        self.panel.show_state(
            model.state, forecast(model.history, now), samples, now, model.updated_at
        )
        colour_bar(self.panel.quotaBar, icon_state_of(model.state, model.alerts.thresholds[0]))
        last = model.state.last
        endpoint = (model.view.base_url if model.view else None) or (last.endpoint if last else "")
        self.panel.show_endpoint(endpoint or "", model.latency_ms)
        if model.view is not None:
            line = codex_line(model.view, model.offered)
            self.panel.show_codex(line, model.changes, bool(model.view.fixable))
        self.panel.offer_key(model.needs_key)
        self.panel.show_news([wording.news(code, *values) for code, values in model.news])

    def _notify(self, notice: Message) -> None:
        """The one place notifications are sent."""
        self.notices.append(notice)
        title, body = wording.notice(notice, self.model.changes)
        state = icon_state_of(self.state, self.model.alerts.thresholds[0])
        self.notifier.notify(
            notice.code,
            title,
            body,
            tray=self.tray,
            icon=self._icon(),
            image=paint_icon(state, 64, 2.0).toImage(),
            panel_open=self.panel.isVisible() and not self.fallback,
        )
        self.notified.emit(notice)

    def _on_latency(self, latency_ms: float) -> None:
        self.model = replace(self.model, latency_ms=latency_ms)
        self._refresh_panel()

    def _on_action_finished(self, name: str) -> None:
        self._refresh_panel()
        self.action_finished.emit(name)

    # -- the panel and the menu -------------------------------------------------------------------

    def show_panel(self) -> None:
        """Open the panel next to the icon (or the cursor), inside the screen."""
        self._refresh_panel()
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

    def toggle_panel(self) -> None:
        if self.panel.isVisible() and not self.fallback:
            self.panel.hide()
        else:
            self.show_panel()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.panel and event.type() == QEvent.Type.Show:
            self._shown_at = time.monotonic()
        if watched is self.panel and event.type() == QEvent.Type.Hide:
            self._label_timer.stop()
            # The news was on screen long enough to be read (not a flicker when the panel
            # turns into the no-tray window): said once.
            if time.monotonic() - self._shown_at >= _NEWS_SEEN_S:
                self.model = self.model.seen()
                self.panel.show_news([])
        if watched is self.panel and event.type() == QEvent.Type.Close and self.fallback:
            self.quit()
        return False

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        """The one handler for clicks on the icon (what a click means: app/ui/tray/clicks.py)."""
        self.clicks.activated(reason)

    def _connect_panel(self) -> None:
        panel, actions = self.panel, self.actions
        panel.refresh_requested.connect(self.refresh)
        panel.retest_requested.connect(actions.retest)
        panel.switch_requested.connect(actions.switch)
        panel.repair_requested.connect(self.diagnose)
        panel.fix_requested.connect(actions.repair)
        panel.test_codex_requested.connect(actions.test_codex)
        panel.setup_requested.connect(self.open_setup)
        panel.autostart_toggled.connect(self._set_autostart)
        panel.quit_requested.connect(self.quit)

    def _build_menu(self) -> QMenu:
        entries: list[tuple[str, Callable[[], object]]] = [
            (self.tr("Show &quota"), self.show_panel),
            (self.tr("&Refresh"), self.refresh),
            (self.tr("Retest &endpoints"), self.actions.retest),
            (self.tr("Re&pair"), self.diagnose),
            (self.tr("&Test Codex"), self.actions.test_codex),
            (wording.setup_label(), self.open_setup),
            (self.tr("Copy a report for s&upport…"), self.open_support_report),
            (self.tr("&About TokenPool Setup"), self.show_about),
        ]
        return build_menu(
            entries,
            autostart=self.autostart,
            set_autostart=self._set_autostart,
            quit_app=self.quit,
        )

    def show_about(self) -> None:
        from app.ui.about import show_about

        self._about = show_about(self._about)

    def _set_autostart(self, enabled: bool) -> None:
        if self.autostart is None:
            return
        try:
            self.autostart.set_enabled(enabled)
        except Exception as exc:  # a platform refusal is shown, never a crash
            self.panel.show_action(wording.action("autostart_failed", str(exc)))
        self.panel.set_autostart(self.autostart.is_enabled())

    # -- what the person asks for -----------------------------------------------------------------

    def refresh(self) -> None:
        decision = self.policy.manual()
        if decision.allowed:
            self.panel.show_action("")
            self.poll("manual")
            return
        wait_ms = round(decision.wait_s * 1000)
        if decision.reason == "busy":
            self.panel.show_action(wording.action("busy"), expires_ms=10_000)
        elif decision.reason == "rate_limited":
            until = time.strftime("%H:%M", time.localtime(self._wall() + decision.wait_s))
            self.panel.show_action(wording.action("rate_limited", until), expires_ms=wait_ms)
        else:
            seconds = str(max(1, round(decision.wait_s)))
            self.panel.show_action(wording.action("too_soon", seconds), expires_ms=wait_ms)
        self.action_finished.emit("refresh")

    def diagnose(self) -> None:
        if not self.panel.isVisible():
            self.show_panel()
        self.actions.diagnose()

    def open_setup(self) -> None:
        """The setup wizard, in this process."""
        if self._wizard is not None and self._wizard.isVisible():
            self._wizard.raise_()
            self._wizard.activateWindow()
            return
        from app.ui.wizard import SetupWizard

        wizard = SetupWizard(self.paths, self.actions.catalogue, environment=self.env)
        wizard.finished.connect(lambda _result: self.schedule.reread_files())
        self._wizard = wizard
        self.dock.track(wizard)  # macOS: in the Dock and Cmd-Tab while it is open
        wizard.show()

    def open_support_report(self) -> None:
        """What TokenPool's support asks first, made by our command line in a child process
        (nothing heavy loads here), shown, then copied or saved."""
        from app.ui.support_report import show_support_report

        self._support_report = show_support_report(self.paths)

    def quit(self) -> None:
        from PySide6.QtWidgets import QApplication

        self.stop()
        QApplication.quit()

    def stop(self) -> None:
        self.worker.stop()
        self.schedule.stop()
        self._label_timer.stop()
        self.host_watch.stop()
        self.reopen.stop()
        if self.tray is not None:
            self.tray.hide()
        self.panel.hide()
