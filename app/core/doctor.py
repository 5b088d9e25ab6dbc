"""Doctor: find every known way the Codex files can be wrong for TokenPool, in plain words.

Each rule looks at a ``CodexFilesState`` (what was read, parsed once) and yields ``Finding``s with a
stable ``code``. ``plan_repair`` turns the fixable ones into one ``Plan`` (one backup, atomic
writes); the doctor runs again afterwards to show what is left.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tomlkit.toml_document import TOMLDocument

from app.core import auth_file, codex_config, endpoints, keys
from app.core.config_refusals import (
    find_stopping_settings,
    header_path,
    line_of,
    rejected_setting_line,
)
from app.core.defaults import DEFAULT_MODEL
from app.core.errors import ConfigParseError
from app.core.fileio import FileSnapshot, read_snapshot
from app.core.paths import AppPaths

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
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


@dataclass(frozen=True)
class CodexFilesState:
    """Everything the rules need, read once. Holds the key: never printed."""

    paths: AppPaths
    config: FileSnapshot
    auth: FileSnapshot
    doc: TOMLDocument | None = field(repr=False)  # may hold a key pasted into config.toml
    parse_error: ConfigParseError | None
    auth_state: auth_file.AuthState
    env: Mapping[str, str] = field(repr=False)

    @property
    def provider_id(self) -> str:
        if self.doc is None:
            return ""
        value = codex_config.to_plain(self.doc.get("model_provider"))
        return value if isinstance(value, str) else ""

    @property
    def provider(self) -> dict[str, Any] | None:
        if self.doc is None:
            return None
        table = codex_config.provider_tables(self.doc).get(self.provider_id)
        return codex_config.to_plain(table) if table is not None else None

    @property
    def tokenpool_id(self) -> str | None:
        """The id of TokenPool's provider table (see :func:`tokenpool_provider_id`)."""
        return tokenpool_provider_id(self.doc) if self.doc is not None else None

    @property
    def other_provider_active(self) -> bool:
        """Codex is set up for another relay: model_provider names a table not TokenPool's."""
        if self.doc is None:
            return False
        pid = self.provider_id
        return (
            bool(pid) and pid in codex_config.provider_tables(self.doc) and pid != self.tokenpool_id
        )

    @property
    def text(self) -> str:
        """config.toml as parsed (LF line ends), for finding the line of a setting."""
        return codex_config.text_for_parsing(self.config) if self.config.state == "ok" else ""

    def secrets_in_config(self) -> list[tuple[str, str]]:
        """(dotted path, value) of every key-like secret in config.toml."""
        return find_secrets(self.doc) if self.doc is not None else []


# Fields whose value is a secret by its name alone, even when it does not look like a key.
SECRET_FIELD_NAMES = frozenset({"experimental_bearer_token", "api_key", "OPENAI_API_KEY"})
# Tables holding other programs' credentials, which Codex hands on to them on purpose (an MCP
# server's env/headers, variables set for shell commands, the telemetry exporter's headers):
# never the TokenPool key, and removing them would break those programs.
OTHER_PROGRAMS_TABLES = frozenset({"mcp_servers", "shell_environment_policy", "otel"})
# Prefixes of API keys (ours and the usual relays'); a value so prefixed is a key whatever its name.
KEY_PREFIXES = ("sk-", "sk_")


def is_tokenpool_table(table: Any, *, active: bool = False) -> bool:
    """Whether a provider table is TokenPool's: it points at the TokenPool API (or, by mistake,
    at a TokenPool website address), or carries the name the setup writes. The active table with
    neither an address nor a name is the one the setup would fill in. Anything else is another
    relay's (or the user's own gateway): never judged, never edited beyond what stops Codex."""
    plain = codex_config.to_plain(table)
    if not isinstance(plain, dict):
        return False
    url = plain.get("base_url")
    name = plain.get("name")
    if isinstance(name, str) and name.strip().lower() == codex_config.PROVIDER_DISPLAY_NAME.lower():
        return True
    if not isinstance(url, str) or not url.strip():
        # Neither an address nor a name of its own: nothing of another relay's to keep.
        return active and not isinstance(name, str)
    return codex_config.is_tokenpool_url(url) or bool(endpoints.website_refusal_reason(url))


