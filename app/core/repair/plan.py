"""Repair's plan: config.toml made readable (broken lines and repeated tables kept as comments),
the named fixes of ``fixes``, and auth.json rewritten from the key; one ``Plan``, one backup."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from tomlkit.toml_document import TOMLDocument

from app.core import auth_file, codex_config, keys
from app.core.config_refusals import (
    COMMENT_NOTE,
    comment_out_lines,
    find_stopping_settings,
    rejected_setting_line,
)
from app.core.doctor.state import CodexFilesState, salvageable_key, tokenpool_provider_id
from app.core.errors import ConfigParseError
from app.core.plan import Plan, mask_secrets, plan_file_replacements
from app.core.repair.fixes import OnlineFixes, fix_document
from app.core.toml_lines import duplicate_headers, table_headers
from app.core.usertext import Message

SALVAGE_NOTE = "# tokenpool-setup repair: Codex could not read the next line; kept as a comment:"
DUPLICATE_NOTE = (
    "# tokenpool-setup repair: this table was defined twice; the repeat is kept as comments:"
)


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


def salvage_config_text(text: str, max_rounds: int = 200) -> tuple[str, list[Message]]:
    """Make broken TOML parse by turning the offending lines (or repeated tables) into comments."""
    notes: list[Message] = []
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
            notes.append(
                Message.of(
                    "duplicate_table_commented",
                    f"The repeated [{name}] table is now comments (line {start + 1}).",
                    table=name,
                )
            )
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
                Message("note", f"Line {index + 1} is now a comment: {reason}.")
                if reason
                else Message.of(
                    "unreadable_line_commented",
                    f"Line {index + 1} could not be read and is now a comment.",
                    line=index + 1,
                )
            )
    return "", [
        *notes,
        Message("note", "The file was too damaged to salvage; it was started afresh."),
    ]


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


def _rename_reserved_providers(text: str, doc: TOMLDocument) -> tuple[str, list[Message]]:
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
        notes.append(
            Message.of(
                "provider_renamed",
                f"[model_providers.{reserved}] is renamed to [model_providers.{new_id}].",
                old=reserved,
            )
        )
    return text, notes


def _comment_out_stopping_settings(
    text: str,
    doc: TOMLDocument,
    state: CodexFilesState,
    env: Mapping[str, str],
    notes: list[Message],
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
                Message.of(
                    "repair_setting_commented",
                    f"'{found.key}' (line {found.line}) is now a comment: Codex refused to start "
                    f'with {found.key} = "{found.value}". Remove the "# " to bring it back.',
                    setting=found.key,
                    line=found.line,
                )
            )
    return new_text


def _comment_out_rejected_setting(text: str, error: Any, notes: list[Message]) -> str:
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
        Message.of(
            "repair_setting_commented",
            f"'{setting}' (line {line}) is now a comment: the installed Codex refused to start "
            f'with it ({getattr(error, "message", "")}). Remove the "# " to bring it back.',
            setting=setting,
            line=line,
        )
    )
    return "\n".join(lines)


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
    notes: list[Message] = []
    env = state.env if env is None else env
    key = (api_key or salvageable_key(state)).strip()

    # 1. config.toml text that parses.
    text: str | None = None
    if state.config.state == "ok":
        text = codex_config.text_for_parsing(state.config)
        if state.doc is None:
            text, salvage_notes = salvage_config_text(text)
            notes.append(
                Message(
                    "config_salvaged",
                    "config.toml could not be read by Codex; the broken parts are kept as "
                    "comments.",
                )
            )
            notes += salvage_notes
    elif state.config.state == "undecodable":
        text = _decode_mixed(state.config.raw).lstrip("\ufeff")
        text, salvage_notes = salvage_config_text(text.replace("\r\n", "\n"))
        notes.append(
            Message(
                "config_rebuilt",
                "config.toml was not UTF-8 text; it is rebuilt (the original is in the backup).",
            )
        )
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
        new_text, fixed = fix_document(doc, state, env, online)
        notes += fixed
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
                Message(
                    "chatgpt_tokens_removed",
                    "The ChatGPT sign-in is removed from auth.json (it stops Codex sending your "
                    "key); it is kept in the backup: 'tokenpool-setup restore' brings it back.",
                )
            )
    plan = plan_file_replacements(
        state.paths,
        contents,
        reason="repair",
        notes=notes,
        snapshots={"config.toml": state.config, "auth.json": state.auth},
    )
    return plan
