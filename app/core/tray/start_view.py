"""What a double-click opens: the tray's panel once Codex is set up for TokenPool, else the wizard.

Runs before the first window, so it is cheap where it can be: with either Codex file missing, or
a config.toml that never mentions TokenPool, the answer is the wizard at once, without loading the
TOML parser. Otherwise the offline doctor reads the files (no network, no Codex run) and the one
files verdict (app/core/files_verdict.py) decides. No Qt here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from app.core.paths import AppPaths

StartView = Literal["panel", "wizard"]


@dataclass(frozen=True)
class StartChoice:
    """Which window a start without arguments opens, and why."""

    view: StartView
    # Why, as a stable code: "files_missing", "not_tokenpool", "problems" (the doctor's error
    # codes in ``codes``), or "set_up".
    reason: str
    codes: tuple[str, ...] = ()


def choose_start_view(paths: AppPaths, env: Mapping[str, str] | None = None) -> StartChoice:
    """The panel when the Codex files are set up for TokenPool with no error finding; the wizard
    for missing, broken or someone else's files (its Welcome page explains which)."""
    if not paths.config_toml.is_file() or not paths.auth_json.is_file():
        return StartChoice("wizard", "files_missing")
    from app.core import endpoints

    # Someone else's config (the usual case before the first setup) names neither TokenPool nor
    # its API hosts anywhere: no need to load the TOML parser to know that.
    try:
        text = paths.config_toml.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return StartChoice("wizard", "problems", ("config_toml_unreadable",))
    if "TokenPool" not in text and not any(
        host in text.lower() for host in endpoints.TOKENPOOL_API_HOSTS
    ):
        return StartChoice("wizard", "not_tokenpool")
    from app.core.doctor import diagnose_files, read_state
    from app.core.files_verdict import files_summary

    state = read_state(paths, env)
    findings = diagnose_files(state)
    errors = tuple(f.code for f in findings if f.severity == "error")
    if "other_provider_active" in errors:  # another relay's setup: the path is configure
        return StartChoice("wizard", "not_tokenpool", errors)
    if errors:
        return StartChoice("wizard", "problems", errors)
    if files_summary(paths, findings, state).verdict != "tokenpool":
        return StartChoice("wizard", "not_tokenpool")
    return StartChoice("panel", "set_up")
