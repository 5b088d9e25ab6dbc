"""Fixtures of the wizard's tests (pytest-qt, offscreen): a wizard maker and the Chinese UI."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from app.core.paths import AppPaths, resolve_paths
from app.core.wizard.flow import catalogue_from_urls
from app.ui.wizard import SetupWizard
from tests.gui.wizard_steps import translated


@pytest.fixture
def no_codex_env(tmp_path: Path) -> dict[str, str]:
    """An environment in which no Codex CLI can be found (PATH without it, an empty HOME)."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join(["/usr/bin", "/bin"])
    env["HOME"] = str(tmp_path / "home")
    return env


@pytest.fixture
def make_wizard(qtbot, paths: AppPaths) -> Iterator[Callable[..., SetupWizard]]:  # type: ignore[no-untyped-def]
    """``make(urls, environment, app_paths=paths)``: a shown wizard over the endpoints ``urls``;
    its work is cancelled and waited for at the end of the test."""
    made: list[SetupWizard] = []

    def make(
        urls: list[str],
        environment: dict[str, str],
        app_paths: AppPaths | None = None,
    ) -> SetupWizard:
        wizard = SetupWizard(app_paths or paths, catalogue_from_urls(urls), environment=environment)
        qtbot.addWidget(wizard)
        wizard.show()
        made.append(wizard)
        return wizard

    yield make
    for wizard in made:
        wizard.runner.cancel()
        wizard.runner.wait(20_000)


@pytest.fixture
def codex_on_path(codex_bin: Path, codex_env: dict[str, str]) -> dict[str, str]:
    """An environment in which the wizard finds the pinned real Codex CLI (first on PATH)."""
    return dict(codex_env, PATH=os.pathsep.join([str(codex_bin.parent), codex_env.get("PATH", "")]))


@pytest.fixture
def codex_paths(codex_home: Path, tmp_path: Path) -> AppPaths:
    """The paths over the Codex folder that ``codex_on_path``'s Codex reads."""
    return resolve_paths(codex_home, tmp_path / "settings")


@pytest.fixture
def chinese(qtbot) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The zh_CN translation installed, as ``--lang zh_CN`` does; removed afterwards."""
    with translated("zh_CN"):
        yield
