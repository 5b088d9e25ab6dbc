"""The tray companion driven offscreen with pytest-qt against the gateway imitation and a temporary
Codex home: what the panel and tooltip say, notifications once per crossing, the schedule (fake
clocks), retest and switch, repair, the folder watcher, the proxy read afresh, no-tray fallback.
No timed assertions: every wait is ``qtbot.waitUntil`` with a generous limit."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from app.core.codex_config import CodexSettings
from app.core.endpoints import Endpoint
from app.core.paths import AppPaths
from app.core.plan import apply_plan, plan_configure
from app.ui.tray.controller import TrayController
from app.ui.tray.panel import TrayPanel
from tests.gateway import GOOD_KEY, GatewayImitation
from tests.support.codex_harness import run_codex_exec

pytestmark = pytest.mark.gui

WAIT_MS = 30_000
BAD_KEY = "sk-" + "z" * 48


class Clocks:
    def __init__(self) -> None:
        self.mono = 1000.0
        self.wall = 1_790_000_000.0

    def advance(self, seconds: float, *, asleep: bool = False) -> None:
        self.wall += seconds
        if not asleep:
            self.mono += seconds


def configure(paths: AppPaths, base_url: str, key: str = GOOD_KEY, model: str = "gpt-5.5") -> None:
    paths.codex_home.mkdir(parents=True, exist_ok=True, mode=0o700)
    apply_plan(plan_configure(paths, key, CodexSettings(base_url=base_url, model=model)))


@pytest.fixture
def no_codex_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join(["/usr/bin", "/bin"])
    return env


@pytest.fixture
def make_tray(
    qtbot: object, paths: AppPaths, no_codex_env: dict[str, str]
) -> Iterator[Callable[..., TrayController]]:
    made: list[TrayController] = []

    def make(
        *,
        catalogue: tuple[Endpoint, ...] = (),
        proxy_source: Callable[[], Mapping[str, str] | None] = dict,
        clocks: Clocks | None = None,
        tray_wait_s: float = 60.0,
        env: dict[str, str] | None = None,
        start: bool = True,
    ) -> TrayController:
        clocks = clocks or Clocks()
        controller = TrayController(
            paths,
            env=env or no_codex_env,
            proxy_source=proxy_source,
            clock=lambda: clocks.mono,
            wall=lambda: clocks.wall,
            catalogue=catalogue,
            tray_available=lambda: False,
            tray_wait_s=tray_wait_s,
        )
        made.append(controller)
        if start:
            controller.start(show_panel=True)
        return controller

    yield make
    for controller in made:
        controller.stop()
        controller.panel.close()
        controller.panel.deleteLater()


def wait_polled(qtbot: object, tray: TrayController, count: int = 1) -> None:
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: tray.state.last is not None and not tray.policy.in_flight and _polls(tray) >= count,
        timeout=WAIT_MS,
    )


def _polls(tray: TrayController) -> int:
    return getattr(tray, "_test_polls", 0)


@pytest.fixture(autouse=True)
def _count_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    original = TrayController._on_polled

    def counting(self: TrayController, outcome: object) -> None:
        self._test_polls = _polls(self) + 1  # type: ignore[attr-defined]
        original(self, outcome)  # type: ignore[arg-type]

    monkeypatch.setattr(TrayController, "_on_polled", counting)


# --------------------------------------------------------------------------- what a person sees


def test_panel_and_tooltip_show_the_quota(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    configure(paths, gateway.url + "/v1")
    gateway.quota.update(total=50.0, used=12.5)
    tray = make_tray()
    wait_polled(qtbot, tray)
    panel = tray.panel
    assert panel.objectName() == "trayPanel"
    assert panel.quotaLabel.text() == "$37.50 left of $50.00"
    assert panel.quotaBar.value() == 750
    assert "$12.50 used of $50.00" in panel.detailLabel.text()
    assert "updated just now" in panel.detailLabel.text()
    assert tray.tooltip_text == "TokenPool: $37.50 left of $50.00"
    qtbot.waitUntil(lambda: "set up for TokenPool" in panel.codexLabel.text())  # type: ignore[attr-defined]
    assert gateway.url in panel.endpointLabel.text()
    assert not panel.repairButton.isVisible()
    for name in ("refreshButton", "retestButton", "testCodexButton", "setupButton", "quitButton"):
        assert getattr(panel, name).accessibleName()
    # The key is nowhere a person can read.
    shown = " ".join(w.text() for w in (panel.quotaLabel, panel.detailLabel, panel.endpointLabel))
    assert GOOD_KEY not in shown + tray.tooltip_text


def test_key_refused_notifies_once_not_per_poll(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    configure(paths, gateway.url + "/v1", key=BAD_KEY)
    clocks = Clocks()
    tray = make_tray(clocks=clocks)
    wait_polled(qtbot, tray)
    for n in range(2, 5):
        clocks.advance(601)
        assert tray.poll("timer")
        wait_polled(qtbot, tray, n)
    assert [n.code for n in tray.notices] == ["key_refused"]
    assert tray.tooltip_text == "TokenPool: key refused"
    assert BAD_KEY not in tray.panel.reasonLabel.text()


def test_key_refused_notification_names_the_button_that_fixes_it(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    """A refused key is fixed by pasting it again in the setup, not by Repair (the panel shows
    no Repair button for it): the notification used to send the person looking for one."""
    from app.ui.tray import wording
    from app.ui.widgets import without_mnemonic

    configure(paths, gateway.url + "/v1", key=BAD_KEY)
    tray = make_tray()
    wait_polled(qtbot, tray)
    assert [n.code for n in tray.notices] == ["key_refused"]
    _title, body = wording.notice(tray.notices[0])
    assert not tray.panel.repairButton.isVisible()
    assert "repair" not in body.lower()
    # The button says "Run setup again" once the files were checked (a worker of its own, which
    # may finish after the poll on a busy machine).
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: without_mnemonic(tray.panel.setupButton.text()) in body, timeout=20_000
    )


def test_under_twenty_then_five_percent_each_once(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    configure(paths, gateway.url + "/v1")
    clocks = Clocks()
    gateway.quota.update(total=100.0, used=85.0)
    tray = make_tray(clocks=clocks)
    wait_polled(qtbot, tray)
    for n, used in enumerate((86.0, 97.0, 98.0), start=2):
        gateway.quota["used"] = used
        clocks.advance(601)
        tray.poll("timer")
        wait_polled(qtbot, tray, n)
    assert [n.code for n in tray.notices] == ["low", "very_low"]


# --------------------------------------------------------------------------- the schedule


def test_failures_back_off_and_the_timer_is_armed_accordingly(
    qtbot: object, make_tray: Callable[..., TrayController], paths: AppPaths
) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        configure(paths, f"http://127.0.0.1:{closed.getsockname()[1]}/v1")
        clocks = Clocks()
        tray = make_tray(clocks=clocks)
        wait_polled(qtbot, tray)
        assert tray.state.last is not None and tray.state.last.kind == "connect_refused"
        assert "refused the connection" in tray.panel.reasonLabel.text()
        assert tray.schedule.poll_timer.isActive()
        assert abs(tray.schedule.poll_timer.remainingTime() - 600_000) < 5_000
        clocks.advance(600)
        tray.poll("timer")
        wait_polled(qtbot, tray, 2)
        assert abs(tray.schedule.poll_timer.remainingTime() - 1_200_000) < 5_000
        # A manual refresh right after: at most once per 10 s, said in words.
        tray.refresh()
        assert "try again in" in tray.panel.actionLabel.text()


def test_rate_limit_shows_until_when(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    configure(paths, gateway.url + "/v1")
    gateway.quota_style = "newapi"
    gateway.status_override["/api/usage/token/"] = 429
    gateway.retry_after = "1800"
    tray = make_tray()
    wait_polled(qtbot, tray)
    assert "Rate limited until" in tray.panel.reasonLabel.text()
    assert abs(tray.schedule.poll_timer.remainingTime() - 1_800_000) < 5_000


def test_network_change_and_wake_ask_at_once(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    configure(paths, gateway.url + "/v1")
    clocks = Clocks()
    tray = make_tray(clocks=clocks)
    wait_polled(qtbot, tray)
    asked = len(gateway.requests_to("/v1/usage"))
    clocks.advance(30)
    tray.check_wake()
    assert not tray.policy.in_flight  # an ordinary half minute: nothing
    tray.network_changed()
    wait_polled(qtbot, tray, 2)
    clocks.advance(4 * 3600, asleep=True)
    tray.check_wake()
    wait_polled(qtbot, tray, 3)
    assert len(gateway.requests_to("/v1/usage")) == asked + 2


def test_proxy_is_read_afresh_no_restart_needed(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
    monkeypatch: pytest.MonkeyPatch,
    no_codex_env: dict[str, str],
) -> None:
    from tests.support.proxies import MADE_UP_HOSTS, RecordingProxy, TlsFront

    # The key only goes over https: a CONNECT proxy tunnels the made-up host to TLS in front of
    # the imitation (SSL_CERT_FILE names the test CA for the OS trust store OpenSSL reads).
    with (
        socket.socket() as closed,
        TlsFront(("127.0.0.1", gateway.port)) as front,
        RecordingProxy(("127.0.0.1", front.port)) as proxy,
    ):
        monkeypatch.setenv("SSL_CERT_FILE", str(front.ca_pem))
        no_codex_env["SSL_CERT_FILE"] = str(front.ca_pem)  # the tray's worker environment
        closed.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{closed.getsockname()[1]}"
        configure(paths, f"https://{MADE_UP_HOSTS[0]}/v1")
        proxies = {"HTTPS_PROXY": dead}
        clocks = Clocks()
        tray = make_tray(clocks=clocks, proxy_source=lambda: dict(proxies))
        wait_polled(qtbot, tray)
        assert tray.state.last is not None and tray.state.last.kind == "proxy"
        assert f"127.0.0.1:{closed.getsockname()[1]}" in tray.panel.reasonLabel.text()
        proxies["HTTPS_PROXY"] = proxy.url()  # the proxy tool now listens elsewhere
        clocks.advance(11)
        tray.refresh()
        wait_polled(qtbot, tray, 2)
        assert tray.state.last is not None and tray.state.last.status == "ok"
        assert tray.panel.quotaLabel.text() == "$12.34 left of $20.00"


# --------------------------------------------------------------------------- retest and switch


@pytest.mark.codex
def test_retest_offers_the_switch_and_codex_then_works(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    codex_bin: Path,
) -> None:
    with GatewayImitation() as down, GatewayImitation() as up:
        configure(paths, down.url + "/v1")
        extra = '\n# my own note\n[projects."/tmp/somewhere"]\ntrust_level = "trusted"\n'
        with paths.config_toml.open("a", encoding="utf-8") as f:
            f.write(extra)
        before = paths.config_toml.read_text(encoding="utf-8")
        down_url = down.url
        backups_before = len(list(paths.backups_dir.iterdir()))
        down.stop()  # the endpoint in use is down
        tray = make_tray(catalogue=(Endpoint(up.url, "Main", recommended=True),))
        wait_polled(qtbot, tray)
        with qtbot.waitSignal(tray.action_finished, timeout=WAIT_MS):  # type: ignore[attr-defined]
            tray.panel.retestButton.click()
        panel = tray.panel
        assert "does not answer" in panel.actionLabel.text()
        assert panel.switchButton.isVisible()
        with qtbot.waitSignal(tray.action_finished, timeout=WAIT_MS):  # type: ignore[attr-defined]
            panel.switchButton.click()
        after = paths.config_toml.read_text(encoding="utf-8")
        new_url = tray.view.base_url if tray.view else None
        qtbot.waitUntil(  # type: ignore[attr-defined]
            lambda: tray.view is not None and tray.view.base_url != down_url + "/v1",
            timeout=WAIT_MS,
        )
        new_url = tray.view.base_url if tray.view else None
        assert new_url is not None and new_url.startswith(up.url)
        assert after == before.replace(down_url + "/v1", new_url)  # nothing else changed
        assert len(list(paths.backups_dir.iterdir())) == backups_before + 1
        assert "backup" in panel.actionLabel.text()
        done = run_codex_exec(codex_bin, paths.codex_home, timeout=90)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "pong" in done.stdout
        assert up.requests_to("/v1/responses") or up.requests_to("/responses")


def test_retest_says_when_the_current_endpoint_is_best(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    configure(paths, gateway.url + "/v1")
    tray = make_tray(catalogue=(Endpoint(gateway.url + "/v1", "Main", recommended=True),))
    wait_polled(qtbot, tray)
    with qtbot.waitSignal(tray.action_finished, timeout=WAIT_MS):  # type: ignore[attr-defined]
        tray.actions.retest()
    assert "best one" in tray.panel.actionLabel.text()
    assert " ms" in tray.panel.actionLabel.text()
    assert not tray.panel.switchButton.isVisible()


# --------------------------------------------------------------------------- repair and watcher


def test_repair_from_the_panel_with_one_backup(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    configure(paths, gateway.url + "/v1")
    text = paths.config_toml.read_text(encoding="utf-8")
    table = text[text.index("[model_providers.") :].split("\n\n")[0]
    paths.config_toml.write_text(text + "\n" + table + "\n", encoding="utf-8")  # a repeated table
    backups_before = len(list(paths.backups_dir.iterdir()))
    tray = make_tray()
    panel = tray.panel
    qtbot.waitUntil(lambda: "broken" in panel.codexLabel.text(), timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert panel.repairButton.isVisible()
    with qtbot.waitSignal(tray.action_finished, timeout=WAIT_MS):  # type: ignore[attr-defined]
        panel.repairButton.click()
    assert panel.fixButton.isVisible()
    assert "twice" in panel.actionLabel.text()
    with qtbot.waitSignal(tray.action_finished, timeout=WAIT_MS):  # type: ignore[attr-defined]
        panel.fixButton.click()
    assert "Repaired" in panel.actionLabel.text()
    assert len(list(paths.backups_dir.iterdir())) == backups_before + 1
    qtbot.waitUntil(lambda: "set up for TokenPool" in panel.codexLabel.text(), timeout=WAIT_MS)  # type: ignore[attr-defined]


CODEX_MIGRATION = (
    'model = "gpt-6-sol"\nmodel_reasoning_effort = "medium"\n',
    '\n[notice.model_migrations]\n"gpt-5.5" = "gpt-6-sol"\n',
)


def test_watcher_sees_codex_move_itself_to_another_model_and_offers_the_fix(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    configure(paths, gateway.url + "/v1")
    tray = make_tray()
    wait_polled(qtbot, tray)
    qtbot.waitUntil(lambda: tray.view is not None, timeout=WAIT_MS)  # type: ignore[attr-defined]
    # What Codex writes when Enter accepts its upgrade prompt (codex-facts.md), replacing the
    # file by rename as it does.
    text = paths.config_toml.read_text(encoding="utf-8")
    text = text.replace('\nmodel = "gpt-5.5"\n', "\n" + CODEX_MIGRATION[0]) + CODEX_MIGRATION[1]
    temporary = paths.codex_home / "config.toml.tmp"
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, paths.config_toml)
    panel = tray.panel
    qtbot.waitUntil(lambda: bool(tray.notices), timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert [n.code for n in tray.notices] == ["codex_changed"]
    assert (
        "gpt-6-sol" in panel.changesLabel.text() and "does not offer" in panel.changesLabel.text()
    )
    assert "changed by something else" in panel.codexLabel.text()
    assert panel.repairButton.isVisible()
    with qtbot.waitSignal(tray.action_finished, timeout=WAIT_MS):  # type: ignore[attr-defined]
        panel.repairButton.click()
    assert panel.fixButton.isVisible()
    with qtbot.waitSignal(tray.action_finished, timeout=WAIT_MS):  # type: ignore[attr-defined]
        panel.fixButton.click()
    fixed = paths.config_toml.read_text(encoding="utf-8")
    assert 'model = "gpt-5.5"' in fixed
    assert '"gpt-5.5" = "gpt-6-sol"' in fixed  # Codex's own record kept: no prompt again
    qtbot.waitUntil(lambda: "set up for TokenPool" in panel.codexLabel.text(), timeout=WAIT_MS)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- no tray


def test_without_a_tray_the_panel_becomes_a_window(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    configure(paths, gateway.url + "/v1")
    tray = make_tray(tray_wait_s=0.5, start=False)
    tray.start(show_panel=False)  # started at login, hidden
    assert not tray.panel.isVisible()
    qtbot.waitUntil(lambda: tray.fallback and tray.panel.isVisible(), timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert tray.panel.windowType() == Qt.WindowType.Window
    assert "tray icon" in tray.panel.fallbackLabel.text()
    assert tray.tray is None
    wait_polled(qtbot, tray)
    assert tray.panel.quotaLabel.text() == "$12.34 left of $20.00"


@pytest.mark.codex
def test_codex_found_records_its_upgrade_offers_the_gateway_lacks(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
    codex_bin: Path,
    codex_env: dict[str, str],
) -> None:
    # The pinned Codex offers gpt-5.5 users gpt-6-sol; the imitation does not serve it.
    configure(paths, gateway.url + "/v1")
    before = paths.config_toml.read_text(encoding="utf-8")
    env = {**codex_env, "PATH": os.pathsep.join([str(codex_bin.parent), codex_env["PATH"]])}
    env["CODEX_HOME"] = str(paths.codex_home)
    tray = make_tray(env=env)
    qtbot.waitUntil(lambda: tray.codex_version is not None, timeout=60_000)  # type: ignore[attr-defined]
    after = paths.config_toml.read_text(encoding="utf-8")
    assert after.startswith(before)  # only added
    assert '[notice.model_migrations]\n"gpt-5.5" = "gpt-6-sol"' in after
    # Said once in the panel, in words: what, why, how to undo (with the backup).
    news = tray.panel.newsLabel.text()
    assert tray.panel.newsLabel.isVisible()
    for words in ("gpt-6-sol", "does not offer", "[notice.model_migrations]", "undo", "backups"):
        assert words in news, news
    qtbot.wait(1100)  # on screen long enough to be read
    tray.panel.hide()
    tray.show_panel()
    assert not tray.panel.newsLabel.isVisible()


# --------------------------------------------------------------------------- the icon, idle imports


def test_every_icon_state_paints_crisply_at_every_size() -> None:
    from PySide6.QtGui import QColor

    from app.ui.main import application
    from app.ui.tray.icon import COLOURS, RATIOS, SIZES, all_states, make_icon, paint_icon

    application()
    for state in all_states().values():
        for size in SIZES:
            for ratio in RATIOS:
                pixmap = paint_icon(state, size, ratio)
                assert pixmap.width() == round(size * ratio)  # its own pixel grid: no resampling
                assert pixmap.devicePixelRatio() == ratio
    states = all_states()

    def has(state_name: str, colour: QColor) -> bool:
        image = paint_icon(states[state_name], 32, 2.0).toImage()
        return any(
            image.pixelColor(x, y).rgb() == colour.rgb()
            for x in range(image.width())
            for y in range(image.height())
            if image.pixelColor(x, y).alpha() == 255
        )

    assert has("normal", COLOURS["normal"]) and not has("normal", COLOURS["low"])
    assert has("low", COLOURS["low"])
    assert has("refused", COLOURS["refused"]) and has("empty", COLOURS["empty"])
    assert not has("unknown", COLOURS["normal"]) and not has("stale", COLOURS["normal"])
    assert make_icon(states["low"], template=True).isMask()


def test_the_idle_tray_loads_no_network_or_keychain_library(
    paths: AppPaths, gateway: GatewayImitation, tmp_path: Path
) -> None:
    """After its first poll, and after each action a person can take (Retest, Repair and its
    fix, Test Codex, Refresh), the resident tray still has not imported httpx, ssl, keyring or
    tomlkit: that work runs in the worker process (bench/tray_idle.py measures the memory)."""
    import subprocess
    import sys

    configure(paths, gateway.url + "/v1")
    text = paths.config_toml.read_text(encoding="utf-8")
    table = text[text.index("[model_providers.") :].split("\n\n")[0]
    paths.config_toml.write_text(text + "\n" + table + "\n", encoding="utf-8")  # to repair
    script = tmp_path / "idle.py"
    script.write_text(
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from app.core.endpoints import Endpoint\n"
        "from app.core.paths import resolve_paths\n"
        "from app.ui.main import application\n"
        "from app.ui.tray.controller import TrayController\n"
        "app = application()\n"
        "tray = TrayController(resolve_paths(sys.argv[1], sys.argv[2]), proxy_source=dict,\n"
        "                      tray_available=lambda: False,\n"
        "                      catalogue=(Endpoint(sys.argv[3], 'Main', recommended=True),))\n"
        "steps = [tray.actions.retest, tray.diagnose, tray.actions.repair,\n"
        "         tray.actions.test_codex]\n"
        "def heavy():\n"
        "    return [m for m in ('httpx', 'ssl', 'keyring', 'tomlkit', 'truststore')\n"
        "            if m in sys.modules]\n"
        "def next_step(name='poll'):\n"
        "    print('AFTER', name, 'HEAVY', ','.join(heavy()) or '-', flush=True)\n"
        "    if not steps:\n"
        "        app.quit()\n"
        "        return\n"
        "    step = steps.pop(0)\n"
        "    step()\n"
        "    if step == tray.actions.repair and not tray.actions.worker.busy('repair'):\n"
        "        next_step('repair (nothing to fix)')\n"
        "tray.action_finished.connect(next_step)\n"
        "def check():\n"
        "    if tray.state.last is None or tray.view is None:\n"
        "        return\n"
        "    timer.stop()\n"
        "    print('LAST', tray.state.last.status, flush=True)\n"
        "    next_step()\n"
        "timer = QTimer(); timer.timeout.connect(check); timer.start(100)\n"
        "QTimer.singleShot(90000, app.quit)\n"
        "tray.start(show_panel=False)\n"
        "app.exec()\n"
        "tray.stop()\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            str(script),
            str(paths.codex_home),
            str(paths.settings_dir),
            gateway.url + "/v1",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    report = done.stdout + done.stderr[-2000:]
    assert "LAST " in done.stdout, report
    after = [line for line in done.stdout.splitlines() if line.startswith("AFTER")]
    assert [line.split()[1:2] for line in after] == [
        ["poll"],
        ["retest"],
        ["diagnose"],
        ["repair"],
        ["test"],
    ], report
    repaired = paths.config_toml.read_text(encoding="utf-8")
    assert repaired.splitlines().count(table.splitlines()[0]) == 1  # the repair really ran
    assert all(line.endswith("HEAVY -") for line in after), report


# --------------------------------------------------------------------------- placement, menu


def test_panel_is_placed_next_to_the_icon_inside_the_available_area(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    from PySide6.QtCore import QPointF, QRect
    from PySide6.QtGui import QGuiApplication

    configure(paths, gateway.url + "/v1")
    tray = make_tray(start=False)
    panel = tray.panel
    available = QGuiApplication.primaryScreen().availableGeometry()
    corner = QRect(available.right() - 20, available.bottom() - 20, 22, 22)  # a bottom taskbar
    panel.place_near(corner)
    frame = QRect(panel.pos(), panel.sizeHint())
    assert available.contains(frame), (frame, available)
    assert frame.bottom() < corner.top()  # opens above a bottom icon
    top = QRect(available.left() + 5, available.top(), 22, 22)  # a top bar
    panel.place_near(top)
    assert panel.pos().y() > top.bottom() and available.contains(
        QRect(panel.pos(), panel.sizeHint())
    )
    panel.place_near(QRect(), QPointF(available.center()))  # no icon geometry: the cursor
    assert available.contains(QRect(panel.pos(), panel.sizeHint()))


def test_context_menu_has_the_same_actions(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    from app.ui.widgets import without_mnemonic

    configure(paths, gateway.url + "/v1")
    tray = make_tray(start=False)
    texts = [without_mnemonic(a.text()) for a in tray.menu.actions() if a.text()]
    assert texts == [
        "Show quota",
        "Refresh",
        "Retest endpoints",
        "Repair",
        "Test Codex",
        "Run setup again",
        "Copy a report for support…",
        "About TokenPool Setup",
        "Quit",
    ]


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # offscreen platform
def test_the_menu_copies_a_report_for_support(
    qtbot,  # type: ignore[no-untyped-def]
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    """The report is made by a child process (nothing heavy loads into the tray), shown first."""
    from app.ui.support_report import SupportReportDialog
    from app.ui.widgets import without_mnemonic

    configure(paths, gateway.url + "/v1")
    tray = make_tray(start=False)
    action = next(
        a for a in tray.menu.actions() if without_mnemonic(a.text()).startswith("Copy a report")
    )
    action.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, SupportReportDialog)]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.waitUntil(lambda: bool(dialog.text), timeout=60_000)
    assert "## config.toml" in dialog.text and "(TokenPool)" in dialog.text
    dialog.close()


class FakeAutostart:
    """Stands in for trayinfra's start-at-login files (tested there for real)."""

    def __init__(self) -> None:
        self.enabled = False

    def is_enabled(self) -> bool:
        return self.enabled

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no stacking
def test_start_at_login_toggle_uses_the_given_autostart(
    qtbot: object, paths: AppPaths, no_codex_env: dict[str, str]
) -> None:
    autostart = FakeAutostart()
    tray = TrayController(
        paths, env=no_codex_env, autostart=autostart, tray_available=lambda: False
    )
    try:
        tray.show_panel()
        check = tray.panel.autostartCheck
        assert check.isVisible() and not check.isChecked()
        check.click()
        assert autostart.enabled and check.isChecked()
        assert any(a.objectName() == "autostartAction" for a in tray.menu.actions())
    finally:
        tray.stop()
        tray.panel.deleteLater()
    without = TrayController(paths, env=no_codex_env, tray_available=lambda: False)
    try:
        without.show_panel()
        assert not without.panel.autostartCheck.isVisible()
    finally:
        without.stop()
        without.panel.deleteLater()


