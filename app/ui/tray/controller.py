"""The tray companion's state and wiring. What the tray knows is one frozen :class:`TrayModel`
(app/core/tray/model.py), replaced as the worker's answers come; the decisions are app/core/tray's.
Everything else acts elsewhere (as Vorta keeps its tray thin): when to ask the worker, schedule.py;
the worker process, worker_client.py; what the person sees (icon or no-tray window as the host
comes and goes, tooltip, panel, notifications), display.py; the windows it opens and macOS' Dock,
windows.py; the person's actions, actions.py; the menu, menu.py; the words, wording.py.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from app.core.endpoints import CATALOGUE, Endpoint
from app.core.paths import AppPaths
from app.core.tray import AutostartToggle
from app.core.tray import protocol as p
from app.core.tray.host import START_WAIT_S
from app.core.tray.jobs import ProxySource, environment_proxies
from app.core.tray.model import TrayModel, after_files, after_poll, repair_result_outdated
from app.core.tray.policy import DEFAULT_INTERVAL_S, PollPolicy, PollReason
from app.core.tray.state import DEFAULT_THRESHOLDS, Alerts, Message, TrayState
from app.core.tray.watch import CodexView
from app.ui.tray import wording
from app.ui.tray.actions import TrayActions
from app.ui.tray.display import TrayDisplay
from app.ui.tray.host_watch import HostWatch
from app.ui.tray.menu import build_menu
from app.ui.tray.panel import TrayPanel
from app.ui.tray.schedule import TraySchedule
from app.ui.tray.windows import TrayWindows
from app.ui.tray.worker_client import WorkerClient


class TrayController(QObject):
    """Owns the model, and wires the schedule, the display, the panel and the actions to it."""

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
        tray_wait_s: float = START_WAIT_S,
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
        self.actions = TrayActions(
            self.panel,
            self.worker,
            catalogue=catalogue,
            proxy_source=proxy_source,
            previous_model=lambda: self.model.previous_model,
            autostart=autostart,
            parent=self,
        )
        self.actions.finished.connect(self._on_action_finished)
        self.actions.files_written.connect(lambda: self.schedule.reread_files())
        self.actions.latency_measured.connect(self._on_latency)
        self.windows = TrayWindows(
            self.panel,
            paths,
            self.env,
            catalogue,
            show_panel=self.show_panel,
            set_up=lambda: self.model.codex_line == "tokenpool",
            parent=self,
        )
        self.windows.setup_finished.connect(lambda: self.schedule.reread_files())
        self.reopen = self.windows.reopen
        self._connect_panel()
        self.menu = build_menu(self)
        self.host_watch = HostWatch(
            available=tray_available or QSystemTrayIcon.isSystemTrayAvailable,
            start_wait_s=tray_wait_s,
            use_dbus=None if tray_available is None else False,
            parent=self,
        )
        self.display = TrayDisplay(
            self.panel,
            self.menu,
            self.host_watch,
            model=lambda: self.model,
            env=self.env,
            wall=wall,
            template_icon=sys.platform == "darwin" if template_icon is None else template_icon,
            parent=self,
        )
        self.display.news_seen.connect(self._on_news_seen)
        self.display.window_closed.connect(self.quit)
        self.clicks = self.display.clicks

    # -- what the tests and the platform code read -------------------------------------------------

    @property
    def state(self) -> TrayState:
        return self.model.state

    @property
    def view(self) -> CodexView | None:
        return self.model.view

    @property
    def codex_version(self) -> str | None:
        return self.model.codex_version

    @property
    def tray(self) -> QSystemTrayIcon | None:
        return self.display.tray

    @property
    def fallback(self) -> bool:
        return self.display.fallback

    @property
    def tooltip_text(self) -> str:
        return self.display.tooltip_text

    def poll(self, reason: PollReason = "timer") -> bool:
        return self.schedule.poll(reason)

    def network_changed(self) -> None:
        self.schedule.network_changed()

    def check_wake(self) -> None:
        self.schedule.check_wake()

    # -- start: the icon or the window ------------------------------------------------------------

    def start(self, *, show_panel: bool = False) -> None:
        self.windows.start()
        show_panel = self.display.start(self.paths, show_panel=show_panel)
        self.schedule.start()
        if show_panel:
            self.show_panel()

    # -- the answers ------------------------------------------------------------------------------

    def _on_poll_started(self) -> None:
        self.model = replace(self.model, state=self.state.with_checking(True))
        self.display.show()

    def _on_polled(self, answer: p.PollAnswer) -> None:
        self.model, notices = after_poll(self.model, answer)
        self._answered(answer, notices)
        self.reading_changed.emit()

    def _on_files(self, answer: p.FilesAnswer) -> None:
        self.model, notices, ask_quota = after_files(self.model, answer)
        self._answered(answer, notices)
        if ask_quota:
            self.schedule.quota_files_changed()
        self.files_changed.emit()

    def _answered(self, answer: p.PollAnswer | p.FilesAnswer, notices: list[Message]) -> None:
        """After the model took ``answer``: its notices sent, the new model shown."""
        for notice in notices:
            self.notices.append(notice)
            self.display.notify(notice)
            self.notified.emit(notice)
        if repair_result_outdated(answer):
            self.panel.clear_repair_result()
        self.display.show()

    def say_once(self, code: str, *values: str) -> None:
        """News for the panel, said until it has been seen (a tray.json mistake, …)."""
        self.model = self.model.with_news(code, *values)
        self.display.refresh_panel()

    def _on_latency(self, latency_ms: float) -> None:
        self.model = replace(self.model, latency_ms=latency_ms)
        self.display.refresh_panel()

    def _on_news_seen(self) -> None:
        self.model = self.model.seen()

    def _on_action_finished(self, name: str) -> None:
        self.display.refresh_panel()
        self.action_finished.emit(name)

    # -- the panel and the menu -------------------------------------------------------------------

    def show_panel(self) -> None:
        self.display.show_panel()

    def _connect_panel(self) -> None:
        panel = self.panel
        panel.refresh_requested.connect(self.refresh)
        panel.repair_requested.connect(self.diagnose)  # opens the panel first
        panel.setup_requested.connect(self.windows.open_setup)
        panel.quit_requested.connect(self.quit)

    # -- what the person asks for -----------------------------------------------------------------

    def refresh(self) -> None:
        decision = self.policy.manual()
        if decision.allowed:
            self.panel.show_action("")
            self.poll("manual")
            return
        text, expires_ms = wording.refresh_refusal(decision, self._wall())
        self.panel.show_action(text, expires_ms=expires_ms)
        self.action_finished.emit("refresh")

    def diagnose(self) -> None:
        if not self.panel.isVisible():
            self.show_panel()
        self.actions.diagnose()

    def quit(self) -> None:
        self.stop()
        QApplication.quit()

    def stop(self) -> None:
        self.worker.stop()
        self.schedule.stop()
        self.host_watch.stop()
        self.windows.stop()
        self.display.hide()
