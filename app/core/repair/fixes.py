"""The fixes repair makes to config.toml's document, one named function per doctor rule they
answer, run in the order of ``DOCUMENT_FIXES`` and then (only when Codex uses TokenPool's table)
``TOKENPOOL_FIXES``. Each edits the document in place and adds a note saying what it did.

Nothing the user wrote is judged in another provider's table, beyond what stops Codex; and never
who receives which key or where requests go.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tomlkit.toml_document import TOMLDocument

from app.core import codex_config, endpoints, keys
from app.core.config_refusals import find_stopping_settings
from app.core.defaults import DEFAULT_MODEL
from app.core.doctor.state import (
    CodexFilesState,
    find_secret_locations,
    in_other_provider_table,
    tokenpool_provider_id,
)
from app.core.usertext import Message

DISABLE_RESPONSE_STORAGE_WHY = (
    "Codex no longer reads it and warns about it on every run; it always asks gateways like "
    "TokenPool not to store responses, so nothing changes"
)


@dataclass(frozen=True)
class OnlineFixes:
    """Fixes that need the network to decide (from ``doctor --online``)."""

    model: str | None = None
    base_url: str | None = None


@dataclass
class DocumentRepair:
    """One repair of config.toml's document in progress (local to ``fix_document``)."""

    doc: TOMLDocument
    state: CodexFilesState
    env: Mapping[str, str]
    online: OnlineFixes | None
    notes: list[Message] = field(default_factory=list)
    # The whole text, when a fix wrote tables to append (then no later fix runs).
    text: str | None = None

    def note(self, code: str, text: str, **params: object) -> None:
        self.notes.append(Message.of(code, text, **params))


DocumentFix = Callable[[DocumentRepair], None]


def fix_misplaced_settings(r: DocumentRepair) -> None:
    """setting_in_wrong_table: top-level keys that ended up inside a table move up (a profile
    may hold them). The tables are resolved first (iter_tables also walks [[array.of.tables]]
    entries, which a dotted path alone cannot address), then edited."""
    doc = r.doc
    misplaced = set(codex_config.misplaced_top_level_keys(doc))
    targets = [
        (path, table, name)
        for path, table in codex_config.iter_tables(doc)
        for name in codex_config.TOP_LEVEL_ONLY_KEYS
        if (path, name) in misplaced and name in table and not in_other_provider_table(doc, path)
    ]
    for path, table, name in targets:
        value = codex_config.to_plain(table[name])
        del table[name]
        where = ".".join(path)
        if name in codex_config.DEPRECATED_TOP_LEVEL_KEYS:
            r.notes.append(deprecated_note(name))
        elif name not in doc:
            doc[name] = value
            r.note(
                "setting_moved",
                f"Moved '{name}' out of [{where}] to the top of config.toml.",
                name=name,
                table=where,
            )
        else:
            r.note(
                "second_setting_removed",
                f"Removed a second '{name}' from [{where}]; the top-level one stays.",
                name=name,
            )


def fix_legacy_profile(r: DocumentRepair) -> None:
    """legacy_profile: the top-level ``profile = …`` line."""
    if "profile" in r.doc:
        del r.doc["profile"]
        r.note(
            "profile_line_removed",
            "Removed the top-level 'profile' line (use 'codex -p NAME' to pick a profile).",
        )


def fix_deprecated_settings(r: DocumentRepair) -> None:
    """deprecated_setting."""
    for name in codex_config.DEPRECATED_TOP_LEVEL_KEYS:
        if name in r.doc:
            del r.doc[name]
            r.notes.append(deprecated_note(name))


