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
from app.core.config_refusals import (
    COMMENT_NOTE,
    comment_out_lines,
    find_stopping_settings,
    rejected_setting_line,
)
from app.core.defaults import DEFAULT_MODEL
from app.core.doctor import (
    CodexFilesState,
    _salvageable_key,
    duplicate_headers,
    exposed_backups,
    find_secret_locations,
    in_other_provider_table,
    table_headers,
    tokenpool_provider_id,
)
from app.core.errors import ConfigParseError
from app.core.plan import Plan, mask_secrets, plan_file_replacements

SALVAGE_NOTE = "# tokenpool-setup repair: Codex could not read the next line; kept as a comment:"
DUPLICATE_NOTE = (
    "# tokenpool-setup repair: this table was defined twice; the repeat is kept as comments:"
)


class RepairNote(str):
    """A note a person reads after (or before) a repair: the English text, plus a stable ``code``
    and its parameters so the UI can translate it. It is a ``str`` so every place that shows or
    prints plan notes keeps working."""

    code: str
    params: dict[str, str]

    def __new__(cls, code: str, text: str, **params: str) -> RepairNote:
        note = super().__new__(cls, text)
        note.code = code
        note.params = dict(params)
        return note


def note_code(note: str) -> str:
    """The stable code of a plan note ("" for a note without one)."""
    return getattr(note, "code", "")


