"""The config engine: plan, then write; only our keys change; nothing else moves a byte."""

from __future__ import annotations

import difflib
import json
import os
import sys
import tomllib
from pathlib import Path

import pytest

from app.core import codex_config
from app.core.backups import list_backups
from app.core.codex_config import CodexSettings
from app.core.errors import ConfigParseError, StalePlanError
from app.core.paths import AppPaths
from app.core.plan import apply_plan, plan_configure, plan_restore
from tests.conftest import write

FIXTURES = Path(__file__).parents[1] / "fixtures" / "configs"
SETTINGS = CodexSettings(base_url="https://api.clawto.link/v1", model="gpt-5.5")


def removed_lines(old: str, new: str) -> list[str]:
    diff = difflib.ndiff(old.splitlines(), new.splitlines())
    return [line[2:] for line in diff if line.startswith("- ")]


def configure(paths: AppPaths, key: str, settings: CodexSettings = SETTINGS) -> None:
    apply_plan(plan_configure(paths, key, settings))


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.toml")))
def test_only_owned_keys_change(paths: AppPaths, good_key: str, fixture: str) -> None:
    original = (FIXTURES / fixture).read_text()
    write(paths.config_toml, original)
    configure(paths, good_key)
    new = paths.config_toml.read_text()
    data = tomllib.loads(new)
    before = tomllib.loads(original)
    pid = data["model_provider"]
    assert data["model"] == "gpt-5.5"
    assert data["model_providers"][pid]["base_url"] == "https://api.clawto.link/v1"
    assert data["model_providers"][pid]["requires_openai_auth"] is True
    assert data["model_providers"][pid]["wire_api"] == "responses"
    assert "disable_response_storage" not in new
    # Every line that disappeared held one of our owned values; everything else survives.
    for line in removed_lines(original, new):
        key = line.split("=", 1)[0].strip()
        assert key in ("model", "model_provider", "review_model", "base_url", "name"), line
    # Every key we do not own keeps its value, including the other providers and tables.
    for key, value in before.items():
        if key in ("model", "model_provider", "review_model", "model_providers"):
            continue
        assert data[key] == value
    for other, table in before.get("model_providers", {}).items():
        if other != pid:
            assert data["model_providers"][other] == table


def test_realistic_file_survives_byte_for_byte(paths: AppPaths, good_key: str) -> None:
    original = (FIXTURES / "realistic.toml").read_text()
    write(paths.config_toml, original)
    configure(paths, good_key)
    new = paths.config_toml.read_text()
    # Only the model line changes in place; the rest of the original is a contiguous prefix.
    first_lines = "# Codex configuration — hand-written, please keep my notes!\n"
    assert new.startswith(first_lines + 'model = "gpt-5.5"  # the one I like\n')
    rest_of_original = original.split("\n", 2)[2]
    assert rest_of_original.split("[tui]")[1] in new
    assert 'developer_instructions = """\nBe terse.\n  Indented line kept exactly.\n"""' in new
    assert new.index("model_provider") < new.index("[tui]"), "top-level keys go before tables"
    assert new.rstrip().endswith("requires_openai_auth = true")


def test_reuses_existing_tokenpool_table_and_keeps_its_other_keys(
    paths: AppPaths, good_key: str
) -> None:
    write(paths.config_toml, (FIXTURES / "tokenpool_existing.toml").read_text())
    configure(paths, good_key)
    new = paths.config_toml.read_text()
    assert '[model_providers.tp]\nname = "My TokenPool"\n' in new
    assert "request_max_retries = 7  # mine, keep\n" in new
    assert 'http_headers = { "X-Team" = "blue" }' in new
    assert "[model_providers.OpenAI]" not in new


def test_unrelated_openai_table_gets_a_new_id(paths: AppPaths, good_key: str) -> None:
    original = (FIXTURES / "unrelated_openai.toml").read_text()
    write(paths.config_toml, original)
    configure(paths, good_key)
    data = tomllib.loads(paths.config_toml.read_text())
    assert data["model_provider"] == "tokenpool"
    assert data["model_providers"]["OpenAI"] == tomllib.loads(original)["model_providers"]["OpenAI"]


def test_never_uses_reserved_lowercase_openai(paths: AppPaths, good_key: str) -> None:
    configure(paths, good_key)
    data = tomllib.loads(paths.config_toml.read_text())
    assert data["model_provider"] == "OpenAI"
    assert set(data["model_providers"]) == {"OpenAI"}
    assert not set(data["model_providers"]) & set(codex_config.RESERVED_PROVIDER_IDS)


