"""What the person asks for in the panel or the menu: retest the endpoints (and switch), repair
(look, then fix), test Codex; and start at login. Each job runs in the worker process as the polls
do (WorkerClient), so httpx, keyring and tomlkit never load into the resident tray; the results
are shown in the panel in words (app/ui/tray/wording.py).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal

from app.core.endpoints import Endpoint
from app.core.tray import AutostartToggle
from app.core.tray import protocol as p
from app.core.tray.jobs import ProxySource
from app.core.tray.state import Reading
from app.ui import messages
from app.ui.tray import wording
from app.ui.tray.panel import TrayPanel, muted_colour
from app.ui.tray.worker_client import WorkerClient


class TrayActions(QObject):
    finished = Signal(str)  # "retest", "switch", "diagnose", "repair", "test"
    files_written = Signal()  # the files changed: read them again
    latency_measured = Signal(float)  # the endpoint Codex uses answered in this many ms

    def __init__(
        self,
        panel: TrayPanel,
        worker: WorkerClient,
        *,
        catalogue: Sequence[Endpoint],
        proxy_source: ProxySource,
        previous_model: Callable[[], str | None],
        autostart: AutostartToggle | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.panel = panel
        self.worker = worker
        self.autostart = autostart
        self.catalogue = tuple(catalogue)
        self._proxy_source = proxy_source
        self._previous_model = previous_model
        self._suggested: p.ProbeLine | None = None
        self._diagnosed = False
        panel.retest_requested.connect(self.retest)
        panel.switch_requested.connect(self.switch)
        panel.fix_requested.connect(self.repair)
        panel.test_codex_requested.connect(self.test_codex)
        panel.autostart_toggled.connect(self.set_autostart)
        panel.set_autostart(autostart.is_enabled() if autostart is not None else None)

    def _proxy_env(self) -> dict[str, str] | None:
        proxies = self._proxy_source()
        return None if proxies is None else dict(proxies)

    def _failed(self, name: str) -> Callable[[p.Failure], None]:
        def failed(failure: p.Failure) -> None:
            self.panel.set_busy(self.panel.retestButton, False)
            self.panel.set_busy(self.panel.testCodexButton, False)
            text = messages.rich_text(failure.code, failure.message, muted_colour(self.panel))
            self.panel.show_action(text, rich=True)
            self.finished.emit(name)

        return failed

    # -- retest and switch ------------------------------------------------------------------------

    def retest(self) -> None:
        if self.worker.busy("retest"):
            return
        self.panel.offer_switch(None)
        self.panel.show_action(wording.action("retesting"))
        self.panel.set_busy(self.panel.retestButton, True)
        request = p.RetestRequest(self._proxy_env(), tuple(e.url for e in self.catalogue))
        self.worker.run(request, self._on_retested, self._failed("retest"), p.RetestAnswer)

    def _on_retested(self, answer: p.RetestAnswer) -> None:
        self.panel.set_busy(self.panel.retestButton, False)
        if answer.current is not None and answer.current.latency_ms is not None:
            self.latency_measured.emit(answer.current.latency_ms)
        lines = []
        for result in answer.results:
            host = host_of(result.url)
            if result.ok and result.latency_ms is not None:
                ms = str(round(result.latency_ms))
                lines.append(html.escape(wording.action("latency", host, ms)))
            elif result.error_kind is not None:
                reading = Reading(0, "error", message=result.error_message, kind=result.error_kind)
                lines.append(f"{html.escape(host)}: {self.panel.failure_text(reading)}")
        head = html.escape(wording.retest_verdict(answer.verdict))
        self.panel.show_action("<br>".join([f"<b>{head}</b>", *lines]), rich=True)
        self._suggested = answer.suggested
        if answer.suggested is not None:
            self.panel.offer_switch(wording.action("switch_to", host_of(answer.suggested.url)))
        self.finished.emit("retest")

    def switch(self) -> None:
        suggested = self._suggested
        if suggested is None or self.worker.busy("switch"):
            return
        self.panel.offer_switch(None)
        request = p.SwitchRequest(suggested.url, suggested.base_url_to_write)
        self.worker.run(request, self._on_switched, self._failed("switch"), p.SwitchAnswer)

    def _on_switched(self, answer: p.SwitchAnswer) -> None:
        text = wording.action("switched", answer.base_url)
        if answer.backup is not None:
            text += " " + wording.action("backup", answer.backup)
        self.panel.show_action(text)
        if self._suggested is not None and self._suggested.latency_ms is not None:
            self.latency_measured.emit(self._suggested.latency_ms)
        self._suggested = None
        self.files_written.emit()
        self.finished.emit("switch")

    # -- repair -----------------------------------------------------------------------------------

    def diagnose(self) -> None:
        if self.worker.busy("diagnose") or self.worker.busy("repair"):
            return
        self.panel.offer_fix(False)
        self.panel.show_action(wording.action("diagnosing"))
        request = p.DiagnoseRequest(self._previous_model())
        self.worker.run(request, self._on_diagnosed, self._failed("diagnose"), p.DiagnoseAnswer)

    def _on_diagnosed(self, answer: p.DiagnoseAnswer) -> None:
        findings = [f for f in answer.findings if f.severity != "info"]
        if not findings:
            self.panel.show_action(wording.action("no_problems"))
        else:
            muted = muted_colour(self.panel)  # 4.5:1 on the panel
            items = [
                messages.rich_text(f.code, f.message, muted, fixable=f.fixable) for f in findings
            ]
            head = html.escape(wording.action("found"))
            self.panel.show_action("<br>".join([f"<b>{head}</b>", *items]), rich=True)
        self._diagnosed = answer.fixable
        self.panel.offer_fix(answer.fixable)
        self.finished.emit("diagnose")

    def repair(self) -> None:
        if not self._diagnosed or self.worker.busy("repair"):
            return
        self._diagnosed = False
        self.panel.offer_fix(False)
        request = p.RepairRequest(self._previous_model())
        self.worker.run(request, self._on_repaired, self._failed("repair"), p.RepairAnswer)

    def _on_repaired(self, answer: p.RepairAnswer) -> None:
        text = wording.action("repaired")
        if answer.backup is not None:
            text += " " + wording.action("backup", answer.backup)
        lines = [html.escape(text)]
        if answer.left:  # in the person's language, the core's English behind "details"
            muted = muted_colour(self.panel)
            lines.append(html.escape(wording.action("left_to_fix")))
            lines += [
                messages.rich_text(f.code, f.message, muted, fixable=False) for f in answer.left
            ]
        self.panel.show_action("<br>".join(lines), rich=True, result_of_repair=True)
        self.files_written.emit()
        self.finished.emit("repair")

    # -- Codex ------------------------------------------------------------------------------------

    def test_codex(self) -> None:
        if self.worker.busy("test_codex"):
            return
        self.panel.show_action(wording.action("testing_codex"))
        self.panel.set_busy(self.panel.testCodexButton, True)
        request = p.TestCodexRequest()
        self.worker.run(request, self._on_tested, self._failed("test"), p.TestCodexAnswer)

    def _on_tested(self, answer: p.TestCodexAnswer) -> None:
        self.panel.set_busy(self.panel.testCodexButton, False)
        if not answer.found:
            self.panel.show_action(wording.action("no_codex"))
        elif answer.ok:
            self.panel.show_action(wording.action("codex_works", answer.reply))
        else:
            self.panel.show_action(wording.action("codex_failed") + "\n" + answer.message)
        self.finished.emit("test")

    # -- start at login ---------------------------------------------------------------------------

    def set_autostart(self, enabled: bool) -> None:
        """A platform's refusal is said in the panel, never a crash."""
        if self.autostart is None:
            return
        try:
            self.autostart.set_enabled(enabled)
        except Exception as exc:
            self.panel.show_action(wording.action("autostart_failed", str(exc)))
        self.panel.set_autostart(self.autostart.is_enabled())


def host_of(url: str) -> str:
    """As app.core.net.http.host_of (not imported: that module loads ssl)."""
    try:
        return urlsplit(url).netloc.rpartition("@")[2] or url
    except ValueError:
        return url
