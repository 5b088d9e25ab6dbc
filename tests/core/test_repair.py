"""Repair: every fixable finding fixed in one plan, with one backup, losing nothing the user wrote.

Real temp Codex homes; ``read_state`` + ``plan_repair`` + ``apply_plan`` for the core and
``run_cli`` for the commands. The user's own regions (comments, [tui], [projects."..."],
[mcp_servers.*], [profiles.*], [notice.*]) are compared byte for byte.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import Console, run_cli
from app.core import keys
from app.core.auth_file import render_auth_json
from app.core.backups import list_backups
from app.core.codex_config import parse_config_text, to_plain
from app.core.doctor import DoctorReport, read_state, run_doctor
from app.core.paths import AppPaths
from app.core.plan import ApplyResult, Plan, apply_plan, plan_restore
from app.core.repair import (
    DUPLICATE_NOTE,
    SALVAGE_NOTE,
    fix_auth_permissions,
    plan_repair,
    salvage_config_text,
)
from tests.conftest import GOOD_TEST_KEY, write
from tests.support.broken_homes import FIX, diagnose, setup_home

GOOD_TOML = (FIX / "good.toml").read_bytes()
GOOD_AUTH = (FIX / "auth_good.json").read_bytes()

# The regions every broken fixture shares with good.toml and that repair must never touch.
USER_HEAD = (
    "# My Codex settings — written by hand, keep these notes!\n"
    "# (the TokenPool part was pasted from the setup page)\n"
)
USER_TABLES = """[tui]
notifications = true

[tui.model_availability_nux]
"gpt-5.5" = 2

[projects."/home/me/work repo"]
trust_level = "trusted"

[mcp_servers.docs]
command = "npx"
args = ["-y", "@acme/docs-mcp"]  # docs for the team
env = { "DEBUG" = "1" }

[profiles.fast]
model = "o4-mini"
model_reasoning_effort = "low"

