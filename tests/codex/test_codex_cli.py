"""app.core.codex_cli against fake `codex` scripts and against the pinned real Codex CLI."""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from app.core import codex_cli
from app.core.codex_cli import (
    codex_login_status,
    codex_model_catalogue,
    codex_version,
    find_codex,
    install_hint,
    mask_secrets,
    parse_codex_version,
    parse_doctor_json,
    restart_codex_daemon,
    run_codex_doctor,
    run_codex_exec_test,
)
from app.core.errors import CodexProblem
from tests.gateway import GOOD_KEY, GatewayImitation
from tests.support.codex_harness import CODEX_VERSION, run_codex, run_codex_exec, write_codex_files

posix_only = pytest.mark.skipif(
    sys.platform == "win32", reason="fake codex is a POSIX shell script"
)


def fake_codex(folder: Path, body: str = 'echo "codex-cli 0.169.0"') -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "codex"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


def no_system_codex() -> bool:
    return not any(Path(d, "codex").exists() for d in ("/usr/local/bin", "/opt/homebrew/bin"))


# -- finding Codex (fake scripts, no real Codex needed) -------------------------------------------


@posix_only
def test_find_codex_on_path(tmp_path: Path) -> None:
    script = fake_codex(tmp_path / "bin")
    env = {"PATH": f"{tmp_path / 'empty'}{os.pathsep}{script.parent}", "HOME": str(tmp_path)}
    found = find_codex(env)
    assert found is not None
    assert found.path == script
    assert found.version == "0.169.0"


@posix_only
def test_find_codex_in_extra_dirs_and_nvm(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"PATH": str(tmp_path / "nothing"), "HOME": str(home)}
    extra = fake_codex(tmp_path / "extra")
    found = find_codex(env, extra_dirs=[extra.parent])
    assert found is not None and found.path == extra

    fake_codex(home / ".nvm" / "versions" / "node" / "v18.20.0" / "bin")
    newest = fake_codex(home / ".nvm" / "versions" / "node" / "v20.11.1" / "bin")
    found = find_codex(env)
    assert found is not None and found.path == newest


@posix_only
@pytest.mark.skipif(not no_system_codex(), reason="a codex is installed in a system folder")
def test_find_codex_none(tmp_path: Path) -> None:
    assert find_codex({"PATH": str(tmp_path), "HOME": str(tmp_path)}) is None


@posix_only
def test_codex_version_of_broken_or_silent_binary(tmp_path: Path) -> None:
    assert codex_version(fake_codex(tmp_path / "a", "exit 3")) is None
    assert codex_version(fake_codex(tmp_path / "b", "echo hello")) is None
    assert codex_version(tmp_path / "missing" / "codex") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("codex-cli 0.169.0\n", "0.169.0"),
        ("codex-cli 0.170.0-alpha.3", "0.170.0-alpha.3"),
        ("WARNING: something 1.2.3 odd\ncodex-cli 0.169.0", "0.169.0"),
        ("nothing here", None),
    ],
)
def test_parse_codex_version(text: str, expected: str | None) -> None:
    assert parse_codex_version(text) == expected


def test_install_hint() -> None:
    assert install_hint("linux") == "npm install -g @openai/codex"
    assert install_hint("win32") == "npm install -g @openai/codex"
    assert "brew install" in install_hint("darwin")
    assert "npm install -g @openai/codex" in install_hint("darwin")


def test_mask_secrets_hides_keys() -> None:
    text = (
        f"key {GOOD_KEY} / Authorization: Bearer {GOOD_KEY} / API key configured - sk-aaaaa***aaaaa"
    )
    masked = mask_secrets(text)
    assert GOOD_KEY not in masked
    assert "aaaaa***" not in masked
    assert "sk-…aaaa" in masked


