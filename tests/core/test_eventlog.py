"""The diagnostics log keeps only allow-listed fields: the key can never reach it."""

from __future__ import annotations

import io
import json

import pytest

from app.cli import Console, run_cli
from app.core.eventlog import LOG_NAME, log_event, redact
from app.core.paths import AppPaths
from tests.gateway import GOOD_KEY, GatewayImitation


def test_redact_keeps_only_allow_listed_plain_fields() -> None:
    kept = redact(
        {
            "code": "key_rejected",
            "host": "api.clawto.link",
            "latency_ms": 41,
            "ok": False,
            "message": "anything at all",  # free text: not on the list
            "key": GOOD_KEY,  # not on the list
            "model": GOOD_KEY,  # on the list, but shaped like a key
            "kind": "a value with spaces and / slashes",  # not an identifier
            "codes": ["a", GOOD_KEY, "b"],
        }
    )
    assert kept == {
        "code": "key_rejected",
        "host": "api.clawto.link",
        "latency_ms": 41,
        "ok": False,
        "codes": ["a", "b"],
    }


def test_commands_log_events_without_the_key_or_paths(
    paths: AppPaths, gateway: GatewayImitation, monkeypatch: pytest.MonkeyPatch
) -> None:
    def call(args: list[str], stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return run_cli(
            [*args, "--codex-home", str(paths.codex_home)], Console(io.StringIO(), io.StringIO())
        )

    monkeypatch.setenv("TOKENPOOL_SETUP_SETTINGS_DIR", str(paths.settings_dir))
    assert call(["configure", "--endpoint", gateway.url, "--key-stdin", "--yes"], GOOD_KEY) == 0
    call(["doctor"])
    call(["probe", "--endpoint", gateway.url, "--key-stdin"], GOOD_KEY)
    call(["configure", "--endpoint", "https://tokenpool.dev", "--key-stdin", "--yes"], GOOD_KEY)
    text = (paths.settings_dir / LOG_NAME).read_text()
    events = [json.loads(line) for line in text.splitlines()]
    assert [e["event"] for e in events] == ["configure", "doctor", "probe", "error"]
    assert events[0]["host"] == "127.0.0.1" and events[0]["files"] == ["config.toml", "auth.json"]
    assert events[3]["code"] == "website_not_api"
    assert GOOD_KEY not in text and GOOD_KEY[:12] not in text
    assert str(paths.codex_home) not in text


def test_a_log_that_cannot_be_written_is_no_error(paths: AppPaths) -> None:
    paths.settings_dir.parent.mkdir(parents=True, exist_ok=True)
    paths.settings_dir.write_text("a file where the folder should be")
    log_event(paths, "doctor", ok=True)  # must not raise