[notice.model_migrations]
"gpt-5.5" = "gpt-6-sol"
"""

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def plan(paths: AppPaths, env: Mapping[str, str] | None = None, **kwargs: object) -> Plan:
    return plan_repair(read_state(paths, env or {}), **kwargs)  # type: ignore[arg-type]


def repair(paths: AppPaths, env: Mapping[str, str] | None = None) -> tuple[Plan, ApplyResult]:
    p = plan(paths, env)
    return p, apply_plan(p)


def assert_repair_is_stable(paths: AppPaths, env: Mapping[str, str] | None = None) -> None:
    """Re-running repair changes nothing and makes no new backup."""
    before = {p: p.read_bytes() for p in (paths.config_toml, paths.auth_json) if p.exists()}
    backups = len(list_backups(paths))
    again = plan(paths, env)
    assert not again.changed, again.diff()
    assert apply_plan(again).backup is None
    assert len(list_backups(paths)) == backups
    assert {p: p.read_bytes() for p in before} == before


def is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    """Every needle appears in haystack, in the same order (other lines may come between)."""
    rest = iter(haystack)
    return all(any(line == candidate for candidate in rest) for line in needles)


def errors(report: DoctorReport) -> set[str]:
    return {f.code for f in report.findings if f.severity == "error"}


def good_with(old: str, new: str) -> bytes:
    text = GOOD_TOML.decode()
    assert old in text
    return text.replace(old, new, 1).encode()


def test_fixtures_share_the_user_regions() -> None:
    """Guard for the byte-for-byte checks below: each config fixture carries both regions."""
    for path in FIX.glob("*.toml"):
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert text.startswith(USER_HEAD), path.name
        assert USER_TABLES.rstrip("\n") in text, path.name


# --- one fix per code: found, fixed with a backup, user regions intact, stable --------------------

# (config fixture, auth fixture, the code that must go away): each is good.toml plus one mistake.
REPAIRS = {
    "deprecated_page": ("deprecated_gateway_page.toml", "auth_good.json", "deprecated_setting"),
    "legacy_profile": ("legacy_profile.toml", "auth_good.json", "legacy_profile"),
    "wire_api_chat": ("wire_api_chat.toml", "auth_good.json", "wire_api_wrong"),
    "no_requires": ("no_requires_openai_auth.toml", "auth_good.json", "auth_setting_wrong"),
    "env_key_unset": ("env_key_unset.toml", "auth_good.json", "auth_setting_wrong"),
    "bearer": ("key_bearer_token.toml", None, "key_in_config_toml"),
    "api_key_in_provider": ("key_api_key_in_provider.toml", None, "key_in_config_toml"),
    "key_top_level": ("key_top_level.toml", None, "key_in_config_toml"),
    "bearer_beside_auth": ("key_bearer_token.toml", "auth_good.json", "key_in_config_toml"),
}


@pytest.mark.parametrize("case", sorted(REPAIRS))
def test_repair_gives_exactly_the_good_config(paths: AppPaths, case: str) -> None:
    """These fixtures are good.toml plus one mistake: repair must give back good.toml exactly."""
    config, auth, code = REPAIRS[case]
    setup_home(paths, config, auth)
    original_config = paths.config_toml.read_bytes()
    original_auth = paths.auth_json.read_bytes() if paths.auth_json.exists() else None
    assert code in diagnose(paths).codes()

    p, applied = repair(paths)

    assert paths.config_toml.read_bytes() == GOOD_TOML
    assert paths.auth_json.read_bytes() == GOOD_AUTH  # the key moved (or stayed) in auth.json
    assert diagnose(paths).findings == ()
    # One backup, holding the old bytes exactly (and the absence of a missing auth.json).
    assert applied.backup is not None
    assert (applied.backup.path / "config.toml").read_bytes() == original_config
    entries = {e.name: e.existed for e in applied.backup.files}
    if original_auth is None:
        assert entries == {"config.toml": True, "auth.json": False}
    else:
        assert entries == {"config.toml": True}
    assert GOOD_TEST_KEY not in p.diff()
    assert not any(GOOD_TEST_KEY in note for note in p.notes)
    assert_repair_is_stable(paths)


# Fixable cases that do not simply give good.toml back: (config, auth, code).
OTHER_REPAIRS = {
    "unterminated_string": ("unterminated_string.toml", "auth_good.json", "config_toml_invalid"),
    "undecodable": ("undecodable.toml", "auth_good.json", "config_toml_invalid"),
    "duplicate_table": ("duplicate_table.toml", "auth_good.json", "duplicate_table"),
    "website": ("base_url_website.toml", "auth_good.json", "base_url_not_api"),
    "provider_missing": ("provider_missing.toml", "auth_good.json", "provider_missing"),
    "reserved": ("reserved_openai.toml", "auth_good.json", "reserved_provider_id"),
    "appended": ("appended_model_provider.toml", "auth_good.json", "setting_in_wrong_table"),
    "auth_bom": ("good.toml", "auth_bom.json", "auth_json_invalid"),
    "auth_bad_json": ("good.toml", "auth_bad_json.json", "auth_json_invalid"),
    "chatgpt_tokens": ("good.toml", "auth_chatgpt_tokens.json", "chatgpt_tokens_shadow_key"),
    "mixed": ("mixed.toml", "auth_chatgpt_only.json", "reserved_provider_id"),
}


@pytest.mark.parametrize("case", sorted(OTHER_REPAIRS))
def test_repair_fixes_keeps_user_regions_and_is_stable(paths: AppPaths, case: str) -> None:
    config, auth, code = OTHER_REPAIRS[case]
    setup_home(paths, config, auth)
    original = {p: p.read_bytes() for p in (paths.config_toml, paths.auth_json)}
    report = diagnose(paths)
    assert code in report.codes()
    assert all(f.fixable for f in report.findings if f.severity == "error"), report.codes()

    p, applied = repair(paths)

    after = diagnose(paths)
    assert errors(after) == set(), after.codes()
    assert code not in after.codes()
    text = paths.config_toml.read_bytes().decode("utf-8")
    assert text.startswith(USER_HEAD)
    assert USER_TABLES in text
    assert GOOD_TEST_KEY not in text
    assert applied.backup is not None
    for change in p.changes:
        assert (applied.backup.path / change.name).read_bytes() == original[change.path]
    assert GOOD_TEST_KEY not in p.diff()
    assert_repair_is_stable(paths)


# --- exact results of individual repairs ---------------------------------------------------------


def test_unterminated_string_is_kept_as_a_comment(paths: AppPaths) -> None:
    setup_home(paths, "unterminated_string.toml")
    p, _ = repair(paths)
    text = paths.config_toml.read_text(encoding="utf-8")
    broken = 'model = "gpt-5.5  # TokenPool model'
    assert f"{SALVAGE_NOTE}\n# {broken}\n" in text
    doc = parse_config_text(text)
    assert doc["model"] == "gpt-5.5"  # set again by repair, at the top level
    assert doc["model_provider"] == "OpenAI"
    # Only that line changed; every other line of the file is still there, in order.
    original_lines = (FIX / "unterminated_string.toml").read_text().splitlines()
    kept = [line for line in original_lines if line != broken]
    new_lines = [line for line in text.splitlines() if line not in (SALVAGE_NOTE, f"# {broken}")]
    assert [line for line in new_lines if line in kept] == kept
    assert any("Line 5" in note for note in p.notes)


def test_undecodable_config_is_rebuilt_byte_for_byte_except_the_bad_byte(paths: AppPaths) -> None:
    """The one non-UTF-8 line is read in the Windows code page it came from (é stays é); every
    other line, UTF-8 already, comes back byte for byte."""
    setup_home(paths, "undecodable.toml")
    raw = paths.config_toml.read_bytes()
    _, applied = repair(paths)
    expected = b"\n".join(
        line if _is_utf8(line) else line.decode("cp1252").encode("utf-8")
        for line in raw.split(b"\n")
    )
    assert paths.config_toml.read_bytes() == expected
    assert "\ufffd" not in paths.config_toml.read_text()
    assert applied.backup is not None
    assert (applied.backup.path / "config.toml").read_bytes() == raw  # original bytes kept
    assert_repair_is_stable(paths)


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_duplicate_table_repeat_becomes_comments(paths: AppPaths) -> None:
    setup_home(paths, "duplicate_table.toml")
    before = paths.config_toml.read_text()
    repeat = (
        '[model_providers.OpenAI]\nname = "TokenPool"\n'
        'base_url = "https://api.tokenpool.dev"\nwire_api = "responses"\n'
    )
    commented = "".join(f"# {line}\n" for line in repeat.splitlines())
    assert repeat in before
    repair(paths)
    assert paths.config_toml.read_text() == before.replace(repeat, f"{DUPLICATE_NOTE}\n{commented}")


@pytest.mark.parametrize(
    "url", ["https://tokenpool.dev", "https://tokenpool.dev/console", "https://cdn.tokenpool.dev"]
)
def test_website_base_url_is_replaced_by_the_api(paths: AppPaths, url: str) -> None:
    setup_home(paths, good_with("https://api.clawto.link", url))
    repair(paths)
    assert paths.config_toml.read_bytes() == good_with(
        "https://api.clawto.link", "https://api.clawto.link/v1"
    )
    assert_repair_is_stable(paths)


def test_http_tokenpool_becomes_https(paths: AppPaths) -> None:
    setup_home(paths, good_with("https://api.clawto.link", "http://api.clawto.link"))
    repair(paths)
    assert paths.config_toml.read_bytes() == GOOD_TOML


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080", "http://llm.corp.example/v1"])
def test_other_http_urls_are_left_alone(paths: AppPaths, url: str) -> None:
    # Loopback is fine; a foreign host cannot be guessed to speak https.
    setup_home(paths, good_with("https://api.clawto.link", url))
    assert not plan(paths).changed


def test_missing_provider_table_is_added_at_the_end(paths: AppPaths) -> None:
    setup_home(paths, "provider_missing.toml")
    before = paths.config_toml.read_text()
    p, _ = repair(paths)
    text = paths.config_toml.read_text()
    # Everything the user wrote is still there, in order; the new table comes after it all.
    doc = parse_config_text(text)
    new_id = doc["model_provider"]
    user_part, sep, added = text.partition(f"\n[model_providers.{new_id}]\n")
    assert sep
    assert user_part.startswith(USER_HEAD) and user_part.endswith(USER_TABLES)
    assert is_subsequence(
        [line for line in before.rstrip("\n").split("\n") if "model_provider =" not in line],
        user_part.split("\n"),
    )
    assert "[" not in added  # nothing after our table
    # The note tells what was really written (regression: it named [model_providers.tp] while
    # the table was added as [model_providers.OpenAI] and model_provider changed to match).
    assert any(f"[model_providers.{new_id}]" in n for n in p.notes)
    if new_id != "tp":
        assert any('model_provider was "tp"' in n for n in p.notes)
    table = doc["model_providers"][new_id]
    assert table["base_url"] == "https://api.clawto.link/v1"
    assert table["wire_api"] == "responses"
    assert table["requires_openai_auth"] is True


def test_reserved_provider_is_renamed(paths: AppPaths) -> None:
    setup_home(paths, "reserved_openai.toml")
    before = paths.config_toml.read_text()
    p, _ = repair(paths)
    expected = before.replace('model_provider = "openai"', 'model_provider = "OpenAI"').replace(
        "[model_providers.openai]", "[model_providers.OpenAI]"
    )
    assert paths.config_toml.read_text() == expected  # request_max_retries = 6  # mine: kept
    assert any("renamed" in n for n in p.notes)


def test_reserved_provider_is_renamed_when_quoted(paths: AppPaths) -> None:
    # Regression: [model_providers."openai"] was not renamed; repair pointed model_provider at a
    # new table and left the reserved one, so Codex still refused to start.
    text = (FIX / "reserved_openai.toml").read_text()
    quoted = text.replace("[model_providers.openai]", '[model_providers."openai"]')
    setup_home(paths, quoted)
    repair(paths)
    assert paths.config_toml.read_text() == quoted.replace(
        'model_provider = "openai"', 'model_provider = "OpenAI"'
    ).replace('[model_providers."openai"]', '[model_providers."OpenAI"]')
    assert diagnose(paths).findings == ()


def test_reserved_rename_avoids_an_existing_openai_table(paths: AppPaths) -> None:
    text = (FIX / "reserved_openai.toml").read_text() + (
        '\n[model_providers.OpenAI]\nname = "Corporate"\nbase_url = "https://llm.corp.example/v1"\n'
    )
    setup_home(paths, text)
    repair(paths)
    doc = parse_config_text(paths.config_toml.read_text())
    providers = doc["model_providers"]
    assert "openai" not in providers
    assert providers["OpenAI"]["name"] == "Corporate"  # the user's own table untouched
    new_id = doc["model_provider"]
    assert new_id not in ("openai", "OpenAI")
    assert providers[new_id]["request_max_retries"] == 6
    assert errors(diagnose(paths)) == set()


def test_appended_model_provider_moves_to_the_top(paths: AppPaths) -> None:
    setup_home(paths, "appended_model_provider.toml")
    before = paths.config_toml.read_text()
    p, _ = repair(paths)
    expected = before.replace(
        'model = "gpt-5.5"\n', 'model = "gpt-5.5"\nmodel_provider = "OpenAI"\n', 1
    )
    expected = expected.removesuffix('model_provider = "OpenAI"\n')
    assert paths.config_toml.read_text() == expected
    assert any("Moved 'model_provider'" in n for n in p.notes)


def test_snippet_appended_after_an_array_of_tables(paths: AppPaths) -> None:
    # Regression: keys appended after [[skills.config]] crashed repair (TypeError).
    text = GOOD_TOML.decode() + (
        '\n[[skills.config]]\npath = "/home/me/skills/a"\nenabled = true\n'
        'model_provider = "OpenAI"\nreview_model = "gpt-5.5"\n'
    )
    setup_home(paths, text.replace('model_provider = "OpenAI"\n', "", 1))
    assert "setting_in_wrong_table" in diagnose(paths).codes()
    repair(paths)
    doc = parse_config_text(paths.config_toml.read_text())
    assert doc["model_provider"] == "OpenAI"
    assert doc["review_model"] == "gpt-5.5"
    assert doc["skills"]["config"][0].unwrap() == {"path": "/home/me/skills/a", "enabled": True}
    assert diagnose(paths).findings == ()


def test_deprecated_setting_appended_under_a_table(paths: AppPaths) -> None:
    setup_home(paths, "deprecated_appended.toml")
    before = paths.config_toml.read_text()
    repair(paths)
    assert paths.config_toml.read_text() == before.replace("disable_response_storage = true\n", "")


def test_legacy_profile_line_removed_profiles_kept(paths: AppPaths) -> None:
    setup_home(paths, "legacy_profile.toml")
    repair(paths)
    text = paths.config_toml.read_text()
    assert "profile =" not in text.split("[", 1)[0]
    assert '[profiles.fast]\nmodel = "o4-mini"\nmodel_reasoning_effort = "low"\n' in text


@pytest.mark.parametrize("env", [{}, {"TOKENPOOL_API_KEY": "sk-" + "z9" * 24}])
def test_env_key_in_tokenpools_table_is_removed_whatever_this_apps_environment_says(
    paths: AppPaths, env: dict[str, str]
) -> None:
    # What this app's own environment holds says nothing about the terminal Codex runs in: the
    # decision is the setup's rule for TokenPool's table (auth.json), not "the variable is unset".
    setup_home(paths, "env_key_unset.toml")
    p, _ = repair(paths, env)
    assert paths.config_toml.read_bytes() == GOOD_TOML
    assert not any("not set" in n for n in p.notes)


def test_key_pasted_as_env_key_moves_to_auth_json(paths: AppPaths) -> None:
    # Regression: the key written as env_key was dropped (not moved) and printed in a note.
    setup_home(
        paths, good_with("requires_openai_auth = true\n", f'env_key = "{GOOD_TEST_KEY}"\n'), None
    )
    p, _ = repair(paths)
    assert paths.config_toml.read_bytes() == GOOD_TOML
    assert paths.auth_json.read_bytes() == GOOD_AUTH
    assert not any(GOOD_TEST_KEY in n for n in p.notes)


def test_mcp_server_token_is_never_touched(paths: AppPaths) -> None:
    # Regression: an MCP server's token was removed from config.toml and written to auth.json
    # as if it were the TokenPool key.
    token = "ghp_0123456789abcdefghijABCDEFGHIJ012345"
    extra = (
        f'\n[mcp_servers.github]\ncommand = "github-mcp"\nenv = {{ GITHUB_TOKEN = "{token}" }}\n'
    )
    setup_home(paths, GOOD_TOML + extra.encode(), None)
    p, _ = repair(paths)
    assert paths.config_toml.read_bytes() == GOOD_TOML + extra.encode()
    assert not paths.auth_json.exists()  # no TokenPool key anywhere: nothing to write
    assert not p.changed


# --- auth.json ----------------------------------------------------------------------------------


def test_bom_removed_key_kept(paths: AppPaths) -> None:
    setup_home(paths, "good.toml", "auth_bom.json")
    repair(paths)
    raw = paths.auth_json.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert json.loads(raw)["OPENAI_API_KEY"] == GOOD_TEST_KEY
    assert raw == render_auth_json(GOOD_TEST_KEY)
    assert paths.config_toml.read_bytes() == GOOD_TOML  # config.toml untouched


def test_bad_json_is_rewritten_from_the_key_it_shows(paths: AppPaths) -> None:
    setup_home(paths, "good.toml", "auth_bad_json.json")
    original = paths.auth_json.read_bytes()
    _, applied = repair(paths)
    assert paths.auth_json.read_bytes() == GOOD_AUTH
    assert applied.backup is not None
    assert (applied.backup.path / "auth.json").read_bytes() == original


def test_bad_json_without_key_is_rewritten_with_a_given_key(paths: AppPaths) -> None:
    setup_home(paths, "good.toml", b'{"OPENAI_API_KEY": ')
    assert not plan(paths).changed  # nothing to rebuild it from
    p = plan(paths, api_key=GOOD_TEST_KEY)
    apply_plan(p)
    assert paths.auth_json.read_bytes() == GOOD_AUTH


@pytest.mark.parametrize("masked", ["sk-abc…wxyz", "sk-***"])
def test_masked_key_is_never_written(paths: AppPaths, masked: str) -> None:
    setup_home(paths, "good.toml", json.dumps({"OPENAI_API_KEY": masked}))
    assert not plan(paths).changed
    # And a masked key given explicitly is refused too (auth.json keeps what it has).
    assert "auth.json" not in {c.name for c in plan(paths, api_key=masked).changes}


def test_chatgpt_tokens_dropped_backed_up_and_restorable(paths: AppPaths) -> None:
    setup_home(paths, "good.toml", "auth_chatgpt_tokens.json")
    original = paths.auth_json.read_bytes()
    p, applied = repair(paths)
    assert paths.auth_json.read_bytes() == GOOD_AUTH
    assert any("restore" in n for n in p.notes)
    assert applied.backup is not None
    backed_up = json.loads((applied.backup.path / "auth.json").read_bytes())
    assert backed_up["tokens"]["refresh_token"] == "rt_0123456789abcdefABCDEF"
    assert backed_up["last_refresh"] == "2026-04-30T08:12:45.123456Z"

    restored = apply_plan(plan_restore(paths, applied.backup.id))
    assert paths.auth_json.read_bytes() == original
    assert restored.backup is not None  # the repaired file is itself backed up first
    assert (restored.backup.path / "auth.json").read_bytes() == GOOD_AUTH


@posix_only
def test_permissions_fixed_to_0600(paths: AppPaths) -> None:
    setup_home(paths, auth_mode=0o644)
    state = read_state(paths, {})
    assert "auth_json_permissions" in diagnose(paths).codes()
    assert not plan_repair(state).changed  # content is fine: only the mode changes
    assert fix_auth_permissions(state) is True
    assert paths.auth_json.stat().st_mode & 0o777 == 0o600
    assert paths.auth_json.read_bytes() == GOOD_AUTH
    assert fix_auth_permissions(read_state(paths, {})) is False
    assert diagnose(paths).findings == ()


@posix_only
def test_rewritten_auth_json_is_private(paths: AppPaths) -> None:
    setup_home(paths, "good.toml", "auth_chatgpt_tokens.json", auth_mode=0o644)
    repair(paths)
    assert paths.auth_json.stat().st_mode & 0o777 == 0o600


def test_auth_json_folder_is_left_alone(paths: AppPaths) -> None:
    setup_home(paths, "key_top_level.toml", None)
    paths.auth_json.mkdir()
    p = plan(paths)
    assert "auth.json" not in {c.name for c in p.changes}
    assert fix_auth_permissions(read_state(paths, {})) is False


# --- many problems at once ----------------------------------------------------------------------


@posix_only
def test_mixed_home_repaired_in_one_go(paths: AppPaths) -> None:
    setup_home(paths, "mixed.toml", "auth_chatgpt_only.json", auth_mode=0o644)
    original_config = paths.config_toml.read_bytes()
    original_auth = paths.auth_json.read_bytes()
    before = diagnose(paths)
    assert len(errors(before)) >= 8

    p, applied = repair(paths)
    fix_auth_permissions(read_state(paths, {}))

    after = diagnose(paths)
    assert after.findings == (), after.codes()
    assert paths.auth_json.read_bytes() == GOOD_AUTH  # the key moved out of config.toml
    doc = parse_config_text(paths.config_toml.read_text())
    assert doc["model_provider"] == "OpenAI"
    assert doc["model"] == "gpt-5.5"
    table = doc["model_providers"]["OpenAI"]
    assert table.unwrap() == {
        "name": "OpenAI",
        "base_url": "https://api.clawto.link",
        "wire_api": "responses",
        "requires_openai_auth": True,
    }
    for gone in ("profile", "disable_response_storage", "OPENAI_API_KEY"):
        assert gone not in doc
    text = paths.config_toml.read_text()
    assert text.startswith(USER_HEAD) and USER_TABLES in text
    # one backup with both old files
    assert applied.backup is not None
    assert [b.id for b in list_backups(paths)] == [applied.backup.id]
    assert (applied.backup.path / "config.toml").read_bytes() == original_config
    assert (applied.backup.path / "auth.json").read_bytes() == original_auth
    assert len(p.notes) >= 8
    assert_repair_is_stable(paths)


def test_crlf_and_bom_in_config_are_kept(paths: AppPaths) -> None:
    raw = b"\xef\xbb\xbf" + (FIX / "wire_api_chat.toml").read_bytes().replace(b"\n", b"\r\n")
    setup_home(paths, raw)
    repair(paths)
    assert paths.config_toml.read_bytes() == b"\xef\xbb\xbf" + GOOD_TOML.replace(b"\n", b"\r\n")


def test_nothing_to_fix_plans_nothing(paths: AppPaths) -> None:
    setup_home(paths)
    assert not plan(paths).changed
    assert apply_plan(plan(paths)).backup is None
    assert list_backups(paths) == ()


# --- salvage_config_text ------------------------------------------------------------------------


def _lines_kept(original: str, salvaged: str) -> None:
    """Every original line is still there, verbatim or as a comment, in order."""
    out = [line for line in salvaged.split("\n") if line not in (SALVAGE_NOTE, DUPLICATE_NOTE)]
    assert len(out) == len(original.split("\n"))
    for old, new in zip(original.split("\n"), out, strict=True):
        assert new in (old, f"# {old}"), (old, new)


def test_salvage_unclosed_array_keeps_the_rest(paths: AppPaths) -> None:
    # Regression: an array missing its "]" made salvage comment the same line 200 times and then
    # throw the whole file away ("started afresh").
    text = GOOD_TOML.decode().replace(
        'args = ["-y", "@acme/docs-mcp"]  # docs for the team', 'args = ["-y",\n  "@acme/docs-mcp"'
    )
    salvaged, notes = salvage_config_text(text)
    assert salvaged, notes
    parse_config_text(salvaged)
    _lines_kept(text, salvaged)
    assert not any("started afresh" in n for n in notes)
    assert 'model_provider = "OpenAI"' in salvaged.split("\n")


def test_salvage_unterminated_multiline_string() -> None:
    text = 'model = "gpt-5.5"\ndeveloper_instructions = """\nBe terse.\n  Indented.\n'
    salvaged, notes = salvage_config_text(text)
    parse_config_text(salvaged)
    _lines_kept(text, salvaged)
    assert salvaged.startswith('model = "gpt-5.5"\n')
    assert notes


