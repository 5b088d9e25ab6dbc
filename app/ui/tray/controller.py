"""The tray companion's wiring: the icon, the panel, one single-shot poll timer (no busy timers),
a slow wake check, the network-change signal, a watcher on the Codex folder, and workers for
every network, keychain and disk job (app/ui/tasks.py). The decisions are app/core/tray's.
"""

from __future__ import annotations

import html
import json
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCursor, QGuiApplication, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from app.core.endpoints import CATALOGUE, Endpoint
from app.core.paths import AppPaths
from app.core.tray import AutostartToggle
from app.core.tray.history import History, Sample, forecast
from app.core.tray.jobs import ProxySource, environment_proxies
from app.core.tray.policy import DEFAULT_INTERVAL_S, WAKE_CHECK_S, PollPolicy
from app.core.tray.state import (
    DEFAULT_THRESHOLDS,
    Alerts,
    IconState,
    Message,
    Reading,
    TrayState,
    icon_state,
    tooltip,
)
from app.core.tray.watch import CodexView, codex_line, compare
from app.ui.tasks import TaskContext, TaskFailure, TaskRunner
from app.ui.tray.clicks import ClickRouter
from app.ui.tray.colours import colour_bar
from app.ui.tray.host_watch import HostWatch
from app.ui.tray.icon import make_icon, paint_icon
from app.ui.tray.notifier import Notifier
from app.ui.tray.overflow_hint import OverflowHint
from app.ui.tray.panel import TrayPanel
from app.ui.tray.platform_mac import ActivationPolicyKeeper, ReopenWatch

TRAY_WAIT_S = 10.0
_WORKER_TIMEOUT_MS = 90_000
_WATCH_SETTLE_MS = 300


@dataclass(frozen=True)
class PollOutcome:
    reading: Reading
    history: History


