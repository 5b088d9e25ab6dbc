"""Just enough YAML to read our GitHub workflows (PyYAML is not in the lock, and a workflow uses
a small part of YAML): block mappings and sequences, plain and quoted scalars, flow lists of
scalars (``["v*"]``), block scalars (``|``, ``|-``, ``>``, ``>-``) and comments. Anything else
raises ValueError rather than being read wrongly."""

from __future__ import annotations

import re
from typing import Any

_KEY = re.compile(r"^([A-Za-z0-9_.${}\[\]()'\"\- ]+?):(?:\s+(.*))?$")


def _strip_comment(text: str) -> str:
    quote = ""
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            return text[:index].rstrip()
    return text.rstrip()


def _scalar(text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    if text[0] == '"' and text[-1] == '"':
        return bytes(text[1:-1], "utf-8").decode("unicode_escape")
    if text[0] == "'" and text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if text[0] == "[" and text[-1] == "]":
        inner = text[1:-1].strip()
        return [_scalar(part) for part in inner.split(",")] if inner else []
    if text[0] in "{&*!|>":
        raise ValueError(f"unsupported YAML: {text!r}")
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return text


class _Lines:
    def __init__(self, text: str) -> None:
        self.raw = text.splitlines()
        self.index = 0

    def next_content(self) -> tuple[int, str] | None:
        """(indent, text) of the next line with content, without consuming it."""
        while self.index < len(self.raw):
            line = self.raw[self.index]
            stripped = _strip_comment(line)
            if stripped.strip():
                return len(line) - len(line.lstrip(" ")), stripped.strip()
            self.index += 1
        return None


def _block_scalar(lines: _Lines, style: str, parent_indent: int) -> str:
    body: list[str] = []
    indent = None
    while lines.index < len(lines.raw):
        line = lines.raw[lines.index]
        if line.strip():
            current = len(line) - len(line.lstrip(" "))
            if current <= parent_indent:
                break
            indent = current if indent is None else indent
            body.append(line[indent:])
        else:
            body.append("")
        lines.index += 1
    while body and not body[-1]:
        body.pop()
    if style.startswith(">"):
        text = ""
        for line in body:
            if not line:
                text += "\n"
            elif text and not text.endswith("\n"):
                text += " " + line
            else:
                text += line
    else:
        text = "\n".join(body)
    return text if style.endswith("-") else text + "\n"


def _value(lines: _Lines, rest: str | None, indent: int) -> Any:
    if rest is None or rest == "":
        following = lines.next_content()
        if (
            following is None
            or following[0] < indent
            or (following[0] == indent and not following[1].startswith("- "))
        ):
            return None
        return _block(lines, following[0])
    if rest[0] in "|>":
        return _block_scalar(lines, rest, indent)
    return _scalar(rest)


def _block(lines: _Lines, indent: int) -> Any:
    first = lines.next_content()
    assert first is not None
    if first[1].startswith("- ") or first[1] == "-":
        items: list[Any] = []
        while (line := lines.next_content()) is not None and line[0] == indent:
            if not line[1].startswith("-"):
                break
            lines.index += 1
            item = line[1][1:].strip()
            if _KEY.match(item):
                # "- key: value" starts a mapping whose keys sit two columns further in.
                lines.raw.insert(lines.index, " " * (indent + 2) + item)
                items.append(_block(lines, indent + 2))
            else:
                items.append(_scalar(item))
        return items
    mapping: dict[str, Any] = {}
    while (line := lines.next_content()) is not None and line[0] == indent:
        match = _KEY.match(line[1])
        if match is None:
            raise ValueError(f"unsupported YAML line {lines.index + 1}: {line[1]!r}")
        lines.index += 1
        mapping[str(_scalar(match.group(1)))] = _value(lines, match.group(2), indent)
    return mapping


def load(text: str) -> Any:
    lines = _Lines(text)
    first = lines.next_content()
    if first is None:
        return None
    document = _block(lines, first[0])
    if lines.next_content() is not None:
        raise ValueError(f"unsupported YAML from line {lines.index + 1}")
    return document
