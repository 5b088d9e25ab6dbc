"""Real people's Codex files: other relays' provider tables are never touched by repair, and every
setting that stops Codex is named (with its line) and repaired so the real Codex works again.

The fixtures in tests/fixtures/real_configs/ are modelled on published dotfiles: OpenRouter with
env_key and http_headers, LiteLLM as an inline table with query_params, dotted keys with CRLF and
Windows paths, a self-hosted gateway with a bearer token and hooks, TokenPool beside other relays,
and a ChatGPT-login auth.json.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

import pytest

from app.core import codex_config
from app.core.auth_file import render_auth_json
from app.core.backups import list_backups
from app.core.codex_cli import codex_config_load_error, is_config_load_failure
from app.core.config_refusals import header_path, line_of, rejected_setting_line
from app.core.doctor import (
    DoctorReport,
    is_tokenpool_table,
    read_state,
    run_doctor,
    table_headers,
    tokenpool_provider_id,
)
from app.core.paths import AppPaths
from app.core.plan import apply_plan, plan_restore
from app.core.repair import fix_auth_permissions, note_code, plan_repair
from tests.conftest import GOOD_TEST_KEY, write
from tests.gateway import GOOD_KEY, GatewayImitation
from tests.support.codex_harness import run_codex_exec

REAL = Path(__file__).parents[1] / "fixtures" / "real_configs"
CONFIGS = sorted(REAL.glob("*.toml"))
AUTHS = {
    "no-auth": None,
    "tokenpool-key": render_auth_json(GOOD_TEST_KEY),
    "chatgpt-login": (REAL / "auth_chatgpt_login.json").read_bytes(),
}
# Every variable the fixtures name, as a terminal with the person's shell profile would have.
ALL_SET = {
    name: "value-from-the-shell-profile"
    for name in (
        "CODEX_OPENROUTER_API_KEY",
        "LITELLM_MASTER_KEY",
        "AZURE_OPENAI_API_KEY",
        "ANYROUTER_ORG",
        "OPENROUTER_API_KEY",
        "GROQ_API_KEY",
    )
}


def other_provider_regions(raw: bytes) -> dict[str, str]:
    """For every provider table that is not TokenPool's: the exact text that defines it (its
    [model_providers.<id>] section and sub-tables, or its dotted / inline lines)."""
    text = raw.decode("utf-8").lstrip("\ufeff")
    doc = codex_config.parse_config_text(text.replace("\r\n", "\n"))
    ours = tokenpool_provider_id(doc)
    lines = text.split("\n")
    headers = table_headers(text.replace("\r\n", "\n"))
    starts = [(0, ())] + [(i, header_path(name)) for i, name, _a in headers]
    ends = [i for i, _n, _a in headers] + [len(lines)]
    regions: dict[str, str] = {}
    for pid, table in codex_config.provider_tables(doc).items():
        if pid == ours or is_tokenpool_table(table):
            continue
        own = ("model_providers", pid)
        picked: list[str] = []
        key = re.escape(pid)
        for (start, path), end in zip(starts, ends, strict=True):
            if path[:2] == own:
                picked.extend(lines[start:end])
            elif path == ():
                pattern = re.compile(rf"^\s*model_providers\s*\.\s*[\"']?{key}[\"']?\s*[.=]")
                picked.extend(line for line in lines[start:end] if pattern.match(line))
            elif path == ("model_providers",):
                pattern = re.compile(rf"^\s*[\"']?{key}[\"']?\s*[.=]")
                picked.extend(line for line in lines[start + 1 : end] if pattern.match(line))
        assert picked, pid
        regions[pid] = "\n".join(picked)
    return regions


def setup(paths: AppPaths, config: bytes, auth: bytes | None) -> None:
    write(paths.config_toml, config)
    if auth is not None:
        write(paths.auth_json, auth)
        paths.auth_json.chmod(0o600)


# --- the property: another relay's table survives repair byte for byte ---------------------------


@pytest.mark.parametrize("env", [{}, ALL_SET], ids=["env-empty", "env-all-set"])
@pytest.mark.parametrize("auth_name", list(AUTHS))
@pytest.mark.parametrize("config", CONFIGS, ids=[c.stem for c in CONFIGS])
def test_repair_leaves_other_relays_tables_byte_for_byte_and_restore_undoes_it(
    paths: AppPaths, config: Path, auth_name: str, env: dict[str, str]
) -> None:
    original = config.read_bytes()
    auth = AUTHS[auth_name]
    setup(paths, original, auth)
    regions = other_provider_regions(original)
    assert regions, "every real config here has another relay's table"
    before_values = tomllib.loads(original.decode().replace("\r\n", "\n"))["model_providers"]

    plan = plan_repair(read_state(paths, env))
    result = apply_plan(plan)
    after = paths.config_toml.read_bytes()
    after_text = after.decode()
    after_values = tomllib.loads(after_text.replace("\r\n", "\n"))["model_providers"]
    for pid, region in regions.items():
        assert region in after_text, (pid, plan.notes)
        assert after_values[pid] == before_values[pid], pid
    if paths.auth_json.exists():
        # Another relay's token never becomes the TokenPool key.
        stored = json.loads(paths.auth_json.read_text()).get("OPENAI_API_KEY")
        assert stored in (None, GOOD_TEST_KEY)

    # Re-running changes nothing.
    assert not plan_repair(read_state(paths, env)).changed
    # restore gives the original back, byte for byte.
    if result.backup is not None:
        assert len(list_backups(paths)) == 1
        apply_plan(plan_restore(paths, result.backup.id))
    assert paths.config_toml.read_bytes() == original
    if auth is None:
        assert not paths.auth_json.exists()
    else:
        assert paths.auth_json.read_bytes() == auth


@pytest.mark.parametrize("config", CONFIGS, ids=[c.stem for c in CONFIGS])
def test_doctor_judges_only_tokenpools_table(paths: AppPaths, config: Path) -> None:
    setup(paths, config.read_bytes(), AUTHS["chatgpt-login"])
    report = run_doctor(paths, env={}, find_codex=False, run_codex_doctor=False)
    state = read_state(paths, {})
    for finding in report.findings:
        # No fault is reported about another relay's key, address or auth settings.
        for pid in other_provider_regions(config.read_bytes()):
            if finding.code in ("auth_setting_wrong", "env_overrides_key", "key_in_config_toml"):
                assert f"model_providers.{pid}" not in finding.message, finding
        assert "is not set, so" not in finding.message  # never concluded from our own env
    if state.other_provider_active:
        assert "other_provider_active" in report.codes()
        assert "chatgpt_tokens_shadow_key" not in report.codes()
        assert "api_key_missing" not in report.codes()


def test_other_relay_active_is_a_state_not_a_list_of_faults(paths: AppPaths) -> None:
    setup(paths, (REAL / "openrouter_env_key.toml").read_bytes(), AUTHS["tokenpool-key"])
    report = run_doctor(paths, env={}, find_codex=False, run_codex_doctor=False)
    finding = next(f for f in report.findings if f.code == "other_provider_active")
    assert not finding.fixable and "configure" in finding.hint
    assert "openrouter" in finding.message
    assert "auth_setting_wrong" not in report.codes()
    assert not plan_repair(read_state(paths, {})).changed


def test_env_variable_wording_never_concludes_unset(paths: AppPaths) -> None:
    text = (
        (REAL / "tokenpool_beside_openrouter.toml")
        .read_text()
        .replace(
            'wire_api = "responses"\n', 'wire_api = "responses"\nenv_key = "TOKENPOOL_KEY"\n', 1
        )
    )
    setup(paths, text.encode(), AUTHS["tokenpool-key"])
    finding = next(
        f
        for f in run_doctor(paths, env={}, find_codex=False, run_codex_doctor=False).findings
        if f.code == "auth_setting_wrong"
    )
    assert "not set in the environment this app was started from" in finding.message
    assert finding.line == 9


def test_a_bearer_token_of_another_relay_stays_where_it_is(paths: AppPaths) -> None:
    # Regression (issue 7): the active relay's sk-… bearer token was moved into auth.json as the
    # TokenPool key and removed from its table.
    original = (REAL / "windows_crlf_dotted.toml").read_bytes()
    setup(paths, original, None)
    apply_plan(plan_repair(read_state(paths, {})))
    assert b'experimental_bearer_token = "sk-AnyR0uter' in paths.config_toml.read_bytes()
    assert not paths.auth_json.exists()


# --- Codex's own files are never touched --------------------------------------------------------


def _tree(root: Path) -> dict[str, tuple[bytes, int, int]]:
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel in ("config.toml", "auth.json") or rel.split("/")[0] == "backups":
            continue
        st = path.lstat()
        out[rel] = (path.read_bytes() if path.is_file() else b"", st.st_mode, st.st_mtime_ns)
    return out


def test_codex_state_in_its_home_is_never_touched(paths: AppPaths) -> None:
    home = paths.codex_home
    for rel, data in {
        "state_5.sqlite": b"SQLite format 3\x00" + b"\x01" * 64,
        "logs_1.sqlite-wal": b"wal",
        "sessions/2026/11/30/rollout-2026-11-30T10-00-00.jsonl": b'{"type":"session_meta"}\n',
        ".tmp/.staging.lock": b"",
        "session_index.jsonl": b'{"id":"a"}\n',
        "session_index.jsonl.lock": b"",
        "skills/.system/create-statusline/SKILL.md": b"# skill\n",
        "auth.json.lock": b"",
        "auth.lock": b"",
        "installation_id": b"8f14e45f\n",
        "log/codex-tui.log": b"log line\n",
        "shell_snapshots/abc.sh": b"export A=1\n",
    }.items():
        write(home / rel, data)
    (home / "auth.lock").chmod(0o644)
    broken = (Path(__file__).parents[1] / "fixtures" / "broken" / "mixed.toml").read_bytes()
    setup(paths, broken, None)
    paths.auth_json.touch()
    paths.auth_json.chmod(0o644)
    before = _tree(home)
    state = read_state(paths, {})
    apply_plan(plan_repair(state))
    fix_auth_permissions(read_state(paths, {}))
    assert _tree(home) == before


# --- settings that stop Codex: named with their line, repaired with one backup -------------------

TOKENPOOL_TABLE = (
    '[model_providers.OpenAI]\nname = "TokenPool"\nbase_url = "{url}"\n'
    'wire_api = "responses"\nrequires_openai_auth = true\n'
)
OPENROUTER_CHAT = (
    '\n[model_providers.openrouter]\nname = "OpenRouter"\nbase_url = "https://openrouter.ai/api/v1"\n'
    'env_key = "CODEX_OPENROUTER_API_KEY"\nwire_api = "chat"\n'
    'http_headers = { "X-Title" = "codex" }\n'
)
# (case id, extra top-level lines, extra tables, code, line of the setting, note code)
STOPPING = [
    ("forced_chatgpt", 'forced_login_method = "chatgpt"\n', "", "forced_chatgpt_login", 3,
     "repair_forced_login_removed"),
    ("untrusted", 'approval_policy = "untrusted"\n', "", "setting_no_longer_supported", 3,
     "repair_setting_commented"),
    ("sandbox_bogus", 'sandbox_mode = "readonly"\n', "", "setting_value_invalid", 3,
     "repair_setting_commented"),
    ("catalog_missing", 'model_catalog_json = "models/catalog.json"\n', "",
     "setting_file_missing", 3, "repair_setting_commented"),
    ("instructions_missing", 'model_instructions_file = "~/no/such/instructions.md"\n', "",
     "setting_file_missing", 3, "repair_setting_commented"),
    ("wire_chat_other_table", "", OPENROUTER_CHAT, "wire_api_wrong", 14,
     "repair_provider_setting_fixed"),
]  # fmt: skip


def stopping_config(url: str, top: str, tables: str) -> str:
    return (
        f'model_provider = "OpenAI"\nmodel = "gpt-5.5"\n{top}\n'
        + TOKENPOOL_TABLE.format(url=url)
        + tables
    )


@pytest.mark.parametrize(
    ("top", "tables", "code", "line", "note"),
    [c[1:] for c in STOPPING],
    ids=[c[0] for c in STOPPING],
)
def test_setting_that_stops_codex_is_named_with_its_line_and_repaired(
    paths: AppPaths, top: str, tables: str, code: str, line: int, note: str
) -> None:
    text = stopping_config("https://api.clawto.link/v1", top, tables)
    setup(paths, text.encode(), render_auth_json(GOOD_TEST_KEY))
    report = run_doctor(paths, env={}, find_codex=False, run_codex_doctor=False)
    finding = next(f for f in report.findings if f.code == code)
    assert finding.severity == "error" and finding.fixable and not report.ok
    assert finding.line == line and f"line {line}" in finding.message
    assert text.splitlines()[line - 1].strip() != ""
    plan = plan_repair(read_state(paths, {}))
    assert note in [note_code(n) for n in plan.notes]
    apply_plan(plan)
    assert len(list_backups(paths)) == 1
    after = run_doctor(paths, env={}, find_codex=False, run_codex_doctor=False)
    assert after.ok, after.codes()
    assert not plan_repair(read_state(paths, {})).changed
    new_text = paths.config_toml.read_text()
    if note == "repair_setting_commented":
        assert f"# {text.splitlines()[line - 1]}" in new_text  # the text is kept
    if tables:
        # Only wire_api changed in the other relay's table: its key and address stay.
        assert 'env_key = "CODEX_OPENROUTER_API_KEY"\nwire_api = "responses"\n' in new_text
        assert 'http_headers = { "X-Title" = "codex" }' in new_text


def test_configure_removes_forced_chatgpt_login_with_a_note(paths: AppPaths) -> None:
    from app.core.configure import FORCED_LOGIN_NOTE, prepare_configuration

    original = stopping_config(
        "https://api.clawto.link/v1", 'forced_login_method = "chatgpt"\n', ""
    )
    setup(paths, original.encode(), render_auth_json(GOOD_TEST_KEY))
    prepared = prepare_configuration(
        paths, GOOD_TEST_KEY, "https://api.clawto.link/v1", offline=True
    )
    assert FORCED_LOGIN_NOTE in prepared.plan.notes
    result = apply_plan(prepared.plan)
    assert "forced_login_method" not in paths.config_toml.read_text()
    assert result.backup is not None
    assert b"forced_login_method" in (result.backup.path / "config.toml").read_bytes()


# --- smaller findings (part 3) ------------------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_world_readable_backup_of_auth_json_is_an_error_and_repaired(paths: AppPaths) -> None:
    setup(paths, stopping_config("https://api.clawto.link/v1", "", "").encode(), None)
    write(paths.auth_json, render_auth_json(GOOD_TEST_KEY))
    paths.auth_json.chmod(0o600)
    copy = write(
        paths.backups_dir / "20260101-000000" / "auth.json", render_auth_json(GOOD_TEST_KEY)
    )
    copy.chmod(0o644)
    report = run_doctor(paths, env={}, find_codex=False, run_codex_doctor=False)
    assert not report.ok and "backup_permissions" in report.codes()
    assert fix_auth_permissions(read_state(paths, {}))
    assert copy.stat().st_mode & 0o777 == 0o600
    assert run_doctor(paths, env={}, find_codex=False, run_codex_doctor=False).ok


@pytest.mark.parametrize("broken", ["empty", "stray-files"])
def test_an_empty_or_broken_git_folder_is_not_a_repository(
    paths: AppPaths, tmp_path: Path, broken: str
) -> None:
    # Codex's own sandbox leaves an empty .git in the temp folder; it is not a repository.
    dot_git = tmp_path / ".git"
    dot_git.mkdir()
    if broken == "stray-files":
        write(dot_git / "config", "[core]\n")
    setup(paths, stopping_config("https://api.clawto.link/v1", "", "").encode(), None)
    write(paths.auth_json, render_auth_json(GOOD_TEST_KEY))
    paths.auth_json.chmod(0o600)
    report = run_doctor(paths, env={}, find_codex=False, run_codex_doctor=False)
    assert "auth_json_in_git" not in report.codes()


def test_disable_response_storage_removal_says_why(paths: AppPaths) -> None:
    setup(paths, (REAL / "chatgpt_login_and_ollama.toml").read_bytes(), None)
    notes = plan_repair(read_state(paths, {})).notes
    why = [n for n in notes if note_code(n) == "repair_deprecated_removed"]
    assert why and "warns about it on every run" in why[0] and "store" in why[0]


def test_line_of_finds_dotted_and_inline_settings() -> None:
    text = (REAL / "windows_crlf_dotted.toml").read_text().replace("\r\n", "\n")
    assert line_of(text, ("model_providers", "anyrouter"), "base_url") == 7
    text = (REAL / "litellm_inline_query_params.toml").read_text()
    assert line_of(text, ("model_providers", "litellm"), "env_key") == 5
    assert line_of(text, ("model_providers", "azure"), "wire_api") == 12


def test_a_routing_field_of_another_relay_is_never_offered_for_commenting_out() -> None:
    text = (
        'model_provider = "OpenAI"\n\n[model_providers.OpenAI]\nname = "TokenPool"\n'
        'base_url = "https://api.clawto.link/v1"\n\n[model_providers.or]\nname = "OR"\n'
        'base_url = "https://openrouter.ai/api/v1"\nenv_key = "OR_KEY"\nstream_max_retries = "x"\n'
    )
    assert rejected_setting_line(text, "model_providers.or.base_url", "OpenAI") == 0
    assert rejected_setting_line(text, "model_providers.or.env_key", "OpenAI") == 0
    assert rejected_setting_line(text, "model_providers.or.stream_max_retries", "OpenAI") == 11
    # A value over several lines cannot be commented out line by line.
    assert rejected_setting_line('notify = [\n  "a",\n]\n', "notify", None) == 0


def test_config_load_failure_classifier() -> None:
    assert is_config_load_failure('Error loading config.toml: `wire_api = "chat"` is no longer')
    assert is_config_load_failure("Error: failed to load configuration\n\nCaused by:\n    x")
    assert is_config_load_failure(
        "ChatGPT login is required, but an API key is currently being used. Logging out."
    )
    assert not is_config_load_failure("unexpected status 401 Unauthorized: bad key")
    assert not is_config_load_failure("stream disconnected before completion")


# --- the real Codex ------------------------------------------------------------------------------


@pytest.mark.codex
@pytest.mark.parametrize(
    ("top", "tables", "code"),
    [(c[1], c[2], c[3]) for c in STOPPING],
    ids=[c[0] for c in STOPPING],
)
def test_real_codex_refuses_then_works_after_repair(
    codex_bin: Path,
    codex_home: Path,
    gateway: GatewayImitation,
    top: str,
    tables: str,
    code: str,
) -> None:
    paths = AppPaths(codex_home, codex_home.parent / "settings")
    setup(paths, stopping_config(gateway.url, top, tables).encode(), render_auth_json(GOOD_KEY))
    if code != "forced_chatgpt_login":  # that one loads, and strikes when Codex authenticates
        error = codex_config_load_error(codex_bin, codex_home)
        assert error is not None and error.message
    report = run_doctor(paths, env=dict(os.environ), codex_path=codex_bin)
    assert code in report.codes()
    assert "codex_config_rejected" not in report.codes()  # ours already names it, with a line
    apply_plan(plan_repair(read_state(paths, {})))
    assert len(list_backups(paths)) == 1
    assert codex_config_load_error(codex_bin, codex_home) is None
    gateway.requests.clear()
    done = run_codex_exec(codex_bin, codex_home, timeout=90)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "pong" in done.stdout
    posts = [r for r in gateway.requests if r.method == "POST" and r.path.endswith("/responses")]
    assert posts and posts[-1].headers.get("authorization") == f"Bearer {GOOD_KEY}"
    assert json.loads(paths.auth_json.read_text())["OPENAI_API_KEY"] == GOOD_KEY


@pytest.mark.codex
def test_real_codex_load_error_not_known_statically_is_relayed_with_its_line(
    codex_bin: Path, codex_home: Path, gateway: GatewayImitation
) -> None:
    paths = AppPaths(codex_home, codex_home.parent / "settings")
    text = stopping_config(gateway.url, 'model_verbosity = "loud"\n', "")
    setup(paths, text.encode(), render_auth_json(GOOD_KEY))
    error = codex_config_load_error(codex_bin, codex_home)
    assert error is not None and error.setting == "model_verbosity" and not error.syntax
    report: DoctorReport = run_doctor(paths, env=dict(os.environ), codex_path=codex_bin)
    finding = next(f for f in report.findings if f.code == "codex_config_rejected")
    assert finding.line == 3 and "model_verbosity" in finding.message
    assert "loud" in finding.message and "line 3" in finding.hint and finding.fixable
    plan = plan_repair(read_state(paths, {}), codex_load_error=report.codex_load_error)
    assert "repair_setting_commented" in [note_code(n) for n in plan.notes]
    apply_plan(plan)
    assert '# model_verbosity = "loud"' in paths.config_toml.read_text()
    assert codex_config_load_error(codex_bin, codex_home) is None
    done = run_codex_exec(codex_bin, codex_home, timeout=90)
    assert done.returncode == 0 and "pong" in done.stdout, done.stderr[-2000:]


@pytest.mark.codex
def test_real_codex_syntax_error_comes_with_line_and_column(
    codex_bin: Path, codex_home: Path
) -> None:
    write(codex_home / "config.toml", 'model = "x"\nlist = [1,\n')
    error = codex_config_load_error(codex_bin, codex_home)
    assert error is not None and error.syntax and error.line == 2 and error.column


def set_up_left_over_chat_table(codex_home: Path, gateway: GatewayImitation) -> AppPaths:
    """The issue's case: a left-over table with wire_api = "chat" beside the active provider
    (Codex refuses to load it), and a key."""
    paths = AppPaths(codex_home, codex_home.parent / "settings")
    setup(
        paths,
        stopping_config(gateway.url, "", OPENROUTER_CHAT).encode(),
        render_auth_json(GOOD_KEY),
    )
    return paths


@pytest.mark.codex
def test_real_codex_exec_output_on_a_config_error_is_classified(
    codex_bin: Path, codex_home: Path, gateway: GatewayImitation
) -> None:
    set_up_left_over_chat_table(codex_home, gateway)
    done = run_codex_exec(codex_bin, codex_home, timeout=60)
    assert done.returncode != 0
    assert is_config_load_failure(done.stderr)


@pytest.mark.codex
def test_wizard_codex_test_flags_a_config_problem_so_the_done_page_can_offer_repair(
    codex_bin: Path, codex_home: Path, gateway: GatewayImitation
) -> None:
    from app.core.installed_codex import InstalledCodex
    from app.core.wizard.tasks import chat_test_with_codex

    paths = set_up_left_over_chat_table(codex_home, gateway)
    found = InstalledCodex(codex_bin, None)
    env = dict(os.environ)
    failed = chat_test_with_codex(found, paths, env)
    assert not failed.ok and failed.config_problem
    apply_plan(plan_repair(read_state(paths, {})))
    passed = chat_test_with_codex(found, paths, env)
    assert passed.ok and not passed.config_problem, passed.message


def test_wizard_sees_another_relay_as_set_up_for_another_provider(paths: AppPaths) -> None:
    from app.core.wizard.tasks import files_summary

    setup(paths, (REAL / "openrouter_env_key.toml").read_bytes(), AUTHS["chatgpt-login"])
    report = run_doctor(paths, env={}, find_codex=False, run_codex_doctor=False)
    assert files_summary(paths, report, read_state(paths, {})).verdict == "other"


def test_an_incomplete_table_of_another_relay_is_still_theirs(paths: AppPaths) -> None:
    # No base_url yet, but a name and an env_key of its own: not TokenPool's to fill in.
    text = (
        'model_provider = "openrouter"\n\n[model_providers.openrouter]\nname = "OpenRouter"\n'
        'env_key = "OPENROUTER_API_KEY"\n'
    )
    setup(paths, text.encode(), AUTHS["tokenpool-key"])
    assert (
        "other_provider_active"
        in run_doctor(paths, env={}, find_codex=False, run_codex_doctor=False).codes()
    )
    assert not plan_repair(read_state(paths, {})).changed


def _cli(*argv: str) -> tuple[int, str, str]:
    import io

    from app.cli import Console, run_cli

    out, err = io.StringIO(), io.StringIO()
    code = run_cli(list(argv), console=Console(out, err))
    return code, out.getvalue(), err.getvalue()


def test_cli_repair_yes_on_another_relay_changes_nothing(
    paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's report, as a person runs it: `repair --yes` with OpenRouter active."""
    empty_bin = tmp_path / "no-codex-bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))  # no Codex: the file checks alone decide
    original = (REAL / "openrouter_env_key.toml").read_bytes()
    setup(paths, original, AUTHS["tokenpool-key"])
    code, out, _err = _cli("repair", "--yes", "--codex-home", str(paths.codex_home))
    assert code == 1  # not set up for TokenPool: the way there is configure
    assert "other_provider_active" in out and "configure" in out
    assert paths.config_toml.read_bytes() == original
    assert not list_backups(paths)
    code, out, _err = _cli("doctor", "--json", "--codex-home", str(paths.codex_home))
    codes = {f["code"] for f in json.loads(out)["findings"]}
    assert "auth_setting_wrong" not in codes and "other_provider_active" in codes


def test_cli_doctor_json_gives_the_line(
    paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_bin = tmp_path / "no-codex-bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    text = stopping_config("https://api.clawto.link/v1", 'approval_policy = "untrusted"\n', "")
    setup(paths, text.encode(), render_auth_json(GOOD_TEST_KEY))
    code, out, _err = _cli("doctor", "--json", "--codex-home", str(paths.codex_home))
    finding = next(
        f for f in json.loads(out)["findings"] if f["code"] == "setting_no_longer_supported"
    )
    assert code == 1 and finding["line"] == 3 and finding["severity"] == "error"
