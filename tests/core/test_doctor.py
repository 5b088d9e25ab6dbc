"""The doctor: every finding code produced from a realistic broken Codex home.

Pure file checks use ``run_doctor(paths, env=..., find_codex=False, run_codex_doctor=False)`` on
real temp folders (real git where git matters); the CLI is driven through ``run_cli``.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import Console, run_cli
from app.core import keys
from app.core.doctor import DoctorReport, Finding, find_secrets, read_state, run_doctor
from app.core.paths import AppPaths
from tests.conftest import GOOD_TEST_KEY
from tests.support.broken_homes import FIX, diagnose, setup_home

GOOD_TOML = (FIX / "good.toml").read_bytes()

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def found(report: DoctorReport, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def one(report: DoctorReport, code: str) -> Finding:
    hits = found(report, code)
    assert len(hits) == 1, report.codes()
    return hits[0]


def assert_no_key(report: DoctorReport, key: str = GOOD_TEST_KEY) -> None:
    assert key not in json.dumps(report.to_json(), ensure_ascii=False)


def good_with(old: str, new: str) -> bytes:
    text = GOOD_TOML.decode()
    assert old in text
    return text.replace(old, new, 1).encode()


# --- a healthy home ---------------------------------------------------------------------------


def test_good_home_has_no_findings(paths: AppPaths) -> None:
    setup_home(paths)
    report = diagnose(paths)
    assert report.findings == ()
    assert report.ok
    assert report.to_json()["findings"] == []


def test_bom_and_crlf_in_config_are_fine(paths: AppPaths) -> None:
    # codex-facts: a BOM in config.toml and CRLF in either file are fine for Codex.
    crlf = GOOD_TOML.replace(b"\n", b"\r\n")
    setup_home(paths, b"\xef\xbb\xbf" + crlf)
    assert diagnose(paths).findings == ()


# --- every code from a realistic fixture --------------------------------------------------------

# (config fixture, auth fixture, env, the findings expected: code -> (severity, fixable))
CASES = {
    "unterminated_string": (
        "unterminated_string.toml",
        "auth_good.json",
        {},
        {"config_toml_invalid": ("error", True)},
    ),
    "undecodable": (
        "undecodable.toml",
        "auth_good.json",
        {},
        {"config_toml_invalid": ("error", True)},
    ),
    "duplicate_table": (
        "duplicate_table.toml",
        "auth_good.json",
        {},
        {"duplicate_table": ("error", True)},
    ),
    "auth_bad_json": (
        "good.toml",
        "auth_bad_json.json",
        {},
        {"auth_json_invalid": ("error", True)},  # the key is still readable in the broken text
    ),
    "auth_bom": ("good.toml", "auth_bom.json", {}, {"auth_json_invalid": ("error", True)}),
    "auth_missing": ("good.toml", None, {}, {"auth_json_missing": ("error", False)}),
    "auth_chatgpt_only": (
        "good.toml",
        "auth_chatgpt_only.json",
        {},
        {"api_key_missing": ("error", False)},
    ),
    "bearer_token": (
        "key_bearer_token.toml",
        "auth_good.json",
        {},
        {"key_in_config_toml": ("error", True)},
    ),
    "api_key_in_provider": (
        "key_api_key_in_provider.toml",
        "auth_good.json",
        {},
        {"key_in_config_toml": ("error", True)},
    ),
    "key_top_level": (
        "key_top_level.toml",
        None,
        {},
        {"key_in_config_toml": ("error", True), "auth_json_missing": ("error", True)},
    ),
    "masked_ellipsis": (
        "good.toml",
        "auth_masked_ellipsis.json",
        {},
        {"key_incomplete": ("error", False)},
    ),
    "masked_stars": (
        "good.toml",
        "auth_masked_stars.json",
        {},
        {"key_incomplete": ("error", False)},
    ),
    "website": (
        "base_url_website.toml",
        "auth_good.json",
        {},
        {"base_url_not_api": ("error", True)},
    ),
    "provider_missing": (
        "provider_missing.toml",
        "auth_good.json",
        {},
        {"provider_missing": ("error", True)},
    ),
    "wire_api_chat": (
        "wire_api_chat.toml",
        "auth_good.json",
        {},
        {"wire_api_wrong": ("error", True)},
    ),
    "no_requires_openai_auth": (
        "no_requires_openai_auth.toml",
        "auth_good.json",
        {},
        {"auth_setting_wrong": ("error", True)},
    ),
    "env_key_unset": (
        "env_key_unset.toml",
        "auth_good.json",
        {},
        {"auth_setting_wrong": ("error", True)},
    ),
    "chatgpt_tokens": (
        "good.toml",
        "auth_chatgpt_tokens.json",
        {},
        {"chatgpt_tokens_shadow_key": ("error", True)},
    ),
    "deprecated_page": (
        "deprecated_gateway_page.toml",
        "auth_good.json",
        {},
        {"deprecated_setting": ("warning", True)},
    ),
    "deprecated_appended": (
        "deprecated_appended.toml",
        "auth_good.json",
        {},
        {"deprecated_setting": ("warning", True)},
    ),
    "reserved_provider_id": (
        "reserved_openai.toml",
        "auth_good.json",
        {},
        {"reserved_provider_id": ("error", True)},
    ),
    "appended_model_provider": (
        "appended_model_provider.toml",
        "auth_good.json",
        {},
        {"setting_in_wrong_table": ("error", True)},
    ),
    "legacy_profile": (
        "legacy_profile.toml",
        "auth_good.json",
        {},
        {"legacy_profile": ("error", True)},
    ),
    "codex_api_key_env": (
        "good.toml",
        "auth_good.json",
        {"CODEX_API_KEY": "sk-someone-elses-key-0123456789abcdef"},
        {"env_overrides_key": ("warning", False)},
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_code_from_a_realistic_fixture(paths: AppPaths, case: str) -> None:
    config, auth, env, expected = CASES[case]
    setup_home(paths, config, auth)
    report = diagnose(paths, env)
    got = {f.code: (f.severity, f.fixable) for f in report.findings}
    assert got == expected
    assert len(report.findings) == len(expected)  # each reported once
    assert report.ok == all(sev != "error" for sev, _ in expected.values())
    for f in report.findings:
        assert f.message.strip() and f.hint.strip()
    assert_no_key(report)


def test_findings_sorted_errors_first(paths: AppPaths) -> None:
    setup_home(paths, "mixed.toml", "auth_chatgpt_only.json", auth_mode=0o644)
    report = diagnose(paths)
    severities = [f.severity for f in report.findings]
    assert severities == sorted(severities, key={"error": 0, "warning": 1, "info": 2}.get)
    assert "error" in severities and "warning" in severities


def test_mixed_fixture_reports_every_problem(paths: AppPaths) -> None:
    setup_home(paths, "mixed.toml", "auth_chatgpt_only.json", auth_mode=0o644)
    report = diagnose(paths)
    # Windows has no POSIX modes to warn about (app/core/doctor/rules.py); the rest is the same.
    modes = {"auth_json_permissions"} if sys.platform != "win32" else set()
    assert set(report.codes()) >= modes | {
        "key_in_config_toml",
        "reserved_provider_id",
        "base_url_insecure",
        "wire_api_wrong",
        "auth_setting_wrong",
        "setting_in_wrong_table",
        "legacy_profile",
        "deprecated_setting",
        "api_key_missing",
        "chatgpt_tokens_shadow_key",
    }
    # The key sits in config.toml, so the missing key in auth.json is fixable.
    assert one(report, "api_key_missing").fixable
    assert_no_key(report)


# --- config.toml syntax -------------------------------------------------------------------------


def test_unterminated_string_names_the_line(paths: AppPaths) -> None:
    setup_home(paths, "unterminated_string.toml")
    finding = one(diagnose(paths), "config_toml_invalid")
    assert "line 5" in finding.message


def test_undecodable_bytes_are_invalid(paths: AppPaths) -> None:
    setup_home(paths, "undecodable.toml")
    finding = one(diagnose(paths), "config_toml_invalid")
    assert "not UTF-8" in finding.message


def test_duplicate_table_names_table_and_line(paths: AppPaths) -> None:
    setup_home(paths, "duplicate_table.toml")
    report = diagnose(paths)
    finding = one(report, "duplicate_table")
    assert "[model_providers.OpenAI]" in finding.message
    assert "line 15" in finding.message
    assert "config_toml_invalid" not in report.codes()  # one clear finding, not two


def test_unreadable_config_is_not_fixable(paths: AppPaths) -> None:
    paths.config_toml.mkdir()
    setup_home(paths, None)
    finding = one(diagnose(paths), "config_toml_unreadable")
    assert not finding.fixable


# --- auth.json ----------------------------------------------------------------------------------


def test_bad_json_without_a_readable_key_is_not_fixable(paths: AppPaths) -> None:
    setup_home(paths, "good.toml", b'{"OPENAI_API_KEY": ')
    finding = one(diagnose(paths), "auth_json_invalid")
    assert not finding.fixable
    assert "line 1" in finding.message


def test_bom_auth_message_and_fixable(paths: AppPaths) -> None:
    setup_home(paths, "good.toml", "auth_bom.json")
    finding = one(diagnose(paths), "auth_json_invalid")
    assert "byte-order mark" in finding.message
    assert finding.fixable


def test_auth_missing_is_fixable_when_config_holds_the_key(paths: AppPaths) -> None:
    setup_home(paths, "key_bearer_token.toml", None)
    assert one(diagnose(paths), "auth_json_missing").fixable


def test_auth_json_folder_is_invalid_and_no_permission_warning(paths: AppPaths) -> None:
    # Regression: a folder named auth.json was reported as "readable by other users", fixable.
    setup_home(paths, "good.toml", None)
    paths.auth_json.mkdir(mode=0o755)
    report = diagnose(paths)
    assert report.codes() == ("auth_json_invalid",)
    assert not report.findings[0].fixable


@pytest.mark.parametrize("masked", ["sk-abc…wxyz", "sk-***", "sk-abc...wxyz", "sk-••••••••"])
def test_masked_key_is_incomplete_and_never_echoed(paths: AppPaths, masked: str) -> None:
    setup_home(paths, "good.toml", json.dumps({"OPENAI_API_KEY": masked}))
    finding = one(diagnose(paths), "key_incomplete")
    assert "masked" in finding.message
    assert not finding.fixable
    assert "tokenpool.dev/console/api-keys" in finding.hint


def test_short_key_is_incomplete(paths: AppPaths) -> None:
    cut = GOOD_TEST_KEY[:14]
    setup_home(paths, "good.toml", json.dumps({"OPENAI_API_KEY": cut}))
    finding = one(diagnose(paths), "key_incomplete")
    assert cut not in finding.message
    assert keys.mask_key(cut) in finding.message


def test_chatgpt_tokens_without_any_key_is_only_key_missing(paths: AppPaths) -> None:
    setup_home(paths, "good.toml", "auth_chatgpt_only.json")
    assert diagnose(paths).codes() == ("api_key_missing",)


@posix_only
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o666])
def test_auth_readable_by_others(paths: AppPaths, mode: int) -> None:
    setup_home(paths, auth_mode=mode)
    finding = one(diagnose(paths), "auth_json_permissions")
    assert finding.severity == "error" and finding.fixable
    assert f"{mode:o}" in finding.message


@posix_only
def test_private_auth_has_no_permission_warning(paths: AppPaths) -> None:
    setup_home(paths, auth_mode=0o600)
    assert "auth_json_permissions" not in diagnose(paths).codes()


# --- git ----------------------------------------------------------------------------------------


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@needs_git
def test_codex_home_inside_a_git_repo_warns(paths: AppPaths) -> None:
    setup_home(paths)
    repo = paths.codex_home.parent
    _git("init", "-q", cwd=repo)
    finding = one(diagnose(paths), "auth_json_in_git")
    assert finding.severity == "warning"
    assert str(repo) in finding.message
    assert ".gitignore" in finding.hint


@needs_git
def test_tracked_auth_json_is_an_error(paths: AppPaths) -> None:
    setup_home(paths)
    repo = paths.codex_home.parent
    _git("init", "-q", cwd=repo)
    _git("add", str(paths.auth_json), cwd=repo)
    report = diagnose(paths)
    finding = one(report, "auth_json_in_git")
    assert finding.severity == "error"
    assert not finding.fixable
    assert "rm --cached" in finding.hint
    assert not report.ok
    assert_no_key(report)


@needs_git
def test_no_git_finding_outside_a_repo(paths: AppPaths) -> None:
    setup_home(paths)
    assert "auth_json_in_git" not in diagnose(paths).codes()


# --- key in config.toml ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "where"),
    [
        ("key_bearer_token.toml", "model_providers.OpenAI.experimental_bearer_token"),
        ("key_api_key_in_provider.toml", "model_providers.OpenAI.api_key"),
        ("key_top_level.toml", "OPENAI_API_KEY"),
    ],
)
def test_key_in_config_names_where_and_masks(paths: AppPaths, fixture: str, where: str) -> None:
    setup_home(paths, fixture)
    finding = one(diagnose(paths), "key_in_config_toml")
    assert f"'{where}'" in finding.message
    assert keys.mask_key(GOOD_TEST_KEY) in finding.message
    assert GOOD_TEST_KEY not in finding.message


def test_key_pasted_as_env_key_is_a_secret_and_never_echoed(paths: AppPaths) -> None:
    # Regression: `env_key = "<the key>"` (a realistic mix-up) was reported as an unset
    # environment variable *named after the key*, printing the key in full.
    setup_home(paths, good_with("requires_openai_auth = true\n", f'env_key = "{GOOD_TEST_KEY}"\n'))
    report = diagnose(paths)
    assert one(report, "key_in_config_toml").fixable
    assert "auth_setting_wrong" in report.codes()  # and requires_openai_auth is missing
    assert_no_key(report)


def test_env_key_naming_a_variable_is_not_a_secret(paths: AppPaths) -> None:
    setup_home(paths, "env_key_unset.toml")
    assert "key_in_config_toml" not in diagnose(paths).codes()


def test_mcp_server_credentials_are_not_the_tokenpool_key(paths: AppPaths) -> None:
    # Regression: an MCP server's token in its env table was flagged as a misplaced API key (and
    # repair deleted it and wrote it to auth.json as the TokenPool key).
    extra = (
        '\n[mcp_servers.github]\ncommand = "github-mcp"\n'
        'env = { GITHUB_PERSONAL_ACCESS_TOKEN = "ghp_0123456789abcdefghijABCDEFGHIJ012345" }\n'
        '\n[shell_environment_policy]\nset = { NPM_TOKEN = "npm_0123456789abcdefghijABCDEFGHIJ" }\n'
    )
    setup_home(paths, GOOD_TOML + extra.encode())
    assert diagnose(paths).findings == ()


def test_find_secrets_ignores_model_names_and_urls() -> None:
    import tomlkit

    doc = tomlkit.parse((FIX / "good.toml").read_text())
    assert find_secrets(doc) == []


# --- base_url -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["https://tokenpool.dev", "https://tokenpool.dev/console", "https://cdn.tokenpool.dev"]
)
def test_website_console_cdn_are_not_the_api(paths: AppPaths, url: str) -> None:
    setup_home(paths, good_with("https://api.clawto.link", url))
    report = diagnose(paths)
    finding = one(report, "base_url_not_api")
    assert finding.fixable
    assert "not the API" in finding.message
    assert report.codes() == ("base_url_not_api",)


def test_missing_base_url(paths: AppPaths) -> None:
    setup_home(paths, good_with('base_url = "https://api.clawto.link"\n', ""))
    finding = one(diagnose(paths), "base_url_not_api")
    assert "no base_url" in finding.message and finding.fixable


def test_plain_http_to_tokenpool_is_insecure_and_fixable(paths: AppPaths) -> None:
    setup_home(paths, good_with("https://api.clawto.link", "http://api.clawto.link"))
    report = diagnose(paths)
    finding = one(report, "base_url_insecure")
    assert finding.fixable
    assert report.codes() == ("base_url_insecure",)


def test_plain_http_to_another_host_is_insecure_not_fixable(paths: AppPaths) -> None:
    setup_home(paths, good_with("https://api.clawto.link", "http://llm.corp.example/v1"))
    finding = one(diagnose(paths), "base_url_insecure")
    assert not finding.fixable


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1", "http://127.0.0.1:8080/v1", "http://localhost:3000", "http://[::1]:8"],
)
def test_loopback_http_is_not_insecure(paths: AppPaths, url: str) -> None:
    setup_home(paths, good_with("https://api.clawto.link", url))
    assert diagnose(paths).findings == ()


@pytest.mark.parametrize("url", ["https://api.tokenpool.dev", "https://api.clawto.link/v1"])
def test_both_api_hosts_are_fine(paths: AppPaths, url: str) -> None:
    setup_home(paths, good_with("https://api.clawto.link", url))
    assert diagnose(paths).findings == ()


# --- provider table -------------------------------------------------------------------------------


def test_env_key_set_and_present_is_a_warning_only(paths: AppPaths) -> None:
    setup_home(paths, "env_key_unset.toml")
    report = diagnose(paths, {"TOKENPOOL_API_KEY": "sk-" + "z9" * 24})
    finding = one(report, "env_overrides_key")
    assert finding.severity == "warning"
    assert "TOKENPOOL_API_KEY" in finding.message
    assert report.ok


def test_env_key_unset_message(paths: AppPaths) -> None:
    setup_home(paths, "env_key_unset.toml")
    finding = one(diagnose(paths), "auth_setting_wrong")
    assert "TOKENPOOL_API_KEY" in finding.message
    assert "Missing environment variable" in finding.message


def test_requires_openai_auth_false_is_wrong(paths: AppPaths) -> None:
    setup_home(paths, good_with("requires_openai_auth = true", "requires_openai_auth = false"))
    assert one(diagnose(paths), "auth_setting_wrong").fixable


def test_wire_api_message_quotes_the_value(paths: AppPaths) -> None:
    setup_home(paths, "wire_api_chat.toml")
    assert '"chat"' in one(diagnose(paths), "wire_api_wrong").message


def test_reserved_ids_are_case_sensitive(paths: AppPaths) -> None:
    # "OpenAI" (as the gateway page writes it) is a legal custom id; "openai" is built in.
    setup_home(paths, "good.toml")
    assert "reserved_provider_id" not in diagnose(paths).codes()
    setup_home(paths, "reserved_openai.toml")
    finding = one(diagnose(paths), "reserved_provider_id")
    assert "[model_providers.openai]" in finding.message


@pytest.mark.parametrize("reserved", ["ollama", "lmstudio"])
def test_other_reserved_ids(paths: AppPaths, reserved: str) -> None:
    text = GOOD_TOML.decode() + f'\n[model_providers.{reserved}]\nbase_url = "http://localhost:1"\n'
    setup_home(paths, text)
    assert diagnose(paths).codes() == ("reserved_provider_id",)


def test_provider_missing_message(paths: AppPaths) -> None:
    setup_home(paths, "provider_missing.toml")
    finding = one(diagnose(paths), "provider_missing")
    assert '"tp"' in finding.message and "[model_providers.tp]" in finding.message


def test_model_missing_is_a_warning(paths: AppPaths) -> None:
    setup_home(paths, good_with('model = "gpt-5.5"  # TokenPool model\n', ""))
    report = diagnose(paths)
    assert report.codes() == ("model_missing",)
    assert report.ok


# --- layout ---------------------------------------------------------------------------------------


def test_appended_model_provider_lands_in_the_provider_table(paths: AppPaths) -> None:
    setup_home(paths, "appended_model_provider.toml")
    report = diagnose(paths)
    finding = one(report, "setting_in_wrong_table")
    assert "'model_provider'" in finding.message
    assert "[model_providers.OpenAI]" in finding.message
    assert "OpenAI instead" in finding.message
    # Not additionally "not configured": the doctor knows what was meant.
    assert "tokenpool_not_configured" not in report.codes()


def test_appended_unowned_top_level_key_is_a_warning(paths: AppPaths) -> None:
    extra = (
        b'\n[sandbox_workspace_write]\nnetwork_access = true\nsandbox_mode = "workspace-write"\n'
    )
    setup_home(paths, GOOD_TOML + extra)
    finding = one(diagnose(paths), "setting_in_wrong_table")
    assert finding.severity == "warning" and finding.fixable
    assert "[sandbox_workspace_write]" in finding.message


def test_profiles_may_hold_top_level_keys(paths: AppPaths) -> None:
    # good.toml's [profiles.fast] has model and model_reasoning_effort: legitimate there.
    setup_home(paths, "good.toml")
    assert "setting_in_wrong_table" not in diagnose(paths).codes()


def test_deprecated_setting_under_a_table_is_reported_once(paths: AppPaths) -> None:
    setup_home(paths, "deprecated_appended.toml")
    report = diagnose(paths)
    assert report.codes() == ("deprecated_setting",)
    assert "disable_response_storage" in report.findings[0].message
    assert report.ok  # a warning, not an error


def test_legacy_profile_message(paths: AppPaths) -> None:
    setup_home(paths, "legacy_profile.toml")
    finding = one(diagnose(paths), "legacy_profile")
    assert "codex -p" in finding.message


def test_snippet_appended_after_notice_table_is_misplaced(paths: AppPaths) -> None:
    # [notice.model_migrations] is what Codex itself appends at the end of the file, so the
    # setup page's lines pasted "at the end" land in it.
    text = GOOD_TOML.decode().replace('model_provider = "OpenAI"\n', "")
    setup_home(paths, text + 'model_provider = "OpenAI"\n')
    report = diagnose(paths)
    finding = one(report, "setting_in_wrong_table")
    assert "[notice.model_migrations]" in finding.message
    assert finding.severity == "error"
    assert "tokenpool_not_configured" not in report.codes()


# --- not configured / environment -----------------------------------------------------------------


def test_empty_home_is_not_configured(paths: AppPaths) -> None:
    # Regression: with no config.toml at all the doctor did not say TokenPool is not set up.
    report = diagnose(paths)
    assert set(report.codes()) == {"tokenpool_not_configured", "auth_json_missing"}
    assert not report.ok
    assert not any(f.fixable for f in report.findings)


def test_config_without_provider_is_not_configured(paths: AppPaths) -> None:
    setup_home(
        paths, (Path(__file__).parents[1] / "fixtures" / "configs" / "realistic.toml").read_bytes()
    )
    report = diagnose(paths)
    assert "tokenpool_not_configured" in report.codes()
    assert "no model_provider" in one(report, "tokenpool_not_configured").message


def test_builtin_openai_provider_is_not_configured(paths: AppPaths) -> None:
    setup_home(paths, 'model_provider = "openai"\nmodel = "gpt-5.5"\n')
    finding = one(diagnose(paths), "tokenpool_not_configured")
    assert "built-in 'openai'" in finding.message


def test_codex_api_key_overrides_auth_json(paths: AppPaths) -> None:
    setup_home(paths)
    other = "sk-" + "Q1w2E3r4T5" * 4 + "y6U7i8O9"
    report = diagnose(paths, {"CODEX_API_KEY": other})
    finding = one(report, "env_overrides_key")
    assert "CODEX_API_KEY" in finding.message
    assert other not in json.dumps(report.to_json())
    assert report.ok  # a warning
    assert diagnose(paths, {"CODEX_API_KEY": ""}).findings == ()


def test_doctor_reads_the_env_it_is_given_not_os_environ(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup_home(paths)
    monkeypatch.setenv("CODEX_API_KEY", "sk-from-the-real-environment-0123456789")
    assert diagnose(paths, {}).findings == ()


def _codex_cli_or_skip() -> object:
    try:
        from app.core import codex_cli
    except ImportError:
        pytest.skip("app.core.codex_cli (find_codex, install_hint) is not written yet")
    if not hasattr(codex_cli, "find_codex") or not hasattr(codex_cli, "install_hint"):
        pytest.skip("app.core.codex_cli.find_codex / install_hint are not written yet")
    return codex_cli


def test_codex_not_found(paths: AppPaths, tmp_path: Path) -> None:
    codex_cli: object = _codex_cli_or_skip()
    empty_bin = tmp_path / "empty-bin"
    empty_bin.mkdir()
    fake_home = tmp_path / "nobody-home"
    fake_home.mkdir()
    env = {"PATH": str(empty_bin), "HOME": str(fake_home)}
    if codex_cli.find_codex(env) is not None:  # type: ignore[attr-defined]
        pytest.skip("a system-wide codex is installed (e.g. /usr/local/bin)")
    setup_home(paths)
    report = run_doctor(paths, env=env, find_codex=True, run_codex_doctor=False)
    finding = one(report, "codex_not_found")
    assert finding.severity == "warning"
    # Most people have no npm: the way that works without it, and the wizard's button.
    assert "tokenpool-setup install-codex" in finding.hint
    assert "Install Codex for me" in finding.hint
    assert "npm install" not in finding.hint
    assert report.codex is None
    assert report.ok  # files are fine; a missing Codex is a warning
    assert report.to_json()["codex"] is None


def test_read_state_never_shows_the_key_in_repr(paths: AppPaths) -> None:
    setup_home(paths, "key_top_level.toml", "auth_chatgpt_tokens.json")
    state = read_state(paths, {})
    assert GOOD_TEST_KEY not in repr(state)


# --- the CLI --------------------------------------------------------------------------------------


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No Codex on PATH (so the CLI neither finds nor runs one); HOME is already a temp dir."""
    _codex_cli_or_skip()
    empty_bin = tmp_path / "cli-empty-bin"
    empty_bin.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty_bin))


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_cli(list(argv), console=Console(out, err))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.usefixtures("cli_env")
def test_cli_doctor_json_shape_good_home(paths: AppPaths) -> None:
    setup_home(paths)
    code, out, err = cli("doctor", "--json", "--codex-home", str(paths.codex_home))
    data = json.loads(out)
    assert code == 0, err
    assert data["ok"] is True
    assert set(data) >= {"ok", "findings"}
    assert data["codex_home"] == str(paths.codex_home)
    for f in data["findings"]:  # only "codex_not_found" may be there (no Codex on PATH)
        assert f["severity"] != "error"


