"""The doctor's rules: each looks at a ``CodexFilesState`` and yields ``Finding``s with a stable
``code``. They judge the files only (no network, no Codex run); ``RULES`` is the order they run.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from app.core import codex_config, endpoints, keys
from app.core.config_refusals import find_stopping_settings
from app.core.defaults import DEFAULT_MODEL
from app.core.doctor.git import git_toplevel, git_tracks
from app.core.doctor.state import (
    CodexFilesState,
    exposed_backups,
    in_other_provider_table,
    key_in_broken_config,
    salvageable_key,
)
from app.core.findings import Finding
from app.core.net.codex_proxy import codex_proxy_finding
from app.core.toml_lines import duplicate_headers, header_line, line_of

Rule = Callable[[CodexFilesState], Iterable[Finding]]


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
    if s.other_provider_active and not salvageable_key(s):
        # Set up for another relay (reported as other_provider_active): what auth.json holds
        # (a ChatGPT sign-in, no key) is that setup's business until TokenPool is configured.
        return
    if a.state == "missing":
        yield Finding(
            "auth_json_missing",
            "error",
            "There is no auth.json, so Codex has no API key to send.",
            fixable=bool(salvageable_key(s)),
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
            fixable=bool(salvageable_key(s)),
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
            fixable=bool(salvageable_key(s)),
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
    if a.has_chatgpt_tokens and (a.api_key or salvageable_key(s)):
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
    top = git_toplevel(s.paths.codex_home, s.env)
    if top is None:
        return
    tracked = git_tracks(top, s.paths.auth_json, s.env)
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


def rule_provider_tables(s: CodexFilesState) -> Iterator[Finding]:
    """What makes Codex refuse the whole file, in every provider table (TokenPool's or not; see
    rule_stopping_settings too)."""
    if s.doc is None:
        return
    tables = codex_config.provider_tables(s.doc)
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
                line=header_line(s.text, ("model_providers", pid)),
            )
        elif not isinstance(codex_config.to_plain(tables[pid]).get("name"), str):
            yield Finding(
                "provider_name_missing",
                "error",
                f"[model_providers.{pid}] has no name; Codex refuses to load such a config.toml.",
                fixable=True,
                hint=f'Repair adds name = "{pid}" and changes nothing else in that table.',
                line=header_line(s.text, ("model_providers", pid)),
            )


_RUN_THE_SETUP = "Run the setup, or 'tokenpool-setup configure'."


def rule_provider_chosen(s: CodexFilesState) -> Iterator[Finding]:
    """Whether Codex is set up for TokenPool at all: a provider chosen, its table there, and
    that table TokenPool's (another relay's table is not judged)."""
    doc = s.doc
    if doc is None:
        if s.config.state == "missing":
            yield Finding(
                "tokenpool_not_configured",
                "error",
                "Codex is not set up to use TokenPool (there is no config.toml, so it talks to "
                "OpenAI directly).",
                hint=_RUN_THE_SETUP,
            )
        return
    tables = codex_config.provider_tables(doc)
    pid = s.provider_id
    if not pid:
        moved = [k for _p, k in codex_config.misplaced_top_level_keys(doc) if k == "model_provider"]
        if not moved:
            yield Finding(
                "tokenpool_not_configured",
                "error",
                "Codex is not set up to use TokenPool (no model_provider is chosen, so it "
                "talks to OpenAI directly).",
                hint=_RUN_THE_SETUP,
            )
    elif pid not in tables and pid in codex_config.RESERVED_PROVIDER_IDS:
        yield Finding(
            "tokenpool_not_configured",
            "error",
            f"Codex uses its built-in '{pid}' provider, not TokenPool.",
            hint=_RUN_THE_SETUP,
        )
    elif pid not in tables:
        yield Finding(
            "provider_missing",
            "error",
            f'model_provider is "{pid}", but config.toml has no '
            f"[model_providers.{pid}] table, so Codex cannot start.",
            fixable=True,
            hint="Repair adds the table for TokenPool.",
        )
    elif pid != s.tokenpool_id:
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


def _tokenpool_table(s: CodexFilesState) -> tuple[str, dict[str, Any]] | None:
    """(id, table as plain values) of the provider Codex uses, when it is TokenPool's."""
    if s.doc is None or not s.provider_id or s.provider_id != s.tokenpool_id:
        return None
    table = codex_config.provider_tables(s.doc).get(s.provider_id)
    return (s.provider_id, codex_config.to_plain(table)) if table is not None else None


