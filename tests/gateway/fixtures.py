"""pytest fixtures for the gateway imitation and the pinned Codex CLI.

``tests/conftest.py`` does ``from tests.gateway.fixtures import *``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.core.codex_versions import CODEX_VERSIONS
from tests.gateway.server import GatewayImitation
from tests.support.codex_harness import (
    CODEX_VERSION,
    ENV_OVERRIDE,
    find_test_codex,
    isolated_codex_env,
)

__all__ = [
    "CodexRelease",
    "codex_bin",
    "codex_env",
    "codex_home",
    "each_codex",
    "gateway",
    "tls_gateway",
]


@dataclass(frozen=True)
class CodexRelease:
    version: str
    path: Path


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


def _tested_codex(version: str) -> Path:
    """A tested Codex CLI. Skipped when missing — except on CI, where it must be there."""
    found = find_test_codex(version)
    if found is None:
        override = f" or set {ENV_OVERRIDE} to a codex binary" if version == CODEX_VERSION else ""
        reason = (
            f"the tested Codex CLI {version} is not installed: run "
            "`python -m tests.support.codex_harness` "
            f"(npm install into .cache/codex-{version}){override}"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@pytest.fixture(scope="session")
def codex_bin() -> Path:
    """The pinned real Codex CLI (the first of CODEX_VERSIONS)."""
    return _tested_codex(CODEX_VERSION)


@pytest.fixture(scope="session", params=CODEX_VERSIONS, ids=[f"codex-{v}" for v in CODEX_VERSIONS])
def each_codex(request: pytest.FixtureRequest) -> CodexRelease:
    """Each tested Codex CLI in turn (pinned first, newest last). A Codex-facing test module
    overrides ``codex_bin`` with ``each_codex.path`` to run against all of them."""
    version = str(request.param)
    return CodexRelease(version, _tested_codex(version))


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
    127.0.0.1 (see ``tests.support.codex_harness.isolated_codex_env``).
    """
    with tempfile.TemporaryDirectory(prefix="codex-test-home-") as home:
        yield isolated_codex_env(codex_home, Path(home))