def test_parse_doctor_json_offline_drops_network_checks() -> None:
    data = {
        "schemaVersion": 1,
        "overallStatus": "fail",
        "codexVersion": "0.169.0",
        "checks": {
            "config.load": {
                "id": "config.load",
                "category": "config",
                "status": "ok",
                "summary": "config loaded",
                "details": {"model": "gpt-5.5", "version cache": ["/x", "missing"]},
                "remediation": None,
            },
            "network.provider_reachability": {
                "id": "network.provider_reachability",
                "category": "reachability",
                "status": "fail",
                "summary": "unreachable",
                "details": {},
                "issues": [{"severity": "fail", "cause": "404", "measured": "m", "expected": "e",
                            "remedy": "r", "fields": ["route probe"]}],
                "remediation": "Check proxy",
            },
        },
    }  # fmt: skip
    online = parse_doctor_json(data, online=True)
    assert online is not None and online.overall_status == "fail"
    reachability = online.check("network.provider_reachability")
    assert reachability is not None and reachability.issues[0].cause == "404"
    assert online.problems[0].id == "network.provider_reachability"
    offline = parse_doctor_json(data, online=False)
    assert offline is not None
    assert offline.overall_status == "ok"
    assert [c.id for c in offline.checks] == ["config.load"]
    config = offline.check("config.load")
    assert config is not None and config.detail("version cache") == "/x, missing"
    assert parse_doctor_json({"nope": 1}) is None
    assert parse_doctor_json("text") is None


def test_missing_binary_is_reported_not_raised(tmp_path: Path) -> None:
    missing = tmp_path / "no-codex"
    result = run_codex_doctor(missing, tmp_path)
    assert result.report is None and result.error and "not found" in result.error
    exec_result = run_codex_exec_test(missing, tmp_path)
    assert not exec_result.ok and not exec_result.timed_out
    assert restart_codex_daemon(missing, tmp_path).state == "failed"
    assert not codex_login_status(missing, tmp_path).logged_in
    with pytest.raises(CodexProblem):
        codex_model_catalogue(missing, tmp_path)


@posix_only
def test_exec_timeout_kills_the_whole_process_group(tmp_path: Path) -> None:
    # Like the npm shim: the script starts a child that would outlive it.
    marker = tmp_path / "child.pid"
    script = fake_codex(tmp_path / "bin", f"sleep 30 &\necho $! > {marker}\nwait")
    started = time.monotonic()
    result = run_codex_exec_test(script, tmp_path, timeout=1)
    assert time.monotonic() - started < 5
    assert result.timed_out and not result.ok
    assert "1 second" in result.message
    child = int(marker.read_text())
    time.sleep(0.2)
    assert not _process_alive(child)


def _process_alive(pid: int) -> bool:
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True
    return stat_line.split(") ", 1)[1][:1] not in ("Z", "X")  # a zombie is dead


@posix_only
def test_doctor_unreadable_output_is_an_error(tmp_path: Path) -> None:
    script = fake_codex(tmp_path / "bin", 'echo "not json"; echo "boom" >&2; exit 2')
    result = run_codex_doctor(script, tmp_path)
    assert result.report is None
    assert result.error is not None and "boom" in result.error
    assert result.exit_code == 2


# -- the real, pinned Codex CLI -------------------------------------------------------------------


def assert_no_key(*texts: object) -> None:
    for text in texts:
        assert GOOD_KEY not in repr(text)


@pytest.mark.codex
def test_pinned_codex_version(codex_bin: Path, codex_env: dict[str, str]) -> None:
    assert codex_version(codex_bin, env=codex_env) == CODEX_VERSION


@pytest.mark.codex
@pytest.mark.parametrize("suffix", ["", "/v1"])
def test_real_codex_exec_says_pong(
    codex_bin: Path,
    codex_home: Path,
    codex_env: dict[str, str],
    gateway: GatewayImitation,
    suffix: str,
) -> None:
    write_codex_files(codex_home, gateway.url + suffix, GOOD_KEY)
    result = run_codex_exec_test(codex_bin, codex_home, env=codex_env, timeout=60)
    assert result.ok, result
    assert result.reply == "pong"
    assert result.exit_code == 0 and not result.timed_out
    posts = gateway.requests_to(f"{suffix}/responses", "POST")
    assert posts, [(r.method, r.path) for r in gateway.requests]
    assert posts[0].bearer == GOOD_KEY
    assert posts[0].json_body["model"] == "gpt-5.5"
    assert posts[0].json_body["stream"] is True
    assert_no_key(result)