def visible_panel() -> TrayPanel | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, TrayPanel) and widget.isVisible():
            return widget
    return None


def run_tray_and_ask(paths: AppPaths, look: Callable[[], None]) -> int:
    """Run the tray as at login (hidden); half a second in, another start asks for the panel,
    ``look`` runs right before and after that, and the tray quits."""
    from PySide6.QtCore import QObject, QTimer, Signal

    from app.ui.tray.launch import run_tray

    class Instance(QObject):
        message_received = Signal(str)

    instance = Instance()

    def ask() -> None:
        look()
        instance.message_received.emit("show-panel")
        look()
        QApplication.quit()

    QTimer.singleShot(500, ask)
    QTimer.singleShot(60_000, QApplication.quit)  # never hang the run
    try:
        return run_tray(show_panel=False, hidden=True, paths=paths, lang="en", instance=instance)
    finally:
        assert not QApplication.instance().quitOnLastWindowClosed()  # type: ignore[union-attr]
        QApplication.instance().setQuitOnLastWindowClosed(True)  # type: ignore[union-attr]


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no stacking
def test_run_tray_shows_the_panel_when_another_start_asks(
    qtbot: object, paths: AppPaths, gateway: GatewayImitation
) -> None:
    configure(paths, gateway.url + "/v1")
    seen: list[bool] = []
    assert run_tray_and_ask(paths, lambda: seen.append(visible_panel() is not None)) == 0
    assert seen == [False, True]


