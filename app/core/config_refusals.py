"""Settings of the user's own that make the installed Codex refuse config.toml (or throw the key
away), found without running Codex, each with the line it is on and what repair would do.

Observed with Codex 0.169.0 and 0.171.0 (``codex features list`` loads the configuration and
prints the real reason; see codex-facts.md). Only the top level is checked for the plain settings:
``[profiles.*]`` are loaded only with ``codex -p``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from app.core import codex_config
from app.core.toml_lines import header_path as header_path  # re-exported for old imports
from app.core.toml_lines import line_of

# What repair does to the setting: "set" it to ``new_value`` (a provider table's wire_api, as
# Codex itself suggests), "remove" it, or "comment" it out (the text stays in the file).
FixKind = Literal["set", "remove", "comment"]


@dataclass(frozen=True)
class StoppingSetting:
    """One setting that stops Codex. ``table`` is the dotted path of the table holding ``key``
    (() for the top level); ``line`` is 1-based, 0 when it could not be located."""

    code: str
    table: tuple[str, ...]
    key: str
    value: str
    line: int
    message: str
    hint: str
    fix: FixKind
    new_value: str = ""

    @property
    def dotted(self) -> str:
        return ".".join((*self.table, self.key))


# Path-valued settings Codex reads when it loads the configuration: a missing file stops it
# ("No such file or directory (os error 2)", naming no setting). Relative paths are taken from
# the Codex home, "~" is the home folder.
PATH_SETTINGS: dict[str, str] = {
    "model_catalog_json": "the model catalogue file",
    "model_instructions_file": "the model instructions file",
    "experimental_compact_prompt_file": "the compaction prompt file",
}
# Values Codex no longer accepts: (setting, value) -> what Codex says.
REMOVED_VALUES: dict[tuple[str, str], str] = {
    ("approval_policy", "untrusted"): 'approval_policy = "untrusted" is no longer supported',
}
# Settings with a fixed set of values; anything else stops Codex ("unknown variant").
ALLOWED_VALUES: dict[str, frozenset[str]] = {
    "approval_policy": frozenset({"untrusted", "on-failure", "on-request", "granular", "never"}),
    "sandbox_mode": frozenset({"read-only", "workspace-write", "danger-full-access"}),
    "forced_login_method": frozenset({"chatgpt", "api"}),
}

COMMENT_NOTE = (
    "# tokenpool-setup repair: Codex refused to start with the next line; kept as a comment:"
)


def _where(line: int) -> str:
    return f" (line {line})" if line else ""


def _resolve(value: str, codex_home: Path, env: Mapping[str, str]) -> Path:
    if value == "~" or value.startswith(("~/", "~\\")):
        home = env.get("HOME") or env.get("USERPROFILE") or str(Path.home())
        return Path(home) / value[2:]
    path = Path(value)
    return path if path.is_absolute() else codex_home / path


def find_stopping_settings(
    doc: Any, text: str, codex_home: Path, env: Mapping[str, str]
) -> list[StoppingSetting]:
    """Every known setting in ``doc`` (parsed from ``text``, LF line ends) that stops Codex."""
    plain = codex_config.to_plain(doc)
    if not isinstance(plain, dict):
        return []
    return [
        *_wrong_wire_api(doc, text),
        *_forced_chatgpt_login(plain, text),
        *_values_codex_refuses(plain, text),
        *_missing_files(plain, text, codex_home, env),
    ]


def _wrong_wire_api(doc: Any, text: str) -> list[StoppingSetting]:
    found: list[StoppingSetting] = []
    # Any provider table, active or not, TokenPool's or not: Codex refuses the whole file.
    for pid, table in codex_config.provider_tables(doc).items():
        wire = codex_config.to_plain(table.get("wire_api"))
        if wire is not None and wire != "responses":
            line = line_of(text, ("model_providers", pid), "wire_api")
            found.append(
                StoppingSetting(
                    "wire_api_wrong",
                    ("model_providers", pid),
                    "wire_api",
                    str(wire),
                    line,
                    f'[model_providers.{pid}] has wire_api = "{wire}"{_where(line)}; today\'s '
                    'Codex only supports "responses" and refuses to start with this file, even '
                    "when another provider is the one in use.",
                    'Repair sets wire_api = "responses" there (as Codex itself advises) and '
                    "changes nothing else in that table.",
                    "set",
                    "responses",
                )
            )
    return found


def _forced_chatgpt_login(plain: dict[str, Any], text: str) -> list[StoppingSetting]:
    found: list[StoppingSetting] = []
    forced = plain.get("forced_login_method")
    if forced == "chatgpt":
        line = line_of(text, (), "forced_login_method")
        found.append(
            StoppingSetting(
                "forced_chatgpt_login",
                (),
                "forced_login_method",
                "chatgpt",
                line,
                f'config.toml has forced_login_method = "chatgpt"{_where(line)}: Codex then '
                'refuses an API key ("ChatGPT login is required … Logging out."), deletes '
                "auth.json and every later request fails.",
                "Repair removes that line (the backup keeps it).",
                "remove",
            )
        )
    return found


def _values_codex_refuses(plain: dict[str, Any], text: str) -> list[StoppingSetting]:
    found: list[StoppingSetting] = []
    for key, allowed in ALLOWED_VALUES.items():
        value = plain.get(key)
        if not isinstance(value, str):
            continue
        line = line_of(text, (), key)
        if (key, value) in REMOVED_VALUES:
            found.append(
                StoppingSetting(
                    "setting_no_longer_supported",
                    (),
                    key,
                    value,
                    line,
                    f'{key} = "{value}"{_where(line)}: {REMOVED_VALUES[(key, value)]} by '
                    "today's Codex, which refuses to start with it.",
                    "Repair turns that line into a comment (the text stays in the file); "
                    "Codex then uses its default.",
                    "comment",
                )
            )
        elif value not in allowed:
            found.append(
                StoppingSetting(
                    "setting_value_invalid",
                    (),
                    key,
                    value,
                    line,
                    f'{key} = "{value}"{_where(line)} is not a value Codex knows (it accepts '
                    f"{', '.join(sorted(allowed))}), so it refuses to start.",
                    "Repair turns that line into a comment (the text stays in the file); "
                    "Codex then uses its default.",
                    "comment",
                )
            )
    return found


def _missing_files(
    plain: dict[str, Any], text: str, codex_home: Path, env: Mapping[str, str]
) -> list[StoppingSetting]:
    found: list[StoppingSetting] = []
    for key, what in PATH_SETTINGS.items():
        value = plain.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        target = _resolve(value, codex_home, env)
        problem = ""
        if not target.exists():
            problem = "does not exist"
        elif not target.is_file():
            problem = "is not a file"
        elif key == "model_catalog_json":
            try:
                json.loads(target.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError):
                problem = "is not valid JSON"
        if not problem:
            continue
        line = line_of(text, (), key)
        found.append(
            StoppingSetting(
                "setting_file_missing"
                if problem != "is not valid JSON"
                else "setting_file_invalid",
                (),
                key,
                value,
                line,
                f"{key}{_where(line)} points at {what} {target}, which {problem}; Codex then "
                'refuses to start (it says only "No such file or directory" or similar, '
                "without naming the setting).",
                f"Put the file back at {target}, or let repair turn that line into a comment "
                "(the text stays in the file).",
                "comment",
            )
        )
    return found


def comment_out_lines(text: str, settings: list[StoppingSetting]) -> tuple[str, list[int]]:
    """Turn the single lines of ``settings`` (fix "comment") into comments, with a note above
    each; returns the new text and the 1-based lines commented (in the old text)."""
    lines = text.split("\n")
    targets = sorted({s.line for s in settings if s.fix == "comment" and s.line > 0}, reverse=True)
    done: list[int] = []
    for line in targets:
        original = lines[line - 1]
        if original.count('"""') or original.count("'''"):
            continue  # a multi-line value: left to the tomlkit edit (removal)
        lines[line - 1 : line] = [COMMENT_NOTE, f"# {original}"]
        done.append(line)
    return "\n".join(lines), sorted(done)


