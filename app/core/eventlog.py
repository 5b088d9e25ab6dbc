"""A small diagnostics log (JSON lines in our settings folder) that can never hold the key.

Redaction is by allow-list: an event keeps only fields whose names are listed here, with plain
values (numbers, booleans, short identifiers); everything else is dropped before writing. Nothing
relies on spotting a key in free text, so free text (messages, paths, URLs) is never logged.
"""

from __future__ import annotations

import re
from typing import Any

from app.core.paths import AppPaths

LOG_NAME = "events.jsonl"
MAX_BYTES = 256 * 1024  # then the file is rotated once to events.jsonl.1
SAFE_FIELDS = frozenset(
    {
        "backup_id",
        "code",
        "codes",
        "count",
        "exit_code",
        "files",
        "host",
        "kind",
        "latency_ms",
        "model",
        "ok",
        "source",
        "status",
        "version",
        "view",
    }
)
# Identifiers only: codes, host names, model names, file names, backup ids.
_SAFE_TEXT = re.compile(r"^[A-Za-z0-9_.:\-]{1,64}$")


def _safe_value(value: Any) -> Any:
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, str):
        return value if _SAFE_TEXT.match(value) and not value.startswith("sk-") else None
    if isinstance(value, list | tuple):
        kept = [_safe_value(v) for v in value if not isinstance(v, list | tuple | dict)]
        return [v for v in kept if v is not None][:50]
    return None


def redact(fields: dict[str, Any]) -> dict[str, Any]:
    """Only allow-listed fields with plain values survive."""
    out = {}
    for name, value in fields.items():
        if name not in SAFE_FIELDS:
            continue
        safe = _safe_value(value)
        if safe is not None:
            out[name] = safe
    return out


def host_of(url: str) -> str | None:
    """Just the host name of a URL (never its path, query or credentials)."""
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def log_event(paths: AppPaths, event: str, **fields: Any) -> None:
    """Append one event; a log that cannot be written is never an error for the user."""
    if not _SAFE_TEXT.match(event):
        return
    import json
    from datetime import UTC, datetime

    record = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "event": event}
    record.update(redact(fields))
    log = paths.settings_dir / LOG_NAME
    try:
        paths.settings_dir.mkdir(parents=True, exist_ok=True)
        if log.exists() and log.stat().st_size > MAX_BYTES:
            log.replace(log.with_name(LOG_NAME + ".1"))
        with log.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError:
        return
