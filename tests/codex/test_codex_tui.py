"""The interactive Codex (the TUI people use), driven in tmux with Enter, as a person would.

Its first start offers a model "upgrade" (Enter accepts). Where the gateway does not offer the
upgrade, ``configure`` records the prompt as seen, so Enter keeps a model that works; without
that record, Enter moves the person onto a model the gateway refuses, and ``doctor --online``
reports it and ``repair --online`` sets it back.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.cli import Console, run_cli
from tests.gateway import GOOD_KEY, GatewayImitation
from tests.gateway.fixtures import CodexRelease
from tests.support.codex_harness import isolated_codex_env

pytestmark = [pytest.mark.codex, pytest.mark.slow]


@pytest.fixture
def codex_bin(each_codex: CodexRelease) -> Path:
    """Every test here runs the TUI of each tested Codex version (CODEX_VERSIONS)."""
    return each_codex.path


@pytest.fixture
def tmux() -> str:
    if sys.platform != "linux":  # (a Mac may have tmux; the daemons' cleanup reads /proc)
        pytest.skip("the TUI is driven in tmux on Linux")
    found = shutil.which("tmux")
    if found is None:
        if os.environ.get("CI") and sys.platform == "linux":
            pytest.fail("tmux is missing on CI (packaging/bootstrap.py installs it)")
        pytest.skip("tmux is not installed (apt-get install tmux)")
    return found


@pytest.fixture
def offline_env(codex_home: Path, tmp_path: Path, codex_bin: Path) -> dict[str, str]:
    """Codex on PATH, a throwaway HOME, and every proxy pointing at a closed local port."""
    home = tmp_path / "tui-home"
    home.mkdir()
    env = isolated_codex_env(codex_home, home)
    env["PATH"] = f"{codex_bin.parent}{os.pathsep}{env.get('PATH', '')}"
    env["TERM"] = "xterm-256color"
    return env


def cli(
    args: list[str], env: dict[str, str], monkeypatch: pytest.MonkeyPatch, stdin: str = ""
) -> tuple[int, str]:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out, err = io.StringIO(), io.StringIO()
    code = run_cli(args, console=Console(out, err))
    return code, out.getvalue() + err.getvalue()


class Tui:
    def __init__(self, tmux: str, session: str) -> None:
        self.tmux, self.session = tmux, session

    def screen(self) -> str:
        done = subprocess.run(
            [self.tmux, "capture-pane", "-p", "-t", self.session],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        return done.stdout

    def keys(self, *keys: str) -> None:
        subprocess.run([self.tmux, "send-keys", "-t", self.session, *keys], check=True)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.3)
        raise AssertionError(f"timed out; the screen shows:\n{self.screen()}")


@pytest.fixture
def start_tui(
    tmux: str, codex_home: Path, tmp_path: Path, offline_env: dict[str, str]
) -> Iterator[Callable[[], Tui]]:
    sessions: list[str] = []
    work = tmp_path / "work"
    work.mkdir()

    def start() -> Tui:
        session = f"tp-{os.getpid()}-{len(sessions)}"
        env_args = [f"{k}={v}" for k, v in offline_env.items()]
        subprocess.run(
            [tmux, "new-session", "-d", "-s", session, "-x", "120", "-y", "40", "-c", str(work),
             "env", "-i", *env_args, "codex"],
            check=True,
        )  # fmt: skip
        sessions.append(session)
        return Tui(tmux, session)

    yield start
    for session in sessions:
        subprocess.run([tmux, "kill-session", "-t", session], check=False, capture_output=True)
    _kill_codex_daemons(codex_home)


def _kill_codex_daemons(codex_home: Path) -> None:
    """The TUI leaves `codex app-server daemon` processes running from $CODEX_HOME/packages."""
    marker = str(codex_home)
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline and "app-server" in cmdline:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(proc.name), signal.SIGKILL)


def ask_pong(tui: Tui, gateway: GatewayImitation) -> str:
    """Type a prompt and press Enter until Codex has sent it; return the model it asked for."""
    tui.wait_for(lambda s: "Ask Codex" in s or "›" in s, timeout=60)
    gateway.requests.clear()
    tui.keys("say pong")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not gateway.requests_to("/v1/responses", "POST"):
        tui.keys("Enter")  # the first Enter can land while the composer is still starting
        time.sleep(1.5)
    posts = gateway.requests_to("/v1/responses", "POST")
    assert posts, f"Codex sent nothing; the screen shows:\n{tui.screen()}"
    assert posts[-1].headers.get("authorization") == f"Bearer {GOOD_KEY}"
    return str(posts[-1].json_body["model"])


def test_enter_through_first_start_keeps_an_offered_model(
    gateway: GatewayImitation, codex_home: Path, offline_env: dict[str, str],
    start_tui: Callable[[], Tui], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    assert "gpt-6-sol" not in gateway.models
    code, out = cli(
        ["configure", "--codex-home", str(codex_home), "--endpoint", gateway.url,
         "--key-stdin", "--yes"],
        offline_env, monkeypatch, stdin=GOOD_KEY,
    )  # fmt: skip
    assert code == 0, out
    config = tomllib.loads((codex_home / "config.toml").read_text())
    assert config["notice"]["model_migrations"] == {"gpt-5.5": "gpt-6-sol"}
    tui = start_tui()
    model = ask_pong(tui, gateway)
    assert model == "gpt-5.5"
    assert model in gateway.models
    tui.wait_for(lambda s: "pong" in s.split("say pong", 1)[-1], timeout=30)


def test_without_the_record_enter_moves_to_an_unoffered_model_and_repair_sets_it_back(
    gateway: GatewayImitation, codex_home: Path, offline_env: dict[str, str],
    start_tui: Callable[[], Tui], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    # --offline writes what it was given and consults nobody: no migration record.
    code, out = cli(
        ["configure", "--codex-home", str(codex_home), "--endpoint", gateway.url + "/v1",
         "--key-stdin", "--yes", "--offline"],
        offline_env, monkeypatch, stdin=GOOD_KEY,
    )  # fmt: skip
    assert code == 0, out
    tui = start_tui()
    tui.wait_for(lambda s: "Try new model" in s or "Use existing model" in s, timeout=60)
    tui.keys("Enter")  # what a person does: accept the preselected "Try new model"
    model = ask_pong(tui, gateway)
    assert model not in gateway.models  # the gateway refuses it: the premise of this issue
    config = tomllib.loads((codex_home / "config.toml").read_text())
    assert config["model"] == model
    code, out = cli(
        ["doctor", "--online", "--codex-home", str(codex_home)], offline_env, monkeypatch
    )
    assert code == 1
    assert "model_not_offered" in out
    code, out = cli(
        ["repair", "--online", "--yes", "--codex-home", str(codex_home)], offline_env, monkeypatch
    )
    assert code == 0, out
    assert tomllib.loads((codex_home / "config.toml").read_text())["model"] == "gpt-5.5"
