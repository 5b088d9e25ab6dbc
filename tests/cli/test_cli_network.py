"""probe, quota and doctor --online from the command line, against the local gateway imitation."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from app.cli import Console, run_cli
from app.core.paths import AppPaths
from tests.gateway import GOOD_KEY, GatewayImitation


def call(args: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return run_cli(args, console=Console(out, err)), out.getvalue(), err.getvalue()


def configure(paths: AppPaths, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _out, err = call(
        [
            "configure",
            "--codex-home",
            str(paths.codex_home),
            "--endpoint",
            url,
            "--key-stdin",
            "--yes",
        ],
        monkeypatch,
        GOOD_KEY,
    )
    assert code == 0, err


def test_probe_json_shape_and_recommendation(
    gateway: GatewayImitation, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _err = call(
        ["probe", "--json", "--key-stdin", "--timeout", "5", "--endpoint", gateway.url,
         "--endpoint", "http://127.0.0.1:9"],
        monkeypatch,
        GOOD_KEY,
    )  # fmt: skip
    data = json.loads(out)
    assert code == 0
    assert data["recommended"] == gateway.url
    good, closed = data["results"]
    assert set(good) >= {"url", "ok", "latency_ms", "samples_ms", "phases_ms", "error"}
    assert good["ok"] is True and good["error"] is None
    assert good["base_url_to_write"] == gateway.url + "/v1"
    assert closed["ok"] is False and closed["error"]["kind"] == "connect_refused"
    assert GOOD_KEY not in out


def test_probe_rejected_key_says_so(
    gateway: GatewayImitation, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _err = call(
        ["probe", "--json", "--key-stdin", "--endpoint", gateway.url],
        monkeypatch,
        "sk-" + "b" * 48,
    )
    assert code == 1
    result = json.loads(out)["results"][0]
    assert result["error"]["kind"] == "unauthorized"


def test_quota_uses_configured_endpoint_and_stored_key_and_remembers_convention(
    gateway: GatewayImitation, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway.quota_style = "newapi"
    configure(paths, gateway.url, monkeypatch)
    gateway.requests.clear()
    code, out, err = call(["quota", "--json", "--codex-home", str(paths.codex_home)], monkeypatch)
    assert code == 0, err
    data = json.loads(out)
    assert data["source"] == "newapi"
    assert set(data) >= {"remaining", "used", "total", "unit", "unlimited", "expires_at", "source"}
    first_paths = [r.path for r in gateway.requests]
    assert any(p.startswith("/v1/usage") for p in first_paths)  # tried Sub2API first
    gateway.requests.clear()
    code, out, _err = call(["quota", "--json", "--codex-home", str(paths.codex_home)], monkeypatch)
    assert code == 0
    assert not any(r.path.startswith("/v1/usage") for r in gateway.requests)  # remembered
    assert json.loads(paths.settings_file.read_text())["quota_sources"]


def test_quota_not_available_is_calm(
    gateway: GatewayImitation, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway.quota_style = None
    code, out, _err = call(
        ["quota", "--key-stdin", "--endpoint", gateway.url], monkeypatch, GOOD_KEY
    )
    assert code == 0  # "not available" is an answer, not a failure
    assert "does not report the remaining quota" in out
    assert "Traceback" not in out


def test_doctor_online_reports_key_rejected(
    gateway: GatewayImitation, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(paths, gateway.url, monkeypatch)
    gateway.valid_keys.clear()  # the key was revoked in the console
    code, out, _err = call(
        ["doctor", "--online", "--json", "--codex-home", str(paths.codex_home)], monkeypatch
    )
    assert code == 1
    codes = {f["code"] for f in json.loads(out)["findings"]}
    assert "key_rejected" in codes


def test_doctor_and_repair_online_switch_base_url_to_working_form(
    gateway: GatewayImitation, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _out, err = call(
        ["configure", "--codex-home", str(paths.codex_home), "--endpoint", gateway.url,
         "--key-stdin", "--yes", "--offline"],
        monkeypatch,
        GOOD_KEY,
    )  # fmt: skip
    assert code == 0, err
    code, out, _err = call(
        ["doctor", "--online", "--json", "--codex-home", str(paths.codex_home)], monkeypatch
    )
    findings = {f["code"]: f for f in json.loads(out)["findings"]}
    assert findings["base_url_models_missing"]["severity"] == "warning"
    assert code == 0  # a warning alone
    code, out, err = call(
        ["repair", "--online", "--yes", "--codex-home", str(paths.codex_home)], monkeypatch
    )
    assert code == 0, out + err
    assert f'base_url = "{gateway.url}/v1"' in paths.config_toml.read_text()


def test_configure_twice_online_reaches_the_final_state_in_one_run(
    gateway: GatewayImitation,
    paths: AppPaths,
    monkeypatch: pytest.MonkeyPatch,
    codex_bin: Path,
) -> None:
    """With the real Codex on PATH (its model catalogue decides the upgrade-prompt record): the
    first run writes everything, the second changes nothing and makes no second backup."""
    monkeypatch.setenv("PATH", f"{codex_bin.parent}{os.pathsep}{os.environ['PATH']}")
    configure(paths, gateway.url, monkeypatch)
    config_after_first = paths.config_toml.read_bytes()
    backups_after_first = sorted(p.name for p in paths.backups_dir.iterdir())
    assert b"[notice.model_migrations]" in config_after_first
    code, out, err = call(
        ["configure", "--codex-home", str(paths.codex_home), "--endpoint", gateway.url,
         "--key-stdin", "--yes"],
        monkeypatch,
        GOOD_KEY,
    )  # fmt: skip
    assert code == 0, err
    assert "nothing to change" in out
    assert paths.config_toml.read_bytes() == config_after_first
    assert sorted(p.name for p in paths.backups_dir.iterdir()) == backups_after_first


def test_probe_complains_about_the_url_before_the_missing_key(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _out, err = call(
        ["probe", "--endpoint", "notaurl", "--codex-home", str(paths.codex_home)], monkeypatch
    )
    assert code == 1
    assert "address" in err.lower() or "url" in err.lower()
    assert "No API key is stored" not in err


def test_doctor_online_says_what_it_asked(
    gateway: GatewayImitation, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All good online read the same as all good offline: a person could not tell the gateway
    had been asked at all."""
    configure(paths, gateway.url, monkeypatch)
    home = ["--codex-home", str(paths.codex_home)]
    _code, offline, _err = call(["doctor", *home], monkeypatch)
    _code, online, _err = call(["doctor", "--online", *home], monkeypatch)
    assert "Online:" not in offline
    asked = next(line for line in online.splitlines() if line.startswith("Online:"))
    assert f"{gateway.url}/v1 accepts the key, offers {len(gateway.models)} models" in asked
    assert "answered a test request" in asked
    assert GOOD_KEY not in online
    _code, out, _err = call(["doctor", "--online", "--json", *home], monkeypatch)
    assert json.loads(out)["online_checked"] == {"base_url": gateway.url + "/v1", "answered": True}
    _code, nothing, _err = call(
        ["doctor", "--online", "--codex-home", str(paths.codex_home.parent / "empty")], monkeypatch
    )
    assert "Online: nothing to ask" in nothing
