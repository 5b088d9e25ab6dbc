"""Our own small settings file (never secrets): what we learnt about endpoints between runs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from app.core.fileio import atomic_write, read_snapshot
from app.core.paths import AppPaths


@dataclass(frozen=True)
class AppSettings:
    """Our own settings file: what we learnt about endpoints in earlier runs (never secrets)."""

    # Which quota convention each endpoint answered ("sub2api", "newapi", "oneapi"), so the next
    # look-up asks the right one first instead of trying all three.
    quota_sources: dict[str, str] = field(default_factory=dict)

    def with_quota_source(self, endpoint: str, source: str) -> AppSettings:
        return replace(self, quota_sources={**self.quota_sources, endpoint.rstrip("/"): source})

    def quota_source(self, endpoint: str) -> str | None:
        return self.quota_sources.get(endpoint.rstrip("/"))


def load_settings(paths: AppPaths) -> AppSettings:
    """Missing or damaged settings are simply empty: they only save time, never correctness."""
    snap = read_snapshot(paths.settings_file)
    if snap.state != "ok":
        return AppSettings()
    try:
        data: Any = json.loads(snap.text)
    except json.JSONDecodeError:
        return AppSettings()
    sources = data.get("quota_sources") if isinstance(data, dict) else None
    if not isinstance(sources, dict):
        return AppSettings()
    return AppSettings({str(k): str(v) for k, v in sources.items() if isinstance(v, str)})


def save_settings(paths: AppPaths, settings: AppSettings) -> None:
    if load_settings(paths) == settings:
        return
    data = {"quota_sources": settings.quota_sources}
    atomic_write(paths.settings_file, (json.dumps(data, indent=2) + "\n").encode())
