"""Codex's TOML dialect: does the installed Codex load this config.toml, and if not, where and why.

Codex reads config.toml with the Rust ``toml`` crate, which speaks TOML 1.1: newlines, comments and
a trailing comma inside inline tables, times without seconds (``12:30``), ``\\x41`` and ``\\e``
escapes. tomlkit (which we edit with) reads some files Codex refuses — ``1٠`` (an Arabic-Indic zero
read as 10), a value followed by a vertical tab, integers beyond 64 bits, ``1e400`` — and refuses a
few Codex reads (a leap second, year 0000). Python's ``tomllib`` is TOML 1.0 only. So the question
"does this file load" is answered here, by a strict reader written to the behaviour observed from
the pinned Codex (every case in ``tests/support/toml_corpus.py`` is checked against the real
binary).

``parse`` returns plain Python values (date-times as ``TomlDateTime``) and, for each
``key = value`` statement, where its value sits in the text; ``TomlDialectError`` says line, column
and what is wrong in plain words. ``same_value`` compares two parsed values so that a value equals
itself (NaN too).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

_WS = " \t"
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# What ends an unquoted value (a number, a boolean, a date-time): Codex reads up to one of these and
# then judges the whole run, so "1٠" or "1<vertical tab>" is one bad value, reported at its start.
_ATOM_END = frozenset(" \t\n\r#,]}[{=\"'")
_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "e": "\x1b",  # TOML 1.1
}
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TIME = re.compile(r"([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?")
_OFFSET = re.compile(r"[Zz]|[+-]([0-9]{2}):([0-9]{2})")
_I64_MIN, _I64_MAX = -(2**63), 2**63 - 1


class TomlDialectError(ValueError):
    """Codex would refuse the file: ``line``/``column`` are 1-based (characters), ``reason`` is
    plain words without the position."""

    def __init__(self, reason: str, line: int, column: int) -> None:
        super().__init__(f"{reason} (line {line}, column {column})")
        self.reason = reason
        self.line = line
        self.column = column


@dataclass(frozen=True)
class TomlDateTime:
    """A TOML date-time, date or time, kept as text in one spelling (``T``, ``Z`` upper case,
    seconds written out, trailing zeros of fractions dropped): Python's datetime cannot hold year
    0000 or a leap second, both of which Codex accepts."""

    kind: str  # "offset datetime" | "local datetime" | "local date" | "local time"
    text: str


@dataclass(frozen=True)
class ParsedToml:
    """A config.toml as Codex reads it: the values, and where each statement's value is written."""

    data: dict[str, Any]
    # (start, end) offsets in the text of the value of every ``key = value`` statement (not of
    # values nested inside arrays or inline tables).
    value_spans: tuple[tuple[int, int], ...]


def parse(text: str) -> ParsedToml:
    """Read ``text`` as Codex does; raises ``TomlDialectError`` where Codex would refuse it."""
    reader = _Reader(text)
    reader.document()
    return ParsedToml(reader.root, tuple(reader.value_spans))


def loads(text: str) -> dict[str, Any]:
    return parse(text).data


def find_error(text: str) -> TomlDialectError | None:
    try:
        parse(text)
    except TomlDialectError as exc:
        return exc
    return None


def same_value(a: Any, b: Any) -> bool:
    """Equality for parsed TOML values in which every value equals itself: NaN == NaN (also inside
    arrays and tables), and 1, 1.0 and true are three different values, as are 0.0 and -0.0."""
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def describe_char(char: str) -> str:
    """A character as a person can find it: 'U+000B (vertical tab)'."""
    names = {
        "\x0b": "vertical tab",
        "\x0c": "form feed",
        "\r": "carriage return",
        "\x00": "NUL",
        "\x7f": "delete",
        "\x1b": "escape",
        "\u00a0": "no-break space",
        "\ufeff": "byte-order mark",
    }
    name = names.get(char) or unicodedata.name(char, "").lower()
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _is_control(char: str) -> bool:
    code = ord(char)
    return (code < 0x20 and char != "\t") or code == 0x7F