@pytest.mark.codex
def test_harness_runs_codex_exec(
    codex_bin: Path, codex_home: Path, gateway: GatewayImitation
) -> None:
    gateway.reply_text = "pong from the harness"
    write_codex_files(codex_home, gateway.url, GOOD_KEY)
    completed = run_codex_exec(codex_bin, codex_home, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert "pong from the harness" in completed.stdout


@pytest.mark.codex
def test_real_codex_exec_with_bad_key_fails_plainly(
    codex_bin: Path, codex_home: Path, codex_env: dict[str, str], gateway: GatewayImitation
) -> None:
    gateway.valid_keys.clear()
    write_codex_files(codex_home, gateway.url, GOOD_KEY)
    result = run_codex_exec_test(codex_bin, codex_home, env=codex_env, timeout=40)
    assert not result.ok and not result.timed_out
    assert result.exit_code == 1
    assert "401" in result.message
    assert_no_key(result)


@pytest.mark.codex
def test_real_codex_exec_against_a_hanging_gateway_is_bounded(
    codex_bin: Path, codex_home: Path, codex_env: dict[str, str], gateway: GatewayImitation
) -> None:
    gateway.hang_paths.add("/responses")
    write_codex_files(codex_home, gateway.url, GOOD_KEY)
    started = time.monotonic()
    result = run_codex_exec_test(codex_bin, codex_home, env=codex_env, timeout=4)
    assert time.monotonic() - started < 12
    assert result.timed_out and not result.ok
    assert gateway.requests_to("/responses", "POST")


@pytest.mark.codex
def test_real_codex_over_tls_trusts_ssl_cert_file(
    codex_bin: Path, codex_home: Path, codex_env: dict[str, str], tls_gateway: GatewayImitation
) -> None:
    write_codex_files(codex_home, tls_gateway.url + "/v1", GOOD_KEY)
    env = {**codex_env, "SSL_CERT_FILE": str(tls_gateway.ca_pem)}
    result = run_codex_exec_test(codex_bin, codex_home, env=env, timeout=60)
    assert result.ok and result.reply == "pong", result


@pytest.mark.codex
def test_real_doctor_base_url_forms_under_sub2api_routing(
    codex_bin: Path, codex_home: Path, codex_env: dict[str, str], gateway: GatewayImitation
) -> None:
    # Without /v1: /responses works, but Codex's doctor requires GET {base_url}/models.
    write_codex_files(codex_home, gateway.url, GOOD_KEY)
    result = run_codex_doctor(codex_bin, codex_home, online=True, env=codex_env)
    assert result.report is not None, result.error
    assert result.exit_code == 1
    reachability = result.report.check("network.provider_reachability")
    assert reachability is not None and reachability.status == "fail"
    assert any("404" in issue.measured for issue in reachability.issues)
    assert result.report.overall_status == "fail"
    # The probe is unauthenticated: 401 from /v1/models counts as "route exists".
    probes = [r for r in gateway.requests if r.path == "/models"]
    assert probes and probes[0].bearer is None

    # With /v1 both routes answer.
    write_codex_files(codex_home, gateway.url + "/v1", GOOD_KEY)
    result = run_codex_doctor(codex_bin, codex_home, online=True, env=codex_env)
    assert result.report is not None, result.error
    reachability = result.report.check("network.provider_reachability")
    assert reachability is not None and reachability.status == "ok"
    assert result.report.codex_version == CODEX_VERSION
    assert result.exit_code == 0


@pytest.mark.codex
def test_real_doctor_offline(
    codex_bin: Path, codex_home: Path, codex_env: dict[str, str], gateway: GatewayImitation
) -> None:
    write_codex_files(codex_home, gateway.url, GOOD_KEY)
    result = run_codex_doctor(codex_bin, codex_home, online=False, env=codex_env)
    assert result.report is not None, result.error
    report = result.report
    assert not report.online
    assert report.check("network.provider_reachability") is None
    config = report.check("config.load")
    auth = report.check("auth.credentials")
    assert config is not None and config.status == "ok"
    assert config.detail("model provider") == "OpenAI"
    assert auth is not None and auth.status == "ok"
    assert auth.detail("stored API key") == "true"
    assert auth.detail("stored ChatGPT tokens") == "false"
    assert report.overall_status == "ok"
    assert not gateway.requests  # offline means offline
    assert_no_key(result)


@pytest.mark.codex
def test_real_doctor_reports_a_config_codex_cannot_load(
    codex_bin: Path, codex_home: Path, codex_env: dict[str, str], gateway: GatewayImitation
) -> None:
    write_codex_files(codex_home, gateway.url, GOOD_KEY)
    config = codex_home / "config.toml"
    config.write_text(config.read_text().replace('"responses"', '"chat"'))
    result = run_codex_doctor(codex_bin, codex_home, env=codex_env)
    assert result.report is not None, result.error
    check = result.report.check("config.load")
    assert check is not None and check.status == "fail"
    assert result.report.overall_status == "fail"


@pytest.mark.codex
def test_real_model_catalogue(codex_bin: Path, codex_home: Path, codex_env: dict[str, str]) -> None:
    models = codex_model_catalogue(codex_bin, codex_home, env=codex_env)
    by_slug = {m.slug: m for m in models}
    assert "gpt-5.5" in by_slug
    # Observed in 0.169.0: the TUI offers to move gpt-5.5 users to gpt-6-sol.
    assert by_slug["gpt-5.5"].upgrade_to == "gpt-6-sol"
    assert by_slug["gpt-5.5"].display_name == "GPT-5.5"
    assert all(m.display_name for m in models)


@pytest.mark.codex
def test_real_login_status(
    codex_bin: Path, codex_home: Path, codex_env: dict[str, str], gateway: GatewayImitation
) -> None:
    assert not codex_login_status(codex_bin, codex_home, env=codex_env).logged_in
    write_codex_files(codex_home, gateway.url, GOOD_KEY)
    status = codex_login_status(codex_bin, codex_home, env=codex_env)
    assert status.logged_in and status.uses_api_key and status.exit_code == 0
    assert "API key configured" in status.text
    assert "sk-…aaaa" in status.text
    assert_no_key(status)


@pytest.mark.codex
def test_real_daemon_restart_does_not_start_a_server(
    codex_bin: Path, codex_home: Path, codex_env: dict[str, str]
) -> None:
    result = restart_codex_daemon(codex_bin, codex_home, env=codex_env)
    assert result.state == "not_running" and result.ok
    # `daemon restart` would have installed a copy of Codex here and left processes behind.
    assert not (codex_home / "packages").exists()
    version = run_codex(codex_bin, ["app-server", "daemon", "version"], codex_home, timeout=20)
    assert version.returncode != 0


def test_module_exports() -> None:
    # The names other parts of the app import.
    for name in (
        "CodexDoctorReport",
        "CodexCheck",
        "CodexModel",
        "CodexExecResult",
    ):
        assert hasattr(codex_cli, name)


def test_a_retired_setting_in_codex_exec_output_is_a_config_problem() -> None:
    """What `codex exec` prints (0.169/0.171) for a retired setting: no "failed to load" line,
    and a Rust backtrace after it that must not push the reason out of the tail we keep."""
    from app.core.codex_cli import _tail, _without_backtrace, is_config_load_failure

    stderr = (
        'Error: approval_policy = "untrusted" is no longer supported; remove this setting\n\n'
        "Stack backtrace:\n" + "".join(f"  {i}: <unknown>\n" for i in range(40))
    )
    kept = _tail(_without_backtrace(stderr))
    assert "approval_policy" in kept and "<unknown>" not in kept
    assert is_config_load_failure(kept)
    assert not is_config_load_failure("unexpected status 401 Unauthorized: bad key")


@pytest.mark.codex
def test_the_kept_model_note_shows_only_when_the_setting_is_new(
    gateway: GatewayImitation, codex_bin: Path, codex_home: Path, codex_env: dict[str, str]
) -> None:
    """The real Codex offers gpt-5.5 users gpt-6-sol, which the gateway lacks: the first setup
    writes the setting and says so; run again, nothing changes and the preview says nothing of
    it (it repeated the note under "Nothing needs to change")."""
    from app.core.configure import prepare_configuration
    from app.core.paths import resolve_paths
    from app.core.plan import apply_plan

    paths = resolve_paths(codex_home, codex_home.parent / "settings")

    def prepared() -> Any:
        return prepare_configuration(
            paths, GOOD_KEY, gateway.url, codex_path=codex_bin, env=codex_env
        )

    first = prepared()
    assert any("will not offer to switch" in str(note) for note in first.notes)
    apply_plan(first.plan)
    again = prepared()
    assert not again.plan.changes
    assert not any("will not offer to switch" in str(note) for note in again.notes)