def tokenpool_provider_id(doc: Any) -> str | None:
    """The provider id whose table configure owns or would own: the active one when it is
    TokenPool's (or names no table yet), else the first TokenPool table, else None."""
    tables = codex_config.provider_tables(doc)
    active = codex_config.to_plain(doc.get("model_provider"))
    if isinstance(active, str) and active:
        if active in tables and is_tokenpool_table(tables[active], active=True):
            return active
        if active not in tables and active not in codex_config.RESERVED_PROVIDER_IDS:
            return active
    for pid, table in tables.items():
        if is_tokenpool_table(table):
            return pid
    return None


def find_secret_locations(doc: Any) -> list[tuple[tuple[str, ...], str]]:
    """(key path, value) of every string in config.toml that is an API key: a field named for a
    secret, or a value shaped like a key with a known secret prefix (``sk-…``, ``Bearer …``).
    A long random-looking value under another name (a commit hash, an id) is not flagged."""
    found: list[tuple[tuple[str, ...], str]] = []
    plain = codex_config.to_plain(doc)
    ours = tokenpool_provider_id(doc) if isinstance(plain, dict) else None

    def walk(value: Any, path: tuple[str, ...]) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if not path and k in OTHER_PROGRAMS_TABLES:
                    continue
                if (
                    path == ("model_providers",)
                    and k != ours
                    and isinstance(v, dict)
                    and not is_tokenpool_table(v)
                ):
                    # Another provider's own token (Codex sends it there, whether or not that
                    # provider is the active one): not ours to move, and never the TokenPool key.
                    continue
                walk(v, (*path, str(k)))
        elif isinstance(value, str) and value.strip():
            leaf = path[-1] if path else ""
            if leaf == "env_key" and not keys.is_key_like(value):
                return  # names an environment variable, not a secret (unless the key was pasted)
            if leaf in SECRET_FIELD_NAMES or _has_key_shape(value):
                found.append((path, value))

    walk(plain, ())
    return found


def _has_key_shape(value: str) -> bool:
    bare = value.strip()
    if bare.lower().startswith("bearer "):
        return keys.is_key_like(bare)
    return bare.startswith(KEY_PREFIXES) and keys.is_key_like(bare)


def find_secrets(doc: Any) -> list[tuple[str, str]]:
    """(dotted path, value) of every API key in config.toml, for messages."""
    return [(".".join(path), value) for path, value in find_secret_locations(doc)]


def read_state(paths: AppPaths, env: Mapping[str, str] | None = None) -> CodexFilesState:
    config = read_snapshot(paths.config_toml)
    auth = read_snapshot(paths.auth_json)
    doc, error = None, None
    if config.state == "ok":
        try:
            doc = codex_config.parse_config_text(codex_config.text_for_parsing(config))
        except ConfigParseError as exc:
            error = exc
    return CodexFilesState(
        paths,
        config,
        auth,
        doc,
        error,
        auth_file.read_auth_state(auth),
        os.environ if env is None else env,
    )


# --- rules -----------------------------------------------------------------------------------

Rule = Callable[[CodexFilesState], Iterable[Finding]]

_HEADER_RE = re.compile(r"^\s*(\[\[?)\s*([^\]#]+?)\s*(\]\]?)\s*(#.*)?$")


def table_headers(text: str) -> list[tuple[int, str, bool]]:
    """(line index, normalised name, is array-of-tables) for each table header line."""
    headers = []
    in_multiline: str | None = None
    for i, line in enumerate(text.splitlines()):
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                in_multiline = quote
        m = _HEADER_RE.match(line)
        if m and not in_multiline:
            name = ".".join(part.strip() for part in m.group(2).split("."))
            headers.append((i, name, m.group(1) == "[["))
    return headers


def duplicate_headers(text: str) -> list[tuple[int, str]]:
    seen: set[str] = set()
    dups = []
    for i, name, is_array in table_headers(text):
        if is_array:
            continue
        if name in seen:
            dups.append((i, name))
        seen.add(name)
    return dups


