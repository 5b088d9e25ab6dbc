"""The Codex files as the doctor's rules see them: read once, parsed once; and where in them a key
or TokenPool's provider table is. Holds the key: never printed."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tomlkit.toml_document import TOMLDocument

from app.core import auth_file, codex_config, endpoints, keys
from app.core.errors import ConfigParseError
from app.core.fileio import FileSnapshot, read_snapshot
from app.core.paths import AppPaths


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


def in_other_provider_table(doc: Any, path: tuple[str, ...]) -> bool:
    """Whether ``path`` is (inside) a provider table that is not TokenPool's."""
    return (
        len(path) >= 2
        and path[0] == "model_providers"
        and path[1] != tokenpool_provider_id(doc)
        and not is_tokenpool_table(codex_config.provider_tables(doc).get(path[1]))
    )


def salvageable_key(s: CodexFilesState) -> str:
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
