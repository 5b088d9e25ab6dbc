"""Listens on the AT-SPI accessibility bus the way a screen reader does (pyatspi, as Orca), for
tests/a11y/test_accessibility_bus.py. Runs with the system Python that has Debian's python3-pyatspi
(``/usr/bin/python3``), not the project's virtual environment.

Prints one JSON object a line on stdout: ``{"ready": true}`` once listening, then every event
(type, detail1/2, any_data, the source's name, role and description). Commands on stdin, one a
line: ``walk APPNAME`` prints ``{"walk": [...]}``, every accessible object of the application
with its role, name, description, states and (for text objects) text; ``quit`` ends.
"""

from __future__ import annotations

import json
import sys

import pyatspi  # type: ignore[import-not-found]
from gi.repository import GLib  # type: ignore[import-not-found]

EVENTS = (
    "object:text-changed",
    "object:property-change",
    "object:announcement",
    "object:state-changed",
    "object:text-caret-moved",
    "object:selection-changed",
    "object:active-descendant-changed",
    "object:children-changed",
    "object:value-changed",
    "focus:",
    "window:activate",
)


def emit(record: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def safe(call, default=""):  # type: ignore[no-untyped-def]
    try:
        return call()
    except Exception:
        return default


def brief(acc) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """An event's object: enough to tell which (reading more would lag behind the events)."""
    return {"role": safe(acc.getRoleName), "name": safe(lambda: acc.name)}


def describe(acc) -> dict[str, object]:  # type: ignore[no-untyped-def]
    record: dict[str, object] = {
        "role": safe(acc.getRoleName),
        "name": safe(lambda: acc.name),
        "description": safe(lambda: acc.description),
        "states": safe(lambda: [pyatspi.stateToString(s) for s in acc.getState().getStates()], []),
        "attributes": safe(lambda: list(acc.getAttributes()), []),
    }
    record["labelled_by"] = safe(
        lambda: [
            relation.getTarget(i).name
            for relation in acc.getRelationSet()
            if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY
            for i in range(relation.getNTargets())
        ],
        [],
    )
    text = safe(acc.queryText, None)
    if text is not None:
        record["text"] = safe(lambda: text.getText(0, -1))
    value = safe(acc.queryValue, None)
    if value is not None:
        record["value"] = safe(lambda: value.currentValue, None)
    return record


def on_event(event) -> None:  # type: ignore[no-untyped-def]
    any_data = event.any_data
    if not isinstance(any_data, (str, int, float, bool, type(None))):
        any_data = safe(lambda: brief(any_data), repr(any_data))
    record: dict[str, object] = {
        "type": str(event.type),
        "detail1": event.detail1,
        "detail2": event.detail2,
        "any_data": any_data,
    }
    source = event.source
    if source is not None:
        record["source"] = safe(lambda: brief(source), {})
        record["app"] = safe(lambda: source.getApplication().name)
    emit(record)


def walk(app_name: str) -> None:
    found: list[dict[str, object]] = []

    def visit(acc, depth: int) -> None:  # type: ignore[no-untyped-def]
        if acc is None or depth > 60 or len(found) > 5000:
            return
        record = describe(acc)
        record["depth"] = depth
        found.append(record)
        for i in range(safe(lambda: acc.childCount, 0)):
            visit(safe(lambda i=i: acc.getChildAtIndex(i), None), depth + 1)

    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = safe(lambda i=i: desktop.getChildAtIndex(i), None)
        if app is not None and safe(lambda app=app: app.name) == app_name:
            # Read afresh: what the app says now, not what libatspi kept from an earlier walk.
            safe(app.clearCache, None)
            visit(app, 0)
    emit({"walk": found})


def on_stdin(channel, _condition) -> bool:  # type: ignore[no-untyped-def]
    line = channel.readline().strip()
    if not line or line == "quit":
        pyatspi.Registry.stop()
        return False
    command, _, argument = line.partition(" ")
    if command == "walk":
        walk(argument)
    return True


def main() -> None:
    for name in EVENTS:
        pyatspi.Registry.registerEventListener(on_event, name)
    GLib.io_add_watch(
        GLib.IOChannel.unix_new(sys.stdin.fileno()), GLib.IO_IN | GLib.IO_HUP, on_stdin
    )
    GLib.idle_add(lambda: emit({"ready": True}) and False)
    pyatspi.Registry.start()


if __name__ == "__main__":
    main()