def rule_config_readable(s: CodexFilesState) -> Iterator[Finding]:
    if s.config.state in ("unreadable", "not_a_file"):
        yield Finding(
            "config_toml_unreadable",
            "error",
            s.config.error,
            hint="Check the file's permissions, or move what is in its place.",
        )
    elif s.config.state == "undecodable":
        yield Finding(
            "config_toml_invalid",
            "error",
            s.config.error + " Codex cannot load it.",
            fixable=True,
            hint="Repair moves it aside (kept as a backup) and rebuilds it.",
        )
    elif s.parse_error is not None and s.parse_error.code == "config_toml_unsupported":
        # Codex reads the file; only our editor cannot: not an error, but configure cannot edit.
        yield Finding(
            "config_toml_unsupported", "warning", s.parse_error.message, hint=s.parse_error.hint
        )
    elif s.parse_error is not None:
        dups = duplicate_headers(codex_config.text_for_parsing(s.config))
        for line, name in dups:
            yield Finding(
                "duplicate_table",
                "error",
                f"config.toml defines [{name}] twice (again at line {line + 1}); Codex refuses "
                "to start with such a file.",
                fixable=True,
                hint="Repair keeps the first one and turns the repeat into comments.",
            )
        if not dups:
            yield Finding(
                "config_toml_invalid",
                "error",
                s.parse_error.message,
                fixable=True,
                hint=s.parse_error.hint,
            )


def rule_auth(s: CodexFilesState) -> Iterator[Finding]:
    a = s.auth_state
    if s.other_provider_active and not _salvageable_key(s):
        # Set up for another relay (reported as other_provider_active): what auth.json holds
        # (a ChatGPT sign-in, no key) is that setup's business until TokenPool is configured.
        return
    if a.state == "missing":
        yield Finding(
            "auth_json_missing",
            "error",
            "There is no auth.json, so Codex has no API key to send.",
            fixable=bool(_salvageable_key(s)),
            hint="Run the setup (or 'tokenpool-setup configure --key-stdin') with your "
            "TokenPool API key.",
        )
        return
    if a.state in ("unreadable", "not_a_file"):
        yield Finding(
            "auth_json_invalid",
            "error",
            a.error,
            hint="Check the file's permissions, or move what is in its place.",
        )
        return
    if a.state == "invalid":
        yield Finding(
            "auth_json_invalid",
            "error",
            f"{a.error} Codex silently ignores it and sends no API key.",
            fixable=bool(_salvageable_key(s)),
            hint="Repair rewrites it from your key (the old file is kept as a backup); "
            "otherwise run the setup again with your key.",
        )
        return
    if a.state == "bom":
        yield Finding(
            "auth_json_invalid",
            "error",
            "auth.json starts with an invisible byte-order mark (some editors add it); "
            "Codex then ignores the file and sends no API key.",
            fixable=bool(a.api_key),
            hint="Repair removes the mark and keeps your key.",
        )
    if not a.api_key:
        yield Finding(
            "api_key_missing",
            "error",
            "auth.json holds no API key (OPENAI_API_KEY), so Codex has none to send.",
            fixable=bool(_salvageable_key(s)),
            hint="Run the setup again with your TokenPool API key.",
        )
    else:
        check = keys.check_key(a.api_key)
        errors = [p for p in check.problems if p.severity == "error"]
        if errors:
            yield Finding(
                "key_incomplete",
                "error",
                f"The API key in auth.json ({check.key_masked}) looks incomplete: "
                f"{errors[0].message}",
                hint="Copy the full key from https://tokenpool.dev/console/api-keys and "
                "run the setup again.",
            )
    if a.has_chatgpt_tokens and (a.api_key or _salvageable_key(s)):
        yield Finding(
            "chatgpt_tokens_shadow_key",
            "error",
            "auth.json still holds a ChatGPT sign-in next to the API key; with both, "
            "Codex sends no key to TokenPool and every request fails (401).",
            fixable=True,
            hint="Repair keeps only the API key; the sign-in stays in the backup and "
            "'tokenpool-setup restore' brings it back.",
        )


def rule_auth_permissions(s: CodexFilesState) -> Iterator[Finding]:
    if sys.platform == "win32" or s.auth.state in ("missing", "not_a_file"):
        return
    try:
        mode = s.paths.auth_json.stat().st_mode & 0o777
    except OSError:
        return
    if mode & 0o077:
        # Like an SSH private key: readable by others means the key is exposed to every
        # account on the machine. Codex itself writes it 0600.
        yield Finding(
            "auth_json_permissions",
            "error",
            f"auth.json can be read by other users of this computer (mode {mode:o}), so your "
            "API key is exposed to every account on it.",
            fixable=True,
            hint="Repair makes it private to you (mode 600).",
        )


