"""What Codex's files say now, and what changed since the last look, in words.

The tray re-reads the files (and runs the offline doctor) whenever something in the Codex folder
changes; :func:`compare` turns two views into the sentences the panel and the notification show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from app.core.findings import Finding
from app.core.findings import repair_model as repair_model  # kept where the tray imports it
from app.core.paths import AppPaths
from app.core.tray.state import Message

CodexLine = Literal["tokenpool", "changed", "broken", "nothing"]


# The doctor's finding, as the tray keeps it (one shape everywhere: app.core.findings).
FindingView = Finding


@dataclass(frozen=True)
class CodexView:
    """The Codex files, read once (no key: only whether there is one, and a fingerprint)."""

    verdict: str  # wizard/flow.py's FilesVerdict: "nothing" / "tokenpool" / "other" / "broken"
    base_url: str | None
    model: str | None
    has_key: bool
    key_fingerprint: str = field(default="", repr=False)
    findings: tuple[FindingView, ...] = ()

    @property
    def fixable(self) -> tuple[FindingView, ...]:
        return tuple(f for f in self.findings if f.fixable)

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["findings"] = [f.to_json() for f in self.findings]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CodexView:
        return cls(
            verdict=str(data["verdict"]),
            base_url=data.get("base_url"),
            model=data.get("model"),
            has_key=bool(data.get("has_key")),
            key_fingerprint=str(data.get("key_fingerprint") or ""),
            findings=tuple(Finding.from_json(f) for f in data.get("findings") or ()),
        )


def read_codex_view(paths: AppPaths, env: Mapping[str, str] | None = None) -> CodexView:
    """Read the files and run our doctor offline (no network, no Codex run)."""
    import hashlib

    from app.core.doctor import run_doctor
    from app.core.files_verdict import files_summary

    report = run_doctor(paths, env=env, find_codex=False, run_codex_doctor=False)
    state = report.state
    assert state is not None  # run_doctor returns the files it read
    summary = files_summary(paths, report.findings, state)
    from app.core.codex_config import to_plain

    model = to_plain(state.doc.get("model")) if state.doc is not None else None
    key = state.auth_state.api_key or ""
    return CodexView(
        verdict=summary.verdict,
        base_url=summary.base_url,
        model=model if isinstance(model, str) else None,
        has_key=bool(key),
        key_fingerprint=hashlib.sha256(key.encode()).hexdigest()[:12] if key else "",
        findings=report.findings,
    )


def codex_line(view: CodexView, offered: tuple[str, ...] = ()) -> CodexLine:
    """Set up for TokenPool / changed by something else / broken / nothing yet."""
    if view.verdict == "broken":
        return "broken"
    if view.verdict == "nothing":
        return "nothing"
    if view.verdict != "tokenpool" or not view.has_key:
        return "changed"
    if offered and view.model and view.model not in offered:
        return "changed"
    return "tokenpool"


def reaches_tokenpool(view: CodexView, offered: tuple[str, ...] = ()) -> bool:
    return codex_line(view, offered) == "tokenpool"


def compare(
    old: CodexView | None, new: CodexView, offered: tuple[str, ...] = ()
) -> tuple[Message, ...]:
    """What changed, in words (empty when nothing that matters did)."""
    changes: list[Message] = []
    if old is None:
        return ()
    if new.model != old.model and new.model:
        lacks = bool(offered) and new.model not in offered
        text = f'Codex now uses the model "{new.model}" instead of "{old.model or "-"}"'
        text += ", which TokenPool does not offer." if lacks else "."
        changes.append(
            Message(
                "model_changed_unoffered" if lacks else "model_changed",
                text,
                {"old": old.model or "-", "new": new.model},
            )
        )
    if new.base_url != old.base_url:
        other = new.verdict != "tokenpool"
        text = (
            f"Another program pointed Codex at {new.base_url or 'another provider'}."
            if other
            else f"Codex now sends requests to {new.base_url}."
        )
        changes.append(
            Message(
                "provider_changed" if other else "endpoint_changed",
                text,
                {"url": new.base_url or ""},
            )
        )
    if old.has_key and not new.has_key:
        changes.append(Message("key_removed", "The API key was removed from auth.json."))
    elif old.has_key and new.key_fingerprint != old.key_fingerprint:
        changes.append(Message("key_changed", "auth.json now holds a different API key."))
    if new.verdict == "broken" and old.verdict != "broken":
        changes.append(
            Message(
                "files_broken",
                "Codex can no longer read its settings (config.toml or auth.json).",
            )
        )
    return tuple(changes)