def test_salvage_of_valid_text_is_identity() -> None:
    text = GOOD_TOML.decode()
    assert salvage_config_text(text) == (text, [])


@pytest.mark.parametrize(
    "broken",
    [
        'model = "gpt-5.5\n',
        "model = gpt-5.5\n",
        "[model_providers.OpenAI\n",
        'approval_policy = "on-request" extra\n',
        "= 1\n",
        'notify = ["a", "b"\n',
    ],
)
def test_salvage_any_single_broken_line(broken: str) -> None:
    text = GOOD_TOML.decode().replace("[tui]\n", broken + "\n[tui]\n", 1)
    salvaged, notes = salvage_config_text(text)
    parse_config_text(salvaged)
    _lines_kept(text, salvaged)
    assert USER_TABLES in salvaged
    assert notes


# --- property: plan_repair never drops what the user added ----------------------------------------

_names = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True).filter(
    lambda s: (
        s
        not in {
            "model",
            "model_provider",
            "review_model",
            "profile",
            "profiles",
            "model_providers",
            "disable_response_storage",
            "api_key",
            "tui",
            "projects",
            "mcp_servers",
            "notice",
            "approval_policy",
            "sandbox_mode",
            "model_reasoning_effort",
        }
    )
)
_values = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.booleans(),
    # Values that do not look like API keys (those are moved to auth.json by design).
    st.text(
        alphabet=st.characters(
            min_codepoint=32, max_codepoint=0x2FFF, exclude_categories=("Cc", "Cs")
        ),
        max_size=30,
    ).filter(lambda s: not keys.is_key_like(s)),
)
_comments = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_categories=("Cc", "Cs")),
    max_size=40,
).map(lambda s: "# " + s)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    top=st.dictionaries(_names, _values, max_size=4),
    tables=st.dictionaries(_names, st.dictionaries(_names, _values, max_size=3), max_size=3),
    comments=st.lists(_comments, max_size=3),
    broken=st.sampled_from(
        ["mixed.toml", "wire_api_chat.toml", "reserved_openai.toml", "key_top_level.toml"]
    ),
)
def test_property_repair_never_drops_user_content(
    tmp_path_factory: pytest.TempPathFactory,
    top: dict[str, object],
    tables: dict[str, dict[str, object]],
    comments: list[str],
    broken: str,
) -> None:
    home = tmp_path_factory.mktemp("prop") / "codex"
    paths = AppPaths(home, home.parent / "settings")
    base = (FIX / broken).read_text()
    head, sep, rest = base.partition("\n[")
    top_lines = [f"{k} = {tomlkit.item(v).as_string()}" for k, v in top.items()]
    table_blocks = [
        "\n".join(
            [f"[x_{name}]", *(f"{k} = {tomlkit.item(v).as_string()}" for k, v in body.items())]
        )
        for name, body in tables.items()
    ]
    text = "\n".join([head, *comments, *top_lines]) + "\n" + sep + rest
    if table_blocks:
        # New tables go before the user's tables so nothing the doctor owns lands in them.
        text = text.replace("\n[tui]\n", "\n" + "\n\n".join(table_blocks) + "\n\n[tui]\n", 1)
    parse_config_text(text)  # the generated file is valid TOML
    setup_home(paths, text, "auth_good.json")

    apply_plan(plan_repair(read_state(paths, {})))
    after = paths.config_toml.read_text(encoding="utf-8")
    doc = parse_config_text(after)

    for comment in comments:
        assert comment in after.split("\n")
    for line in top_lines:
        assert line in after.split("\n")
    for k, v in top.items():
        assert to_plain(doc[k]) == v
    for name, body in tables.items():
        assert to_plain(doc[f"x_{name}"]) == body
    assert USER_TABLES in after and after.startswith(USER_HEAD)
    assert errors(diagnose(paths)) == set()


