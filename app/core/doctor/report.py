"""The whole check-up: the files' rules, the installed Codex, and (online) the gateway."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.doctor.codex_checks import (
    codex_doctor_findings,
    codex_load_findings,
    codex_not_found,
    codex_version_findings,
    locate_codex,
    several_codex_findings,
)
from app.core.doctor.online import OnlineChecked, online_findings
from app.core.doctor.rules import diagnose_files
from app.core.doctor.state import CodexFilesState, read_state
from app.core.findings import Finding, by_severity
from app.core.installed_codex import InstalledCodex
from app.core.paths import AppPaths


@dataclass(frozen=True)
class DoctorReport:
    """Everything one check-up found (the files, the installed Codex and, online, the gateway),
    with what repair needs to act on it."""

    findings: tuple[Finding, ...]
    codex: InstalledCodex | None
    codex_home: str
    online: bool = False
    offered_models: tuple[str, ...] = ()
    working_base_url: str | None = None
    # Why the installed Codex refuses config.toml, in its own words (for repair), if it does.
    codex_load_error: Any = None
    # The files as the doctor read them (holds the key): callers use it instead of reading again.
    state: CodexFilesState | None = field(default=None, compare=False, repr=False)
    online_checked: OnlineChecked | None = None  # what the online part asked (online only)

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    @property
    def fixable(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.fixable)

    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "codex_home": self.codex_home,
            "codex": {"path": str(self.codex.path), "version": self.codex.version}
            if self.codex
            else None,
            "online": self.online,
            **(
                {"online_checked": {"base_url": checked.base_url, "answered": checked.answered}}
                if (checked := self.online_checked) is not None
                else {}
            ),
            "findings": [f.to_json() for f in self.findings],
        }


def run_doctor(
    paths: AppPaths,
    *,
    env: Mapping[str, str] | None = None,
    online: bool = False,
    codex_path: Path | None = None,
    find_codex: bool = True,
    run_codex_doctor: bool = True,
    client: Any = None,
    probe_timeout: float = 8.0,
) -> DoctorReport:
    """Diagnose the Codex files; optionally ask the installed Codex and the gateway too."""
    env = os.environ if env is None else env
    state = read_state(paths, env)
    findings = diagnose_files(state)
    codex = locate_codex(env, codex_path) if find_codex or codex_path else None
    if codex is None and (find_codex or codex_path):
        findings.append(codex_not_found())
    if codex is not None and find_codex:
        findings.extend(several_codex_findings(env, codex.path))
    findings.extend(codex_version_findings(codex))
    offered: tuple[str, ...] = ()
    working: str | None = None
    load_error = None
    checked: OnlineChecked | None = None
    if online:
        found_online, offered, working, checked = online_findings(state, client, probe_timeout)
        findings.extend(found_online)
    if codex is not None and run_codex_doctor and paths.codex_home.is_dir():
        # Codex's own doctor says only "invalid data" for a config it cannot load: the real
        # reason (which setting, which line) comes from our rules or from Codex's load error.
        load_findings, load_error = codex_load_findings(codex.path, state, findings, env)
        findings.extend(load_findings)
        findings.extend(codex_doctor_findings(codex.path, paths, env, online))
    return DoctorReport(
        tuple(by_severity(findings)),
        codex,
        str(paths.codex_home),
        online,
        offered,
        working,
        load_error,
        state,
        checked,
    )
