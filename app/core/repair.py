"""Repair: turn the doctor's fixable findings into one plan (one backup, atomic writes).

Nothing the user wrote is dropped: a broken line or a repeated table is kept as a comment, a key
found in config.toml moves to auth.json, and every old file is in the backup.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tomlkit.toml_document import TOMLDocument

from app.core import auth_file, codex_config, endpoints, keys
from app.core.defaults import DEFAULT_MODEL
from app.core.doctor import (
    CodexFilesState,
    _salvageable_key,
    duplicate_headers,
    find_secret_locations,
    table_headers,
)
from app.core.errors import ConfigParseError
from app.core.plan import Plan, mask_secrets, plan_file_replacements

SALVAGE_NOTE = "# tokenpool-setup repair: Codex could not read the next line; kept as a comment:"
DUPLICATE_NOTE = (
    "# tokenpool-setup repair: this table was defined twice; the repeat is kept as comments:"
)


@dataclass(frozen=True)
class OnlineFixes:
    """Fixes that need the network to decide (from ``doctor --online``)."""

    model: str | None = None
    base_url: str | None = None


def _decode_mixed(raw: bytes) -> str:
    """Text that is not UTF-8 throughout: usually UTF-8 with a few lines from a Windows editor's
    code page. Each line is read as UTF-8 if it is, else as cp1252 (else latin-1, which maps every
    byte), so "café" stays café instead of becoming U+FFFD."""
    lines = []
    for line in raw.split(b"\n"):
        for encoding in ("utf-8", "cp1252", "latin-1"):
            try:
                lines.append(line.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
    return "\n".join(lines)


def salvage_config_text(text: str, max_rounds: int = 200) -> tuple[str, list[str]]:
    """Make broken TOML parse by turning the offending lines (or repeated tables) into comments."""
    notes: list[str] = []
    lines = text.split("\n")
    for _ in range(max_rounds):
        candidate = "\n".join(lines)
        dups = duplicate_headers(candidate)
        if dups:
            start, name = dups[0]
            headers = [i for i, _n, _a in table_headers(candidate) if i > start]
            end = headers[0] if headers else len(lines)
            section = lines[start:end]
            lines[start:end] = [DUPLICATE_NOTE] + [
                _as_comment(line) if line.strip() else line for line in section
            ]
            notes.append(f"The repeated [{name}] table is now comments (line {start + 1}).")
            continue
        try:
            codex_config.parse_config_text(candidate)
            return candidate, notes
        except ConfigParseError as exc:
            if exc.code == "config_toml_unsupported":
                raise  # Codex reads every line: none is commented out; the error says what to do
            index = max(exc.line - 1, 0)
            if index >= len(lines):
                index = len(lines) - 1
            # Past the end: walk up to the nearest line not yet a comment (never comment the
            # same comment again and again).
            while index > 0 and (not lines[index].strip() or lines[index].lstrip().startswith("#")):
                index -= 1
            # A multi-line string, array or inline table that never closes: the error shows up
            # on a later line that is fine by itself (often the next table header). Its opening
            # line is the last one before which the text still parses: comment that one, not the
            # user's tables below it.
            while index > 0 and not _parses("\n".join(lines[:index])):
                index -= 1
            # Kept for the user to see, but a key in it is masked: it moves to auth.json.
            lines[index : index + 1] = [SALVAGE_NOTE, _as_comment(lines[index])]
            reason = getattr(exc, "reason", "") if exc.line == index + 1 else ""
            notes.append(
                f"Line {index + 1} is now a comment: {reason}."
                if reason
                else f"Line {index + 1} could not be read and is now a comment."
            )
    return "", [*notes, "The file was too damaged to salvage; it was started afresh."]


def _as_comment(line: str) -> str:
    """A line kept as a comment Codex can read: a key in it masked (it moves to auth.json), and
    invisible control characters (which Codex refuses even in comments) written out as
    ``<U+000B>``; the untouched line is in the backup."""
    shown = "".join(
        f"<U+{ord(c):04X}>" if (ord(c) < 0x20 and c != "\t") or ord(c) == 0x7F else c for c in line
    )
    return f"# {mask_secrets(shown)}"


def _parses(text: str) -> bool:
    try:
        codex_config.parse_config_text(text)
    except ConfigParseError:
        return False
    return True


def _rename_reserved_providers(text: str, doc: TOMLDocument) -> tuple[str, list[str]]:
    notes = []
    tables = codex_config.provider_tables(doc)
    for reserved in codex_config.RESERVED_PROVIDER_IDS:
        if reserved not in tables:
            continue
        new_id = codex_config.DEFAULT_PROVIDER_ID if reserved == "openai" else f"{reserved}-custom"
        n = 2
        while new_id in tables:
            new_id = (
                f"{codex_config.FALLBACK_PROVIDER_ID}-{n}"
                if reserved == "openai"
                else f"{reserved}-custom-{n}"
            )
            n += 1
        # The id may be bare or quoted: [model_providers.openai] / [model_providers."openai"]
        header = re.compile(
            r"^(\s*\[\[?\s*model_providers\s*\.\s*)([\"']?)"
            + re.escape(reserved)
            + r"\2(\s*[\].])",
            re.M,
        )
        text = header.sub(r"\g<1>\g<2>" + new_id + r"\g<2>\g<3>", text)
        if codex_config.to_plain(doc.get("model_provider")) == reserved:
            text = re.sub(
                r'^(\s*model_provider\s*=\s*)(["\'])' + re.escape(reserved) + r"\2",
                r"\g<1>\g<2>" + new_id + r"\g<2>",
                text,
                count=1,
                flags=re.M,
            )
        notes.append(f"[model_providers.{reserved}] is renamed to [model_providers.{new_id}].")
    return text, notes


def _table_at(doc: Any, path: tuple[str, ...]) -> Any:
    node = doc
    for part in path:
        node = node[part]
    return node


def plan_repair(
    state: CodexFilesState,
    *,
    api_key: str | None = None,
    online: OnlineFixes | None = None,
    env: Mapping[str, str] | None = None,
) -> Plan:
    """One plan that fixes every fixable finding. ``api_key`` overrides what the files hold."""
    notes: list[str] = []
    env = state.env if env is None else env
    key = (api_key or _salvageable_key(state)).strip()

    # 1. config.toml text that parses.
    text: str | None = None
    if state.config.state == "ok":
        text = codex_config.text_for_parsing(state.config)
        if state.doc is None:
            text, salvage_notes = salvage_config_text(text)
            notes += [
                "config.toml could not be read by Codex; the broken parts are kept as comments."
            ]
            notes += salvage_notes
    elif state.config.state == "undecodable":
        text = _decode_mixed(state.config.raw).lstrip("\ufeff")
        text, salvage_notes = salvage_config_text(text.replace("\r\n", "\n"))
        notes += ["config.toml was not UTF-8 text; it is rebuilt (the original is in the backup)."]
    elif state.config.state == "missing":
        text = None
    else:
        text = None  # unreadable / a folder: nothing we can safely do to it

    new_config: bytes | None = state.config.raw if state.config.exists else None
    if text is not None:
        doc = codex_config.parse_config_text(text)
        text, rename_notes = _rename_reserved_providers(text, doc)
        notes += rename_notes
        doc = codex_config.parse_config_text(text)
        new_text = _fix_document(doc, state, key, env, online, notes) or doc.as_string()
        if new_text != codex_config.text_for_parsing(state.config) or state.doc is None:
            new_config = codex_config.render_like(state.config, new_text)

    # 2. auth.json.
    contents: dict[str, bytes | None] = {}
    if state.config.exists and new_config is not None and new_config != state.config.raw:
        contents["config.toml"] = new_config
    a = state.auth_state
    needs_auth = (
        a.state in ("missing", "invalid", "bom")
        or a.has_chatgpt_tokens
        or not a.api_key
        or (api_key is not None and api_key != a.api_key)
    )
    if (
        needs_auth
        and key
        and keys.check_key(key).ok
        and a.state not in ("unreadable", "not_a_file")
    ):
        contents["auth.json"] = auth_file.render_auth_json(key)
        if a.has_chatgpt_tokens:
            notes.append(
                "The ChatGPT sign-in is removed from auth.json (it stops Codex sending your key); "
                "it is kept in the backup: 'tokenpool-setup restore' brings it back."
            )
    plan = plan_file_replacements(
        state.paths,
        contents,
        reason="repair",
        notes=notes,
        snapshots={"config.toml": state.config, "auth.json": state.auth},
    )
    return plan


def _fix_document(
    doc: TOMLDocument,
    state: CodexFilesState,
    key: str,
    env: Mapping[str, str],
    online: OnlineFixes | None,
    notes: list[str],
) -> str | None:
    # Top-level keys that ended up inside a table: move them up (a profile may hold them).
    # Resolve the tables first (iter_tables also walks [[array.of.tables]] entries, which a
    # dotted path alone cannot address), then edit.
    misplaced = set(codex_config.misplaced_top_level_keys(doc))
    targets = [
        (path, table, name)
        for path, table in codex_config.iter_tables(doc)
        for name in codex_config.TOP_LEVEL_ONLY_KEYS
        if (path, name) in misplaced and name in table
    ]
    for path, table, name in targets:
        value = codex_config.to_plain(table[name])
        del table[name]
        if name in codex_config.DEPRECATED_TOP_LEVEL_KEYS:
            notes.append(f"Removed '{name}' (Codex no longer uses it).")
            continue
        if name not in doc:
            doc[name] = value
            notes.append(f"Moved '{name}' out of [{'.'.join(path)}] to the top of config.toml.")
        else:
            notes.append(
                f"Removed a second '{name}' from [{'.'.join(path)}]; the top-level one stays."
            )
    if "profile" in doc:
        del doc["profile"]
        notes.append(
            "Removed the top-level 'profile' line (use 'codex -p NAME' to pick a profile)."
        )
    for name in codex_config.DEPRECATED_TOP_LEVEL_KEYS:
        if name in doc:
            del doc[name]
            notes.append(f"Removed '{name}' (Codex no longer uses it).")

    # Secrets in config.toml: remove them; the key goes to auth.json (see plan_repair).
    for secret_path, _value in find_secret_locations(doc):
        try:
            parent = _table_at(doc, secret_path[:-1])
            del parent[secret_path[-1]]
            notes.append(
                f"Removed the API key from '{'.'.join(secret_path)}' in config.toml "
                "(it belongs in auth.json)."
            )
        except (KeyError, TypeError):
            continue

    # Every provider table needs a name, or Codex refuses the whole file.
    for table_id, provider_table in codex_config.provider_tables(doc).items():
        if not isinstance(codex_config.to_plain(provider_table.get("name")), str):
            provider_table["name"] = table_id
            notes.append(f'Added name = "{table_id}" to [model_providers.{table_id}].')

    pid = codex_config.to_plain(doc.get("model_provider"))
    tables = codex_config.provider_tables(doc)
    if not isinstance(pid, str) or not pid or pid in codex_config.RESERVED_PROVIDER_IDS:
        return None  # not set up for TokenPool: that is configure's job, not repair's
    if pid not in tables:
        new_pid, appendix = codex_config.apply_settings(
            doc,
            codex_config.CodexSettings(
                base_url=(online and online.base_url) or _default_url(),
                model=str(codex_config.to_plain(doc.get("model")) or DEFAULT_MODEL),
            ),
            preferred_id=pid,
        )
        # apply_settings picks the id itself (an existing TokenPool table, else "OpenAI"): say
        # what was really written, not the id that was missing.
        notes.append(
            f"Added the missing [model_providers.{new_pid}] table for TokenPool."
            if new_pid == pid
            else f'model_provider was "{pid}", which had no table; it is now "{new_pid}", '
            f"with a [model_providers.{new_pid}] table for TokenPool."
        )
        return codex_config.document_text(doc, appendix)
    table = tables[pid]
    base_url = codex_config.to_plain(table.get("base_url"))
    verdict = (
        endpoints.classify_base_url(base_url)
        if isinstance(base_url, str) and base_url.strip()
        else None
    )
    if verdict is None or verdict.website_refusal_reason or verdict.problem:
        table["base_url"] = (online and online.base_url) or _default_url()
        notes.append(f"base_url now points at the API: {table['base_url']}.")
    elif verdict.insecure and verdict.is_tokenpool:
        table["base_url"] = "https://" + str(base_url).split("://", 1)[1]
        notes.append("base_url now uses https://.")
    elif online and online.base_url and online.base_url != base_url:
        table["base_url"] = online.base_url
        notes.append(
            f"base_url changed to {online.base_url}, where the API answers Codex's model list too."
        )
    if codex_config.to_plain(table.get("wire_api")) not in (None, "responses"):
        table["wire_api"] = "responses"
        notes.append('wire_api set to "responses".')
    env_key = codex_config.to_plain(table.get("env_key"))
    if isinstance(env_key, str) and env_key and not env.get(env_key):
        del table["env_key"]
        notes.append(
            f'Removed env_key = "{env_key}" (that variable is not set); Codex now uses auth.json.'
        )
        env_key = None
    if not env_key and codex_config.to_plain(table.get("requires_openai_auth")) is not True:
        table["requires_openai_auth"] = True
        notes.append("requires_openai_auth set to true, so Codex sends the key from auth.json.")
    if "wire_api" not in table:
        table["wire_api"] = "responses"
    if online and online.model and codex_config.to_plain(doc.get("model")) != online.model:
        doc["model"] = online.model
        notes.append(f'model set to "{online.model}", which TokenPool offers.')
    elif "model" not in doc:
        doc["model"] = DEFAULT_MODEL
        notes.append(f'model set to "{DEFAULT_MODEL}".')
    return None


def _default_url() -> str:
    return endpoints.CATALOGUE[0].url + "/v1"


def fix_auth_permissions(state: CodexFilesState) -> bool:
    if sys.platform == "win32" or not state.paths.auth_json.is_file():
        return False
    mode = state.paths.auth_json.stat().st_mode & 0o777
    if not mode & 0o077:
        return False
    state.paths.auth_json.chmod(0o600)
    return True