def fix_stopping_settings(r: DocumentRepair) -> None:
    """wire_api_wrong, forced_chatgpt_login and the settings whose line could not be commented
    out: in any table (TokenPool's or not), only these are changed in another provider's table."""
    doc = r.doc
    ours = tokenpool_provider_id(doc)
    for found in find_stopping_settings(doc, doc.as_string(), r.state.paths.codex_home, r.env):
        if found.fix == "set" and found.table[:1] == ("model_providers",):
            table = codex_config.provider_tables(doc).get(found.table[1])
            if table is None:
                continue
            table[found.key] = found.new_value
            whose = (
                "" if found.table[1] == ours else " (not TokenPool's; nothing else in it changed)"
            )
            r.note(
                "repair_provider_setting_fixed",
                f'[model_providers.{found.table[1]}]{whose}: {found.key} = "{found.value}" is '
                f'now "{found.new_value}", because Codex refused to start with the old value.',
                table=found.table[1],
                setting=found.key,
            )
        elif not found.table and found.key in doc:
            del doc[found.key]
            if found.code == "forced_chatgpt_login":
                r.note(
                    "repair_forced_login_removed",
                    'Removed forced_login_method = "chatgpt": it made Codex refuse the API key '
                    "and delete auth.json. The backup keeps the old file.",
                )
            else:
                r.note(
                    "repair_setting_removed",
                    f"Removed '{found.key}' = \"{found.value}\": Codex refused to start with it. "
                    "The backup keeps the old file.",
                    setting=found.key,
                )


def fix_secrets_in_config(r: DocumentRepair) -> None:
    """key_in_config_toml: the key is removed here; it goes to auth.json (see plan_repair)."""
    for secret_path, _value in find_secret_locations(r.doc):
        try:
            parent: Any = r.doc
            for part in secret_path[:-1]:
                parent = parent[part]
            del parent[secret_path[-1]]
        except (KeyError, TypeError):
            continue
        r.note(
            "key_removed_from_config",
            f"Removed the API key from '{'.'.join(secret_path)}' in config.toml "
            "(it belongs in auth.json).",
        )


def fix_provider_names(r: DocumentRepair) -> None:
    """provider_name_missing: every provider table needs a name, or Codex refuses the file."""
    for table_id, provider_table in codex_config.provider_tables(r.doc).items():
        if not isinstance(codex_config.to_plain(provider_table.get("name")), str):
            provider_table["name"] = table_id
            r.note(
                "repair_provider_name_added",
                f'Added name = "{table_id}" to [model_providers.{table_id}] (Codex refused '
                "to start without it; nothing else in that table changed).",
                table=table_id,
            )


def fix_missing_provider(r: DocumentRepair) -> None:
    """provider_missing: model_provider names a table that is not there; TokenPool's is added
    (apply_settings picks the id itself: an existing TokenPool table, else "OpenAI")."""
    pid = str(codex_config.to_plain(r.doc.get("model_provider")))
    new_pid, appendix = codex_config.apply_settings(
        r.doc,
        codex_config.CodexSettings(
            base_url=(r.online and r.online.base_url) or default_url(),
            model=str(codex_config.to_plain(r.doc.get("model")) or DEFAULT_MODEL),
        ),
        preferred_id=pid,
    )
    if new_pid == pid:
        r.note(
            "provider_table_added",
            f"Added the missing [model_providers.{new_pid}] table for TokenPool.",
            id=new_pid,
        )
    else:
        r.note(
            "provider_switched",
            f'model_provider was "{pid}", which had no table; it is now "{new_pid}", '
            f"with a [model_providers.{new_pid}] table for TokenPool.",
            old=pid,
            new=new_pid,
        )
    r.text = codex_config.document_text(r.doc, appendix)


def fix_base_url(r: DocumentRepair) -> None:
    """base_url_not_api, base_url_insecure (TokenPool's own address), base_url_models_missing
    (online: the form of the address that answers Codex's model list too)."""
    table = _tokenpool_table(r.doc)
    base_url = codex_config.to_plain(table.get("base_url"))
    verdict = (
        endpoints.classify_base_url(base_url)
        if isinstance(base_url, str) and base_url.strip()
        else None
    )
    online_url = r.online.base_url if r.online else None
    if verdict is None or verdict.website_refusal_reason or verdict.problem:
        table["base_url"] = online_url or default_url()
        r.note(
            "base_url_fixed",
            f"base_url now points at the API: {table['base_url']}.",
            url=table["base_url"],
        )
    elif verdict.insecure and verdict.is_tokenpool:
        table["base_url"] = "https://" + str(base_url).split("://", 1)[1]
        r.note("base_url_https", "base_url now uses https://.")
    elif online_url and online_url != base_url:
        table["base_url"] = online_url
        r.note(
            "base_url_changed",
            f"base_url changed to {online_url}, where the API answers Codex's model list too.",
            url=online_url,
        )