def exposed_backups(paths: AppPaths) -> list[Path]:
    """Backed-up auth.json files (they hold the key) that other users can read."""
    if sys.platform == "win32" or not paths.backups_dir.is_dir():
        return []
    exposed = []
    for copy in sorted(paths.backups_dir.glob("*/auth.json")):
        try:
            if copy.is_file() and copy.stat().st_mode & 0o077:
                exposed.append(copy)
        except OSError:
            continue
    return exposed


def rule_backup_permissions(s: CodexFilesState) -> Iterator[Finding]:
    exposed = exposed_backups(s.paths)
    if exposed:
        yield Finding(
            "backup_permissions",
            "error",
            f"{len(exposed)} backup cop{'y' if len(exposed) == 1 else 'ies'} of auth.json in "
            f"{s.paths.backups_dir} can be read by other users of this computer; they hold "
            "your API key.",
            fixable=True,
            hint="Repair makes them private to you (mode 600).",
        )


def rule_auth_in_git(s: CodexFilesState) -> Iterator[Finding]:
    top = _git_toplevel(s.paths.codex_home, s.env)
    if top is None:
        return
    tracked = _git_tracks(top, s.paths.auth_json, s.env)
    if tracked:
        yield Finding(
            "auth_json_in_git",
            "error",
            f"auth.json is tracked by the git repository at {top}: your API key can end "
            "up in a commit and on a server.",
            hint=f'Run \'git -C "{top}" rm --cached "{s.paths.auth_json}"\', add '
            "auth.json to .gitignore, and create a new key in the console if it was "
            "ever pushed.",
        )
    else:
        yield Finding(
            "auth_json_in_git",
            "warning",
            f"The Codex folder is inside the git repository at {top}; auth.json could "
            "be committed by accident.",
            hint="Add auth.json to that repository's .gitignore.",
        )


def rule_key_in_config(s: CodexFilesState) -> Iterator[Finding]:
    broken_key = key_in_broken_config(s)
    if broken_key:
        yield Finding(
            "key_in_config_toml",
            "error",
            f"config.toml holds an API key ({keys.mask_key(broken_key)}) in a line Codex cannot "
            "read; the key belongs in auth.json.",
            fixable=True,
            hint="Repair moves the key to auth.json and keeps the broken line only as a masked "
            "comment.",
        )
    for path, value in s.secrets_in_config():
        used = path.endswith("experimental_bearer_token")
        why = (
            "Codex sends it instead of the key in auth.json"
            if used
            else "Codex does not read keys from there"
        )
        yield Finding(
            "key_in_config_toml",
            "error",
            f"config.toml holds an API key in '{path}' ({keys.mask_key(value)}). {why}, and "
            "config.toml is easy to share by mistake.",
            fixable=True,
            hint="Repair moves the key to auth.json and removes it from config.toml.",
        )