def rule_provider_address(s: CodexFilesState) -> Iterator[Finding]:
    """TokenPool's base_url: there, the API's (not the website's), and https."""
    ours = _tokenpool_table(s)
    if ours is None:
        return
    pid, table = ours
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
        return
    verdict = endpoints.classify_base_url(base_url)
    line = line_of(s.text, ("model_providers", pid), "base_url") or None
    if verdict.website_refusal_reason:
        yield Finding(
            "base_url_not_api",
            "error",
            f"base_url is {base_url}: {verdict.website_refusal_reason}",
            fixable=True,
            hint="Repair sets it to https://api.clawto.link/v1.",
            line=line,
        )
    elif verdict.insecure:
        yield Finding(
            "base_url_insecure",
            "error",
            f"base_url {base_url} uses plain http:// to another computer: your API "
            "key would travel unencrypted.",
            fixable=verdict.is_tokenpool,
            hint="Use the https:// address of the API.",
            line=line,
        )


def rule_provider_key_source(s: CodexFilesState) -> Iterator[Finding]:
    """Which key Codex sends to TokenPool: auth.json's (requires_openai_auth), or an env_key."""
    ours = _tokenpool_table(s)
    if ours is None:
        return
    pid, table = ours
    env_key = table.get("env_key")
    bearer = table.get("experimental_bearer_token")
    if isinstance(env_key, str) and keys.is_key_like(env_key):
        env_key = None  # the key itself was pasted there: reported (masked) as key_in_config_toml
    if isinstance(env_key, str) and env_key:
        yield _env_key_finding(s, pid, env_key)
    elif table.get("requires_openai_auth") is not True and not bearer:
        yield Finding(
            "auth_setting_wrong",
            "error",
            f"[model_providers.{pid}] lacks requires_openai_auth = true, so Codex sends "
            "no API key at all and TokenPool answers 401.",
            fixable=True,
            hint="Repair sets requires_openai_auth = true.",
        )


def _env_key_finding(s: CodexFilesState, pid: str, env_key: str) -> Finding:
    line = line_of(s.text, ("model_providers", pid), "env_key") or None
    # A desktop app started from a menu, Finder or Explorer does not see the variables a
    # terminal's shell profile sets: what this process sees is not what Codex will see.
    if not s.env.get(env_key):
        return Finding(
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
    return Finding(
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


def rule_provider(s: CodexFilesState) -> Iterator[Finding]:
    """Every provider rule, in the order they always ran."""
    for rule in PROVIDER_RULES:
        yield from rule(s)


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


def rule_codex_proxy(s: CodexFilesState) -> Iterator[Finding]:
    """Codex makes no connection through a SOCKS proxy (this app does): say so before a test."""
    provider = s.provider or {}
    base_url = provider.get("base_url")
    found = codex_proxy_finding(s.env, base_url if isinstance(base_url, str) else None)
    if found is not None:
        yield found


PROVIDER_RULES: tuple[Rule, ...] = (
    rule_provider_tables,
    rule_provider_chosen,
    rule_provider_address,
    rule_provider_key_source,
)

RULES: tuple[Rule, ...] = (
    rule_config_readable,
    rule_auth,
    rule_auth_permissions,
    rule_backup_permissions,
    rule_auth_in_git,
    rule_key_in_config,
    *PROVIDER_RULES,
    rule_stopping_settings,
    rule_layout,
    rule_env,
    rule_codex_proxy,
)


def diagnose_files(state: CodexFilesState) -> list[Finding]:
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(state))
    return findings
