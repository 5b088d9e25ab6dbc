"""When the tray asks its worker: one single-shot poll timer armed from the policy (no busy
timers), a slow wake check, the network-change signal, and a watcher on the Codex folder whose
changes are read once they settle. The decisions are app/core/tray/policy.py's; the answers go to
the controller as signals.

The network-change signal is heard only once a poll has failed for a network reason (offline, no
name server, nothing answering): Qt's network information backend (~3 MB resident, with GLib's
GIO on Linux) has nothing to tell a tray whose polls get through, and the timer and the wake
check cover the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from app.core.paths import AppPaths
from app.core.tray import protocol as p
from app.core.tray.jobs import ProxySource
from app.core.tray.model import TrayModel
from app.core.tray.policy import WAKE_CHECK_S, PollPolicy, PollReason
from app.core.tray.state import Reading
from app.ui.tray.worker_client import WorkerClient

if TYPE_CHECKING:
    from PySide6.QtNetwork import QNetworkInformation  # loaded only after a network failure

WATCH_SETTLE_MS = 300
CODEX_CHECK_S = 3600.0  # `codex --version` starts Node: at start, then at most hourly
# The failures after which "the network is back" is worth hearing (app/core/net/http.py's kinds):
# the computer is offline, or the way out (name server, proxy) failed. The wizard's "check your
# network" list (app/core/wizard/flow.py) also counts a TLS failure on every endpoint.
NETWORK_FAILURE_KINDS = frozenset({"offline", "dns", "timeout", "connect_refused", "proxy"})


def make_timer(
    parent: QObject, slot: Callable[[], object], ms: int = 0, *, single: bool = False
) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(single)
    if ms:
        timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer


class TraySchedule(QObject):
    poll_started = Signal()
    polled = Signal(object)  # a PollAnswer (a failure comes as an "error" reading)
    files_read = Signal(object)  # a FilesAnswer

    def __init__(
        self,
        paths: AppPaths,
        worker: WorkerClient,
        policy: PollPolicy,
        *,
        model: Callable[[], TrayModel],
        proxy_source: ProxySource,
        wall: Callable[[], float],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.worker = worker
        self.policy = policy
        self._model = model
        self._proxy_source = proxy_source
        self._wall = wall
        self._files_running = self._files_again = self._poll_again = False
        self._codex_checked_at = float("-inf")
        self.poll_timer = make_timer(self, lambda: self.poll("timer"), single=True)
        self.wake_timer = make_timer(self, self.check_wake, round(WAKE_CHECK_S * 1000))
        self.watch_settle = make_timer(self, self.reread_files, WATCH_SETTLE_MS, single=True)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _path: self.watch_settle.start())
        self.watcher.fileChanged.connect(lambda _path: self.watch_settle.start())
        self._network: QNetworkInformation | None = None

    def start(self) -> None:
        self._watch_folder()
        self.wake_timer.start()
        self.reread_files(first=True)
        self.poll("start")

    def stop(self) -> None:
        for timer in (self.poll_timer, self.wake_timer, self.watch_settle):
            timer.stop()
        # QNetworkInformation is one object for the whole application: a stopped tray must not
        # go on hearing it (and polling for a panel that is gone).
        if self._network is not None:
            self._network.reachabilityChanged.disconnect(self._reachability_changed)
            self._network = None

    def _watch_folder(self) -> None:
        folder = self.paths.codex_home
        # The folder, not the files: our writes and Codex's replace the files by rename, which
        # ends a watch on the file itself.
        target = folder if folder.is_dir() else folder.parent
        if target.is_dir() and str(target) not in self.watcher.directories():
            self.watcher.addPath(str(target))
        # And the files themselves: an editor or `>>` that writes in place changes no folder
        # entry. A rename ends such a watch; it is added again at each look.
        watched = self.watcher.files()
        for file in (self.paths.config_toml, self.paths.auth_json):
            if str(file) not in watched and file.is_file():
                self.watcher.addPath(str(file))

    @property
    def hears_network(self) -> bool:
        """True once the network-change signal is connected (after a network failure)."""
        return self._network is not None

    def listen_to_network(self) -> None:
        """Hear when the network comes back or changes (from then on; once is enough)."""
        if self._network is not None:
            return
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
        info.reachabilityChanged.connect(self._reachability_changed)

    def _reachability_changed(self, _reachability: object) -> None:
        self.network_changed()

    def _proxy_env(self) -> dict[str, str] | None:
        """Read now, for this request: a proxy tool started or quit since is seen at once."""
        proxies = self._proxy_source()
        return None if proxies is None else dict(proxies)

    # -- the quota --------------------------------------------------------------------------------

    def network_changed(self) -> None:
        self.policy.network_changed()
        self.poll("network")

    def check_wake(self) -> None:
        if self.policy.check_wake():
            self.poll("wake")

    def quota_files_changed(self) -> None:
        """Another key, endpoint or provider: ask for the quota at once (after the running
        request, whose answer may be old)."""
        if self.policy.in_flight:
            self._poll_again = True
            return
        self.network_changed()

    def poll(self, reason: PollReason = "timer") -> bool:
        """Ask for the quota now if the policy allows; True when a request started."""
        if not self.policy.begin(reason):
            self._arm()
            return False
        self.poll_timer.stop()
        self.poll_started.emit()
        # The keychain only for a person's Refresh, never in the background (see jobs.py).
        request = p.PollRequest(self._proxy_env(), self._wall(), keychain=reason == "manual")
        self.worker.run(request, self._on_polled, self._on_poll_failed, p.PollAnswer)
        return True

    def _arm(self) -> None:
        wait = self.policy.seconds_until_due()
        if wait is not None:
            self.poll_timer.start(max(1000, round(wait * 1000)))

    def _on_polled(self, answer: p.PollAnswer) -> None:
        reading = answer.reading
        if reading.status == "error" and reading.kind in NETWORK_FAILURE_KINDS:
            self.listen_to_network()
        self.policy.finished(reading.status != "error", reading.retry_after_s)
        self.polled.emit(answer)
        self._arm()
        if self._poll_again:
            self._poll_again = False
            self.quota_files_changed()

    def _on_poll_failed(self, failure: p.Failure) -> None:
        reading = Reading(self._wall(), "error", message=failure.message, kind=failure.code)
        self._on_polled(p.PollAnswer(reading, self._model().history))

    # -- the files --------------------------------------------------------------------------------

    def reread_files(self, first: bool = False) -> None:
        self._watch_folder()
        if self._files_running:
            self._files_again = True
            return
        self._files_running = True
        model = self._model()
        check_codex = first or self._wall() - self._codex_checked_at > CODEX_CHECK_S
        if check_codex:
            self._codex_checked_at = self._wall()
        request = p.FilesRequest(
            self._proxy_env(),
            model.offered,
            model.view.model if model.view is not None else None,
            history=first,
            codex_version=model.codex_version,
            check_codex=check_codex,
        )
        self.worker.run(request, self._on_files, lambda _f: self._files_done(), p.FilesAnswer)

    def _files_done(self) -> None:
        self._files_running = False
        if self._files_again:
            self._files_again = False
            self.watch_settle.start()

    def _on_files(self, answer: p.FilesAnswer) -> None:
        self._files_done()
        self.files_read.emit(answer)