def test_worker_runs_through_the_apps_entry_point_as_the_packaged_app_does(paths: AppPaths) -> None:
    import json
    import subprocess
    import sys

    request = {
        "job": "files",
        "codex_home": str(paths.codex_home),
        "settings_dir": str(paths.settings_dir),
        "check_codex": False,
    }
    done = subprocess.run(
        [sys.executable, "-m", "app", "tray-worker"],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=60,
    )
    answer = json.loads(done.stdout)
    assert answer["ok"] and answer["view"]["verdict"] == "nothing"


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no stacking
def test_open_setup_opens_the_wizard_in_process(
    qtbot: object,
    make_tray: Callable[..., TrayController],
    paths: AppPaths,
    gateway: GatewayImitation,
) -> None:
    configure(paths, gateway.url + "/v1")
    tray = make_tray()
    qtbot.waitUntil(lambda: "Run setup again" in tray.panel.setupButton.text().replace("&", ""))  # type: ignore[attr-defined]
    assert click_opens_the_wizard(tray, tray.panel.setupButton)


def click_opens_the_wizard(tray: TrayController, button: QPushButton) -> bool:
    """Click ``button``; True when the setup wizard is then on screen (it is closed again)."""
    button.click()
    wizard = tray.windows.wizard
    try:
        return wizard is not None and wizard.isVisible() and wizard.objectName() == "setupWizard"
    finally:
        if wizard is not None:
            wizard.runner.cancel()  # type: ignore[attr-defined]
            wizard.runner.wait(10_000)  # type: ignore[attr-defined]
            wizard.close()
            wizard.deleteLater()
