"""Filling a temp Codex home from the realistic broken fixtures (shared by doctor and repair
tests)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from app.core.doctor import DoctorReport, run_doctor
from app.core.paths import AppPaths
from tests.conftest import write

FIX = Path(__file__).parents[1] / "fixtures" / "broken"


def fixture_bytes(name: str) -> bytes:
    return (FIX / name).read_bytes()


def setup_home(
    paths: AppPaths,
    config: str | bytes | None = "good.toml",
    auth: str | bytes | None = "auth_good.json",
    *,
    auth_mode: int = 0o600,
) -> None:
    """Fill the Codex home: a fixture name (ending .toml/.json) or literal content; None: absent."""
    for target, value in ((paths.config_toml, config), (paths.auth_json, auth)):
        if value is None:
            continue
        if isinstance(value, str) and value.endswith((".toml", ".json")) and "\n" not in value:
            value = fixture_bytes(value)
        write(target, value)
    if auth is not None and sys.platform != "win32":
        paths.auth_json.chmod(auth_mode)


def diagnose(paths: AppPaths, env: Mapping[str, str] | None = None) -> DoctorReport:
    """The file checks only (no Codex, no network), with a given environment."""
    return run_doctor(paths, env=env or {}, find_codex=False, run_codex_doctor=False)
