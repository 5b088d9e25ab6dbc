"""The real Codex CLI (pinned) reads what we write: configure, and repair of broken files, end to
end against the local gateway imitation. Codex must send our key and print the gateway's reply."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.cli import Console, run_cli
from tests.gateway import GOOD_KEY, GatewayImitation
from tests.gateway.fixtures import CodexRelease
from tests.support.codex_harness import run_codex, run_codex_exec

pytestmark = pytest.mark.codex


@pytest.fixture
def codex_bin(each_codex: CodexRelease) -> Path:
    """Every test here that runs Codex runs against each tested version (CODEX_VERSIONS)."""
    return each_codex.path


def cli(
    args: list[str], stdin: str = "", monkeypatch: pytest.MonkeyPatch | None = None
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = run_cli(args, console=Console(out, err))
    return code, out.getvalue(), err.getvalue()


def assert_codex_answers(codex_bin: Path, codex_home: Path, gateway: GatewayImitation) -> None:
    gateway.requests.clear()
    done = run_codex_exec(codex_bin, codex_home, timeout=90)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "pong" in done.stdout
    posts = [r for r in gateway.requests if r.method == "POST" and r.path.endswith("/responses")]
    assert posts, "Codex never reached the gateway"
    assert posts[-1].headers.get("authorization") == f"Bearer {GOOD_KEY}"
    assert "disable_response_storage" not in done.stderr


def test_configure_offline_then_codex_exec(
    codex_bin: Path, codex_home: Path, gateway: GatewayImitation, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = cli(
        ["configure", "--codex-home", str(codex_home), "--endpoint", gateway.url,
         "--key-stdin", "--offline", "--yes"],
        stdin=GOOD_KEY + "\n",
        monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 0, err
    assert GOOD_KEY not in out + err
    assert_codex_answers(codex_bin, codex_home, gateway)


def test_configure_online_picks_base_url_that_passes_codex_doctor(
    codex_bin: Path, codex_home: Path, gateway: GatewayImitation, monkeypatch: pytest.MonkeyPatch
) -> None:
    gateway.routing = "sub2api"  # models only under /v1, responses at both
    code, out, err = cli(
        ["configure", "--codex-home", str(codex_home), "--endpoint", gateway.url,
         "--key-stdin", "--yes", "--json"],
        stdin=GOOD_KEY,
        monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 0, err
    result = json.loads(out)
    assert result["base_url"] == gateway.url + "/v1"
    assert_codex_answers(codex_bin, codex_home, gateway)
    doctor = run_codex(codex_bin, ["doctor", "--json"], codex_home, timeout=60)
    report = json.loads(doctor.stdout)
    assert report["checks"]["config.load"]["status"] == "ok"
    assert report["checks"]["auth.credentials"]["status"] == "ok"


def _base(
    url: str, extra: str = "", pid: str = "OpenAI", auth: str = "requires_openai_auth = true\n"
) -> str:
    return (
        f'model_provider = "{pid}"\nmodel = "gpt-5.5"\n{extra}\n'
        f'[model_providers.{pid}]\nname = "TokenPool"\nbase_url = "{url}"\n'
        f'wire_api = "responses"\n{auth}'
    )


def _auth(key: str = GOOD_KEY, **extra: object) -> str:
    return json.dumps({"OPENAI_API_KEY": key, **extra})


TOKENS = {"id_token": "a.b.c", "access_token": "x", "refresh_token": "y", "account_id": "z"}

# Each broken state as people really end up with it; every one fails with the real Codex.
BROKEN: dict[str, Callable[[str], tuple[str, str | bytes]]] = {
    "model_provider_appended_after_table": lambda u: (
        f'model = "gpt-5.5"\n\n[model_providers.OpenAI]\nname = "TokenPool"\nbase_url = "{u}"\n'
        'wire_api = "responses"\nrequires_openai_auth = true\nmodel_provider = "OpenAI"\n',
        _auth(),
    ),
    "chatgpt_tokens_shadow_key": lambda u: (
        _base(u),
        _auth(tokens=TOKENS, last_refresh="2026-01-01T00:00:00Z"),
    ),
    "no_requires_openai_auth": lambda u: (_base(u, auth=""), _auth()),
    "wire_api_chat": lambda u: (_base(u).replace('"responses"', '"chat"'), _auth()),
    "reserved_provider_id": lambda u: (_base(u, pid="openai"), _auth()),
    "auth_json_with_bom": lambda u: (_base(u), b"\xef\xbb\xbf" + _auth().encode()),
    "deprecated_and_legacy_profile": lambda u: (
        _base(u, extra='disable_response_storage = true\nprofile = "work"\n')
        + '\n[profiles.work]\nmodel = "gpt-5.5"\n',
        _auth(),
    ),
    "duplicate_table": lambda u: (
        _base(u) + f'\n[model_providers.OpenAI]\nbase_url = "{u}"\n',
        _auth(),
    ),
    "key_in_config_toml_only": lambda u: (
        _base(u) + f'api_key = "{GOOD_KEY}"\n',
        "",
    ),
    "env_key_without_variable": lambda u: (
        _base(u, auth='env_key = "TOKENPOOL_KEY_NOT_SET"\n'),
        _auth(),
    ),
    # Without `model` Codex sends its own default, which changes between releases (gpt-6.1-sol,
    # then gpt-6.2-sol; see codex-0.171-delta.md) and which the gateway does not offer.
    "model_missing": lambda u: (_base(u).replace('model = "gpt-5.5"\n', ""), _auth()),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_repair_makes_real_codex_work(
    name: str, codex_bin: Path, codex_home: Path, gateway: GatewayImitation,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    config, auth = BROKEN[name](gateway.url + "/v1")
    (codex_home / "config.toml").write_text(config)
    if auth:
        data = auth if isinstance(auth, bytes) else auth.encode()
        (codex_home / "auth.json").write_bytes(data)
        (codex_home / "auth.json").chmod(0o600)
    gateway.requests.clear()
    before = run_codex_exec(codex_bin, codex_home, timeout=90)
    assert before.returncode != 0 or "pong" not in before.stdout, "fixture is not actually broken"
    if name == "model_missing":
        sent = [r.json_body["model"] for r in gateway.requests_to("/v1/responses", "POST")]
        assert sent and all(model not in gateway.models for model in sent), sent
    code, out, err = cli(
        ["repair", "--codex-home", str(codex_home), "--yes"], monkeypatch=monkeypatch
    )
    assert code == 0, out + err
    assert GOOD_KEY not in out + err
    assert "Backup of the old files" in out, out + err
    assert_codex_answers(codex_bin, codex_home, gateway)
    # Repairing again finds nothing more to change.
    _code, out2, _err = cli(
        ["repair", "--codex-home", str(codex_home), "--yes"], monkeypatch=monkeypatch
    )
    assert "Nothing that repair can fix" in out2


def test_doctor_reports_what_the_installed_codex_says(
    codex_bin: Path, codex_home: Path, gateway: GatewayImitation, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, each_codex: CodexRelease,
) -> None:  # fmt: skip
    from tests.support.codex_harness import isolated_codex_env

    home = tmp_path / "h"
    home.mkdir()
    env = isolated_codex_env(codex_home, home)
    env["PATH"] = f"{codex_bin.parent}{os.pathsep}{env.get('PATH', '')}"
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    (codex_home / "config.toml").write_text(
        _base(gateway.url + "/v1").replace('"responses"', '"chat"')
    )
    (codex_home / "auth.json").write_text(_auth())
    (codex_home / "auth.json").chmod(0o600)
    code, out, _err = cli(["doctor", "--json", "--codex-home", str(codex_home)])
    report = json.loads(out)
    assert code == 1
    assert report["codex"]["version"] == each_codex.version
    codes = {f["code"] for f in report["findings"]}
    assert "wire_api_wrong" in codes
    codex_says = [f for f in report["findings"] if f["code"] == "codex_check_failed"]
    assert any("config.load" in f["message"] for f in codex_says), report
    # After repair the installed Codex agrees the files load.
    code, out, err = cli(["repair", "--yes", "--codex-home", str(codex_home)])
    assert code == 0, out + err
    code, out, _err = cli(["doctor", "--json", "--codex-home", str(codex_home)])
    assert not [f for f in json.loads(out)["findings"] if f["code"] == "codex_check_failed"]


def test_auth_json_is_byte_for_byte_what_codex_login_writes(
    codex_bin: Path, codex_home: Path, tmp_path: Path
) -> None:
    from app.core.auth_file import render_auth_json
    from tests.support.codex_harness import isolated_codex_env

    home = tmp_path / "h"
    home.mkdir()
    done = subprocess.run(
        [str(codex_bin), "login", "--with-api-key"],
        input=GOOD_KEY, capture_output=True, text=True, timeout=60,
        env=isolated_codex_env(codex_home, home),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (codex_home / "auth.json").read_bytes() == render_auth_json(GOOD_KEY)


@pytest.mark.skipif(sys.platform == "win32", reason="the lock is held with fcntl (POSIX)")
def test_write_waits_for_codex_login_lock(codex_home: Path, good_key: str) -> None:
    """While `codex login` holds auth.lock, we wait rather than write beside it."""
    import fcntl
    import threading

    from app.core.codex_config import CodexSettings
    from app.core.paths import resolve_paths
    from app.core.plan import apply_plan, plan_configure

    paths = resolve_paths(codex_home, codex_home.parent / "settings")
    plan = plan_configure(paths, good_key, CodexSettings(base_url="https://api.clawto.link/v1"))
    lock = open(codex_home / "auth.lock", "w")  # noqa: SIM115
    fcntl.flock(lock, fcntl.LOCK_EX)
    finished = threading.Event()
    worker = threading.Thread(target=lambda: (apply_plan(plan), finished.set()))
    worker.start()
    assert not finished.wait(0.5)
    assert not (codex_home / "auth.json").exists()
    fcntl.flock(lock, fcntl.LOCK_UN)
    lock.close()
    worker.join(10)
    assert finished.is_set()
    assert (codex_home / "auth.json").exists()


def test_provider_without_name_is_found_and_repaired_for_the_real_codex(
    codex_bin: Path, codex_home: Path, gateway: GatewayImitation, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = (
        _base(gateway.url + "/v1")
        + '\n[model_providers.other]\nbase_url = "https://x.example/v1"\n'
    )
    (codex_home / "config.toml").write_text(config)
    (codex_home / "auth.json").write_text(_auth())
    (codex_home / "auth.json").chmod(0o600)
    before = run_codex_exec(codex_bin, codex_home, timeout=60)
    assert before.returncode != 0  # Codex refuses the file
    code, out, _err = cli(["doctor", "--json", "--codex-home", str(codex_home)])
    assert "provider_name_missing" in out
    code, out, err = cli(
        ["repair", "--yes", "--codex-home", str(codex_home)], monkeypatch=monkeypatch
    )
    assert code == 0, out + err
    assert_codex_answers(codex_bin, codex_home, gateway)