def test_rerun_changes_nothing_and_makes_no_backup(paths: AppPaths, good_key: str) -> None:
    write(paths.config_toml, (FIXTURES / "realistic.toml").read_text())
    configure(paths, good_key)
    first = (paths.config_toml.read_bytes(), paths.auth_json.read_bytes())
    assert len(list_backups(paths)) == 1
    plan = plan_configure(paths, good_key, SETTINGS)
    assert not plan.changed
    assert apply_plan(plan).backup is None
    assert (paths.config_toml.read_bytes(), paths.auth_json.read_bytes()) == first
    assert len(list_backups(paths)) == 1


def test_auth_json_shape_and_mode(paths: AppPaths, good_key: str) -> None:
    configure(paths, good_key)
    raw = paths.auth_json.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert json.loads(raw) == {"auth_mode": "apikey", "OPENAI_API_KEY": good_key}
    if sys.platform != "win32":
        assert paths.auth_json.stat().st_mode & 0o777 == 0o600
        for backup in list_backups(paths):
            for entry in backup.path.iterdir():
                assert entry.stat().st_mode & 0o777 == 0o600


def test_chatgpt_tokens_go_to_backup_and_restore_brings_them_back(
    paths: AppPaths, good_key: str
) -> None:
    old = {
        "OPENAI_API_KEY": None,
        "tokens": {"id_token": "x", "access_token": "y", "refresh_token": "z", "account_id": "a"},
        "last_refresh": "2026-01-01T00:00:00Z",
    }
    write(paths.auth_json, json.dumps(old))
    if sys.platform != "win32":
        paths.auth_json.chmod(0o600)
    plan = plan_configure(paths, good_key, SETTINGS)
    assert any("ChatGPT" in note and "restore" in note for note in plan.notes)
    result = apply_plan(plan)
    assert "tokens" not in json.loads(paths.auth_json.read_text())
    assert result.backup is not None
    assert json.loads(result.backup.file_path("auth.json").read_text()) == old
    restored = apply_plan(plan_restore(paths, result.backup.id))
    assert json.loads(paths.auth_json.read_text()) == old
    assert restored.backup is not None  # the state before the restore is itself backed up
    assert (
        json.loads(restored.backup.file_path("auth.json").read_text())["OPENAI_API_KEY"] == good_key
    )


def test_restore_of_a_file_that_did_not_exist_removes_it(paths: AppPaths, good_key: str) -> None:
    result = apply_plan(plan_configure(paths, good_key, SETTINGS))
    assert result.backup is not None
    apply_plan(plan_restore(paths, result.backup.id))
    assert not paths.config_toml.exists()
    assert not paths.auth_json.exists()


def test_diff_masks_the_key(paths: AppPaths, good_key: str) -> None:
    write(paths.auth_json, json.dumps({"OPENAI_API_KEY": "sk-" + "Zz9" * 16}))
    plan = plan_configure(paths, good_key, SETTINGS)
    diff = plan.diff()
    assert "auth.json" in diff
    assert good_key not in diff and "sk-" + "Zz9" * 16 not in diff
    assert "sk-Ab3…" in diff
    assert good_key not in repr(plan)


@pytest.mark.parametrize(
    ("raw", "bom", "crlf"),
    [
        (b'\xef\xbb\xbfmodel = "o3"\n\n[tui]\nx = 1\n', True, False),
        (b'model = "o3"\r\n# note\r\n\r\n[tui]\r\nx = 1\r\n', False, True),
        (b"", False, False),
    ],
)
def test_bom_crlf_and_empty_files_keep_their_form(
    paths: AppPaths, good_key: str, raw: bytes, bom: bool, crlf: bool
) -> None:
    write(paths.config_toml, raw)
    configure(paths, good_key)
    new = paths.config_toml.read_bytes()
    assert new.startswith(b"\xef\xbb\xbf") == bom
    if crlf:
        assert b"\n" not in new.replace(b"\r\n", b"")
        assert b"# note\r\n" in new
        assert b"\r\n\r\n[tui]\r\nx = 1\r\n" in new
    assert tomllib.loads(new.decode("utf-8-sig"))["model_provider"] == "OpenAI"