def fix_env_key(r: DocumentRepair) -> None:
    """auth_setting_wrong / env_overrides_key from an env_key in TokenPool's own table: the setup
    never writes one there (Codex would send that variable instead of the key in auth.json), so
    repair removes it as configure does. Whether the variable is set where Codex runs is not
    decided from this app's own environment (a desktop app does not see a terminal's)."""
    table = _tokenpool_table(r.doc)
    env_key = codex_config.to_plain(table.get("env_key"))
    if isinstance(env_key, str) and env_key and not keys.is_key_like(env_key):
        del table["env_key"]
        pid = codex_config.to_plain(r.doc.get("model_provider"))
        r.note(
            "repair_env_key_removed",
            f'Removed env_key = "{env_key}" from TokenPool\'s table [model_providers.{pid}]: '
            "Codex now uses the key in auth.json, as the setup writes it, instead of that "
            "environment variable.",
            variable=env_key,
        )


def fix_key_source(r: DocumentRepair) -> None:
    """auth_setting_wrong: Codex sends the key from auth.json only with requires_openai_auth."""
    table = _tokenpool_table(r.doc)
    env_key = codex_config.to_plain(table.get("env_key"))
    if not env_key and codex_config.to_plain(table.get("requires_openai_auth")) is not True:
        table["requires_openai_auth"] = True
        r.note(
            "auth_setting_fixed",
            "requires_openai_auth set to true, so Codex sends the key from auth.json.",
        )


def fix_wire_api_default(r: DocumentRepair) -> None:
    """Codex speaks only the Responses API: written where TokenPool's table names none."""
    table = _tokenpool_table(r.doc)
    if "wire_api" not in table:
        table["wire_api"] = "responses"


def fix_model(r: DocumentRepair) -> None:
    """model_not_offered (online: one TokenPool offers), model_missing."""
    model = r.online.model if r.online else None
    if model and codex_config.to_plain(r.doc.get("model")) != model:
        r.doc["model"] = model
        r.note("model_set", f'model set to "{model}", which TokenPool offers.', model=model)
    elif "model" not in r.doc:
        r.doc["model"] = DEFAULT_MODEL
        r.note("model_set", f'model set to "{DEFAULT_MODEL}".', model=DEFAULT_MODEL)


# Fixes in any config.toml, whoever's provider is in use.
DOCUMENT_FIXES: tuple[DocumentFix, ...] = (
    fix_misplaced_settings,
    fix_legacy_profile,
    fix_deprecated_settings,
    fix_stopping_settings,
    fix_secrets_in_config,
    fix_provider_names,
)
# Fixes in TokenPool's own table, when it is the one Codex uses.
TOKENPOOL_FIXES: tuple[DocumentFix, ...] = (
    fix_base_url,
    fix_env_key,
    fix_key_source,
    fix_wire_api_default,
    fix_model,
)


def fix_document(
    doc: TOMLDocument,
    state: CodexFilesState,
    env: Mapping[str, str],
    online: OnlineFixes | None,
) -> tuple[str, list[Message]]:
    """Every fix that applies, in order; the new text and what was done."""
    r = DocumentRepair(doc, state, env, online)
    for fix in DOCUMENT_FIXES:
        fix(r)
    pid = codex_config.to_plain(doc.get("model_provider"))
    tables = codex_config.provider_tables(doc)
    if not isinstance(pid, str) or not pid or pid in codex_config.RESERVED_PROVIDER_IDS:
        pass  # not set up for TokenPool: that is for configure, not repair
    elif pid not in tables:
        fix_missing_provider(r)
    elif pid == tokenpool_provider_id(doc):
        # (Another relay active: its key, address, headers and auth settings are the user's;
        # switching to TokenPool is for configure, with the person's key.)
        for fix in TOKENPOOL_FIXES:
            fix(r)
    return (r.text if r.text is not None else doc.as_string()), r.notes


def _tokenpool_table(doc: TOMLDocument) -> Any:
    return codex_config.provider_tables(doc)[str(codex_config.to_plain(doc.get("model_provider")))]


def deprecated_note(name: str) -> Message:
    why = (
        DISABLE_RESPONSE_STORAGE_WHY
        if name == "disable_response_storage"
        else "Codex no longer uses it and warns about it on every run"
    )
    return Message.of("repair_deprecated_removed", f"Removed '{name}': {why}.", setting=name)


def default_url() -> str:
    return endpoints.CATALOGUE[0].url + "/v1"