def rule_provider(s: CodexFilesState) -> Iterator[Finding]:
    doc = s.doc
    if doc is None:
        if s.config.state == "missing":
            yield Finding(
                "tokenpool_not_configured",
                "error",
                "Codex is not set up to use TokenPool (there is no config.toml, so it talks to "
                "OpenAI directly).",
                hint="Run the setup, or 'tokenpool-setup configure'.",
            )
        return
    tables = codex_config.provider_tables(doc)
    # What makes Codex refuse the whole file is checked in every table (see rule_stopping too);
    # everything else only in TokenPool's own table.
    for pid in tables:
        if pid in codex_config.RESERVED_PROVIDER_IDS:
            yield Finding(
                "reserved_provider_id",
                "error",
                f"config.toml defines [model_providers.{pid}]; '{pid}' is built into "
                "Codex and cannot be redefined, so Codex refuses to start.",
                fixable=True,
                hint="Repair renames the table (and the model_provider that uses it); "
                "nothing inside it changes.",
                line=_header_line(s.text, ("model_providers", pid)),
            )
        elif not isinstance(codex_config.to_plain(tables[pid]).get("name"), str):
            yield Finding(
                "provider_name_missing",
                "error",
                f"[model_providers.{pid}] has no name; Codex refuses to load such a config.toml.",
                fixable=True,
                hint=f'Repair adds name = "{pid}" and changes nothing else in that table.',
                line=_header_line(s.text, ("model_providers", pid)),
            )
    pid = s.provider_id
    if not pid:
        moved = [k for _p, k in codex_config.misplaced_top_level_keys(doc) if k == "model_provider"]
        if not moved:
            yield Finding(
                "tokenpool_not_configured",
                "error",
                "Codex is not set up to use TokenPool (no model_provider is chosen, so it "
                "talks to OpenAI directly).",
                hint="Run the setup, or 'tokenpool-setup configure'.",
            )
        return
    if pid not in tables:
        if pid in codex_config.RESERVED_PROVIDER_IDS:
            yield Finding(
                "tokenpool_not_configured",
                "error",
                f"Codex uses its built-in '{pid}' provider, not TokenPool.",
                hint="Run the setup, or 'tokenpool-setup configure'.",
            )
        else:
            yield Finding(
                "provider_missing",
                "error",
                f'model_provider is "{pid}", but config.toml has no '
                f"[model_providers.{pid}] table, so Codex cannot start.",
                fixable=True,
                hint="Repair adds the table for TokenPool.",
            )
        return
    if pid != s.tokenpool_id:
        url = codex_config.to_plain(tables[pid]).get("base_url")
        where = f" ({url})" if isinstance(url, str) and url.strip() else ""
        yield Finding(
            "other_provider_active",
            "error",
            f'Codex is set up for another provider: model_provider = "{pid}", '
            f"[model_providers.{pid}]{where}. That is not TokenPool, so its settings are not "
            "judged here, and repair leaves that table as it is.",
            hint="To use TokenPool, run the setup (or 'tokenpool-setup configure'); your other "
            "provider's table stays in config.toml, and the backup keeps the old file.",
        )
        return
    table = codex_config.to_plain(tables[pid])
    base_url = table.get("base_url")
    if not isinstance(base_url, str) or not base_url.strip():
        yield Finding(
            "base_url_not_api",
            "error",
            f"[model_providers.{pid}] has no base_url, so Codex does not know where to "
            "send requests.",
            fixable=True,
            hint="Repair sets it to https://api.clawto.link/v1.",
        )
    else:
        verdict = endpoints.classify_base_url(base_url)
        if verdict.website_refusal_reason:
            yield Finding(
                "base_url_not_api",
                "error",
                f"base_url is {base_url}: {verdict.website_refusal_reason}",
                fixable=True,
                hint="Repair sets it to https://api.clawto.link/v1.",
                line=line_of(s.text, ("model_providers", pid), "base_url") or None,
            )
        elif verdict.insecure:
            yield Finding(
                "base_url_insecure",
                "error",
                f"base_url {base_url} uses plain http:// to another computer: your API "
                "key would travel unencrypted.",
                fixable=verdict.is_tokenpool,
                hint="Use the https:// address of the API.",
                line=line_of(s.text, ("model_providers", pid), "base_url") or None,
            )
    env_key = table.get("env_key")
    bearer = table.get("experimental_bearer_token")
    if isinstance(env_key, str) and keys.is_key_like(env_key):
        env_key = None  # the key itself was pasted there: reported (masked) as key_in_config_toml
    if isinstance(env_key, str) and env_key:
        line = line_of(s.text, ("model_providers", pid), "env_key") or None
        # A desktop app started from a menu, Finder or Explorer does not see the variables a
        # terminal's shell profile sets: what this process sees is not what Codex will see.
        if not s.env.get(env_key):
            yield Finding(
                "auth_setting_wrong",
                "error",
                f"[model_providers.{pid}] takes the key from the environment variable "
                f"{env_key} instead of auth.json. {env_key} is not set in the environment this "
                'app was started from; wherever it is not set, Codex stops with "Missing '
                'environment variable".',
                fixable=True,
                hint="Repair removes env_key from TokenPool's table, as the setup does, so Codex "
                "uses the key in auth.json.",
                line=line,
            )
        else:
            yield Finding(
                "env_overrides_key",
                "warning",
                f"The environment variable {env_key} is set in the environment this app was "
                "started from, and Codex sends it instead of the key in auth.json.",
                fixable=True,
                hint="Repair removes env_key from TokenPool's table, as the setup does, so Codex "
                f"uses the key in auth.json; if {env_key} is not your TokenPool key, also remove "
                "it from your shell profile.",
                line=line,
            )
    elif table.get("requires_openai_auth") is not True and not bearer:
        yield Finding(
            "auth_setting_wrong",
            "error",
            f"[model_providers.{pid}] lacks requires_openai_auth = true, so Codex sends "
            "no API key at all and TokenPool answers 401.",
            fixable=True,
            hint="Repair sets requires_openai_auth = true.",
        )