def test_broken_toml_is_refused_with_line_and_column(paths: AppPaths, good_key: str) -> None:
    write(paths.config_toml, 'model = "o3"\n[tui\nx = 1\n')
    with pytest.raises(ConfigParseError) as info:
        plan_configure(paths, good_key, SETTINGS)
    assert info.value.line == 2
    assert "line 2" in info.value.message
    assert paths.config_toml.read_text() == 'model = "o3"\n[tui\nx = 1\n'


def test_concurrent_edit_between_plan_and_write_is_refused(paths: AppPaths, good_key: str) -> None:
    write(paths.config_toml, 'model = "o3"\n')
    plan = plan_configure(paths, good_key, SETTINGS)
    # Codex writes a trust entry while the user looks at the preview.
    write(paths.config_toml, 'model = "o3"\n\n[projects."/tmp/x"]\ntrust_level = "trusted"\n')
    with pytest.raises(StalePlanError):
        apply_plan(plan)
    assert paths.config_toml.read_text().endswith('trust_level = "trusted"\n')
    assert not paths.auth_json.exists()
    assert list_backups(paths) == ()
    configure(paths, good_key)  # re-planning keeps Codex's edit
    assert '[projects."/tmp/x"]' in paths.config_toml.read_text()


def test_crash_between_temp_write_and_rename_leaves_old_file(
    paths: AppPaths, good_key: str
) -> None:
    write(paths.config_toml, 'model = "o3"\n')

    def crash(_tmp: Path) -> None:
        raise KeyboardInterrupt  # as if the process were killed here

    with pytest.raises(KeyboardInterrupt):
        apply_plan(plan_configure(paths, good_key, SETTINGS), before_rename=crash)
    assert paths.config_toml.read_text() == 'model = "o3"\n'
    leftovers = [p.name for p in paths.codex_home.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root ignores modes")
def test_read_only_config_reports_plainly(paths: AppPaths, good_key: str) -> None:
    write(paths.config_toml, 'model = "o3"\n')
    paths.codex_home.chmod(0o500)
    try:
        from app.core.errors import FileProblem

        with pytest.raises(FileProblem):
            apply_plan(plan_configure(paths, good_key, SETTINGS))
    finally:
        paths.codex_home.chmod(0o700)
    assert paths.config_toml.read_text() == 'model = "o3"\n'


def test_unwritable_location_is_reported_without_writing(tmp_path: Path, good_key: str) -> None:
    from app.core.errors import FileProblem
    from app.core.paths import resolve_paths

    blocker = write(tmp_path / "not-a-folder", "x")
    paths = resolve_paths(blocker / "codex", tmp_path / "settings")
    with pytest.raises(FileProblem) as info:
        apply_plan(plan_configure(paths, good_key, SETTINGS))
    assert "not-a-folder" in info.value.message
    assert good_key not in str(info.value)


def test_missing_codex_home_is_created_private(tmp_path: Path, good_key: str) -> None:
    from app.core.paths import resolve_paths

    paths = resolve_paths(tmp_path / "nested" / "codex", tmp_path / "settings")
    configure(paths, good_key)
    assert paths.config_toml.is_file()
    if sys.platform != "win32":
        assert paths.codex_home.stat().st_mode & 0o777 == 0o700


def test_a_folder_where_config_should_be_is_reported(paths: AppPaths, good_key: str) -> None:
    from app.core.errors import FileProblem

    paths.config_toml.mkdir()
    with pytest.raises(FileProblem) as info:
        plan_configure(paths, good_key, SETTINGS)
    assert "folder" in info.value.message


def test_huge_config_is_handled(paths: AppPaths, good_key: str) -> None:
    body = "".join(f'[projects."/home/me/p{i}"]\ntrust_level = "trusted"\n\n' for i in range(20000))
    write(paths.config_toml, body)
    configure(paths, good_key)
    new = paths.config_toml.read_text()
    assert body in new or body.rstrip("\n") in new
    assert tomllib.loads(new)["model_provider"] == "OpenAI"


def test_acknowledged_migration_is_recorded(paths: AppPaths, good_key: str) -> None:
    settings = CodexSettings(
        base_url="https://api.clawto.link/v1",
        acknowledge_migrations=(("gpt-5.5", "gpt-6-sol"),),
    )
    write(paths.config_toml, (FIXTURES / "realistic.toml").read_text())
    configure(paths, good_key, settings)
    data = tomllib.loads(paths.config_toml.read_text())
    assert data["notice"]["model_migrations"] == {"gpt-5": "gpt-5.5", "gpt-5.5": "gpt-6-sol"}


def test_backups_are_pruned_to_newest(paths: AppPaths, good_key: str) -> None:
    for i in range(5):
        apply_plan(
            plan_configure(
                paths, good_key, CodexSettings(base_url=f"https://api.clawto.link/v{i}")
            ),
            keep_backups=3,
        )
    kept = list_backups(paths)
    assert len(kept) == 4  # the newest 3, and the first (the files before we ever wrote)
    assert kept[-1].first and not any(b.first for b in kept[:-1])


def test_process_killed_before_rename_loses_nothing(paths: AppPaths, good_key: str) -> None:
    """A real process dies (os._exit) between the temp write and the rename."""
    import subprocess
    import textwrap

    write(paths.config_toml, 'model = "o3"\n')
    script = textwrap.dedent(
        f"""
        import os
        from app.core.codex_config import CodexSettings
        from app.core.paths import resolve_paths
        from app.core.plan import apply_plan, plan_configure
        paths = resolve_paths({str(paths.codex_home)!r}, {str(paths.settings_dir)!r})
        plan = plan_configure(paths, {good_key!r}, CodexSettings(base_url="https://api.clawto.link/v1"))
        apply_plan(plan, before_rename=lambda tmp: os._exit(9))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).parents[2], timeout=60)
    assert done.returncode == 9
    assert paths.config_toml.read_text() == 'model = "o3"\n'  # the old file, whole
    stale = list(paths.codex_home.glob(".config.toml.*.tmp"))
    assert stale, "the killed process should have left its temp file"
    configure(paths, good_key)  # the next run tidies up and writes normally
    assert not list(paths.codex_home.glob(".config.toml.*.tmp"))
    assert tomllib.loads(paths.config_toml.read_text())["model_provider"] == "OpenAI"


def test_diff_masks_chatgpt_sign_in_tokens(paths: AppPaths, good_key: str) -> None:
    tokens = {
        "id_token": "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl",
        "access_token": "at_0123456789abcdefghij",
        "refresh_token": "rt_0123456789abcdefghij",
        "account_id": "acct-7f3e2d1c",
    }
    write(paths.auth_json, json.dumps({"OPENAI_API_KEY": None, "tokens": tokens}, indent=2))
    diff = plan_configure(paths, good_key, SETTINGS).diff()
    assert '"tokens"' in diff
    for value in tokens.values():
        assert value not in diff
    assert '"auth_mode": "apikey"' in diff


def test_auth_json_that_is_a_folder_is_refused_before_anything_is_written(
    paths: AppPaths, good_key: str
) -> None:
    from app.core.errors import FileProblem

    write(paths.config_toml, 'model = "o3"\n')
    paths.auth_json.mkdir()
    with pytest.raises(FileProblem) as info:
        plan_configure(paths, good_key, SETTINGS)
    assert "Nothing was changed" in info.value.hint
    assert paths.config_toml.read_text() == 'model = "o3"\n'
    assert list_backups(paths) == ()


def test_unreadable_auth_json_is_never_replaced(
    paths: AppPaths, good_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permission denied cannot be produced as root (CI runs as root), so the read is made to
    fail the way it does for a user facing a root-owned auth.json: the only stand-in here."""
    from app.core import plan as plan_module
    from app.core.errors import FileProblem
    from app.core.fileio import FileSnapshot, read_snapshot

    write(paths.auth_json, '{"OPENAI_API_KEY": "sk-old"}')

    def denied(path: Path) -> FileSnapshot:
        if path.name == "auth.json":
            return FileSnapshot(
                path, "unreadable", error=f"{path} cannot be read: permission denied."
            )
        return read_snapshot(path)

    monkeypatch.setattr(plan_module, "read_snapshot", denied)
    with pytest.raises(FileProblem):
        plan_configure(paths, good_key, SETTINGS)
    assert paths.auth_json.read_text() == '{"OPENAI_API_KEY": "sk-old"}'


def test_second_file_failing_puts_the_first_back(paths: AppPaths, good_key: str) -> None:
    from app.core.errors import FileProblem

    write(paths.config_toml, 'model = "o3"\n')
    plan = plan_configure(paths, good_key, SETTINGS)

    def fail_on_auth(tmp: Path) -> None:
        if tmp.name.startswith(".auth.json."):
            raise FileProblem("auth.json could not be written: disk full.")

    with pytest.raises(FileProblem) as info:
        apply_plan(plan, before_rename=fail_on_auth)
    assert "Nothing was changed" in info.value.hint
    assert paths.config_toml.read_text() == 'model = "o3"\n'
    assert not paths.auth_json.exists()
    assert list_backups(paths) == ()  # no change, so no backup of one


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlinked_config_is_edited_through_the_link(
    paths: AppPaths, good_key: str, tmp_path: Path
) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = write(dotfiles / "config.toml", "# managed by my dotfiles\n")
    paths.config_toml.symlink_to(real)
    configure(paths, good_key)
    assert paths.config_toml.is_symlink()
    assert 'model_provider = "OpenAI"' in real.read_text()
    assert real.read_text().startswith("# managed by my dotfiles\n")


@pytest.mark.parametrize(
    "original",
    [
        'model_providers.other.base_url = "https://x.example/v1"\n'
        'model_providers.other.name = "x"\n\n[tui]\nfoo = 1\n',
        'model_providers = { other = { name = "x", base_url = "https://x.example/v1" } }\n'
        "\n[tui]\nfoo = 1\n",
        "notice.hide_full_access_warning = true\n\n[tui]\nfoo = 1\n",
        "notice = { hide_full_access_warning = true }\n\n[tui]\nfoo = 1\n",
    ],
)
def test_dotted_and_inline_parents_are_edited_in_their_own_form(
    paths: AppPaths, good_key: str, original: str
) -> None:
    """A [model_providers.X] header between dotted lines would capture the lines after it (and
    our model_provider with them): such parents get an inline entry instead."""
    write(paths.config_toml, original)
    settings = CodexSettings(
        base_url="https://api.clawto.link/v1", acknowledge_migrations=(("gpt-5.5", "gpt-6-sol"),)
    )
    configure(paths, good_key, settings)
    new = tomllib.loads(paths.config_toml.read_text())
    before = tomllib.loads(original)
    assert new["model_provider"] == "OpenAI"
    assert new["model_providers"]["OpenAI"]["requires_openai_auth"] is True
    assert new["notice"]["model_migrations"] == {"gpt-5.5": "gpt-6-sol"}
    assert new["tui"] == {"foo": 1}
    for table in ("model_providers", "notice"):
        for key, value in before.get(table, {}).items():
            assert new[table][key] == value
    assert not plan_configure(paths, good_key, settings).changed


def test_diff_masks_secrets_written_in_config_toml(paths: AppPaths, good_key: str) -> None:
    write(
        paths.config_toml,
        'model_provider = "tp"\n\n[model_providers.tp]\nname = "TokenPool"\n'
        'base_url = "https://api.tokenpool.dev"\n'
        'experimental_bearer_token = "tpk_abcdefghij0123456789"\n'
        'http_headers = { Authorization = "Bearer Zx9_qwertyuiop12" }\n'
        'query_params = { key = "abcdefghijklmnop-0123" }\n',
    )
    diff = plan_configure(paths, good_key, SETTINGS).diff()
    assert "base_url" in diff
    for secret in ("tpk_abcdefghij0123456789", "Zx9_qwertyuiop12", "abcdefghijklmnop-0123"):
        assert secret not in diff


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX mode bits (Windows: the Read-only box)")
def test_a_config_the_person_made_read_only_is_left_alone(paths: AppPaths, good_key: str) -> None:
    """0444 is the person's choice (as for their shell profile): an atomic rename would replace
    it regardless of its mode, so it is refused with words, even for root."""
    from app.core.errors import FileProblem

    write(paths.config_toml, 'model = "o3"\n')
    paths.config_toml.chmod(0o444)
    with pytest.raises(FileProblem) as info:
        apply_plan(plan_configure(paths, good_key, SETTINGS))
    assert info.value.code == "config_toml_read_only"
    assert "read-only" in info.value.message
    assert "chmod u+w" in info.value.hint and "Nothing was changed" in info.value.hint
    assert paths.config_toml.read_text() == 'model = "o3"\n'
    assert paths.config_toml.stat().st_mode & 0o777 == 0o444
    assert not paths.auth_json.exists()
    assert list_backups(paths) == ()
    # Made read-only between the preview and the write: the same, and nothing half-written.
    paths.config_toml.chmod(0o644)
    plan = plan_configure(paths, good_key, SETTINGS)
    paths.config_toml.chmod(0o444)
    with pytest.raises(FileProblem):
        apply_plan(plan)
    assert paths.config_toml.read_text() == 'model = "o3"\n'
    assert not paths.auth_json.exists()