@dataclass(frozen=True)
class FilesOutcome:
    view: CodexView
    offered: tuple[str, ...]
    history: History | None = None


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
        self._proxy_source = proxy_source
        self._wall = wall
        self.policy = PollPolicy(interval_s=interval_s, clock=clock, wall=wall)
        self.state = TrayState()
        self.alerts = Alerts(thresholds=thresholds)
        self.history = History()
        self.view: CodexView | None = None
        self.offered: tuple[str, ...] = ()
        self.changes: tuple[Message, ...] = ()
        self.notices: list[Message] = []
        self.latency_ms: float | None = None
        self.catalogue = catalogue
        self.autostart = autostart
        self._tray_available = tray_available or QSystemTrayIcon.isSystemTrayAvailable
        self._template = sys.platform == "darwin" if template_icon is None else template_icon
        self._icons: dict[str, QIcon] = {}
        self._updated_at: float | None = None
        self._retest: Any = None
        self._diagnosis: Any = None
        self._wizard: QWidget | None = None
        self.fallback = False
        self.tray: QSystemTrayIcon | None = None

        self.runner = TaskRunner(self)
        self.panel = TrayPanel()
        self.panel.installEventFilter(self)
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
                self.view is not None and codex_line(self.view, self.offered) == "tokenpool"
            ),
            show_panel=self.show_panel,
            open_setup=self.open_setup,
            parent=self,
        )
        self.overflow_hint = OverflowHint(self.panel, paths, parent=self)

        self._poll_timer = QTimer(self)
        self._poll_timer.setSingleShot(True)
        self._poll_timer.timeout.connect(lambda: self.poll("timer"))
        self._wake_timer = QTimer(self)
        self._wake_timer.setInterval(round(WAKE_CHECK_S * 1000))
        self._wake_timer.timeout.connect(self.check_wake)
        self._label_timer = QTimer(self)  # only while the panel is open: "updated 3 min ago"
        self._label_timer.setInterval(30_000)
        self._label_timer.timeout.connect(self._refresh_panel)
        self._watch_settle = QTimer(self)
        self._watch_settle.setSingleShot(True)
        self._watch_settle.setInterval(_WATCH_SETTLE_MS)
        self._watch_settle.timeout.connect(self.reread_files)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _path: self._watch_settle.start())
        self.watcher.fileChanged.connect(lambda _path: self._watch_settle.start())
        self._network: Any = None
        self._files_running = False
        self._files_again = False
        self._processes: set[Any] = set()
        self.codex_version: str | None = None  # the Codex CLI seen last (its upgrade offers)
        self._codex_checked_at = float("-inf")
        self._stopped = False

    # -- start ------------------------------------------------------------------------------------

    def start(self, *, show_panel: bool = False) -> None:
        self._watch_folder()
        self._listen_to_network()
        self.dock.start()
        self.reopen.start()
        if self.host_watch.start() == "icon":
            self._make_tray()
            show_panel = self.overflow_hint.show_in_panel() or show_panel
        elif show_panel:
            self._fall_back()
        self._wake_timer.start()
        self.reread_files(first=True)
        self.poll("start")
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
            self._fall_back()
            if lost:
                self.panel.fallbackLabel.setText(html.escape(self.host_watch.lost_text()))
            self.show_panel()

    def _make_tray(self) -> None:
        if self.tray is not None:
            return
        self.tray = QSystemTrayIcon(self._icon(icon_state(self.state)), self)
        self.clicks.attach(self.tray)
        self.tray.show()
        self._update_icon()  # WORKAROUND: Windows shows an empty tooltip unless set after show()

    def _fall_back(self) -> None:
        """No system tray: the panel becomes a small normal window (closing it quits)."""
        if self.fallback:
            return
        self.fallback = True
        visible = self.panel.isVisible()
        self.panel.setWindowFlags(Qt.WindowType.Window)
        self.panel.show_fallback(_desktop(self.env))
        self._update_icon()  # the window's title says the amount
        if visible:
            self.panel.show()

    def _leave_fallback(self) -> None:
        self.fallback = False
        self.panel.fallbackLabel.hide()
        self.panel.hide()
        self.panel.setWindowFlags(_TOOL_FLAGS)
        self._update_icon()

    def _watch_folder(self) -> None:
        folder = self.paths.codex_home
        # The folder, not the files: our writes and Codex's replace the files by rename, which
        # ends a watch on the file itself.
        target = folder if folder.is_dir() else folder.parent
        if target.is_dir() and str(target) not in self.watcher.directories():
            self.watcher.addPath(str(target))

    def _listen_to_network(self) -> None:
        try:
            from PySide6.QtNetwork import QNetworkInformation
        except ImportError:
            return
        if not QNetworkInformation.loadDefaultBackend():
            return
        info = QNetworkInformation.instance()
        if info is None:
            return
        self._network = info
        info.reachabilityChanged.connect(lambda _r: self.network_changed())

    # -- the schedule -----------------------------------------------------------------------------

    def network_changed(self) -> None:
        self.policy.network_changed()
        self.poll("network")

    def check_wake(self) -> None:
        if self.policy.check_wake():
            self.poll("wake")

    def poll(self, reason: str = "timer") -> bool:
        """Ask for the quota now if the policy allows; True when a request started."""
        if not self.policy.begin(reason):  # type: ignore[arg-type]
            self._arm()
            return False
        self._poll_timer.stop()
        self.state = self.state.with_checking(True)
        self._show()
        request = {"job": "poll", "proxy_env": self._proxy_env(), "now": self._wall()}

        def done(answer: dict[str, Any]) -> None:
            reading = Reading.from_json(answer["reading"])
            self._on_polled(PollOutcome(reading, _history_from(answer.get("history") or {})))

        self._run_worker(request, done, self._on_poll_crashed)
        return True

    def _arm(self) -> None:
        wait = self.policy.seconds_until_due()
        if wait is None:
            return
        self._poll_timer.start(max(1000, round(wait * 1000)))

    def _on_polled(self, outcome: PollOutcome) -> None:
        reading = outcome.reading
        self.history = outcome.history
        self.policy.finished(reading.status != "error", reading.retry_after_s)
        self.state = self.state.with_reading(reading)
        if reading.has_amounts or reading.status in ("invalid_key", "expired"):
            self._updated_at = reading.at
        self.alerts, notices = self.alerts.update(reading)
        for notice in notices:
            self._notify(notice)
        self._show()
        self._arm()
        self.reading_changed.emit()

    def _on_poll_crashed(self, failure: TaskFailure) -> None:
        reading = Reading(self._wall(), "error", message=failure.text, kind=failure.code)
        self._on_polled(PollOutcome(reading, self.history))

    # -- the files --------------------------------------------------------------------------------

    def reread_files(self, first: bool = False) -> None:
        self._watch_folder()
        if self._files_running:
            self._files_again = True
            return
        self._files_running = True
        old = self.view
        request = {
            "job": "files",
            "proxy_env": self._proxy_env(),
            "offered": list(self.offered),
            "old_model": old.model if old is not None else None,
            "history": first,
            "codex_version": self.codex_version,
            # Running `codex --version` starts Node: at start, then at most hourly.
            "check_codex": first or self._wall() - self._codex_checked_at > 3600,
        }
        if request["check_codex"]:
            self._codex_checked_at = self._wall()

        def done(answer: dict[str, Any]) -> None:
            history = _history_from(answer["history"]) if answer.get("history") else None
            self._files_done()
            view = CodexView.from_json(answer["view"])
            if answer.get("codex_version"):
                self.codex_version = answer["codex_version"]
            self._on_files(FilesOutcome(view, tuple(answer.get("offered") or ()), history))

        def failed(_failure: TaskFailure) -> None:
            self._files_done()

        self._run_worker(request, done, failed)

    def _files_done(self) -> None:
        self._files_running = False
        if self._files_again:
            self._files_again = False
            self._watch_settle.start()

    def _proxy_env(self) -> dict[str, str] | None:
        """Read now, for this request: a proxy tool started or quit since is seen at once."""
        proxies = self._proxy_source()
        return None if proxies is None else dict(proxies)

    def _run_worker(
        self,
        request: dict[str, Any],
        on_done: Callable[[dict[str, Any]], None],
        on_failure: Callable[[TaskFailure], None],
    ) -> None:
        """One job in a short-lived child process (app/core/tray/worker.py): the network and
        file libraries never load into this resident process."""
        from PySide6.QtCore import QProcess, QProcessEnvironment

        from app.core.tray.worker import worker_command

        process = QProcess(self)
        environment = QProcessEnvironment()
        for name, value in self.env.items():
            environment.insert(name, value)
        process.setProcessEnvironment(environment)
        process.setStandardErrorFile(QProcess.nullDevice())
        program, *arguments = worker_command()
        process.setProgram(program)
        process.setArguments(arguments)
        finished = False

        def finish(answer: dict[str, Any]) -> None:
            nonlocal finished
            if finished:
                return
            finished = True
            watchdog.stop()
            self._processes.discard(process)
            process.deleteLater()
            if self._stopped:
                return
            if answer.get("ok"):
                on_done(answer)
            else:
                on_failure(
                    TaskFailure(
                        str(answer.get("message") or ""),
                        str(answer.get("hint") or ""),
                        str(answer.get("code") or "unexpected"),
                    )
                )

        def exited(_code: int, _status: QProcess.ExitStatus) -> None:
            output = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
            try:
                answer = json.loads(output)
            except ValueError:
                answer = {"ok": False, "message": "The background check stopped unexpectedly."}
            finish(answer if isinstance(answer, dict) else {"ok": False})

        def error(problem: QProcess.ProcessError) -> None:
            if problem == QProcess.ProcessError.FailedToStart:
                finish({"ok": False, "message": "The background check could not be started."})

        watchdog = QTimer(process)
        watchdog.setSingleShot(True)
        watchdog.timeout.connect(process.kill)
        process.finished.connect(exited)
        process.errorOccurred.connect(error)
        self._processes.add(process)
        process.start()
        process.write(json.dumps({**request, **self._paths_request()}).encode())
        process.closeWriteChannel()
        watchdog.start(_WORKER_TIMEOUT_MS)

    def _paths_request(self) -> dict[str, str]:
        return {
            "codex_home": str(self.paths.codex_home),
            "settings_dir": str(self.paths.settings_dir),
        }

    def _on_files(self, outcome: FilesOutcome) -> None:
        old = self.view
        self.view = outcome.view
        self.offered = outcome.offered
        if outcome.history is not None and not self.history.samples:
            self.history = outcome.history
        new_changes = compare(old, outcome.view, self.offered)
        if new_changes:
            self.changes = new_changes
        line = codex_line(outcome.view, self.offered)
        if line == "tokenpool":
            self.changes = ()
        what = " ".join(c.text for c in self.changes) or _line_words(line)
        if old is not None or line != "nothing":
            self.alerts, notices = self.alerts.codex_files(line == "tokenpool", what)
            for notice in notices:
                self._notify(notice)
        if old is not None and old.base_url != outcome.view.base_url:
            self.policy.network_changed()  # another endpoint: ask it at once
            self.poll("network")
        self._show()
        self.files_changed.emit()

    # -- showing ----------------------------------------------------------------------------------

    def _icon(self, state: IconState) -> QIcon:
        icon = self._icons.get(state.key)
        if icon is None:
            icon = make_icon(state, template=self._template)
            self._icons[state.key] = icon
        return icon

    def _update_icon(self) -> None:
        tip = tooltip(self.state)
        text = self.panel.tooltip_text(tip, self.state.stale)
        if self.state.last is None:
            text = self.tr("TokenPool: checking…")
        if self.tray is not None:
            self.tray.setIcon(self._icon(icon_state(self.state, self.alerts.thresholds[0])))
            self.tray.setToolTip(text)
        self.panel.setWindowTitle(text if self.fallback else self.tr("TokenPool quota"))
        self.tooltip_text = text

    def _show(self) -> None:
        self._update_icon()
        self._refresh_panel()

    def _refresh_panel(self) -> None:
        now = self._wall()
        self.panel.show_state(
            self.state,
            forecast(self.history, now),
            self.history.since(now - 14 * 86400),
            now,
            self._updated_at,
        )
        colour_bar(self.panel.quotaBar, icon_state(self.state, self.alerts.thresholds[0]))
        endpoint = (self.view.base_url if self.view else None) or (
            self.state.last.endpoint if self.state.last else ""
        )
        self.panel.show_endpoint(endpoint or "", self.latency_ms)
        if self.view is not None:
            line = codex_line(self.view, self.offered)
            self.panel.show_codex(line, self.changes, bool(self.view.fixable))

    def _notify(self, notice: Message) -> None:
        self.notices.append(notice)
        title, body = self._notice_words(notice)
        state = icon_state(self.state, self.alerts.thresholds[0])
        self.notifier.notify(
            notice.code,
            title,
            body,
            tray=self.tray,
            icon=self._icon(state),
            image=paint_icon(state, 64, 2.0).toImage(),
            panel_open=self.panel.isVisible() and not self.fallback,
        )
        self.notified.emit(notice)

    def _notice_words(self, notice: Message) -> tuple[str, str]:
        p = notice.params
        texts = {
            "key_refused": (
                self.tr("TokenPool refused the key"),
                self.tr(
                    "Codex cannot work until the key is fixed: open the panel and choose "
                    "Run setup again to paste your key."
                ),
            ),
            "expired": (
                self.tr("TokenPool key expired"),
                self.tr("Renew it in the TokenPool console."),
            ),
            "exhausted": (
                self.tr("No TokenPool quota left"),
                self.tr("Top up in the TokenPool console."),
            ),
            "low": (
                self.tr("TokenPool quota under %1 %").replace("%1", p.get("percent", "")),
                self.tr("%1 left").replace("%1", p.get("left", "")),
            ),
            "very_low": (
                self.tr("TokenPool quota under %1 %").replace("%1", p.get("percent", "")),
                self.tr("%1 left").replace("%1", p.get("left", "")),
            ),
            "codex_changed": (
                self.tr("Codex will not reach TokenPool"),
                " ".join(self.panel._change_text(c) for c in self.changes)
                or self.tr("Its files changed. Open the panel to repair them."),
            ),
        }
        return texts.get(notice.code, ("TokenPool", notice.text))

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
        if watched is self.panel and event.type() == QEvent.Type.Hide:
            self._label_timer.stop()
        if watched is self.panel and event.type() == QEvent.Type.Close and self.fallback:
            self.quit()
        return False

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        self.clicks.activated(reason)

    def _connect_panel(self) -> None:
        p = self.panel
        p.refresh_requested.connect(self.refresh)
        p.retest_requested.connect(self.retest)
        p.switch_requested.connect(self.switch)
        p.repair_requested.connect(self.diagnose)
        p.fix_requested.connect(self.repair)
        p.test_codex_requested.connect(self.test_codex)
        p.setup_requested.connect(self.open_setup)
        p.autostart_toggled.connect(self._set_autostart)
        p.quit_requested.connect(self.quit)

    def _build_menu(self) -> QMenu:
        menu = QMenu()
        menu.setObjectName("trayMenu")
        entries: list[tuple[str, Callable[[], None]]] = [
            (self.tr("Show &quota"), self.show_panel),
            (self.tr("&Refresh"), self.refresh),
            (self.tr("Retest &endpoints"), self.retest),
            (self.tr("Re&pair"), self.diagnose),
            (self.tr("&Test Codex"), self.test_codex),
            (self.tr("&Open setup"), self.open_setup),
        ]
        for text, slot in entries:
            action = QAction(text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)
        if self.autostart is not None:
            toggle = QAction(self.tr("Start at &login"), menu)
            toggle.setCheckable(True)
            toggle.setObjectName("autostartAction")
            menu.aboutToShow.connect(
                lambda: toggle.setChecked(self.autostart.is_enabled() if self.autostart else False)
            )
            toggle.toggled.connect(self._set_autostart)
            menu.addAction(toggle)
        menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), menu)
        quit_action.triggered.connect(self.quit)
        menu.addAction(quit_action)
        return menu

    def _set_autostart(self, enabled: bool) -> None:
        if self.autostart is None:
            return
        try:
            self.autostart.set_enabled(enabled)
        except Exception as exc:  # a platform refusal is shown, never a crash
            self.panel.show_action(
                self.tr("Start at login could not be changed: %1").replace("%1", str(exc))
            )
        self.panel.set_autostart(self.autostart.is_enabled())

    # -- actions ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        decision = self.policy.manual()
        if not decision.allowed:
            if decision.reason == "busy":
                self.panel.show_action(self.tr("Already checking…"))
            elif decision.reason == "rate_limited":
                until = time.strftime("%H:%M", time.localtime(self._wall() + decision.wait_s))
                self.panel.show_action(
                    self.tr("The gateway asked to wait: rate limited until %1.").replace(
                        "%1", until
                    )
                )
            else:
                self.panel.show_action(
                    self.tr("Checked a moment ago; try again in %1 s.").replace(
                        "%1", str(max(1, round(decision.wait_s)))
                    )
                )
            self.action_finished.emit("refresh")
            return
        self.panel.show_action("")
        self.poll("manual")

    def retest(self) -> None:
        if self.runner.busy("retest"):
            return
        self.panel.offer_switch(None)
        self.panel.show_action(self.tr("Testing the endpoints…"))
        self.panel.set_busy(self.panel.retestButton, True)
        paths, env, proxy_source = self.paths, self.env, self._proxy_source
        urls = [e.url for e in self.catalogue]

        def job(_context: TaskContext) -> Any:
            from app.core.tray.jobs import retest_endpoints

            return retest_endpoints(paths, catalogue_urls=urls, env=env, proxy_env=proxy_source())

        self.runner.start("retest", job, self._on_retested, self._on_action_failed("retest"))

    def _on_retested(self, outcome: Any) -> None:
        self._retest = outcome
        self.panel.set_busy(self.panel.retestButton, False)
        if outcome.current is not None and outcome.current.latency_ms is not None:
            self.latency_ms = outcome.current.latency_ms
        lines = []
        for result in outcome.results:
            host = _host(result.url)
            if result.ok and result.latency_ms is not None:
                lines.append(
                    html.escape(
                        self.tr("%1: %2 ms")
                        .replace("%1", host)
                        .replace("%2", str(round(result.latency_ms)))
                    )
                )
            elif result.error is not None:
                first = self.panel.failure_text(
                    Reading(0, "error", message=result.error.message, kind=result.error.kind)
                )
                lines.append(f"{html.escape(host)}: {first}")
        verdicts = {
            "switch_down": self.tr("The current endpoint does not answer."),
            "switch_faster": self.tr("Another endpoint is clearly faster."),
            "current_best": self.tr("The current endpoint is the best one."),
            "all_down": self.tr("No endpoint answers right now."),
            "no_key": self.tr("No API key was found for Codex."),
        }
        head = html.escape(verdicts.get(outcome.verdict, outcome.verdict))
        self.panel.show_action("<br>".join([f"<b>{head}</b>", *lines]), rich=True)
        if outcome.suggested is not None:
            label = self.tr("&Switch to %1").replace("%1", _host(outcome.suggested.url))
            self.panel.offer_switch(label)
        self._refresh_panel()
        self.action_finished.emit("retest")

    def switch(self) -> None:
        outcome = self._retest
        if outcome is None or outcome.suggested is None:
            return
        self.panel.offer_switch(None)
        paths, env, probe = self.paths, self.env, outcome.suggested

        def job(_context: TaskContext) -> Any:
            from app.core.tray.jobs import switch_endpoint

            return switch_endpoint(paths, probe, env)

        self.runner.start("switch", job, self._on_switched, self._on_action_failed("switch"))

    def _on_switched(self, outcome: Any) -> None:
        text = self.tr("Codex now uses %1.").replace("%1", outcome.base_url)
        if outcome.backup is not None:
            text += " " + self.tr("The old files are in the backup %1.").replace(
                "%1", str(outcome.backup)
            )
        self.panel.show_action(text)
        self.latency_ms = self._retest.suggested.latency_ms if self._retest else None
        self._retest = None
        self.reread_files()
        self.action_finished.emit("switch")

    def diagnose(self) -> None:
        if not self.panel.isVisible():
            self.show_panel()
        self.panel.offer_fix(False)
        self.panel.show_action(self.tr("Checking Codex's files and the gateway…"))
        paths, env = self.paths, self.env
        previous = self._previous_model()

        def job(_context: TaskContext) -> Any:
            from app.core.tray.jobs import diagnose

            return diagnose(paths, env=env, previous_model=previous)

        self.runner.start("diagnose", job, self._on_diagnosed, self._on_action_failed("diagnose"))

    def _previous_model(self) -> str | None:
        for change in self.changes:
            if change.code.startswith("model_changed"):
                return change.params.get("old")
        return None

    def _on_diagnosed(self, diagnosis: Any) -> None:
        from app.ui import messages

        self._diagnosis = diagnosis
        findings = [f for f in diagnosis.report.findings if f.severity != "info"]
        if not findings:
            self.panel.show_action(self.tr("No problems found."))
        else:
            muted = "#8b949e"
            items = [messages.rich_text(f.code, f.message, muted) for f in findings]
            head = html.escape(self.tr("Found:"))
            self.panel.show_action("<br>".join([f"<b>{head}</b>", *items]), rich=True)
        self.panel.offer_fix(diagnosis.fixable)
        self.action_finished.emit("diagnose")

    def repair(self) -> None:
        diagnosis = self._diagnosis
        if diagnosis is None:
            return
        self.panel.offer_fix(False)
        paths, env = self.paths, self.env

        def job(_context: TaskContext) -> Any:
            from app.core.tray.jobs import apply_repair

            return apply_repair(paths, diagnosis, env)

        self.runner.start("repair", job, self._on_repaired, self._on_action_failed("repair"))

    def _on_repaired(self, done: Any) -> None:
        text = self.tr("Repaired.")
        if done.backup is not None:
            text += " " + self.tr("The old files are in the backup %1.").replace(
                "%1", str(done.backup)
            )
        left = [f for f in done.after.findings if f.severity == "error"]
        if left:
            text += (
                "\n" + self.tr("Still to fix by hand:") + "\n" + "\n".join(f.message for f in left)
            )
        self.panel.show_action(text)
        self._diagnosis = None
        self.changes = ()
        self.reread_files()
        self.action_finished.emit("repair")

    def test_codex(self) -> None:
        self.panel.show_action(self.tr("Asking Codex for a short reply…"))
        self.panel.set_busy(self.panel.testCodexButton, True)
        paths, env = self.paths, self.env

        def job(_context: TaskContext) -> Any:
            from app.core.wizard_jobs import codex_test_job, find_codex

            codex = find_codex(env)
            if codex is None:
                return None
            return codex_test_job(codex, paths, env)

        self.runner.start("test", job, self._on_tested, self._on_action_failed("test"))

    def _on_tested(self, outcome: Any) -> None:
        self.panel.set_busy(self.panel.testCodexButton, False)
        if outcome is None:
            self.panel.show_action(self.tr("The Codex CLI was not found on this computer."))
        elif outcome.ok:
            self.panel.show_action(
                self.tr("Codex works. It replied: %1").replace("%1", outcome.reply)
            )
        else:
            self.panel.show_action(self.tr("Codex did not work:") + "\n" + outcome.message)
        self.action_finished.emit("test")

    def _on_action_failed(self, name: str) -> Callable[[TaskFailure], None]:
        def failed(failure: TaskFailure) -> None:
            from app.ui import messages

            self.panel.set_busy(self.panel.retestButton, False)
            self.panel.set_busy(self.panel.testCodexButton, False)
            self.panel.show_action(
                messages.rich_text(failure.code, failure.text, "#8b949e"), rich=True
            )
            self.action_finished.emit(name)

        return failed

    def open_setup(self) -> None:
        """The setup wizard, in this process."""
        if self._wizard is not None and self._wizard.isVisible():
            self._wizard.raise_()
            self._wizard.activateWindow()
            return
        from app.ui.wizard import SetupWizard

        wizard = SetupWizard(self.paths, self.catalogue, environment=self.env)
        wizard.finished.connect(lambda _result: self.reread_files())
        self._wizard = wizard
        self.dock.track(wizard)  # macOS: in the Dock and Cmd-Tab while it is open
        wizard.show()

    def quit(self) -> None:
        from PySide6.QtWidgets import QApplication

        self.stop()
        QApplication.quit()

    def stop(self) -> None:
        self._stopped = True
        for process in list(self._processes):
            process.kill()
            process.waitForFinished(5000)
        for timer in (
            self._poll_timer,
            self._wake_timer,
            self._label_timer,
            self._watch_settle,
        ):
            timer.stop()
        self.runner.cancel()
        self.host_watch.stop()
        self.reopen.stop()
        if self.tray is not None:
            self.tray.hide()
        self.panel.hide()


_TOOL_FLAGS = Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint


def _desktop(env: Mapping[str, str]) -> str:
    desktop = (env.get("XDG_CURRENT_DESKTOP") or "").lower()
    return "gnome" if "gnome" in desktop or "ubuntu" in desktop else desktop


def _line_words(line: str) -> str:
    return {
        "changed": "its files were changed by something else.",
        "broken": "its files are broken.",
        "nothing": "it is not set up.",
    }.get(line, "")


def _host(url: str) -> str:
    from app.core.net.http import host_of

    return host_of(url)


def _history_from(stored: Mapping[str, Any]) -> History:
    return History(
        tuple(Sample(at, left, total) for at, left, total in stored.get("samples", [])),
        str(stored.get("unit") or "USD"),
    )
