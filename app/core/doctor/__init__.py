"""Doctor: find every known way the Codex files can be wrong for TokenPool, in plain words.

- ``state``: the files, read and parsed once (``CodexFilesState``), and where a key is in them;
- ``rules``: what each rule judges, yielding ``Finding``s with a stable ``code``;
- ``codex_checks``: what the installed Codex says (its load error, ``codex doctor``);
- ``online``: the gateway, asked as Codex asks it;
- ``report``: ``run_doctor``, which returns the findings and the state it read.

``app.core.repair`` turns the fixable findings into one plan; the doctor runs again afterwards.
Everything importable from the old single module stays importable from here.
"""

from __future__ import annotations

from app.core.doctor.codex_checks import (
    codex_check_severity,
    codex_version_findings,
)
from app.core.doctor.report import DoctorReport, run_doctor
from app.core.doctor.rules import RULES, Rule, diagnose_files
from app.core.doctor.state import (
    KEY_PREFIXES,
    OTHER_PROGRAMS_TABLES,
    SECRET_FIELD_NAMES,
    CodexFilesState,
    exposed_backups,
    find_secret_locations,
    find_secrets,
    in_other_provider_table,
    is_tokenpool_table,
    key_in_broken_config,
    read_state,
    salvageable_key,
    tokenpool_provider_id,
)
from app.core.findings import CODEX_REFUSAL_CODES, SEVERITY_ORDER, Finding, Severity
from app.core.toml_lines import duplicate_headers, table_headers

__all__ = [
    "CODEX_REFUSAL_CODES",
    "KEY_PREFIXES",
    "OTHER_PROGRAMS_TABLES",
    "RULES",
    "SECRET_FIELD_NAMES",
    "SEVERITY_ORDER",
    "CodexFilesState",
    "DoctorReport",
    "Finding",
    "Rule",
    "Severity",
    "codex_check_severity",
    "codex_version_findings",
    "diagnose_files",
    "duplicate_headers",
    "exposed_backups",
    "find_secret_locations",
    "find_secrets",
    "in_other_provider_table",
    "is_tokenpool_table",
    "key_in_broken_config",
    "read_state",
    "run_doctor",
    "salvageable_key",
    "table_headers",
    "tokenpool_provider_id",
]