@pytest.mark.usefixtures("cli_env")
def test_cli_doctor_json_error_exits_1(paths: AppPaths) -> None:
    setup_home(paths, "mixed.toml", "auth_chatgpt_tokens.json", auth_mode=0o644)
    code, out, err = cli("doctor", "--json", "--codex-home", str(paths.codex_home))
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False
    for f in data["findings"]:
        assert {"code", "severity", "message", "fixable"} <= set(f)
        assert f["severity"] in ("error", "warning", "info")
        assert isinstance(f["fixable"], bool)
    codes = {f["code"] for f in data["findings"]}
    assert {"key_in_config_toml", "chatgpt_tokens_shadow_key", "reserved_provider_id"} <= codes
    assert GOOD_TEST_KEY not in out + err


@pytest.mark.usefixtures("cli_env")
def test_cli_doctor_warnings_only_exit_0(paths: AppPaths) -> None:
    setup_home(paths, "deprecated_gateway_page.toml")
    code, out, _ = cli("doctor", "--json", "--codex-home", str(paths.codex_home))
    assert code == 0
    data = json.loads(out)
    assert data["ok"] is True
    assert "deprecated_setting" in {f["code"] for f in data["findings"]}


@pytest.mark.usefixtures("cli_env")
@pytest.mark.parametrize(
    ("config", "auth"),
    [
        ("key_top_level.toml", "auth_good.json"),
        ("key_bearer_token.toml", None),
        ("good.toml", "auth_bom.json"),
        ("good.toml", "auth_chatgpt_tokens.json"),
        ("good.toml", "auth_bad_json.json"),
        (
            f'model_provider = "OpenAI"\n[model_providers.OpenAI]\nenv_key = "{GOOD_TEST_KEY}"\n',
            None,
        ),
    ],
)
def test_cli_doctor_never_prints_the_key(paths: AppPaths, config: str, auth: str | None) -> None:
    setup_home(paths, config, auth)
    for argv in (("doctor",), ("doctor", "--json")):
        code, out, err = cli(*argv, "--codex-home", str(paths.codex_home))
        assert code == 1
        assert GOOD_TEST_KEY not in out + err
        assert GOOD_TEST_KEY[3:20] not in out + err


