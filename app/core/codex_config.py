"""Understanding and editing ``config.toml`` the way the installed Codex reads it.

Edits go through tomlkit so that everything we do not own (comments, blank lines, key order, other
tables) survives byte for byte. We own exactly: top-level ``model_provider``, ``model``,
``review_model``; one ``[model_providers.<id>]`` table's ``name``, ``base_url``, ``wire_api`` and
``requires_openai_auth``; and entries we add under ``[notice.model_migrations]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Table
from tomlkit.toml_document import TOMLDocument

from app.core import toml_dialect
from app.core.defaults import DEFAULT_MODEL
from app.core.errors import ConfigParseError, FileProblem, SetupError
from app.core.fileio import FileSnapshot

# Built-in provider ids Codex refuses to let a config redefine (case-sensitive).
RESERVED_PROVIDER_IDS = ("openai", "ollama", "lmstudio")
DEFAULT_PROVIDER_ID = "OpenAI"  # as the gateway page writes it; a legal custom id
FALLBACK_PROVIDER_ID = "tokenpool"
PROVIDER_DISPLAY_NAME = "TokenPool"
TOP_LEVEL_OWNED = ("model_provider", "model", "review_model")
OVERRIDING_AUTH_FIELDS = ("env_key", "experimental_bearer_token")
# Keys that mean something only at the top level; written under a [table] header they land in that
# table and Codex ignores them (see codex-facts: "a top-level key written after a table header").
TOP_LEVEL_ONLY_KEYS = (
    "model_provider",
    "model",
    "review_model",
    "profile",
    "approval_policy",
    "sandbox_mode",
    "model_reasoning_effort",
    "disable_response_storage",
)
# Settings the current Codex no longer understands; it warns about each on every run.
DEPRECATED_TOP_LEVEL_KEYS = {
    "disable_response_storage": "Codex no longer uses this setting and warns about it on every run.",  # noqa: E501
}
PROVIDER_TABLE_FIELDS = frozenset(
    {
        "name",
        "base_url",
        "env_key",
        "env_key_instructions",
        "experimental_bearer_token",
        "wire_api",
        "query_params",
        "http_headers",
        "env_http_headers",
        "request_max_retries",
        "stream_max_retries",
        "stream_idle_timeout_ms",
        "requires_openai_auth",
        "supports_websockets",
        "websocket_connect_timeout_ms",
        "auth",
    }
)
_TOKENPOOL_HOSTS = ("api.clawto.link", "api.tokenpool.dev")


def parse_config_text(text: str) -> TOMLDocument:
    """Parse config.toml text for editing. Raises ConfigParseError (``config_toml_invalid``, with
    line and column) exactly where the installed Codex would refuse the file."""
    try:
        toml_dialect.parse(text)
    except toml_dialect.TomlDialectError as exc:
        raise invalid_config_error(exc) from exc
    try:
        return tomlkit.parse(text)
    except Exception as exc:  # tomlkit raises a few non-ParseError errors on odd input
        return _parse_keeping_unreadable_values(text, exc)


class CodexRefusesConfig(ConfigParseError):
    """config.toml is not TOML as Codex reads it; ``reason`` says what, in words."""

    def __init__(self, exc: toml_dialect.TomlDialectError) -> None:
        super().__init__(
            f"config.toml line {exc.line}, column {exc.column}: {exc.reason}. Codex refuses to "
            "load a file with this in it.",
            code="config_toml_invalid",
            hint=f"Fix line {exc.line} in a text editor, or run 'tokenpool-setup repair': it "
            "turns that line into a comment (the text stays in the file, and the old file in a "
            "backup).",
            line=exc.line,
            column=exc.column,
        )
        self.reason = exc.reason


def invalid_config_error(exc: toml_dialect.TomlDialectError) -> ConfigParseError:
    """What Codex refuses, in words: where, what, and what to do."""
    return CodexRefusesConfig(exc)


class _KeptValuesDocument(TOMLDocument):
    """A document in which values tomlkit cannot read stand in as placeholder strings; written
    out, each placeholder becomes the original text again, byte for byte."""

    kept: tuple[tuple[str, str], ...] = ()

    def as_string(self) -> str:
        text = super().as_string()
        for placeholder, original in self.kept:
            text = text.replace(placeholder, original)
        return text


def _parse_keeping_unreadable_values(text: str, error: Exception) -> TOMLDocument:
    """WORKAROUND: tomlkit refuses a few values Codex reads (a leap second ``23:59:60``, the year
    ``0000``). Each such value (of a ``key = value`` line) is swapped for a placeholder string
    while editing and put back when the text is written; the read-back check (``check_edit``)
    then confirms that every value we do not own came back unchanged. (tomlkit builds Python's
    datetime, which has neither: https://docs.python.org/3/library/datetime.html#datetime.MINYEAR;
    TOML on year 0000: https://github.com/toml-lang/toml/pull/1016)"""
    spans = toml_dialect.parse(text).value_spans
    kept: list[tuple[str, str]] = []
    pieces: list[str] = []
    last = 0
    for start, end in spans:
        original = text[start:end]
        if _tomlkit_reads(f"x = {original}\n"):
            continue
        n = len(kept)
        placeholder = f'"tokenpool-setup-kept-value-{n}"'
        while placeholder in text:
            n += 1000
            placeholder = f'"tokenpool-setup-kept-value-{n}"'
        kept.append((placeholder, original))
        pieces += [text[last:start], placeholder]
        last = end
    pieces.append(text[last:])
    masked = "".join(pieces)
    if not kept or not _tomlkit_reads(masked):
        line = int(getattr(error, "line", 0))
        raise ConfigParseError(
            "Codex can read config.toml, but TokenPool Setup's TOML editor cannot"
            + (f" (near line {line})" if line else "")
            + f": {str(error).split(' at line ')[0]}.",
            code="config_toml_unsupported",
            hint="Nothing was changed. Add TokenPool's settings by hand as the README shows "
            '("What we write"), or write that line in a more common form.',
            line=line,
        ) from error
    doc = tomlkit.parse(masked)
    doc.__class__ = _KeptValuesDocument
    doc.kept = tuple(kept)  # type: ignore[attr-defined]
    return doc


def _tomlkit_reads(text: str) -> bool:
    try:
        tomlkit.parse(text)
    except Exception:
        return False
    return True


def to_plain(value: Any) -> Any:
    """tomlkit item -> plain Python value (dicts, lists, str, ...)."""
    unwrap = getattr(value, "unwrap", None)
    return unwrap() if callable(unwrap) else value


@dataclass(frozen=True)
class CodexSettings:
    """What TokenPool Setup writes. ``base_url`` is written exactly as given."""

    base_url: str
    model: str = DEFAULT_MODEL
    review_model: str | None = None  # None: same as model
    # Model migrations to record as already seen: {"gpt-5.5": "gpt-6-sol"} keeps Codex's upgrade
    # prompt from moving a person onto a model the gateway does not offer.
    acknowledge_migrations: tuple[tuple[str, str], ...] = ()


def is_tokenpool_url(url: object) -> bool:
    if not isinstance(url, str):
        return False
    match = re.match(r"^\s*https?://([^/:?#]+)", url.strip(), re.IGNORECASE)
    return bool(match) and match.group(1).lower().rstrip(".") in _TOKENPOOL_HOSTS  # type: ignore[union-attr]


def _same_endpoint(a: object, b: object) -> bool:
    if not isinstance(a, str) or not isinstance(b, str):
        return False

    def norm(u: str) -> str:
        u = u.strip().rstrip("/").lower()
        return u[: -len("/v1")] if u.endswith("/v1") else u

    return norm(a) == norm(b)


def provider_tables(doc: Container) -> dict[str, Any]:
    providers = doc.get("model_providers")
    if not isinstance(providers, (Table, dict)):
        return {}
    return {str(k): v for k, v in providers.items() if isinstance(v, (Table, dict))}


def choose_provider_id(doc: Container, base_url: str, preferred: str | None = None) -> str:
    """Reuse a table that already points at TokenPool (or at this very endpoint); else 'OpenAI',
    unless the user has an unrelated [model_providers.OpenAI]; then 'tokenpool'."""
    tables = provider_tables(doc)
    current = to_plain(doc.get("model_provider"))

    def ours(table: Mapping[str, Any]) -> bool:
        url = to_plain(table.get("base_url"))
        return is_tokenpool_url(url) or _same_endpoint(url, base_url)

    candidates = [pid for pid, t in tables.items() if ours(t) and pid not in RESERVED_PROVIDER_IDS]
    if current in candidates:
        return str(current)
    if candidates:
        return candidates[0]
    if preferred and preferred not in tables and preferred not in RESERVED_PROVIDER_IDS:
        return preferred  # the id the user already chose (e.g. model_provider naming no table)
    for pid in (DEFAULT_PROVIDER_ID, FALLBACK_PROVIDER_ID):
        if pid not in tables:
            return pid
    n = 2
    while f"{FALLBACK_PROVIDER_ID}-{n}" in tables:
        n += 1
    return f"{FALLBACK_PROVIDER_ID}-{n}"


def _set_if_different(container: Any, key: str, value: Any) -> bool:
    if key in container and to_plain(container[key]) == value:
        return False
    container[key] = value
    return True


def iter_tables(
    doc: Container, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every table (and each entry of an array of tables) with its dotted path."""
    for key, value in doc.items():
        path = (*prefix, str(key))
        if isinstance(value, (Table, dict)) and not isinstance(value, AoT):
            yield path, value
            yield from iter_tables(value, path)  # type: ignore[arg-type]
        elif isinstance(value, (AoT, list)):
            for entry in value:
                if isinstance(entry, (Table, dict)):
                    yield path, entry
                    yield from iter_tables(entry, path)  # type: ignore[arg-type]


def misplaced_top_level_keys(doc: Container) -> list[tuple[tuple[str, ...], str]]:
    """Top-level-only keys that sit inside a table (profiles may legitimately hold them)."""
    found: list[tuple[tuple[str, ...], str]] = []
    for path, table in iter_tables(doc):
        if path[0] == "profiles":
            continue
        for key in TOP_LEVEL_ONLY_KEYS:
            if key in table:
                # mcp_servers / projects etc. never hold these, and provider tables neither.
                found.append((path, key))
    return found


def _can_append_subtable(doc: TOMLDocument, name: str) -> bool:
    """Whether ``[name.X]`` may be added at the end of the file: not when ``name`` was made by
    dotted keys or an inline table (TOML forbids re-opening those with a header)."""
    for key, value in doc.body:
        if key is not None and key.key == name:
            return isinstance(value, Table) and not key.is_dotted()
    return True


def _ensure_subtable(
    doc: TOMLDocument, appendix: TOMLDocument, parent: str, child: str
) -> tuple[Any, bool]:
    """The table ``[parent.child]``: the existing one, or a new one. New tables go at the end of
    the file (through ``appendix``) so they never land between the user's tables."""
    existing: Any = doc.get(parent)
    if isinstance(existing, (Table, dict)) and isinstance(existing.get(child), (Table, dict)):
        return existing[child], False
    if isinstance(existing, (Table, dict)) and not _can_append_subtable(doc, parent):
        # Dotted keys or an inline table: a [parent.child] header there would capture the lines
        # after it; an inline entry (`parent.child = {…}`) stays where it is written.
        existing[child] = tomlkit.inline_table()
        return existing[child], True
    table = tomlkit.table()
    if existing is not None and not isinstance(existing, (Table, dict)):
        del doc[parent]  # a non-table value of that name cannot be kept (Codex refuses it)
    holder = appendix.get(parent)
    if holder is None:
        holder = tomlkit.table(is_super_table=True)
        appendix.append(parent, holder)
    holder.append(child, table)
    return holder[child], True


def apply_settings(
    doc: TOMLDocument, settings: CodexSettings, preferred_id: str | None = None
) -> tuple[str, TOMLDocument]:
    """Edit ``doc`` in place to hold our settings. Returns the provider id and an appendix of new
    tables to add at the end of the file (see ``settings_text``)."""
    provider_id = choose_provider_id(doc, settings.base_url, preferred_id)
    review = settings.review_model or settings.model
    appendix = tomlkit.document()

    # Our own top-level keys, if they were appended under our provider table, are ours and
    # misplaced: remove them there (the top-level ones below take their place).
    table = provider_tables(doc).get(provider_id)
    if table is not None:
        for key in TOP_LEVEL_OWNED:
            if key in table:
                del table[key]

    _set_if_different(doc, "model_provider", provider_id)
    _set_if_different(doc, "model", settings.model)
    _set_if_different(doc, "review_model", review)

    table, _new = _ensure_subtable(doc, appendix, "model_providers", provider_id)
    _set_if_different(table, "name", to_plain(table.get("name")) or PROVIDER_DISPLAY_NAME)
    _set_if_different(table, "base_url", settings.base_url)
    _set_if_different(table, "wire_api", "responses")
    # Without this Codex sends no Authorization header at all for a custom provider.
    _set_if_different(table, "requires_openai_auth", True)
    # Codex takes the key from env_key's variable, then from experimental_bearer_token, and only
    # then from auth.json: either one left here would hide the key being written now.
    for overriding in OVERRIDING_AUTH_FIELDS:
        if overriding in table:
            del table[overriding]

    if settings.acknowledge_migrations:
        migrations, _new = _ensure_subtable(doc, appendix, "notice", "model_migrations")
        for old, new in settings.acknowledge_migrations:
            _set_if_different(migrations, old, new)
    return provider_id, appendix


def document_text(doc: TOMLDocument, appendix: TOMLDocument | None = None) -> str:
    """The edited document plus new tables at the end, separated by one blank line."""
    text = doc.as_string()
    extra = appendix.as_string().strip("\n") if appendix is not None else ""
    if not extra:
        return text
    if text and not text.endswith("\n"):
        text += "\n"
    if text.strip() and not text.endswith("\n\n"):
        text += "\n"
    return text + extra + "\n"


def _flatten(value: Any, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """{key path: value} of every leaf; an empty table counts as a leaf (it must not vanish)."""
    if isinstance(value, dict) and (value or not prefix):
        out: dict[tuple[str, ...], Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, (*prefix, key)))
        return out
    return {prefix: value}


def check_edit(old_text: str, new_text: str, provider_id: str, settings: CodexSettings) -> None:
    """Read the result back as Codex will: our settings where Codex looks for them, and every
    value we do not own unchanged (a value equals itself: NaN too). Any surprise (an odd layout
    tomlkit mis-edits) stops the write before anything is touched, naming what would change."""
    try:
        old = toml_dialect.loads(old_text) if old_text.strip() else {}
    except toml_dialect.TomlDialectError as exc:
        raise invalid_config_error(exc) from exc
    clash = _wrong_kind_for_codex(old, provider_id)
    if clash:
        raise _unsafe_edit(
            clash,
            hint="Nothing was changed. Codex refuses this file as it is, too. Remove or rename "
            "that setting in a text editor (or restore it from a backup), then run the setup "
            "again.",
        )
    try:
        new = toml_dialect.loads(new_text)
    except toml_dialect.TomlDialectError as exc:
        raise _unsafe_edit(
            f"with our settings added, Codex could not read the file any more (line {exc.line}: "
            f"{exc.reason})"
        ) from exc
    if new.get("model_provider") != provider_id:
        raise _unsafe_edit(
            f'model_provider = "{provider_id}" would not end up at the top of the file, where '
            "Codex reads it"
        )
    table = new.get("model_providers", {}).get(provider_id, {})
    if not isinstance(table, dict) or table.get("base_url") != settings.base_url:
        raise _unsafe_edit(
            f"base_url would not end up in [model_providers.{provider_id}], where Codex reads it"
        )
    for key, wanted in (
        ("model", settings.model),
        ("review_model", settings.review_model or settings.model),
    ):
        if new.get(key) != wanted:
            raise _unsafe_edit(
                f'{key} = "{wanted}" would not end up at the top of the file, where Codex reads it'
            )
    owned_provider_keys = {"name", "base_url", "wire_api", "requires_openai_auth"}
    owned_provider_keys.update(OVERRIDING_AUTH_FIELDS)

    def owned(path: tuple[str, ...]) -> bool:
        if path[0] in TOP_LEVEL_OWNED and len(path) == 1:
            return True
        if path[:2] == ("model_providers", provider_id) and (
            len(path) == 2 or path[2] in owned_provider_keys or path[2] in TOP_LEVEL_OWNED
        ):
            return True
        return path[:2] == ("notice", "model_migrations") and len(path) <= 3

    new_flat = _flatten(new)
    old_flat = _flatten(old)
    for path in new_flat.keys() - old_flat.keys():
        if not owned(path) and not (new_flat[path] == {} and _lookup(old, path) is not None):
            raise _unsafe_edit(f"'{_dotted(path)}' would appear where it does not belong")
    for path, value in old_flat.items():
        if owned(path):
            continue
        if value == {} and isinstance(_lookup(new, path), dict):
            continue  # an empty table of the user's that we added to (e.g. [model_providers])
        if path not in new_flat or not toml_dialect.same_value(new_flat[path], value):
            raise _unsafe_edit(
                f"your setting '{_dotted(path)}' would "
                + ("disappear" if path not in new_flat else "change")
            )


# Lines an edit may remove or rewrite: those setting a key we own (our top-level keys, our
# provider table's fields), and `model_providers = {…}` / `notice.… = …` lines we add an entry to
# in their own (inline or dotted) form. Every other line must come back unchanged and in order.
_OWNED_KEYS = (
    *TOP_LEVEL_OWNED,
    "name",
    "base_url",
    "wire_api",
    "requires_openai_auth",
    *OVERRIDING_AUTH_FIELDS,
)
_OWNED_LINE = re.compile(
    r"\s*(?:(?:{})\s*=|(?:model_providers|notice)\s*[.=])".format("|".join(_OWNED_KEYS))
)


def check_kept_lines(old_text: str, new_text: str) -> None:
    """The byte-level half of the read-back check: our edit only adds lines and rewrites lines of
    keys we own. WORKAROUND: tomlkit moves a table written between the entries of an
    ``[[array]]`` of tables to the end of the file; Codex would read the same values, but the
    person's file would be rearranged, so such an edit stops here, naming the line.
    https://github.com/python-poetry/tomlkit/pull/601"""
    new_lines = new_text.split("\n")
    position = 0
    matched: list[tuple[int, int]] = []  # (line index in the old text, in the new)
    for index, line in enumerate(old_text.split("\n")):
        if not line.strip() or _OWNED_LINE.match(line):
            continue  # ours to rewrite or remove (a blank line may go with it)
        # Each line of the user's, in order, somewhere after the previous one (lines in between
        # are ones we added): the earliest match keeps the most room for the lines after it.
        while position < len(new_lines) and new_lines[position] != line:
            position += 1
        if position == len(new_lines):
            # Name the line that moved: the first one matched beyond where this one now is.
            where = new_lines.index(line) if line in new_lines else -1
            moved = next((i for i, at in matched if at > where >= 0), index)
            shown = old_text.split("\n")[moved].strip()[:60]
            raise _unsafe_edit(
                f"its TOML editor would move or change line {moved + 1} of your file ({shown!r})",
                hint="Nothing was changed. This happens when a [table] sits between the "
                "entries of an [[array]] of tables: keep each [[array]] entry's own tables "
                "right after it (or add TokenPool's settings by hand as the README's "
                '"What we write" shows), then run the setup again.',
            )
        matched.append((index, position))
        position += 1


def _lookup(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _dotted(path: tuple[str, ...]) -> str:
    return ".".join(p if re.fullmatch(r"[A-Za-z0-9_-]+", p) else f'"{p}"' for p in path)


def _wrong_kind_for_codex(old: dict[str, Any], provider_id: str) -> str:
    """A setting of ours that the file holds as the wrong kind of value (``[model]`` as a table,
    ``[[model_providers]]`` as a list): not ours to overwrite, and Codex refuses it anyway."""
    expected: list[tuple[tuple[str, ...], type, str]] = [
        ((key,), str, "text in quotes") for key in TOP_LEVEL_OWNED
    ]
    expected += [
        (("model_providers",), dict, "a table of providers"),
        (("model_providers", provider_id), dict, "a [table]"),
        (("notice",), dict, "a [table]"),
        (("notice", "model_migrations"), dict, "a [table]"),
    ]
    for path, kind, words in expected:
        value = _lookup(old, path)
        # A number where our text goes is simply overwritten (it is ours); a table or a list is
        # the user's data, not ours to drop.
        if (
            value is not None
            and not isinstance(value, kind)
            and (kind is dict or isinstance(value, (dict, list)))
        ):
            found = "a [table]" if isinstance(value, dict) else f"a {_kind_name(value)}"
            return f"'{_dotted(path)}' is {found}, where Codex expects {words}"
    return ""


def _kind_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false value"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    return "date or time"


def _unsafe_edit(reason: str, hint: str = "") -> SetupError:
    return SetupError(
        f"TokenPool Setup stopped before changing config.toml: {reason}.",
        code="config_toml_unsafe_edit",
        hint=hint
        or "Nothing was changed. Our TOML editor mis-handles how this file is laid out there; "
        "move that part to a plain [table] section (or add TokenPool's settings by hand as the "
        'README\'s "What we write" shows), then run the setup again.',
    )


def render_like(snapshot: FileSnapshot, new_text: str) -> bytes:
    """Encode ``new_text`` with the original file's conventions (BOM, CRLF)."""
    if snapshot.crlf:
        new_text = new_text.replace("\r\n", "\n").replace("\n", "\r\n")
    data = new_text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if snapshot.had_bom else data


def text_for_parsing(snapshot: FileSnapshot) -> str:
    # A file that is consistently CRLF is edited as LF and written back as CRLF, so lines we
    # add match and lines we keep come back byte for byte.
    return snapshot.text.replace("\r\n", "\n") if snapshot.crlf else snapshot.text


def plan_config_text(snapshot: FileSnapshot, settings: CodexSettings) -> tuple[bytes, str]:
    """The new bytes of config.toml and the provider id. Raises ConfigParseError if unparseable."""
    doc = parse_config_text(text_for_parsing(snapshot)) if snapshot.state == "ok" else None
    if doc is None:
        if snapshot.state in ("unreadable", "not_a_file"):
            raise FileProblem(
                snapshot.error or "config.toml cannot be read.",
                code="config_toml_unreadable",
                hint="Nothing was changed. Check the file's permissions, or move what is in its "
                "place, then try again.",
            )
        if snapshot.state != "missing":
            raise ConfigParseError(
                snapshot.error or "config.toml cannot be read.",
                code="config_toml_invalid",
                hint="Nothing was changed. Run 'tokenpool-setup repair': it reads the file line by "
                "line and keeps what it cannot read as comments (the original goes to a backup).",
            )
        doc = tomlkit.document()
    provider_id, appendix = apply_settings(doc, settings)
    new_text = document_text(doc, appendix)
    old_text = text_for_parsing(snapshot) if snapshot.state == "ok" else ""
    check_edit(old_text, new_text, provider_id, settings)
    check_kept_lines(old_text, new_text)
    if snapshot.state == "ok" and new_text == text_for_parsing(snapshot):
        return snapshot.raw, provider_id
    return render_like(snapshot, new_text), provider_id