def _header_line(text: str, path: tuple[str, ...]) -> int | None:
    for index, name, _is_array in table_headers(text):
        if header_path(name) == path:
            return index + 1
    return None


def rule_stopping_settings(s: CodexFilesState) -> Iterator[Finding]:
    """Settings of the user's own that make Codex refuse config.toml or drop the key."""
    if s.doc is None:
        return
    for found in find_stopping_settings(s.doc, s.text, s.paths.codex_home, s.env):
        yield Finding(
            found.code,
            "error",
            found.message,
            fixable=True,
            hint=found.hint,
            line=found.line or None,
        )


def rule_layout(s: CodexFilesState) -> Iterator[Finding]:
    doc = s.doc
    if doc is None:
        return
    for path, key in codex_config.misplaced_top_level_keys(doc):
        if key == "disable_response_storage":
            continue  # reported as deprecated below
        others = in_other_provider_table(doc, path)
        yield Finding(
            "setting_in_wrong_table",
            "error" if key in codex_config.TOP_LEVEL_OWNED else "warning",
            f"'{key}' is written under [{'.'.join(path)}] (after that table's header), "
            "so Codex ignores it"
            + (" and silently talks to OpenAI instead." if key == "model_provider" else "."),
            fixable=not others,
            hint="Move it above the first [table] line in a text editor (repair does not edit "
            "another provider's table)."
            if others
            else "Repair moves it to the top of the file.",
            line=line_of(s.text, path, key) or None,
        )
    if "profile" in doc:
        yield Finding(
            "legacy_profile",
            "error",
            "config.toml has a top-level 'profile = …' line; today's Codex refuses to "
            "start with it (profiles are now chosen with 'codex -p NAME').",
            fixable=True,
            hint="Repair removes that line; your [profiles] stay.",
        )
    for key, why in codex_config.DEPRECATED_TOP_LEVEL_KEYS.items():
        present = key in doc or any(
            k == key and not in_other_provider_table(doc, p)
            for p, k in codex_config.misplaced_top_level_keys(doc)
        )
        if present:
            yield Finding(
                "deprecated_setting",
                "warning",
                f"'{key}': {why}",
                fixable=True,
                hint="Repair removes it.",
                line=line_of(s.text, (), key) or None,
            )
    if "model" not in doc and s.provider_id and s.provider_id == s.tokenpool_id:
        yield Finding(
            "model_missing",
            "warning",
            "No model is chosen, so Codex uses its own default, which TokenPool may not offer.",
            fixable=True,
            hint=f'Repair sets model = "{DEFAULT_MODEL}".',
        )


def in_other_provider_table(doc: Any, path: tuple[str, ...]) -> bool:
    """Whether ``path`` is (inside) a provider table that is not TokenPool's."""
    return (
        len(path) >= 2
        and path[0] == "model_providers"
        and path[1] != tokenpool_provider_id(doc)
        and not is_tokenpool_table(codex_config.provider_tables(doc).get(path[1]))
    )


def rule_env(s: CodexFilesState) -> Iterator[Finding]:
    if s.env.get("CODEX_API_KEY"):
        yield Finding(
            "env_overrides_key",
            "warning",
            "The environment variable CODEX_API_KEY is set in the environment this app was "
            "started from; where it is set, Codex sends it instead of the key in auth.json.",
            hint="If it is not your TokenPool key, remove CODEX_API_KEY from your shell "
            "profile and open a new terminal.",
        )


RULES: tuple[Rule, ...] = (
    rule_config_readable,
    rule_auth,
    rule_auth_permissions,
    rule_backup_permissions,
    rule_auth_in_git,
    rule_key_in_config,
    rule_provider,
    rule_stopping_settings,
    rule_layout,
    rule_env,
)


def diagnose_files(state: CodexFilesState) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(state))
    return findings


# --- helpers used by rules and repair -------------------------------------------------------------


