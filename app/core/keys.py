"""Everything about the API key that can be decided offline, instantly (it runs on every keystroke).

- :func:`normalise_pasted_key` turns whatever people paste (a quoted key, an ``export`` line, a
  whole auth.json, a config.toml with auth.json, a ``ccswitch://`` import link, text copied
  from a chat app with invisible characters) into the bare key, plus the endpoint if the paste
  carried one.
- :func:`check_key` says, in plain language, whether the key looks complete and usable.
- :func:`mask_key` is the only form of a key that may be shown, logged or stored in reports.
- :func:`is_key_like` spots secrets that ended up in config.toml.

Nothing here raises on odd input: these functions are fed raw clipboard text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qs, urlsplit

Severity = Literal["error", "warning"]

# Invisible characters that chat apps, PDFs and web consoles slip into copied text.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u2060\u00ad"))
# Spaces that look like spaces but are not ASCII (NFKC maps most of them too; listed for clarity).
_ODD_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u3000"), " ")
_QUOTES = "'\"`‘’“”"  # NFKC leaves curly quotes alone, so they are listed here.

_KEY_CHARS = re.compile(r"[A-Za-z0-9_-]+")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_ALNUM48 = re.compile(r"[A-Za-z0-9]{48}")
# Masked copies shown by consoles: "sk-abc...xyz", "abcd****wxyz", "sk-••••", "sk-abc…xyz".
_MASK_MARKS = ("*", "…", "...", "•", "●", "·", "∙", "◦", "▪", "■", "░", "█", "x" * 8, "X" * 8)

_ENV_NAMES = (
    r"(?:OPENAI_API_KEY|CODEX_API_KEY|TOKENPOOL_API_KEY|API_KEY|apiKey|experimental_bearer_token)"
)
# `export OPENAI_API_KEY="…"`, `set OPENAI_API_KEY=…`, `setx OPENAI_API_KEY "…"`,
# `$env:OPENAI_API_KEY = "…"`, `OPENAI_API_KEY = "…"` (a TOML line), `OPENAI_API_KEY: …` (YAML).
_ASSIGNMENT = re.compile(
    r"^\s*(?:export\s+|set\s+|setx\s+|\$env:)?"
    + _ENV_NAMES
    + r"(?:\s*[=:]\s*|\s+)(?P<value>.*?)\s*;?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_JSON_KEY = re.compile(r'"(?:OPENAI_API_KEY|CODEX_API_KEY)"\s*:\s*"(?P<value>[^"]*)"')
_BASE_URL = re.compile(r"^\s*base_url\s*=\s*[\"'](?P<value>[^\"']*)[\"']", re.MULTILINE)
_CCSWITCH = re.compile(r"ccswitch://\S+", re.IGNORECASE)
_BEARER = re.compile(r"^(?:authorization\s*:\s*)?bearer\s+", re.IGNORECASE)

# Known formats (quota-apis.md). Custom Sub2API keys are at least this long after the prefix.
_MIN_CUSTOM_BODY = 16
_MAX_LENGTH = 256
_USUAL_LENGTH = 51


@dataclass(frozen=True)
class PastedKey:
    """What :func:`normalise_pasted_key` made of a paste: the bare key, the endpoint if the paste
    carried one, and notes on what was taken off."""

    key: str = field(repr=False)
    endpoint: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyProblemItem:
    """One thing wrong with a pasted key, in plain words: an error stops it, a warning does not."""

    code: str
    severity: Severity
    message: str


@dataclass(frozen=True)
class KeyCheck:
    """What :func:`check_key` found in a key (kept only masked): every error and warning."""

    key_masked: str
    problems: tuple[KeyProblemItem, ...] = ()

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def errors(self) -> tuple[KeyProblemItem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[KeyProblemItem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    def codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.problems)


# --------------------------------------------------------------------------- normalising a paste


def normalise_pasted_key(text: str) -> PastedKey:
    """Extract the key (and an endpoint, if the paste carries one) from whatever was pasted."""
    notes: list[str] = []
    cleaned = _clean_characters(text, notes)

    endpoint: str | None = None
    key: str | None = None

    link = _CCSWITCH.search(cleaned)
    if link:
        key, endpoint = _from_ccswitch(link.group(0))
        if key is not None:
            notes.append("Took the key from the CC Switch import link.")

    if key is None:
        key = _from_json(cleaned)
        if key is not None:
            notes.append("Took the key from the pasted auth.json text.")

    if key is None:
        match = _ASSIGNMENT.search(cleaned)
        if match and (len(cleaned.splitlines()) > 1 or _looks_like_assignment(cleaned)):
            key = match.group("value")
            notes.append("Took the key from the pasted line that sets it.")

    if endpoint is None:
        base = _BASE_URL.search(cleaned)
        if base and base.group("value").strip():
            endpoint = base.group("value").strip()
            notes.append("Found the endpoint (base_url) in the pasted config.toml.")

    if key is None:
        key = cleaned
    key = _strip_wrapping(key, notes)
    return PastedKey(key=key, endpoint=endpoint, notes=tuple(notes))


def _clean_characters(text: str, notes: list[str]) -> str:
    without_invisible = text.translate(_ZERO_WIDTH)
    if without_invisible != text:
        notes.append("Removed invisible characters that came along with the copy.")
    spaced = without_invisible.translate(_ODD_SPACES)
    normalised = unicodedata.normalize("NFKC", spaced)
    if normalised != spaced:
        # Full-width letters (ｓｋ－…) come from some input methods; NFKC maps them to ASCII.
        notes.append("Converted full-width characters to normal ones.")
    return normalised.strip()


def _looks_like_assignment(line: str) -> bool:
    return bool(
        re.match(r"^\s*(?:export\s|set\s|setx\s|\$env:)|^\s*\w+\s*[=:]", line, re.IGNORECASE)
    )


def _from_ccswitch(link: str) -> tuple[str | None, str | None]:
    try:
        query = parse_qs(urlsplit(link).query, keep_blank_values=True)
    except ValueError:
        return None, None
    key = _first(query, "apiKey", "apikey", "api_key")
    endpoint = _first(query, "endpoint", "baseUrl", "base_url")
    if endpoint is not None:
        endpoint = endpoint.strip().strip(_QUOTES).strip() or None
    return key, endpoint


def _first(query: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        if query.get(name):
            return query[name][0]
    return None


def _from_json(text: str) -> str | None:
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            for name in ("OPENAI_API_KEY", "CODEX_API_KEY", "api_key", "apiKey", "key"):
                value = data.get(name)
                if isinstance(value, str):
                    return value
    # auth.json pasted together with config.toml, or slightly broken JSON: read the field itself.
    match = _JSON_KEY.search(text)
    return match.group("value") if match else None


def _strip_wrapping(key: str, notes: list[str]) -> str:
    """Peel quotes, a Bearer prefix and surrounding whitespace, in any nesting order."""
    before = key
    while True:
        previous = key
        key = key.strip().rstrip(",;")
        if len(key) >= 2 and key[0] in _QUOTES and key[-1] in _QUOTES:
            key = key[1:-1]
        elif key and key[0] in _QUOTES and key.count(key[0]) == 1:
            key = key[1:]  # one stray opening quote
        elif key and key[-1] in _QUOTES and key.count(key[-1]) == 1:
            key = key[:-1]
        key = _BEARER.sub("", key)
        if key == previous:
            break
    if key != before.strip():
        notes.append("Removed quotes or a 'Bearer' prefix around the key.")
    return key


# --------------------------------------------------------------------------- checking a key


def check_key(key: str) -> KeyCheck:
    """Plain-language problems with a (normalised) key. Never raises."""
    masked = mask_key(key)
    key = key.strip()
    if not key:
        return KeyCheck(masked, (_problem("empty"),))
    if _is_masked(key):
        return KeyCheck(masked, (_problem("masked"),))
    if _is_typed_twice(key):
        return KeyCheck(masked, (_problem("typed_twice"),))
    if re.match(r"^[a-z][a-z0-9+.-]*://", key, re.IGNORECASE) or key.lower().startswith("www."):
        return KeyCheck(masked, (_problem("looks_like_url"),))

    problems: list[KeyProblemItem] = []
    if any(ch.isspace() for ch in key):
        problems.append(_problem("whitespace_inside"))
    compact = "".join(ch for ch in key if not ch.isspace())
    if not _KEY_CHARS.fullmatch(compact):
        problems.append(_problem("bad_characters", _bad_characters(compact)))

    prefix = _prefix(compact)
    body = compact[len(prefix) :]
    if len(body) < _MIN_CUSTOM_BODY:
        problems.append(_problem("too_short", len(compact)))
    elif len(compact) > _MAX_LENGTH:
        problems.append(_problem("too_long", len(compact)))
    elif not _is_known_format(compact):
        problems.append(_problem("unknown_length", len(compact)))

    if not compact.startswith("sk-"):
        problems.append(_problem("no_sk_prefix"))
    return KeyCheck(masked, tuple(problems))


def _prefix(key: str) -> str:
    for prefix in ("sk-proj-", "sk-svcacct-", "sk-admin-", "sk-"):
        if key.startswith(prefix):
            return prefix
    return ""


def _is_known_format(key: str) -> bool:
    if key.startswith(("sk-proj-", "sk-svcacct-", "sk-admin-")):
        # OpenAI's own long formats (~164 / ~167); older project keys were 56 long.
        return 150 <= len(key) <= 200 or len(key) == 56
    if key.startswith("sk-"):
        body = key[3:]
        return bool(_ALNUM48.fullmatch(body) or _HEX64.fullmatch(body))
    return False


def _is_masked(key: str) -> bool:
    return any(mark in key for mark in _MASK_MARKS)


def _is_typed_twice(key: str) -> bool:
    parts = key.split()
    if len(parts) > 1 and len(parts[0]) >= 8 and all(p == parts[0] for p in parts):
        return True
    half, odd = divmod(len(key), 2)
    if odd or half < 8:
        return False
    first, second = key[:half], key[half:]
    # Same key twice with nothing between; "sk-" repeated proves it is not a key of doubled chars.
    return first == second and (first.startswith("sk-") or len(first) >= _MIN_CUSTOM_BODY)


def _bad_characters(key: str) -> str:
    seen: list[str] = []
    for ch in key:
        if not _KEY_CHARS.fullmatch(ch) and ch not in seen:
            seen.append(ch)
    return " ".join(f"“{ch}”" for ch in seen[:3])


_CONSOLE = "https://tokenpool.dev/console/api-keys"


def _problem(code: str, detail: object = None) -> KeyProblemItem:
    """The wording for each code, in one place, so the GUI and CLI say the same thing."""
    if code == "empty":
        return KeyProblemItem(
            code, "error", f"Paste your TokenPool API key. You find it at {_CONSOLE}."
        )
    if code == "masked":
        return KeyProblemItem(
            code,
            "error",
            "This is the masked key shown in the console (it contains … / *** / •). "
            f"Copy the full key: open {_CONSOLE} and use the copy button next to the key.",
        )
    if code == "typed_twice":
        return KeyProblemItem(
            code,
            "error",
            "The key seems to be pasted twice in a row. Clear the box and paste it once.",
        )
    if code == "looks_like_url":
        return KeyProblemItem(
            code,
            "error",
            "This is a web address, not an API key. The key is a long code that usually starts "
            f"with sk-. Copy it from {_CONSOLE}.",
        )
    if code == "whitespace_inside":
        return KeyProblemItem(
            code,
            "error",
            "The key has a space or line break inside it, so part of it is probably missing or "
            "extra. Copy it again in one piece with the console's copy button.",
        )
    if code == "bad_characters":
        return KeyProblemItem(
            code,
            "error",
            f"The key contains characters a key never has ({detail}). Keys use only English "
            "letters, digits, - and _. Copy it again with the console's copy button.",
        )
    if code == "too_short":
        return KeyProblemItem(
            code,
            "error",
            f"The key is only {detail} characters long, so it is probably cut off. TokenPool keys "
            f"are usually {_USUAL_LENGTH} or 67 characters. Copy the whole key again.",
        )
    if code == "too_long":
        return KeyProblemItem(
            code,
            "error",
            f"The key is {detail} characters long, much longer than any key, so something else was "
            "copied with it. Copy only the key.",
        )
    if code == "unknown_length":
        return KeyProblemItem(
            code,
            "warning",
            f"The key is {detail} characters long, which is not one of the usual lengths "
            f"({_USUAL_LENGTH} or 67). It may still be fine; if the test fails, check that you "
            "copied all of it.",
        )
    if code == "no_sk_prefix":
        return KeyProblemItem(
            code,
            "warning",
            "TokenPool keys usually start with sk-. If your console shows the key like this, it is "
            "fine; otherwise check that the beginning was copied.",
        )
    raise ValueError(code)  # pragma: no cover - programming error


# --------------------------------------------------------------------------- masking and spotting


def mask_key(key: str) -> str:
    """``sk-abc…wxyz``: never more than 10 characters and never more than half of the key."""
    key = key.strip()
    budget = min(10, len(key) // 2)
    if budget <= 0:
        return "…" if key else ""
    tail = min(4, budget // 2)
    head = min(6, budget - tail)
    return f"{key[:head]}…{key[len(key) - tail :] if tail else ''}"


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_SECRET_PREFIXES = ("sk-", "sk_", "pk-", "rk-", "key-", "eyJ", "ghp_", "gho_", "xox")


def is_key_like(value: str) -> bool:
    """Whether a string (e.g. a value in config.toml) looks like an API key or other secret."""
    value = _BEARER.sub("", value.strip())
    if len(value) < 20 or any(ch.isspace() for ch in value):
        return False
    if "/" in value or ":" in value or _UUID.fullmatch(value):
        return False  # URLs, paths and ids are not secrets
    if not re.fullmatch(r"[A-Za-z0-9_.\-]+", value):
        return False
    if value.startswith(_SECRET_PREFIXES):
        return True
    # Unprefixed: a long run of mixed letters and digits, unlike names such as "gpt-5.5-codex".
    return (
        len(value) >= 32
        and "." not in value
        and any(ch.isdigit() for ch in value)
        and any(ch.isalpha() for ch in value)
    )
