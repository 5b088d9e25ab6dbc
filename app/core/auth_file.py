"""``auth.json``: what Codex reads the key from, and what we write there.

We write exactly what ``codex login --with-api-key`` writes: ``auth_mode`` and ``OPENAI_API_KEY``.
ChatGPT login tokens left beside a key make Codex send no key at all to a custom provider, so they
are dropped (the old file goes to the backup first, from where ``restore`` brings it back).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from app.core.fileio import FileSnapshot

AUTH_FILE_MODE = 0o600
CHATGPT_TOKEN_FIELDS = ("tokens", "last_refresh")


@dataclass(frozen=True)
class AuthState:
    """What auth.json holds, as Codex would see it. ``api_key`` never appears in repr."""

    state: str  # "missing" | "ok" | "invalid" | "bom" | "unreadable" | "not_a_file"
    api_key: str = field(default="", repr=False)
    has_chatgpt_tokens: bool = False
    auth_mode: str = ""
    error: str = ""
    line: int = 0
    column: int = 0
    data: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def usable(self) -> bool:
        """Codex can load it (it silently ignores a file with a BOM or bad JSON)."""
        return self.state == "ok"


def read_auth_state(snapshot: FileSnapshot) -> AuthState:
    if snapshot.state == "missing":
        return AuthState("missing")
    if snapshot.state in ("unreadable", "not_a_file"):
        return AuthState(snapshot.state, error=snapshot.error)
    if snapshot.state == "undecodable":
        return AuthState("invalid", error="auth.json is not UTF-8 text.")
    try:
        data = json.loads(snapshot.text) if snapshot.text.strip() else None
    except json.JSONDecodeError as exc:
        return AuthState(
            "invalid",
            error=f"auth.json is not valid JSON at line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}.",
            line=exc.lineno,
            column=exc.colno,
        )
    if data is None:
        return AuthState("invalid", error="auth.json is empty.")
    if not isinstance(data, dict):
        return AuthState("invalid", error="auth.json does not hold a JSON object.")
    key = data.get("OPENAI_API_KEY")
    tokens = data.get("tokens")
    state = "bom" if snapshot.had_bom else "ok"
    return AuthState(
        state,
        api_key=key.strip() if isinstance(key, str) else "",
        has_chatgpt_tokens=isinstance(tokens, dict) and bool(tokens),
        auth_mode=str(data.get("auth_mode") or ""),
        error="auth.json starts with a byte-order mark (BOM); Codex ignores such a file."
        if snapshot.had_bom
        else "",
        data=data,
    )


def render_auth_json(api_key: str) -> bytes:
    """Byte for byte what ``codex login --with-api-key`` writes (2-space JSON, UTF-8, no BOM, no
    final newline), so a file Codex wrote and one we wrote are the same file."""
    return json.dumps({"auth_mode": "apikey", "OPENAI_API_KEY": api_key}, indent=2).encode()


def auth_already_written(state: AuthState, api_key: str) -> bool:
    """True when auth.json already says exactly what we would write (re-running changes nothing)."""
    return (
        state.state == "ok"
        and state.data.get("OPENAI_API_KEY") == api_key
        and state.data.get("auth_mode") == "apikey"
        and set(state.data) == {"auth_mode", "OPENAI_API_KEY"}
    )


def dropped_fields(state: AuthState) -> tuple[str, ...]:
    """Fields of the old auth.json that the new one will not carry (they stay in the backup)."""
    return tuple(k for k in state.data if k not in ("auth_mode", "OPENAI_API_KEY"))