# Table kinds, to enforce TOML's rules on defining a table twice.
_IMPLICIT, _EXPLICIT, _DOTTED, _INLINE = "implicit", "explicit", "dotted", "inline"
_INLINE_DOTTED = "dotted inside an inline table"  # as closed as _INLINE once that table ends
_STATIC, _AOT = "static", "array of tables"


class _Scanner:
    """Where the reader is in the text, and the lexical parts: white space, comments, line
    ends, strings and their escapes (with line and column for every refusal)."""

    def __init__(self, text: str) -> None:
        self.s = text
        self.n = len(text)
        self.pos = 0
        self.root: dict[str, Any] = {}
        self.kinds: dict[int, str] = {id(self.root): _EXPLICIT}
        self.keep: list[Any] = [self.root]  # keeps ids in `kinds` unique while reading
        self.value_spans: list[tuple[int, int]] = []
        self.section_dotted: set[int] = set()

    # --- positions and errors ---------------------------------------------------------------

    def error(self, reason: str, at: int | None = None) -> TomlDialectError:
        at = self.pos if at is None else at
        line = self.s.count("\n", 0, at) + 1
        column = at - (self.s.rfind("\n", 0, at) + 1) + 1
        return TomlDialectError(reason, line, column)

    def peek(self, offset: int = 0) -> str:
        i = self.pos + offset
        return self.s[i] if i < self.n else ""

    def bad_char(self, what: str) -> TomlDialectError:
        char = self.peek()
        if not char:
            return self.error(f"the file ends where {what} should be")
        if char in "\r\n":
            return self.error(f"the line ends where {what} should be")
        if _is_control(char) or char in "\u00a0\ufeff":
            return self.error(
                f"an invisible character, {describe_char(char)}, is where {what} "
                "should be; Codex does not allow it there"
            )
        return self.error(f"'{char}' is where {what} should be")

    # --- layout -----------------------------------------------------------------------------

    def skip_ws(self) -> None:
        while self.pos < self.n and self.s[self.pos] in _WS:
            self.pos += 1

    def at_newline(self) -> bool:
        return self.peek() == "\n" or (self.peek() == "\r" and self.peek(1) == "\n")

    def newline(self) -> None:
        if self.peek() == "\r":
            if self.peek(1) != "\n":
                raise self.error(
                    "a carriage return (U+000D) is not followed by a line feed; "
                    "Codex allows it only as part of a Windows line ending"
                )
            self.pos += 1
        self.pos += 1

    def comment(self) -> None:
        self.pos += 1  # '#'
        while self.pos < self.n and self.s[self.pos] != "\n":
            char = self.s[self.pos]
            if char == "\r" and self.peek(1) == "\n":
                return
            if _is_control(char):
                raise self.error(
                    f"a comment contains an invisible control character, "
                    f"{describe_char(char)}, which Codex does not allow"
                )
            self.pos += 1

    def end_of_line(self, after: str) -> None:
        self.skip_ws()
        if self.peek() == "#":
            self.comment()
        if self.pos >= self.n:
            return
        if self.at_newline() or self.peek() == "\r":
            self.newline()
            return
        char = self.peek()
        if _is_control(char) or char in "\u00a0\ufeff":
            raise self.error(
                f"an invisible character, {describe_char(char)}, follows {after}; "
                "Codex does not allow it there"
            )
        raise self.error(
            f"there is more text after {after} on the same line ('{char}…'); "
            "each setting needs a line of its own"
        )

    def skip_ws_comments_newlines(self) -> None:
        while True:
            self.skip_ws()
            if self.peek() == "#":
                self.comment()
            elif self.at_newline() or self.peek() == "\r":
                self.newline()
            else:
                return

    # --- strings ----------------------------------------------------------------------------

    def string_char_error(self, char: str, kind: str) -> TomlDialectError:
        if char in ("\n", "\r") or not char:
            return self.error(f"a {kind} is not closed on its line")
        return self.error(
            f"a {kind} contains an invisible control character, "
            f"{describe_char(char)}; write it as an escape such as \\u{ord(char):04X}"
        )

    def basic_string(self) -> str:
        self.pos += 1
        out: list[str] = []
        while True:
            char = self.peek()
            if char == '"':
                self.pos += 1
                return "".join(out)
            if char == "\\":
                out.append(self.escape(multiline=False))
                continue
            if not char or _is_control(char):
                raise self.string_char_error(char, "quoted text")
            out.append(char)
            self.pos += 1

    def literal_string(self) -> str:
        self.pos += 1
        start = self.pos
        while True:
            char = self.peek()
            if char == "'":
                self.pos += 1
                return self.s[start : self.pos - 1]
            if not char or _is_control(char):
                raise self.string_char_error(char, "quoted text")
            self.pos += 1

    def multiline_string(self, quote: str) -> str:
        """The text of a multi-line string: basic (``quote`` is a double quote, with escapes) or
        literal (a single quote, no escapes)."""
        opened = self.pos
        self.pos += 3
        self.skip_first_newline()
        out: list[str] = []
        while True:
            char = self.peek()
            if char == quote and self.s.startswith(quote * 3, self.pos):
                return "".join(out) + self.close_multiline(quote)
            if char == "\\" and quote == '"':
                out.append(self.escape(multiline=True))
                continue
            if self.at_newline():
                out.append("\n")
                self.newline()
                continue
            if not char:
                raise self.error(
                    f"a multi-line string ({quote * 3}) opened here is never closed", opened
                )
            if _is_control(char):
                raise self.string_char_error(char, "multi-line string")
            out.append(char)
            self.pos += 1

    def skip_first_newline(self) -> None:
        if self.at_newline():
            self.newline()

    def close_multiline(self, quote: str) -> str:
        run = 0
        while self.peek(run) == quote:
            run += 1
        extra = min(run - 3, 2)
        self.pos += 3 + extra
        return quote * extra

    def escape(self, *, multiline: bool) -> str:
        at = self.pos
        self.pos += 1
        char = self.peek()
        if char in _ESCAPES:
            self.pos += 1
            return _ESCAPES[char]
        if char in ("x", "u", "U"):
            width = {"x": 2, "u": 4, "U": 8}[char]
            digits = self.s[self.pos + 1 : self.pos + 1 + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise self.error(f"'\\{char}' must be followed by {width} hexadecimal digits", at)
            code = int(digits, 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise self.error(f"'\\{char}{digits}' is not a Unicode character", at)
            self.pos += 1 + width
            return chr(code)
        if multiline:
            probe = self.pos
            while probe < self.n and self.s[probe] in _WS:
                probe += 1
            if self.s.startswith("\n", probe) or self.s.startswith("\r\n", probe):
                self.pos = probe
                while self.at_newline() or (self.peek() in _WS and self.peek()):
                    if self.at_newline():
                        self.newline()
                    else:
                        self.pos += 1
                return ""
        shown = char if char and not _is_control(char) else describe_char(char) if char else ""
        raise self.error(f"'\\{shown}' is not an escape Codex knows (use \\\\ for a backslash)", at)


class _Reader(_Scanner):
    """The document: tables, keys and values, with TOML's rules on defining a table twice."""

    # --- document ---------------------------------------------------------------------------

    def document(self) -> None:
        current = self.root
        if self.peek() == "\ufeff":
            self.pos += 1
        while self.pos < self.n:
            self.skip_ws()
            char = self.peek()
            if not char:
                break
            if self.at_newline() or char == "\r":
                self.newline()
                continue
            if char == "#":
                self.comment()
                self.end_of_line("a comment")
                continue
            if char == "[":
                current = self.header()
                self.end_of_line("a table header")
                continue
            self.keyval(current, inline=False)
            self.end_of_line("a value")

    def header(self) -> dict[str, Any]:
        start = self.pos
        is_array = self.peek(1) == "["
        self.pos += 2 if is_array else 1
        self.skip_ws()
        keys = self.key_path()
        if self.peek() != "]" or (is_array and self.peek(1) != "]"):
            raise self.bad_char("the closing ']' of the table header")
        self.pos += 2 if is_array else 1
        self.section_dotted = set()
        node = self.root
        for i, key in enumerate(keys[:-1]):
            node = self.descend(node, key, keys[: i + 1], start)
        last = keys[-1]
        name = ".".join(keys)
        existing = node.get(last)
        if is_array:
            if existing is None:
                existing = self.new_list(_AOT)
                node[last] = existing
            elif not (isinstance(existing, list) and self.kinds.get(id(existing)) == _AOT):
                what = "a table" if isinstance(existing, dict) else "a value"
                raise self.error(
                    f"[[{name}]] cannot add an entry: '{name}' is already {what}", start
                )
            table = self.new_table(_EXPLICIT)
            existing.append(table)
            return table
        if existing is None:
            table = self.new_table(_EXPLICIT)
            node[last] = table
            return table
        if isinstance(existing, dict) and self.kinds.get(id(existing)) == _IMPLICIT:
            self.kinds[id(existing)] = _EXPLICIT
            return existing
        raise self.error(
            f"the table [{name}] is defined twice (or the name is already used by another setting)",
            start,
        )

    def descend(self, node: dict[str, Any], key: str, path: list[str], at: int) -> dict[str, Any]:
        child = node.get(key)
        if child is None:
            child = self.new_table(_IMPLICIT)
            node[key] = child
            return child
        kind = self.kinds.get(id(child))
        if isinstance(child, dict) and kind not in (_INLINE, _INLINE_DOTTED):
            return child
        if isinstance(child, list) and kind == _AOT:
            return child[-1]
        name = ".".join(path)
        what = "an inline table { … }" if kind in (_INLINE, _INLINE_DOTTED) else "a value"
        raise self.error(
            f"'{name}' is already written as {what}, so it cannot get more entries here", at
        )

    def keyval(self, table: dict[str, Any], *, inline: bool) -> None:
        start = self.pos
        keys = self.key_path()
        # Inside { … } Codex also lets line breaks and comments sit around the '='.
        layout = self.skip_ws_comments_newlines if inline else self.skip_ws
        layout()
        if self.peek() != "=":
            raise self.bad_char("'=' after the key")
        self.pos += 1
        layout()
        value_start = self.pos
        value = self.value()
        if not inline:
            self.value_spans.append((value_start, self.pos))
        node = table
        for i, key in enumerate(keys[:-1]):
            child = node.get(key)
            if child is None:
                child = self.new_table(_INLINE_DOTTED if inline else _DOTTED)
                node[key] = child
                if not inline:
                    self.section_dotted.add(id(child))
            elif not (
                isinstance(child, dict)
                and (
                    (inline and self.kinds.get(id(child)) == _INLINE_DOTTED)
                    or (not inline and id(child) in self.section_dotted)
                )
            ):
                name = ".".join(keys[: i + 1])
                raise self.error(
                    f"'{name}' is already defined, so '{'.'.join(keys)}' cannot add to it here",
                    start,
                )
            node = child
        if keys[-1] in node:
            raise self.error(f"the key '{'.'.join(keys)}' is set twice", start)
        node[keys[-1]] = value

    def new_table(self, kind: str) -> dict[str, Any]:
        table: dict[str, Any] = {}
        self.kinds[id(table)] = kind
        self.keep.append(table)
        return table

    def new_list(self, kind: str) -> list[Any]:
        items: list[Any] = []
        self.kinds[id(items)] = kind
        self.keep.append(items)
        return items

    # --- keys -------------------------------------------------------------------------------

    def key_path(self) -> list[str]:
        keys = [self.simple_key()]
        while True:
            self.skip_ws()
            if self.peek() != ".":
                return keys
            self.pos += 1
            self.skip_ws()
            keys.append(self.simple_key())

    def simple_key(self) -> str:
        char = self.peek()
        if char == '"':
            if self.s.startswith('"""', self.pos):
                raise self.error("a key cannot be a multi-line string")
            return self.basic_string()
        if char == "'":
            if self.s.startswith("'''", self.pos):
                raise self.error("a key cannot be a multi-line string")
            return self.literal_string()
        match = _BARE_KEY.match(self.s, self.pos)
        if match is None:
            if char and not _is_control(char) and char not in _WS + "=.[]\n\r#\ufeff\u00a0":
                raise self.error(
                    f"'{char}' cannot be part of a key without quotes (only "
                    'A-Z, a-z, 0-9, - and _); write the key in "quotes"'
                )
            raise self.bad_char("a key")
        self.pos = match.end()
        following = self.peek()
        if following and following not in _WS + "=.]\n\r#" and not _is_control(following):
            raise self.error(
                f"'{following}' cannot be part of a key without quotes (only "
                'A-Z, a-z, 0-9, - and _); write the key in "quotes"'
            )
        return match.group(0)

    # --- values -----------------------------------------------------------------------------

    def value(self) -> Any:
        char = self.peek()
        if char == '"':
            if self.s.startswith('"""', self.pos):
                return self.multiline_string('"')
            return self.basic_string()
        if char == "'":
            if self.s.startswith("'''", self.pos):
                return self.multiline_string("'")
            return self.literal_string()
        if char == "[":
            return self.array()
        if char == "{":
            return self.inline_table()
        if not char or char in _ATOM_END:
            raise self.bad_char("a value")
        return self.atom()

    def array(self) -> list[Any]:
        self.pos += 1
        items = self.new_list(_STATIC)
        while True:
            self.skip_ws_comments_newlines()
            if self.peek() == "]":
                self.pos += 1
                return items
            if self.peek() == ",":
                raise self.error("an array has a comma with no value before it")
            items.append(self.value())
            self.skip_ws_comments_newlines()
            if self.peek() == ",":
                self.pos += 1
                continue
            if self.peek() == "]":
                self.pos += 1
                return items
            raise self.bad_char("',' or the closing ']' of the array")

    def inline_table(self) -> dict[str, Any]:
        self.pos += 1
        table = self.new_table(_INLINE)
        while True:
            self.skip_ws_comments_newlines()
            if self.peek() == "}":
                self.pos += 1
                return table
            if self.peek() == ",":
                raise self.error("an inline table { … } has a comma with no entry before it")
            self.keyval(table, inline=True)
            self.skip_ws_comments_newlines()
            if self.peek() == ",":
                self.pos += 1
                continue
            if self.peek() == "}":
                self.pos += 1
                return table
            raise self.bad_char("',' or the closing '}' of the inline table")

    def atom(self) -> Any:
        start = self.pos
        end = start
        while end < self.n and self.s[end] not in _ATOM_END:
            end += 1
        # A date and a time may be separated by one space: "1979-05-27 07:32:00".
        if (
            _DATE.fullmatch(self.s, start, end)
            and end + 3 < self.n
            and self.s[end] == " "
            and _TIME.match(self.s, end + 1)
        ):
            end += 1
            while end < self.n and self.s[end] not in _ATOM_END:
                end += 1
        token = self.s[start:end]
        value = self.interpret(token, start)
        self.pos = end
        return value

    def interpret(self, token: str, at: int) -> Any:
        if token in ("true", "false"):
            return token == "true"
        if token in ("inf", "+inf", "-inf", "nan", "+nan", "-nan"):
            return float(token)
        odd = next((c for c in token if not c.isascii() or _is_control(c)), None)
        if odd is not None:
            if unicodedata.category(odd) == "Nd" or unicodedata.numeric(odd, None) is not None:
                raise self.error(
                    f"'{token}' is not a number Codex can read: {describe_char(odd)} "
                    "looks like a digit but only 0-9 count",
                    at,
                )
            if _is_control(odd) or odd in "\u00a0\ufeff":
                raise self.error(
                    f"an invisible character, {describe_char(odd)}, is stuck to the "
                    "value; Codex does not allow it there",
                    at,
                )
            raise self.error(
                f"'{token}' is not a value Codex understands (text must be in quotes)", at
            )
        if token[:1].isdigit() and ("-" in token[1:5] or ":" in token[:3]):
            moment = self.date_time(token, at)
            if moment is not None:
                return moment
        return self.number(token, at)

    def number(self, token: str, at: int) -> int | float:
        body = token[1:] if token[:1] in "+-" else token
        radix = {"0x": 16, "0o": 8, "0b": 2}.get(body[:2])
        if body[:2] in ("0X", "0O", "0B"):
            raise self.error(f"'{token}': write the prefix in lower case ({body[:2].lower()})", at)
        if radix is not None:
            if body is not token:
                raise self.error(
                    f"'{token}': a hexadecimal, octal or binary number cannot have a sign", at
                )
            digits = body[2:]
            allowed = "0123456789abcdefABCDEF"[: radix + (6 if radix == 16 else 0)]
            if not _digits_ok(digits, allowed):
                raise self.error(f"'{token}' is not a valid number", at)
            value = int(digits.replace("_", ""), radix)
            if value > _I64_MAX:
                raise self.error(
                    f"'{token}' is too large (Codex reads whole numbers up to {_I64_MAX})", at
                )
            return value
        match = re.fullmatch(r"([0-9_]+)(?:\.([0-9_]*))?(?:[eE]([+-]?)([0-9_]*))?", body)
        if match is None or not body:
            raise self.error(
                f"'{token}' is not a value Codex understands (text must be in quotes)", at
            )
        whole, fraction, _sign, exponent = match.groups()
        if not _digits_ok(whole, "0123456789"):
            raise self.error(f"'{token}' is not a valid number ('_' only between digits)", at)
        if len(whole) > 1 and whole[0] == "0":
            raise self.error(
                f"'{token}': a number cannot start with 0 (write it without the leading zeros)", at
            )
        if fraction is None and exponent is None:
            value = int(token.replace("_", ""))
            if not _I64_MIN <= value <= _I64_MAX:
                raise self.error(
                    f"'{token}' is too large (Codex reads whole numbers from "
                    f"{_I64_MIN} to {_I64_MAX})",
                    at,
                )
            return value
        if fraction is not None and not _digits_ok(fraction, "0123456789"):
            raise self.error(f"'{token}' is not a valid number (digits must follow the '.')", at)
        if exponent is not None and not _digits_ok(exponent, "0123456789"):
            raise self.error(f"'{token}' is not a valid number (digits must follow the 'e')", at)
        result = float(token.replace("_", ""))
        if math.isinf(result):
            raise self.error(f"'{token}' is too large for a number Codex can read", at)
        return result

    def date_time(self, token: str, at: int) -> TomlDateTime | None:
        date = _DATE.match(token)
        if date is not None:
            year, month, day = (int(g) for g in date.groups())
            if not 1 <= month <= 12:
                raise self.error(f"'{token}' is not a real date (month {month:02d})", at)
            if not 1 <= day <= _days_in_month(year, month):
                raise self.error(
                    f"'{token}' is not a real date ({year:04d}-{month:02d} has no day {day:02d})",
                    at,
                )
            rest = token[date.end() :]
            if not rest:
                return TomlDateTime("local date", token)
            if rest[0] not in "Tt ":
                raise self.error(f"'{token}' is not a date-time Codex can read", at)
            time_text, kind = rest[1:], "local datetime"
            offset = _OFFSET.search(time_text)
            suffix = ""
            if offset is not None and offset.end() == len(time_text) and offset.start() > 0:
                time_text, suffix = time_text[: offset.start()], offset.group(0).upper()
                kind = "offset datetime"
                if offset.group(1) is not None and (
                    int(offset.group(1)) > 23 or int(offset.group(2)) > 59
                ):
                    raise self.error(f"'{token}' has an impossible time zone offset", at)
            clock = self.clock(time_text, token, at)
            return TomlDateTime(kind, f"{token[:10]}T{clock}{suffix}")
        if _TIME.match(token):
            return TomlDateTime("local time", self.clock(token, token, at))
        return None

    def clock(self, text: str, token: str, at: int) -> str:
        match = _TIME.fullmatch(text)
        if match is None:
            raise self.error(f"'{token}' is not a time Codex can read (hh:mm or hh:mm:ss)", at)
        hour, minute, second, fraction = match.groups()
        if int(hour) > 23 or int(minute) > 59 or int(second or 0) > 60:
            raise self.error(f"'{token}' is not a real time of day", at)
        spelled = f"{hour}:{minute}:{second or '00'}"
        fraction = (fraction or "").rstrip("0")
        return spelled + (f".{fraction}" if fraction else "")


def _digits_ok(digits: str, allowed: str) -> bool:
    """Digits from ``allowed`` with single underscores only between digits."""
    if not digits or digits[0] == "_" or digits[-1] == "_" or "__" in digits:
        return False
    return all(c in allowed or c == "_" for c in digits)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31