# --- the CLI ------------------------------------------------------------------------------------


@pytest.fixture
def cli_home(paths: AppPaths, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppPaths:
    try:
        from app.core import codex_cli
    except ImportError:
        pytest.skip("app.core.codex_cli is not written yet (the CLI doctor needs it)")
    empty_bin = tmp_path / "cli-empty-bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    monkeypatch.setenv("CODEX_HOME", str(paths.codex_home))
    if codex_cli.find_codex() is not None:
        pytest.skip("a system-wide codex is installed; these tests expect none on PATH")
    return paths


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_cli(list(argv), console=Console(out, err))
    return code, out.getvalue(), err.getvalue()


@posix_only
def test_cli_repair_yes_then_nothing_left(cli_home: AppPaths) -> None:
    paths = cli_home
    setup_home(paths, "mixed.toml", "auth_chatgpt_tokens.json", auth_mode=0o644)
    code, out, err = cli("repair", "--yes")
    assert code == 0, out + err
    assert GOOD_TEST_KEY not in out + err
    assert "Undo with: tokenpool-setup restore " in out
    assert paths.auth_json.read_bytes() == GOOD_AUTH
    assert paths.auth_json.stat().st_mode & 0o777 == 0o600
    backups = list_backups(paths)
    assert len(backups) == 1

    code, out, err = cli("repair", "--yes")
    assert code == 0
    assert "Nothing that repair can fix" in out
    assert GOOD_TEST_KEY not in out + err
    assert len(list_backups(paths)) == 1

    code, out, _ = cli("doctor", "--json")
    assert code == 0
    assert json.loads(out)["ok"] is True


def test_cli_repair_json_before_and_after(cli_home: AppPaths) -> None:
    setup_home(cli_home, "key_top_level.toml", None)
    code, out, err = cli("repair", "--yes", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["changed"] is True
    assert data["backup"]
    assert data["before"]["ok"] is False and data["after"]["ok"] is True
    assert "key_in_config_toml" in {f["code"] for f in data["before"]["findings"]}
    assert GOOD_TEST_KEY not in out + err


def test_cli_repair_dry_run_writes_nothing(cli_home: AppPaths) -> None:
    setup_home(cli_home, "key_bearer_token.toml", "auth_chatgpt_tokens.json")
    before = {p: p.read_bytes() for p in (cli_home.config_toml, cli_home.auth_json)}
    code, out, err = cli("repair", "--dry-run")
    assert code == 0
    assert "experimental_bearer_token" in out  # the diff shows the line going away...
    assert GOOD_TEST_KEY not in out + err  # ...with the key masked
    assert {p: p.read_bytes() for p in before} == before
    assert list_backups(cli_home) == ()


def test_cli_repair_without_yes_and_no_terminal_changes_nothing(cli_home: AppPaths) -> None:
    setup_home(cli_home, "wire_api_chat.toml")
    code, out, err = cli("repair")
    assert code == 1
    assert "Nothing changed" in err
    assert cli_home.config_toml.read_bytes() == (FIX / "wire_api_chat.toml").read_bytes()
    assert GOOD_TEST_KEY not in out + err


def test_cli_repair_cannot_fix_exits_1(cli_home: AppPaths) -> None:
    setup_home(cli_home, "good.toml", "auth_masked_ellipsis.json")
    code, out, err = cli("repair", "--yes")
    assert code == 1
    assert "key_incomplete" in out
    assert "Nothing that repair can fix automatically." in out
    assert err == ""
    assert list_backups(cli_home) == ()


def test_cli_restore_list_and_restore(cli_home: AppPaths) -> None:
    paths = cli_home
    setup_home(paths, "good.toml", "auth_chatgpt_tokens.json")
    original = paths.auth_json.read_bytes()
    code, _, _ = cli("repair", "--yes")
    assert code == 0
    (backup,) = list_backups(paths)

    code, out, err = cli("restore", "--list")
    assert code == 0
    assert backup.id in out and "repair" in out
    code, out, _ = cli("restore", "--list", "--json")
    listed = json.loads(out)
    assert [b["id"] for b in listed] == [backup.id]
    assert {"name": "auth.json", "existed": True} in listed[0]["files"]

    code, out, err = cli("restore", backup.id, "--yes")
    assert code == 0, err
    assert paths.auth_json.read_bytes() == original  # the ChatGPT sign-in is back
    assert paths.config_toml.read_bytes() == GOOD_TOML
    assert GOOD_TEST_KEY not in out + err
    assert len(list_backups(paths)) == 2  # the state before the restore was saved too

    code, out, err = cli("restore", "no-such-backup", "--yes")
    assert code == 1
    assert "no backup called" in err


def test_cli_repair_key_stdin_replaces_broken_auth(
    cli_home: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup_home(cli_home, "good.toml", b"{ not json")
    monkeypatch.setattr(sys, "stdin", io.StringIO(GOOD_TEST_KEY + "\n"))
    code, out, err = cli("repair", "--yes", "--key-stdin")
    assert code == 0, out + err
    assert cli_home.auth_json.read_bytes() == GOOD_AUTH
    assert GOOD_TEST_KEY not in out + err


def test_is_subsequence_helper() -> None:
    assert is_subsequence(["a", "c"], ["a", "b", "c"])
    assert not is_subsequence(["c", "a"], ["a", "b", "c"])
    assert not is_subsequence(["a", "d"], ["a", "b", "c"])


def test_another_providers_token_stays_and_never_becomes_the_key(paths: AppPaths) -> None:
    # Regression: with no auth.json, repair moved Azure's bearer token into auth.json as the
    # TokenPool key and deleted it from the Azure provider.
    extra = (
        '\n[model_providers.azure]\nname = "Azure"\nbase_url = "https://me.openai.azure.com/openai"\n'
        'experimental_bearer_token = "azk-0123456789abcdefABCDEF0123456789"\n'
    )
    setup_home(paths, GOOD_TOML + extra.encode(), None)
    assert not plan(paths).changed
    assert not paths.auth_json.exists()


def test_key_in_a_table_whose_name_has_a_dot_is_moved(paths: AppPaths) -> None:
    write(
        paths.config_toml,
        'model_provider = "tp.v2"\nmodel = "gpt-5.5"\n\n[model_providers."tp.v2"]\n'
        'name = "TokenPool"\nbase_url = "https://api.clawto.link/v1"\nwire_api = "responses"\n'
        f'requires_openai_auth = true\napi_key = "{GOOD_TEST_KEY}"\n',
    )
    apply_plan(plan_repair(read_state(paths)))
    assert GOOD_TEST_KEY not in paths.config_toml.read_text()
    assert json.loads(paths.auth_json.read_text())["OPENAI_API_KEY"] == GOOD_TEST_KEY
    assert "key_in_config_toml" not in run_doctor(paths, find_codex=False).codes()


def test_long_random_values_under_other_names_are_not_keys(paths: AppPaths) -> None:
    commit = "3f2a9c0d4e5b6a7980f1e2d3c4b5a69788796a5b"
    write(paths.config_toml, f'last_commit = "{commit}"\n')
    report = run_doctor(paths, find_codex=False)
    assert "key_in_config_toml" not in report.codes()
    apply_plan(plan_repair(read_state(paths)))
    assert commit in paths.config_toml.read_text()


def test_provider_missing_keeps_the_users_provider_id(paths: AppPaths) -> None:
    write(paths.config_toml, 'model_provider = "tp"\nmodel = "gpt-5.5"\n')
    write(paths.auth_json, render_auth_json(GOOD_TEST_KEY))
    apply_plan(plan_repair(read_state(paths)))
    doc = to_plain(parse_config_text(paths.config_toml.read_text()))
    assert doc["model_provider"] == "tp"
    assert doc["model_providers"]["tp"]["requires_openai_auth"] is True


def test_key_pasted_as_a_broken_line_moves_to_auth_json_and_is_masked_in_the_comment(
    paths: AppPaths,
) -> None:
    """The page's auth.json line pasted into config.toml makes it invalid TOML."""
    write(
        paths.config_toml,
        'model_provider = "OpenAI"\nmodel = "gpt-5.5"\n'
        f'OPENAI_API_KEY: "{GOOD_TEST_KEY}"\n\n'
        '[model_providers.OpenAI]\nname = "TokenPool"\nbase_url = "https://api.clawto.link/v1"\n'
        'wire_api = "responses"\nrequires_openai_auth = true\n',
    )
    report = run_doctor(paths, find_codex=False)
    assert "key_in_config_toml" in report.codes()
    assert GOOD_TEST_KEY not in json.dumps(report.to_json())
    apply_plan(plan_repair(read_state(paths)))
    text = paths.config_toml.read_text()
    assert GOOD_TEST_KEY not in text
    assert "# OPENAI_API_KEY:" in text  # the user's line, kept as a comment
    assert json.loads(paths.auth_json.read_text())["OPENAI_API_KEY"] == GOOD_TEST_KEY
    after = run_doctor(paths, find_codex=False)
    assert after.ok, after.codes()


def test_cli_repair_without_a_key_says_run_setup_again(cli_home: AppPaths) -> None:
    """Repair names the problem and the way forward it cannot take itself (issue 19.2)."""
    setup_home(cli_home, "good.toml", None)
    code, out, _err = cli("repair", "--yes")
    assert code != 0
    assert "auth_json_missing" in out
    assert "Run setup again to paste your key" in out


@pytest.mark.parametrize(
    "config",
    sorted(p.name for p in FIX.glob("*.toml") if p.name != "good.toml"),
)
def test_repair_notes_carry_the_codes_their_words_always_had(paths: AppPaths, config: str) -> None:
    """Repair's notes are coded messages now (no regex needed); each code and its params are
    what the English text was classified as before, so the UI words them as it always did."""
    from app.core.usertext import Message, classify_note

    setup_home(paths, config, "auth_chatgpt_tokens.json")
    for note in plan_repair(read_state(paths, {})).notes:
        assert isinstance(note, Message), note
        if note.code.startswith("repair_") or note.code == "note":
            continue  # codes of their own (no English shape to match)
        assert classify_note(note.text) == note, note
