"""What a plan changes, in plain terms, for the Preview and Repair pages (and anyone else who
must say it without TOML): which gateway and model Codex will use, what in the person's settings
stays as it is (counted: tools, projects, other providers, other settings), where the key goes,
and whether there is anything to back up. Qt-free; the UI words it (``app/ui/messages.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from app.core.usertext import Message, classify_note

if TYPE_CHECKING:
    from app.core.configure import PreparedConfiguration
    from app.core.plan import Plan

# Top-level settings this app writes: not counted among "your other settings".
_OURS = frozenset({"model_provider", "model", "review_model", "model_providers", "notice"})


@dataclass(frozen=True)
class KeptSettings:
    """What the person's config.toml holds that a setup leaves exactly as it is."""

    tools: int = 0  # [mcp_servers.*]
    projects: int = 0  # [projects.*] (trusted folders)
    providers: int = 0  # other [model_providers.*]
    profiles: int = 0  # [profiles.*]
    other: int = 0  # any other top-level setting or table

    @property
    def total(self) -> int:
        return self.tools + self.projects + self.providers + self.profiles + self.other


@dataclass(frozen=True)
class ChangeSummary:
    """What a prepared setup will change, in plain terms for the Preview page: where Codex will
    go, what is written, what stays, and what is backed up first."""

    host: str
    base_url: str
    model: str
    changes_anything: bool
    writes_config: bool
    writes_key: bool  # the key goes into auth.json (Codex's private key file)
    kept: KeptSettings
    existing_files: tuple[str, ...]  # the files there today: these are backed up first
    notes: tuple[Message, ...]

    @property
    def nothing_to_back_up(self) -> bool:
        return not self.existing_files


def kept_settings(config_text: str, own_provider: str = "") -> KeptSettings:
    """Count what ``config_text`` (today's config.toml) holds besides our own settings."""
    import tomllib

    try:
        data = tomllib.loads(config_text) if config_text.strip() else {}
    except tomllib.TOMLDecodeError:
        return KeptSettings()

    def count(name: str) -> int:
        table = data.get(name)
        return len(table) if isinstance(table, dict) else 0

    providers = data.get("model_providers")
    other_providers = (
        sum(1 for pid in providers if pid != own_provider) if isinstance(providers, dict) else 0
    )
    counted = {"mcp_servers", "projects", "profiles"} | _OURS
    return KeptSettings(
        tools=count("mcp_servers"),
        projects=count("projects"),
        providers=other_providers,
        profiles=count("profiles"),
        other=sum(1 for name in data if name not in counted),
    )


def existing_files(plan: Plan) -> tuple[str, ...]:
    return tuple(c.name for c in plan.changes if c.before.exists)


def summarise_configuration(prepared: PreparedConfiguration) -> ChangeSummary:
    plan = prepared.plan
    config_before = _current_text(plan, "config.toml")
    names = {c.name for c in plan.changes}
    return ChangeSummary(
        host=urlsplit(prepared.settings.base_url).netloc or prepared.settings.base_url,
        base_url=prepared.settings.base_url,
        model=prepared.settings.model,
        changes_anything=plan.changed,
        writes_config="config.toml" in names,
        writes_key="auth.json" in names,
        kept=kept_settings(config_before, plan.provider_id),
        existing_files=existing_files(plan),
        notes=notes_of(plan.notes),
    )


def notes_of(notes: Iterable[Any]) -> tuple[Message, ...]:
    return tuple(classify_note(n) for n in notes)


def _current_text(plan: Plan, name: str) -> str:
    from app.core.fileio import read_snapshot

    for change in plan.changes:
        if change.name == name:
            return change.before.raw.decode("utf-8", "replace") if change.before.exists else ""
    path = plan.paths.config_toml if name == "config.toml" else plan.paths.auth_json
    snap = read_snapshot(path)
    return snap.raw.decode("utf-8", "replace") if snap.exists else ""
