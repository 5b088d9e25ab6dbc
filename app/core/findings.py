"""What the doctor finds, as plain data: the one shape every caller uses (the CLI, the wizard's
files verdict, the tray's view). No tomlkit, no Qt: the tray and the first window import it.

A finding's words: ``message`` is the core's English sentence (which table, which line), ``hint``
what to do; the UI words the ``code`` in the user's language (``app/ui/messages.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from app.core.defaults import DEFAULT_MODEL
from app.core.usertext import Message

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: Mapping[str, int] = {"error": 0, "warning": 1, "info": 2}

# Findings fixed by making files private (chmod), not by the plan's writes.
PERMISSION_CODES = frozenset({"auth_json_permissions", "backup_permissions"})

# Findings that mean "Codex refuses to load config.toml" (or stops on a setting in it).
CODEX_REFUSAL_CODES = frozenset(
    {
        "config_toml_invalid",
        "duplicate_table",
        "reserved_provider_id",
        "provider_name_missing",
        "provider_missing",
        "legacy_profile",
        "wire_api_wrong",
        "forced_chatgpt_login",
        "setting_no_longer_supported",
        "setting_value_invalid",
        "setting_file_missing",
        "setting_file_invalid",
        "codex_config_rejected",
    }
)

# Findings that leave Codex without a usable key when repair cannot put one back: the way
# forward is the setup (paste the key again).
NEEDS_KEY_CODES = frozenset(
    {"auth_json_missing", "api_key_missing", "auth_json_invalid", "key_incomplete", "key_rejected"}
)


@dataclass(frozen=True)
class Finding:
    """One thing the doctor found: a stable code, how bad it is, and the words for it."""

    code: str
    severity: Severity | str
    message: str
    fixable: bool = False
    hint: str = ""
    line: int | None = None  # the line of config.toml it is about, when known

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "fixable": self.fixable,
            "hint": self.hint,
        }
        if self.line:
            data["line"] = self.line
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Finding:
        line = data.get("line")
        return cls(
            str(data["code"]),
            str(data["severity"]),
            str(data.get("message") or ""),
            bool(data.get("fixable")),
            str(data.get("hint") or ""),
            int(line) if isinstance(line, int) and line > 0 else None,
        )


def by_severity(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then notes (stable within each)."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(str(f.severity), 3))


def way_forward(findings: Iterable[Finding]) -> Message | None:
    """What the person must do that repair cannot: with the key file gone (or no usable key in
    it, and none to salvage), paste the key again in the setup. The code ``run_setup_for_key`` is
    the UI's button; the text is the CLI's words."""
    for f in findings:
        if f.code in NEEDS_KEY_CODES and not f.fixable and f.severity == "error":
            return Message(
                "run_setup_for_key",
                "Codex has no usable API key and repair cannot put one back. Run setup again "
                "to paste your key: open TokenPool Setup, or run "
                "'tokenpool-setup configure --key-stdin'.",
                {"finding": f.code},
            )
    return None


def repair_model(offered: tuple[str, ...], previous: str | None) -> str | None:
    """The model repair sets when the chosen one is not offered: the one used before (when the
    tray saw another program change it), else our default, else the first offered."""
    if not offered:
        return None
    if previous and previous in offered:
        return previous
    return DEFAULT_MODEL if DEFAULT_MODEL in offered else offered[0]
