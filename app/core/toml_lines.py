"""Where things are written in config.toml's text: table headers and the line of a setting.

Plain text scanning (no tomlkit): the doctor names lines with it, and repair turns single lines
into comments with it. ``text`` is always config.toml as parsed (LF line ends).
"""

from __future__ import annotations

import re

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


def header_path(name: str) -> tuple[str, ...]:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([^.\s]+)', name)
    return tuple(a or b or c for a, b, c in parts)


def header_line(text: str, path: tuple[str, ...]) -> int | None:
    """The 1-based line of the header of table ``path``, or None."""
    for index, name, _is_array in table_headers(text):
        if header_path(name) == path:
            return index + 1
    return None


def _key_pattern(parts: tuple[str, ...]) -> str:
    def one(part: str) -> str:
        return r"(?:" + re.escape(part) + r'|"' + re.escape(part) + r"\"|'" + re.escape(part) + "')"

    return r"\s*\.\s*".join(one(p) for p in parts)


def _sections(lines: list[str]) -> list[tuple[int, int, tuple[str, ...]]]:
    """(first line index, end index, header path) of the top level and every table."""
    headers = table_headers("\n".join(lines))
    starts = [(0, ())] + [(i + 1, header_path(name)) for i, name, _a in headers]
    ends = [i for i, _n, _a in headers] + [len(lines)]
    return [(start, end, path) for (start, path), end in zip(starts, ends, strict=True)]


def line_of(text: str, table: tuple[str, ...], key: str) -> int:
    """The 1-based line where ``key`` of ``table`` is written (a table header, dotted keys or an
    inline table), or 0 when it cannot be located."""
    lines = text.split("\n")
    full = (*table, key)
    for start, end, path in _sections(lines):
        if full[: len(path)] != path or len(path) >= len(full):
            continue
        rest = full[len(path) :]
        dotted = re.compile(r"^\s*" + _key_pattern(rest) + r"\s*=")
        for i in range(start, end):
            if dotted.match(lines[i]):
                return i + 1
        found = _line_in_inline_table(lines, start, end, rest)
        if found:
            return found
    return 0


def _line_in_inline_table(lines: list[str], start: int, end: int, rest: tuple[str, ...]) -> int:
    """An inline table: `a = { wire_api = "chat" }` (possibly over several lines)."""
    for split in range(1, len(rest)):
        opener = re.compile(r"^\s*" + _key_pattern(rest[:split]) + r"\s*=\s*\{")
        inner = re.compile(r"(?:^|[{,\s])" + _key_pattern(rest[split:]) + r"\s*=")
        for i in range(start, end):
            if opener.match(lines[i]):
                for j in range(i, end):
                    tail = lines[j].split("{", 1)[1] if j == i else lines[j]
                    if inner.search(tail):
                        return j + 1
                    if "}" in lines[j]:
                        break
    return 0
