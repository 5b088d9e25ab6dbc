"""What the installed Codex says: where it is, which version, whether it loads config.toml, and
its own ``codex doctor`` checks, as the doctor's findings."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.core import codex_cli
from app.core.codex_install.which import codex_choice, several_codex_finding
from app.core.codex_versions import NEWEST_TESTED_CODEX_VERSION, newer_than_tested
from app.core.config_refusals import rejected_setting_line
from app.core.doctor.state import CodexFilesState
from app.core.findings import CODEX_REFUSAL_CODES, Finding, Severity
from app.core.installed_codex import InstalledCodex
from app.core.paths import AppPaths
from app.core.toml_lines import line_of


def codex_version_findings(codex: InstalledCodex | None) -> list[Finding]:
    """A note (not an error) when the installed Codex is newer than the newest version TokenPool
    Setup was tested with (``app/core/codex_versions.py``): most likely fine, but untested."""
    if codex is None or not newer_than_tested(codex.version):
        return []
    return [
        Finding(
            "codex_newer_than_tested",
            "info",
            f"The installed Codex is {codex.version}, newer than the newest version TokenPool "
            f"Setup was tested with ({NEWEST_TESTED_CODEX_VERSION}). It most likely works "
            "as before.",
            hint="If Codex misbehaves with these settings, look for a newer TokenPool Setup, or "
            "install the tested Codex: tokenpool-setup install-codex --version "
            f"{NEWEST_TESTED_CODEX_VERSION}",
        )
    ]


def locate_codex(env: Mapping[str, str], codex_path: Path | None) -> InstalledCodex | None:
    if codex_path is not None:
        return InstalledCodex(codex_path, codex_cli.codex_version(codex_path))
    return codex_cli.find_codex(env)


def several_codex_findings(env: Mapping[str, str], used: Path) -> list[Finding]:
    """Which Codex this app uses and which one a new terminal runs, when there are several."""
    said = several_codex_finding(codex_choice(env, used=used))
    return [Finding(said[0], "info", said[1], hint=said[2])] if said else []


def codex_load_findings(
    codex: Path, state: CodexFilesState, known: list[Finding], env: Mapping[str, str]
) -> tuple[list[Finding], Any]:
    """What the installed Codex itself says when it cannot load config.toml, unless a finding
    above already names the cause (Codex stops at the first problem; ours say which line and
    what to do)."""
    if state.config.state != "ok" or any(f.code in CODEX_REFUSAL_CODES for f in known):
        return [], None
    error = codex_cli.codex_config_load_error(codex, state.paths.codex_home, env=env)
    if error is None:
        return [], None
    if error.syntax:
        return [
            Finding(
                "config_toml_invalid",
                "error",
                f"Codex cannot read config.toml at line {error.line}, column {error.column}: "
                f"{error.message}",
                # tomlkit read the file, so repair's salvage has nothing to go on: by hand.
                hint="Fix that spot in a text editor; 'tokenpool-setup restore' brings back an "
                "earlier version.",
                line=error.line,
            )
        ], error
    line: int | None = None
    fixable = False
    if error.setting:
        parts = tuple(error.setting.split("."))
        line = line_of(state.text, parts[:-1], parts[-1]) or None
        fixable = bool(rejected_setting_line(state.text, error.setting, state.tokenpool_id))
    where = f" '{error.setting}'" if error.setting else ""
    at = f" (line {line})" if line else ""
    return [
        Finding(
            "codex_config_rejected",
            "error",
            f"The installed Codex refuses to start with this config.toml{where}{at}: "
            f"{error.message}",
            fixable=fixable,
            hint=(
                f"Repair turns line {line} into a comment (the text stays in the file); or change "
                "it in a text editor."
                if fixable
                else f"Change or remove line {line} of {state.paths.config_toml} in a text editor; "
                "'tokenpool-setup restore' brings back an earlier version."
                if line
                else f"Open {state.paths.config_toml} in a text editor and change the setting "
                "Codex names; 'tokenpool-setup restore' brings back an earlier version."
            ),
            line=line,
        )
    ], error


# Codex's own checks that say nothing about the setup: its update check warns whenever GitHub
# cannot be reached ("update configuration is locally consistent" comes with status warning).
_CODEX_CHECKS_NOT_ABOUT_THE_SETUP = ("updates.",)


_CODEX_STATUS_SEVERITY: dict[str, Severity] = {
    "fail": "error",
    "failed": "error",
    "error": "error",
    "warning": "warning",
    "warn": "warning",
}


def codex_check_severity(check_id: str, status: str) -> Severity | None:
    """A check of ``codex doctor`` as one of our findings: only its failures and warnings are
    findings ("ok", "info", "skipped"... are not); checks about Codex itself never are."""
    if check_id.startswith(_CODEX_CHECKS_NOT_ABOUT_THE_SETUP):
        return None
    return _CODEX_STATUS_SEVERITY.get(status.lower())


def codex_doctor_findings(
    codex: Path, paths: AppPaths, env: Mapping[str, str], online: bool
) -> list[Finding]:
    result = codex_cli.run_codex_doctor(codex, paths.codex_home, online=online, env=env)
    report = result.report
    if report is None:
        return []
    found = []
    for check in report.checks:
        severity = codex_check_severity(check.id, check.status)
        if severity is None:
            continue
        if not online and check.id.startswith("network."):
            continue
        found.append(
            Finding(
                "codex_check_failed",
                severity,
                f"Codex's own check '{check.id}' says: {check.summary}",
                hint=check.remediation or "",
            )
        )
    return found


def codex_not_found() -> Finding:
    """No Codex: name the ways to install it that need no npm (most people have none)."""
    return Finding(
        "codex_not_found",
        "warning",
        "The Codex CLI was not found on this computer, so there is nothing to use these "
        "settings yet.",
        hint="Install it with 'tokenpool-setup install-codex' (it works with or without npm), "
        'or open the setup and press "Install Codex for me".',
    )