def _salvageable_key(s: CodexFilesState) -> str:
    """A usable key found anywhere in the files (auth.json first, then config.toml)."""
    if s.auth_state.api_key:
        return s.auth_state.api_key
    if s.auth_state.state == "invalid" and s.auth.text:
        # A hand-edited auth.json that broke (a trailing comma, a missing brace) still shows the
        # key: take it from the text, as a paste of that file would be read.
        pasted = keys.normalise_pasted_key(s.auth.text).key
        if pasted != s.auth.text.strip() and keys.check_key(pasted).ok:
            return pasted
    for _path, value in s.secrets_in_config():
        if keys.is_key_like(value):
            return value
    return key_in_broken_config(s)


def key_in_broken_config(s: CodexFilesState) -> str:
    """A key written into a config.toml that no longer parses (e.g. the page's auth.json line
    pasted as `OPENAI_API_KEY: "sk-…"`), read the way a paste of that text would be."""
    if s.doc is not None or s.config.state != "ok" or "sk-" not in s.config.text:
        return ""
    pasted = keys.normalise_pasted_key(s.config.text).key
    return pasted if pasted != s.config.text.strip() and keys.check_key(pasted).ok else ""


def _git_toplevel(folder: Path, env: Mapping[str, str]) -> Path | None:
    """The work tree holding ``folder``, asked of git itself. A ``.git`` folder that is empty or
    broken (Codex's own sandbox leaves one in the temp folder) is not a repository. Without git,
    a ``.git`` counts only when it looks like a real repository."""
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    candidate = next((c for c in (probe, *probe.parents) if (c / ".git").exists()), None)
    if candidate is None:
        return None
    from app.core.platform import child
    from app.core.platform.tool_env import find_git

    git = find_git(env)  # never /usr/bin/git's "install developer tools?" dialog on a Mac
    if git is None:
        return candidate if _looks_like_repository(candidate / ".git") else None
    # GIT_DIR & co. from a hook or an IDE would make git answer about another repository.
    run_env = {k: v for k, v in (env or os.environ).items() if not k.startswith("GIT_")}
    try:
        done = child.run(
            [str(git), "-C", str(probe), "rev-parse", "--show-toplevel"],
            env=run_env,
            timeout=10,
            text=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return Path(done.stdout.strip())


def _looks_like_repository(dot_git: Path) -> bool:
    if dot_git.is_file():  # a worktree or submodule: "gitdir: <path>"
        try:
            first = dot_git.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return False
        if not first.startswith("gitdir:"):
            return False
        target = Path(first[len("gitdir:") :].strip())
        target = target if target.is_absolute() else dot_git.parent / target
        return target.is_dir()
    return (
        (dot_git / "HEAD").is_file()
        and (dot_git / "objects").is_dir()
        and (dot_git / "refs").is_dir()
    )


def _git_tracks(top: Path, file: Path, env: Mapping[str, str]) -> bool:
    if not file.exists():
        return False
    from app.core.platform import child
    from app.core.platform.tool_env import find_git

    git = find_git(env)
    if git is None:
        return False
    try:
        done = child.run(
            [str(git), "-C", str(top), "ls-files", "--error-unmatch", str(file)],
            env=env or None,  # a bare mapping (no variables at all): our own environment
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


# --- the whole check-up ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CodexInfo:
    path: str
    version: str | None


@dataclass(frozen=True)
class DoctorReport:
    findings: tuple[Finding, ...]
    codex: CodexInfo | None
    codex_home: str
    online: bool = False
    offered_models: tuple[str, ...] = ()
    working_base_url: str | None = None
    # Why the installed Codex refuses config.toml, in its own words (for repair), if it does.
    codex_load_error: Any = None

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
            "codex": {"path": self.codex.path, "version": self.codex.version}
            if self.codex
            else None,
            "online": self.online,
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
    codex = _locate_codex(env, codex_path) if find_codex or codex_path else None
    if codex is None and (find_codex or codex_path):
        from app.core.codex_cli import install_hint

        findings.append(
            Finding(
                "codex_not_found",
                "warning",
                "The Codex CLI was not found on this computer, so there is nothing to use these "
                "settings yet.",
                hint=f"Install it with: {install_hint()}",
            )
        )
    if codex is not None and find_codex:
        findings.extend(_several_codex_findings(env, Path(codex.path)))
    findings.extend(codex_version_findings(codex))
    offered: tuple[str, ...] = ()
    working: str | None = None
    load_error = None
    if online:
        online_findings, offered, working = _online_findings(state, client, probe_timeout)
        findings.extend(online_findings)
    if codex is not None and run_codex_doctor and paths.codex_home.is_dir():
        # Codex's own doctor says only "invalid data" for a config it cannot load: the real
        # reason (which setting, which line) comes from our rules or from Codex's load error.
        load_findings, load_error = _codex_load_findings(Path(codex.path), state, findings, env)
        findings.extend(load_findings)
        findings.extend(_codex_doctor_findings(Path(codex.path), paths, env, online))
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    return DoctorReport(
        tuple(findings), codex, str(paths.codex_home), online, offered, working, load_error
    )


def codex_version_findings(codex: CodexInfo | None) -> list[Finding]:
    """A note (not an error) when the installed Codex is newer than the newest version TokenPool
    Setup was tested with (``app/core/codex_versions.py``): most likely fine, but untested."""
    from app.core.codex_versions import NEWEST_TESTED_CODEX_VERSION, newer_than_tested

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
            f"install the tested Codex: npm install -g @openai/codex@{NEWEST_TESTED_CODEX_VERSION}",
        )
    ]