@pytest.mark.usefixtures("cli_env")
def test_cli_doctor_human_output(paths: AppPaths) -> None:
    setup_home(paths, "wire_api_chat.toml")
    code, out, _ = cli("doctor", "--codex-home", str(paths.codex_home))
    assert code == 1
    assert "[wire_api_wrong]" in out
    assert "(repair can fix this)" in out
    assert f"Codex folder: {paths.codex_home}" in out


def test_codex_home_env_is_respected_by_cli(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _codex_cli_or_skip()
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CODEX_HOME", str(paths.codex_home))
    setup_home(paths, "wire_api_chat.toml")
    code, out, _ = cli("doctor", "--json")
    assert code == 1
    assert "wire_api_wrong" in {f["code"] for f in json.loads(out)["findings"]}


def test_another_providers_token_is_not_the_tokenpool_key(paths: AppPaths) -> None:
    # Regression: [model_providers.azure]'s experimental_bearer_token (which Codex sends to Azure
    # when that provider is used) was reported as a misplaced TokenPool key.
    extra = (
        '\n[model_providers.azure]\nname = "Azure"\nbase_url = "https://me.openai.azure.com/openai"\n'
        'experimental_bearer_token = "azk-0123456789abcdefABCDEF0123456789"\n'
    )
    setup_home(paths, GOOD_TOML + extra.encode())
    assert diagnose(paths).findings == ()
    # ...but a key in a second table pointing at TokenPool is still found.
    tp_extra = (
        '\n[model_providers.tp2]\nbase_url = "https://api.tokenpool.dev"\n'
        f'api_key = "{GOOD_TEST_KEY}"\n'
    )
    setup_home(paths, GOOD_TOML + tp_extra.encode())
    assert one(diagnose(paths), "key_in_config_toml").fixable


# --- issue 18.6: a byte-order mark after the start ------------------------------------------------


def test_a_byte_order_mark_after_the_start_is_an_error_with_its_line(paths: AppPaths) -> None:
    """Codex 0.169/0.171 refuse it ("config.toml:2:1: invalid unquoted key"); the doctor says so
    as an error naming line 2 (not "unsupported")."""
    text = GOOD_TOML.decode()
    first, rest = text.split("\n", 1)
    setup_home(paths, f"{first}\n\ufeff{rest}".encode())
    finding = one(diagnose(paths), "config_toml_invalid")
    assert finding.severity == "error"
    assert "line 2" in finding.message
    assert finding.fixable


@pytest.mark.codex
def test_the_real_codex_refuses_a_byte_order_mark_after_the_start(
    paths: AppPaths, codex_bin: Path
) -> None:
    from tests.support.codex_harness import run_codex

    setup_home(paths, b'model = "gpt-5.5"\n\xef\xbb\xbfmodel_provider = "x"\n')
    done = run_codex(codex_bin, ["features", "list"], paths.codex_home, timeout=60)
    assert done.returncode != 0
    assert "config.toml:2:1" in done.stderr + done.stdout


# --- issue 17.7: Codex and a SOCKS proxy ---------------------------------------------------------

SOCKS = "socks5h://127.0.0.1:1080"


@pytest.mark.parametrize(
    ("proxies", "warned"),
    [
        ({"ALL_PROXY": SOCKS}, True),
        ({"all_proxy": "socks5://127.0.0.1:1080"}, True),
        ({"HTTPS_PROXY": SOCKS}, True),
        ({"https_proxy": SOCKS, "HTTP_PROXY": "http://127.0.0.1:8080"}, True),
        ({"HTTPS_PROXY": "http://127.0.0.1:7890", "ALL_PROXY": SOCKS}, False),
        ({"HTTPS_PROXY": "http://127.0.0.1:7890"}, False),
        ({"ALL_PROXY": SOCKS, "NO_PROXY": "api.clawto.link"}, False),
        ({}, False),
    ],
)
def test_a_socks_only_proxy_is_named_before_codex_is_tested(
    paths: AppPaths, proxies: dict[str, str], warned: bool
) -> None:
    setup_home(paths)
    report = diagnose(paths, proxies)
    if not warned:
        assert "codex_needs_http_proxy" not in report.codes()
        return
    finding = one(report, "codex_needs_http_proxy")
    assert finding.severity == "warning"
    assert "SOCKS" in finding.message and "127.0.0.1:1080" in finding.message
    assert "HTTP port" in finding.hint and "HTTPS_PROXY=http://" in finding.hint


def test_the_socks_warning_never_shows_a_proxy_password(paths: AppPaths) -> None:
    setup_home(paths)
    report = diagnose(paths, {"ALL_PROXY": "socks5://me:s3cret@127.0.0.1:1080"})
    finding = one(report, "codex_needs_http_proxy")
    assert "s3cret" not in finding.message + finding.hint


@pytest.mark.codex
@pytest.mark.slow
def test_the_real_codex_makes_no_connection_through_a_socks_proxy(
    tmp_path: Path, codex_bin: Path
) -> None:
    """Why the warning exists: `codex exec` through our SOCKS5 proxy never reaches it (it
    retries and gives up), while the app's own requests get through the same proxy."""
    from tests.gateway import GOOD_KEY, GatewayImitation
    from tests.support.codex_harness import run_codex_exec, write_codex_files
    from tests.support.socks5_server import Socks5Proxy

    with GatewayImitation() as gateway, Socks5Proxy(("127.0.0.1", gateway.port)) as socks:
        home = tmp_path / ".codex"
        write_codex_files(home, f"http://tokenpool.example:{gateway.port}/v1", GOOD_KEY)
        url = socks.url.replace("socks5://", "socks5h://")
        done = run_codex_exec(
            codex_bin, home, timeout=90, extra_env={"ALL_PROXY": url, "HTTPS_PROXY": url}
        )
        assert done.returncode != 0
        assert socks.requested == []  # not one connection through the proxy
        assert gateway.requests_to("/v1/responses") == []


# --- issue 17.8: a real request, streamed as Codex sends it ---------------------------------------


def _gateway_home(paths: AppPaths, url: str) -> None:
    from tests.gateway import GOOD_KEY
    from tests.support.codex_harness import write_codex_files

    write_codex_files(paths.codex_home, url + "/v1", GOOD_KEY, provider_id="TokenPool")


@pytest.mark.parametrize("failure", ["status", "error_event"])
def test_doctor_online_reports_a_stream_that_fails(
    paths: AppPaths, gateway: object, failure: str
) -> None:
    """The model list and the probe answer; every streamed /responses fails (a 500, or an error
    event after 200): Codex gets nothing, so the doctor is not green."""
    from tests.gateway import GatewayImitation

    assert isinstance(gateway, GatewayImitation)
    _gateway_home(paths, gateway.url)
    healthy = run_doctor(paths, env={}, online=True, find_codex=False, run_codex_doctor=False)
    assert healthy.ok, healthy.codes()
    asked = [
        r
        for r in gateway.requests_to("/v1/responses")
        if isinstance(r.json_body, dict) and r.json_body.get("stream") is True
    ]
    assert asked, "the doctor sent one streamed request"

    gateway.stream_failure = failure
    report = run_doctor(paths, env={}, online=True, find_codex=False, run_codex_doctor=False)
    assert not report.ok
    finding = one(report, "stream_failed")
    assert finding.severity == "error"
    assert "upstream model failed" in finding.message  # the server's own words
    assert_no_key(report, GOOD_TEST_KEY)


@pytest.mark.parametrize("failure", ["status", "error_event"])
def test_the_direct_test_fails_when_the_stream_fails(gateway: object, failure: str) -> None:
    from app.core.wizard.tasks import chat_test_direct
    from tests.gateway import GOOD_KEY, GatewayImitation

    assert isinstance(gateway, GatewayImitation)
    assert chat_test_direct(gateway.url + "/v1", GOOD_KEY, "gpt-5.5").ok
    gateway.stream_failure = failure
    outcome = chat_test_direct(gateway.url + "/v1", GOOD_KEY, "gpt-5.5")
    assert not outcome.ok
    assert outcome.code == ("server_error" if failure == "status" else "stream_failed")
    assert "upstream model failed" in outcome.message
    assert GOOD_KEY not in outcome.message


def test_the_stream_check_stops_at_its_size_cap(gateway: object) -> None:
    from app.core.net.stream_check import check_responses_stream
    from tests.gateway import GOOD_KEY, GatewayImitation

    assert isinstance(gateway, GatewayImitation)
    gateway.reply_text = "word " * 5000
    checked = check_responses_stream(gateway.url + "/v1", GOOD_KEY, "gpt-5.5", "hi", max_bytes=4096)
    assert not checked.ok and checked.code == "stream_failed"


# --- issue 19.2: the key file is gone -------------------------------------------------------------


def test_without_a_key_repair_offers_the_way_forward(paths: AppPaths) -> None:
    from app.core.repair import propose_repair

    setup_home(paths, auth=None)
    report = diagnose(paths)
    proposal = propose_repair(report)
    step = proposal.way_forward
    assert step is not None and step.code == "run_setup_for_key"
    assert "Run setup again to paste your key" in str(step)


def test_the_stream_check_never_sends_the_key_over_plain_http_to_another_computer() -> None:
    from app.core.net.stream_check import check_responses_stream

    # An address nobody answers: the check refuses before connecting.
    checked = check_responses_stream("http://192.0.2.1/v1", GOOD_TEST_KEY, "gpt-5.5", "hi")
    assert not checked.ok and checked.code == "insecure_http"
    assert GOOD_TEST_KEY not in checked.message