DISABLE_RESPONSE_STORAGE_WHY = (
    "Codex no longer reads it and warns about it on every run; it always asks gateways like "
    "TokenPool not to store responses, so nothing changes"
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


def _comment_out_stopping_settings(
    text: str, doc: TOMLDocument, state: CodexFilesState, env: Mapping[str, str], notes: list[str]
) -> str:
    """Settings that stop Codex and whose value is the user's to keep (a path, a policy): the
    line becomes a comment, so the text is still there to put back."""
    stopping = [
        s
        for s in find_stopping_settings(doc, text, state.paths.codex_home, env)
        if s.fix == "comment"
    ]
    new_text, done = comment_out_lines(text, stopping)
    for found in stopping:
        if found.line in done:
            notes.append(
                RepairNote(
                    "repair_setting_commented",
                    f"'{found.key}' (line {found.line}) is now a comment: Codex refused to start "
                    f'with {found.key} = "{found.value}". Remove the "# " to bring it back.',
                    setting=found.key,
                    line=str(found.line),
                )
            )
    return new_text


def _comment_out_rejected_setting(text: str, error: Any, notes: list[str]) -> str:
    setting = getattr(error, "setting", "") if error is not None else ""
    if not setting or getattr(error, "syntax", False):
        return text
    doc = codex_config.parse_config_text(text)
    line = rejected_setting_line(text, setting, tokenpool_provider_id(doc))
    if not line:
        return text
    lines = text.split("\n")
    lines[line - 1 : line] = [COMMENT_NOTE, f"# {lines[line - 1]}"]
    notes.append(
        RepairNote(
            "repair_setting_commented",
            f"'{setting}' (line {line}) is now a comment: the installed Codex refused to start "
            f'with it ({getattr(error, "message", "")}). Remove the "# " to bring it back.',
            setting=setting,
            line=str(line),
        )
    )
    return "\n".join(lines)


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
    codex_load_error: Any = None,
) -> Plan:
    """One plan that fixes every fixable finding. ``api_key`` overrides what the files hold.
    ``codex_load_error``: what the installed Codex said when it refused config.toml
    (``DoctorReport.codex_load_error``); the setting it names is turned into a comment."""
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
        text = _comment_out_stopping_settings(text, doc, state, env, notes)
        text = _comment_out_rejected_setting(text, codex_load_error, notes)
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
    if state.other_provider_active and not (state.secrets_in_config() or api_key):
        needs_auth = False  # another relay's setup: auth.json is configure's to change
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
        if (path, name) in misplaced and name in table and not in_other_provider_table(doc, path)
    ]
    for path, table, name in targets:
        value = codex_config.to_plain(table[name])
        del table[name]
        if name in codex_config.DEPRECATED_TOP_LEVEL_KEYS:
            notes.append(_deprecated_note(name))
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
            notes.append(_deprecated_note(name))

    # Settings that stop Codex, in any table (TokenPool's or not): only these are changed in
    # another provider's table, and never who receives which key or where requests go.
    ours = tokenpool_provider_id(doc)
    for found in find_stopping_settings(doc, doc.as_string(), state.paths.codex_home, env):
        if found.fix == "set" and found.table[:1] == ("model_providers",):
            table = codex_config.provider_tables(doc).get(found.table[1])
            if table is None:
                continue
            table[found.key] = found.new_value
            whose = (
                "" if found.table[1] == ours else " (not TokenPool's; nothing else in it changed)"
            )
            notes.append(
                RepairNote(
                    "repair_provider_setting_fixed",
                    f'[model_providers.{found.table[1]}]{whose}: {found.key} = "{found.value}" is '
                    f'now "{found.new_value}", because Codex refused to start with the old value.',
                    table=found.table[1],
                    setting=found.key,
                )
            )
        elif not found.table and found.key in doc:
            # forced_login_method, or a setting whose line could not be commented out.
            del doc[found.key]
            notes.append(
                RepairNote(
                    "repair_forced_login_removed",
                    'Removed forced_login_method = "chatgpt": it made Codex refuse the API key '
                    "and delete auth.json. The backup keeps the old file.",
                )
                if found.code == "forced_chatgpt_login"
                else RepairNote(
                    "repair_setting_removed",
                    f"Removed '{found.key}' = \"{found.value}\": Codex refused to start with it. "
                    "The backup keeps the old file.",
                    setting=found.key,
                )
            )

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
            notes.append(
                RepairNote(
                    "repair_provider_name_added",
                    f'Added name = "{table_id}" to [model_providers.{table_id}] (Codex refused '
                    "to start without it; nothing else in that table changed).",
                    table=table_id,
                )
            )

    pid = codex_config.to_plain(doc.get("model_provider"))
    tables = codex_config.provider_tables(doc)
    if not isinstance(pid, str) or not pid or pid in codex_config.RESERVED_PROVIDER_IDS:
        return None  # not set up for TokenPool: that is configure's job, not repair's
    if pid in tables and pid != tokenpool_provider_id(doc):
        # Another relay is the active provider: its key, address, headers and auth settings are
        # the user's. Switching to TokenPool is configure's job, with the person's key.
        return None
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
    env_key = codex_config.to_plain(table.get("env_key"))
    if isinstance(env_key, str) and env_key and not keys.is_key_like(env_key):
        # TokenPool's own table: the setup never writes env_key there (Codex would send that
        # variable instead of the key in auth.json), so repair removes it as configure does.
        # Whether the variable is set where Codex runs is not decided from this app's own
        # environment (a desktop app does not see a terminal's variables).
        del table["env_key"]
        notes.append(
            RepairNote(
                "repair_env_key_removed",
                f'Removed env_key = "{env_key}" from TokenPool\'s table [model_providers.{pid}]: '
                "Codex now uses the key in auth.json, as the setup writes it, instead of that "
                "environment variable.",
                variable=env_key,
            )
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


def _deprecated_note(name: str) -> RepairNote:
    why = (
        DISABLE_RESPONSE_STORAGE_WHY
        if name == "disable_response_storage"
        else "Codex no longer uses it and warns about it on every run"
    )
    return RepairNote("repair_deprecated_removed", f"Removed '{name}': {why}.", setting=name)


def _default_url() -> str:
    return endpoints.CATALOGUE[0].url + "/v1"


def fix_auth_permissions(state: CodexFilesState) -> bool:
    """Make auth.json and every backed-up copy of it private (mode 600). True if any changed."""
    if sys.platform == "win32":
        return False
    changed = False
    for copy in exposed_backups(state.paths):
        copy.chmod(0o600)
        changed = True
    if not state.paths.auth_json.is_file():
        return changed
    mode = state.paths.auth_json.stat().st_mode & 0o777
    if not mode & 0o077:
        return changed
    state.paths.auth_json.chmod(0o600)
    return True
