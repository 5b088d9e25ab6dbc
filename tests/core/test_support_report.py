"""The support report: what a supporter needs, and none of the person's secrets.

Every config fixture people really have (other relays, MCP servers, hooks, bearer tokens, Windows
paths, CRLF, a ChatGPT sign-in) goes through it; the report must hold none of their secrets, no
other provider's host, no home folder and no user name. Online, it tests the endpoints and asks the
quota of the local gateway imitation.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cli import Console, run_cli
from app.core.endpoints import CATALOGUE
from app.core.eventlog import log_event
from app.core.keys import mask_key
from app.core.net.probe import probe_endpoints
from app.core.paths import AppPaths, resolve_paths
from app.core.support_report import (
    PrivateWords,
    ReportInputs,
    gather_report,
    how_installed,
    provider_kind,
    scrub,
)
from tests.conftest import GOOD_TEST_KEY
from tests.gateway.server import GOOD_KEY as GATEWAY_KEY
from tests.gateway.server import GatewayImitation

FIXTURES = Path(__file__).parents[1] / "fixtures"
CONFIGS = sorted(
    p
    for folder in ("broken", "configs", "real_configs")
    for p in (FIXTURES / folder).glob("*.toml")
)
AUTHS = {
    "api_key": json.dumps({"OPENAI_API_KEY": GOOD_TEST_KEY}),
    "chatgpt": (FIXTURES / "real_configs" / "auth_chatgpt_login.json").read_text(encoding="utf-8"),
    "missing": None,
}
USER = "zoe-private"


@pytest.fixture
def person(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[AppPaths, dict[str, str]]]:
    """A person whose home folder and user name are recognisable, with a Codex home inside."""
    home = tmp_path / "Users" / USER
    codex_home = home / ".codex"
    codex_home.mkdir(parents=True)
    env = {
        "HOME": str(home),
        "USER": USER,
        "PATH": "",
        "NO_PROXY": "127.0.0.1,localhost",
        "HTTPS_PROXY": "http://proxyuser:proxy-secret-pw@proxy.corp.example:3128",
    }
    monkeypatch.setenv("HOME", str(home))
    yield resolve_paths(codex_home, tmp_path / "settings"), env


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def secrets_in(config_text: str) -> set[str]:
    """What must never be in the report: every value that is or carries a credential, every
    other provider's host, MCP servers' commands, arguments and environment values."""
    import tomllib

    found: set[str] = set()
    # Anything key-shaped anywhere in the file, even where the TOML cannot be read.
    found |= set(re.findall(r"(?:sk|hl|otel)-[A-Za-z0-9_\-]{8,}", config_text))
    found |= set(re.findall(r"(?<=Bearer )[A-Za-z0-9_\-]{8,}", config_text))
    try:
        data = tomllib.loads(config_text)
    except tomllib.TOMLDecodeError:
        return found
    for _pid, table in (data.get("model_providers") or {}).items():
        if not isinstance(table, dict):
            continue
        url = str(table.get("base_url", ""))
        host = re.sub(r"^\w+://", "", url).split("/")[0].split(":")[0]
        ours = host.endswith(("tokenpool.dev", "clawto.link"))
        if host and not ours and host not in ("localhost", "127.0.0.1"):
            found.add(host)
        for name in ("experimental_bearer_token", "http_headers", "env_http_headers"):
            found |= {s for s in _strings(table.get(name)) if len(s) >= 8 and s != "Authorization"}
    for server in (data.get("mcp_servers") or {}).values():
        if isinstance(server, dict):
            found |= {s for s in _strings(server.get("command")) if len(s) >= 3}
            found |= {s for s in _strings(server.get("args")) if len(s) >= 6}
            found |= {s for s in _strings(server.get("env") or {}) if len(s) >= 6}
    found |= {s for s in _strings(data.get("otel")) if "otel-" in s or "home.arpa" in s}
    return {s for s in found if s.strip()}


@pytest.mark.parametrize("auth", sorted(AUTHS))
@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_report_holds_no_secret_of_any_real_config(
    person: tuple[AppPaths, dict[str, str]], config: Path, auth: str
) -> None:
    paths, env = person
    shutil.copyfile(config, paths.config_toml)
    if AUTHS[auth] is not None:
        paths.auth_json.write_text(AUTHS[auth] or "", encoding="utf-8")
        paths.auth_json.chmod(0o600)
    report = gather_report(paths, ReportInputs(env=env, online=False))
    text = report.text()

    raw = config.read_text(encoding="utf-8", errors="replace")
    for secret in secrets_in(raw) | {GOOD_TEST_KEY, USER, str(paths.codex_home.parent)}:
        assert secret not in text, f"{secret!r} leaked from {config.name}"
    for word in ("proxyuser", "proxy-secret-pw"):
        assert word not in text
    assert "HTTP proxy at proxy.corp.example:3128" in text
    if auth == "api_key":
        assert f"Key used for the checks: {mask_key(GOOD_TEST_KEY)}" in text
    # A supporter still learns what matters: the doctor's codes and the file's shape.
    assert "## Doctor" in text and "## config.toml" in text
    assert "~" in text or "Codex folder" not in text


def test_report_of_a_tokenpool_config_shows_our_settings(
    person: tuple[AppPaths, dict[str, str]],
) -> None:
    paths, env = person
    shutil.copyfile(
        FIXTURES / "real_configs" / "tokenpool_beside_openrouter.toml", paths.config_toml
    )
    paths.auth_json.write_text(AUTHS["api_key"] or "", encoding="utf-8")
    text = gather_report(paths, ReportInputs(env=env, online=False)).text()
    assert "(TokenPool): " in text
    assert 'base_url = "https://api' in text
    assert "another provider (OpenRouter)" in text
    assert "openrouter.ai" not in text
    assert "Endpoints not tested" in text


def test_online_report_tests_every_endpoint_and_asks_the_quota(
    person: tuple[AppPaths, dict[str, str]], gateway: GatewayImitation
) -> None:
    paths, env = person
    paths.config_toml.write_text(
        'model_provider = "tokenpool"\nmodel = "gpt-5.5"\n\n[model_providers.tokenpool]\n'
        f'name = "TokenPool"\nbase_url = "{gateway.url}/v1"\nwire_api = "responses"\n'
        "requires_openai_auth = true\n",
        encoding="utf-8",
    )
    paths.auth_json.write_text(json.dumps({"OPENAI_API_KEY": GATEWAY_KEY}), encoding="utf-8")
    asked: list[list[str]] = []

    def probe_locally(urls: list[str], key: str) -> Any:
        # The catalogue's hosts are on the internet, which tests never reach: record that they
        # were asked for, probe the local imitation only.
        asked.append(list(urls))
        local = [u for u in urls if u.startswith("http://127.0.0.1")]
        return probe_endpoints(local, key, proxy_env={"NO_PROXY": "127.0.0.1"}).results

    env = {k: v for k, v in env.items() if k != "HTTPS_PROXY"}
    report = gather_report(paths, ReportInputs(env=env, probe=probe_locally))
    text = report.text()
    assert [e.url for e in CATALOGUE] == asked[0][: len(CATALOGUE)]
    assert f"{gateway.url}/v1: answers" in text, text
    assert re.search(r"## Quota\n  ok: .*\$", text), text
    assert gateway.requests_to("/v1/usage"), "the quota was not asked"
    assert GATEWAY_KEY not in text and mask_key(GATEWAY_KEY) in text


def test_recent_problems_come_from_the_event_log(person: tuple[AppPaths, dict[str, str]]) -> None:
    paths, env = person
    log_event(paths, "doctor", ok=True)
    log_event(paths, "error", view="configure", code="endpoint_unreachable")
    log_event(paths, "probe", ok=False, host="llm.home.arpa", kind="timeout")
    text = gather_report(paths, ReportInputs(env=env, online=False)).text()
    section = text.split("## Recent problems")[1]
    assert "error: view=configure, code=endpoint_unreachable" in section
    assert "host=another host" in section and "home.arpa" not in text
    assert "doctor" not in section


def test_scrub_masks_what_a_section_let_through() -> None:
    private = PrivateWords(homes=("/home/zoe",), users=("zoe",), secrets=("hunter2-password",))
    text = scrub(
        "path /home/zoe/.codex, user zoe, zoey stays, pw hunter2-password, "
        "token sk-abcdefghijklmnopqrstuvwxyz0123456789, url https://llm.home.arpa/v1 and "
        "https://api.clawto.link/v1",
        private,
    )
    assert "/home/zoe" not in text and "~/.codex" in text
    assert "user <user>," in text and "zoey stays" in text
    assert "hunter2-password" not in text
    assert "abcdefghijklmnopqrstuvwxyz0123456789" not in text
    assert "llm.home.arpa" not in text and "(another address)" in text
    assert "https://api.clawto.link/v1" in text


@pytest.mark.parametrize(
    ("platform", "executable", "extra", "expected"),
    [
        ("linux", "", False, "from source"),
        (
            "darwin",
            "/Applications/TokenPool Setup.app/Contents/MacOS/tokenpool-setup",
            True,
            "in /Applications",
        ),
        (
            "darwin",
            "/Volumes/TokenPool Setup/TokenPool Setup.app/Contents/MacOS/x",
            True,
            "disk image",
        ),
        ("linux", "HOME/.local/lib/tokenpool-setup/tokenpool-setup", True, "install.sh"),
        ("linux", "/tmp/unpacked/tokenpool-setup/tokenpool-setup", True, "unpacked"),
    ],
)
def test_how_installed(
    tmp_path: Path, platform: str, executable: str, extra: bool, expected: str
) -> None:
    env = {"HOME": str(tmp_path)}
    executable = executable.replace("HOME", str(tmp_path))
    assert expected in how_installed(
        frozen=extra, executable=executable, platform=platform, env=env
    )


def test_windows_installer_is_told_from_the_portable_zip(tmp_path: Path) -> None:
    exe = tmp_path / "tokenpool-setup.exe"
    exe.write_bytes(b"")
    env = {"USERPROFILE": str(tmp_path)}
    assert "portable" in how_installed(frozen=True, executable=str(exe), platform="win32", env=env)
    (tmp_path / "uninstall.exe").write_bytes(b"")
    assert (
        how_installed(frozen=True, executable=str(exe), platform="win32", env=env)
        == "Windows installer"
    )


def test_provider_kind_never_names_the_host() -> None:
    assert provider_kind({"name": "LiteLLM", "base_url": "http://10.1.2.3:4000"}) == "LiteLLM"
    assert provider_kind({"base_url": "https://llm.home.arpa/v1"}) == "self-hosted or another relay"


def test_cli_report_prints_and_saves(
    person: tuple[AppPaths, dict[str, str]], tmp_path: Path
) -> None:
    paths, _env = person
    shutil.copyfile(FIXTURES / "real_configs" / "selfhosted_with_hooks.toml", paths.config_toml)
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "out"
    target.mkdir()
    code = run_cli(
        ["report", "--offline", "--codex-home", str(paths.codex_home), "--output", str(target)],
        Console(out, err),
    )
    assert code == 0, err.getvalue()
    saved = list(target.glob("tokenpool-setup-report-*.txt"))
    assert len(saved) == 1
    assert saved[0].read_text(encoding="utf-8") == out.getvalue().rstrip("\n") + "\n"
    for secret in secrets_in(
        (FIXTURES / "real_configs" / "selfhosted_with_hooks.toml").read_text()
    ):
        assert secret not in out.getvalue() + err.getvalue()
    assert "Send this file" in err.getvalue()


def test_cli_report_into_a_folder_that_cannot_be_written_says_so(
    person: tuple[AppPaths, dict[str, str]], tmp_path: Path
) -> None:
    paths, _env = person
    out, err = io.StringIO(), io.StringIO()
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    code = run_cli(
        [
            "report",
            "--offline",
            "--codex-home",
            str(paths.codex_home),
            "--output",
            str(blocker / "r.txt"),
        ],
        Console(out, err),
    )
    assert code == 1
    assert "should be a folder" in err.getvalue() and "Traceback" not in err.getvalue()
