"""Shared fixtures. Every test gets a temp Codex home and a temp settings dir: never the user's."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.paths import AppPaths, resolve_paths
from tests.gateway.fixtures import *  # noqa: F403  (gateway, tls_gateway, codex_bin, codex_home)

GOOD_TEST_KEY = "sk-" + "Ab3dE5gH7j" * 4 + "K9mN1pQ3"  # 51 chars: the one-api/new-api format


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every path the app could touch at tmp_path, for every test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.setenv("CODEX_HOME", str(tmp_path / "default-codex-home"))
    monkeypatch.setenv("TOKENPOOL_SETUP_SETTINGS_DIR", str(tmp_path / "settings"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for name in ("CODEX_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    # Tests must never reach the internet: no proxy from the developer's shell leaks in.
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


@pytest.fixture(autouse=True)
def _no_detached_tray(monkeypatch: pytest.MonkeyPatch) -> None:
    """Finishing the wizard starts the tray as a detached process (app/ui/tray/opt_in.py): never
    from a test, where it would outlive the run. Tests that start one inject their own launcher."""
    from app.ui.tray import spawn

    monkeypatch.setattr(spawn, "spawn_detached", lambda command: None)


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    home = tmp_path / "codex"
    home.mkdir(mode=0o700)
    return resolve_paths(home, tmp_path / "settings")


@pytest.fixture
def good_key() -> str:
    return GOOD_TEST_KEY


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode())
    return path