# In a provider table that is not TokenPool's, these decide who receives which key and where
# requests go: repair never changes them, even when Codex names one as the reason it stops.
ROUTING_FIELDS = frozenset(
    {
        "base_url",
        "env_key",
        "experimental_bearer_token",
        "requires_openai_auth",
        "http_headers",
        "env_http_headers",
        "query_params",
        "auth",
        "name",
    }
)


def rejected_setting_line(text: str, setting: str, tokenpool_id: str | None) -> int:
    """The line holding ``setting`` (a dotted name Codex gave as the reason it stops) if repair
    may turn it into a comment: one line whose removal still leaves valid TOML, and never a
    routing field of another provider's table. 0 otherwise."""
    parts = tuple(part.strip('"') for part in setting.split(".") if part)
    if not parts:
        return 0
    if (
        parts[0] == "model_providers"
        and len(parts) >= 3
        and parts[1] != tokenpool_id
        and parts[2] in ROUTING_FIELDS
    ):
        return 0
    line = line_of(text, parts[:-1], parts[-1])
    if not line:
        return 0
    commented, done = comment_out_lines(
        text,
        [
            StoppingSetting(
                "codex_config_rejected", parts[:-1], parts[-1], "", line, "", "", "comment"
            )
        ],
    )
    if not done:
        return 0
    try:
        codex_config.parse_config_text(commented)
    except Exception:  # a value over several lines: not a one-line fix
        return 0
    return line