def _locate_codex(env: Mapping[str, str], codex_path: Path | None) -> CodexInfo | None:
    from app.core import codex_cli

    if codex_path is not None:
        return CodexInfo(str(codex_path), codex_cli.codex_version(codex_path))
    found = codex_cli.find_codex(env)
    if found is None:
        return None
    return CodexInfo(str(found.path), found.version)


def _several_codex_findings(env: Mapping[str, str], used: Path) -> list[Finding]:
    """Which Codex this app uses and which one a new terminal runs, when there are several."""
    from app.core.codex_install.which import codex_choice, several_codex_finding

    said = several_codex_finding(codex_choice(env, used=used))
    return [Finding(said[0], "info", said[1], hint=said[2])] if said else []


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


def _codex_load_findings(
    codex: Path, state: CodexFilesState, known: list[Finding], env: Mapping[str, str]
) -> tuple[list[Finding], Any]:
    """What the installed Codex itself says when it cannot load config.toml, unless a finding
    above already names the cause (Codex stops at the first problem; ours say which line and
    what to do)."""
    if state.config.state != "ok" or any(f.code in CODEX_REFUSAL_CODES for f in known):
        return [], None
    from app.core import codex_cli

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


def _codex_doctor_findings(
    codex: Path, paths: AppPaths, env: Mapping[str, str], online: bool
) -> list[Finding]:
    from app.core import codex_cli

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


def _online_findings(
    state: CodexFilesState, client: Any, timeout: float
) -> tuple[list[Finding], tuple[str, ...], str | None]:
    from app.core.net.probe import probe_endpoint

    provider = state.provider
    key = state.auth_state.api_key or _salvageable_key(state)
    if not provider or not isinstance(provider.get("base_url"), str) or not key:
        return [], (), None
    base_url = provider["base_url"]
    verdict = endpoints.classify_base_url(base_url)
    if verdict.website_refusal_reason or verdict.problem:
        return [], (), None
    result = probe_endpoint(base_url, key, timeout=timeout, client=client, samples=1)
    findings: list[Finding] = []
    if result.error is not None:
        kind = result.error.kind
        code = {
            "unauthorized": "key_rejected",
            "rate_limited": "no_quota",
        }.get(kind, "endpoint_unreachable")
        findings.append(
            Finding(
                code, "error", f"{base_url}: {result.error.message}", hint=result.error.suggestion
            )
        )
        return findings, tuple(result.models), None
    models = tuple(result.models)
    model = codex_config.to_plain(state.doc.get("model")) if state.doc is not None else None
    if isinstance(model, str) and models and model not in models:
        findings.append(
            Finding(
                "model_not_offered",
                "error",
                f'The model "{model}" is not offered by TokenPool for this key (offered: '
                f"{', '.join(models[:6])}{'…' if len(models) > 6 else ''}).",
                fixable=True,
                hint="Repair with --online sets it back to one that TokenPool offers.",
            )
        )
    working = result.base_url_to_write
    if working and working.rstrip("/") != base_url.rstrip("/"):
        findings.append(
            Finding(
                "base_url_models_missing",
                "warning",
                f"Codex can chat through {base_url}, but its model list and its own check fail "
                f"there; {working} answers both.",
                fixable=True,
                hint=f"Repair with --online switches base_url to {working}.",
            )
        )
    return findings, models, working
