"""pytest fixtures for the gateway imitation and the pinned Codex CLI.

``tests/conftest.py`` does ``from tests.gateway.fixtures import *``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.codex_harness import CODEX_VERSION, ENV_OVERRIDE, find_test_codex, isolated_codex_env
from tests.gateway.server import GatewayImitation

__all__ = ["codex_bin", "codex_env", "codex_home", "gateway", "tls_gateway"]


@pytest.fixture
def gateway() -> Iterator[GatewayImitation]:
    """A fresh plain-HTTP gateway imitation for one test."""
    with GatewayImitation(tls=False) as running:
        yield running


@pytest.fixture
def tls_gateway() -> Iterator[GatewayImitation]:
    """An HTTPS gateway imitation; trust ``tls_gateway.ca_pem`` to talk to it."""
    with GatewayImitation(tls=True) as running:
        yield running


@pytest.fixture(scope="session")
def codex_bin() -> Path:
    """The pinned real Codex CLI. Skipped when missing — except on CI, where it must be there."""
    found = find_test_codex()
    if found is None:
        reason = (
            f"the pinned Codex CLI {CODEX_VERSION} is not installed: run "
            f"`python -m tests.codex_harness` (npm install into .cache/codex-{CODEX_VERSION}) "
            f"or set {ENV_OVERRIDE} to a codex binary"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@pytest.fixture
def codex_home(tmp_path: Path) -> Path:
    """An empty Codex home (mode 0700) for one test."""
    home = tmp_path / "codex-home"
    home.mkdir(mode=0o700)
    home.chmod(0o700)  # mkdir's mode is filtered by the umask
    return home


@pytest.fixture
def codex_env(codex_home: Path) -> Iterator[dict[str, str]]:
    """The environment to pass as ``env=`` to ``app.core.codex_cli`` functions in tests.

    A throwaway HOME, no API keys from the developer's environment, and nothing leaving
    127.0.0.1 (see ``tests.codex_harness.isolated_codex_env``).
    """
    with tempfile.TemporaryDirectory(prefix="codex-test-home-") as home:
        yield isolated_codex_env(codex_home, Path(home))
