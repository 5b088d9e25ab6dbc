"""Backups and restore: the first backup (the files before this app ever wrote) is kept for good;
a restore that fails half-way puts back what it had changed, or says exactly what it did."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.auth_file import render_auth_json
from app.core.backups import list_backups
from app.core.codex_config import CodexSettings
from app.core.errors import FileProblem
from app.core.paths import AppPaths
from app.core.plan import apply_plan, plan_configure, plan_restore
from tests.cli.test_cli import call
from tests.conftest import write

CHATGPT_AUTH = json.dumps(
    {
        "OPENAI_API_KEY": None,
        "tokens": {"id_token": "eyJ.id.tok", "access_token": "eyJ.acc.tok", "refresh_token": "rt"},
        "last_refresh": "2026-01-01T00:00:00Z",
    }
).encode()


def configure(paths: AppPaths, key: str, n: int) -> None:
    settings = CodexSettings(base_url=f"https://api.clawto.link/v{n}")
    apply_plan(plan_configure(paths, key, settings))


def test_the_first_backup_is_kept_for_good_and_marked(
    paths: AppPaths, good_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(paths.config_toml, 'model = "o3"  # my own model\n')
    write(paths.auth_json, CHATGPT_AUTH)
    for n in range(25):  # more than the 20 kept
        configure(paths, good_key, n)
    backups = list_backups(paths)
    assert len(backups) == 21  # the newest 20 and the first
    first = backups[-1]
    assert first.first and not any(b.first for b in backups[:-1])
    assert first.file_path("auth.json").read_bytes() == CHATGPT_AUTH
    home = ["--codex-home", str(paths.codex_home)]
    code, out, _ = call(["restore", "--list", *home], monkeypatch)
    assert code == 0
    marked = [line for line in out.splitlines() if "first backup" in line]
    assert len(marked) == 1 and first.id in marked[0] and "kept for good" in marked[0]
    code, out, _ = call(["restore", "--list", "--json", *home], monkeypatch)
    assert [b["first"] for b in json.loads(out)] == [False] * 20 + [True]
    # ... and restore brings the ChatGPT sign-in back.
    apply_plan(plan_restore(paths, first.id))
    assert paths.auth_json.read_bytes() == CHATGPT_AUTH
    assert paths.config_toml.read_text() == 'model = "o3"  # my own model\n'


def _immutable(path: Path, on: bool) -> None:
    subprocess.run(["chattr", "+i" if on else "-i", str(path)], check=True)


def _can_make_immutable(tmp: Path) -> str:
    if sys.platform != "linux" or shutil.which("chattr") is None:
        return "needs Linux chattr"
    probe = tmp / "probe"
    probe.write_text("x")
    done = subprocess.run(["chattr", "+i", str(probe)], capture_output=True)
    if done.returncode != 0:
        return "chattr +i needs root (CAP_LINUX_IMMUTABLE) on ext4/xfs/btrfs"
    _immutable(probe, False)
    probe.unlink()
    return ""


def test_a_restore_whose_second_file_cannot_be_removed_puts_the_first_back(
    paths: AppPaths, good_key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on Windows when Codex holds auth.json open. Here auth.json is made immutable
    (``chattr +i``: neither root nor anyone may rename or remove it), which is what the
    removal meets there: the file stays, the call fails."""
    reason = _can_make_immutable(tmp_path)
    if reason:
        pytest.skip(reason)
    write(paths.config_toml, "# mine\n")  # no auth.json yet: restoring removes it again
    configure(paths, good_key, 1)
    configured_config = paths.config_toml.read_bytes()
    backup_id = list_backups(paths)[-1].id
    _immutable(paths.auth_json, True)
    try:
        home = ["--codex-home", str(paths.codex_home)]
        code, _out, err = call(["restore", backup_id, "--yes", *home], monkeypatch)
        assert code != 0
        assert "Traceback" not in err and "half-written" not in err
        assert "auth.json could not be removed" in err
        assert "Nothing was changed (what had been written is put back)" in err
        assert paths.config_toml.read_bytes() == configured_config  # rolled back
        assert paths.auth_json.read_bytes() == render_auth_json(good_key)
    finally:
        _immutable(paths.auth_json, False)


def test_a_rollback_that_fails_too_says_exactly_what_was_changed(
    paths: AppPaths, good_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Imitated (the removal and the putting back both fail by a patched call): the message
    names what was changed and not put back, what was not changed, and the backup to use."""
    import app.core.plan as plan_module

    write(paths.config_toml, "# mine\n")
    configure(paths, good_key, 1)
    backup_id = list_backups(paths)[-1].id
    plan = plan_restore(paths, backup_id)
    real_write = plan_module.atomic_write
    writes = []

    def removal_fails(path: Path, _expect: object) -> None:
        raise PermissionError(13, "Access is denied")

    def second_write_fails(path: Path, data: bytes, **kwargs: object) -> None:
        writes.append(path)
        if len(writes) > 1:
            raise FileProblem(f"{path} could not be written: Access is denied.")
        real_write(path, data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(plan_module, "remove_if_unchanged", removal_fails)
    monkeypatch.setattr(plan_module, "atomic_write", second_write_fails)
    with pytest.raises(FileProblem) as info:
        apply_plan(plan)
    assert "auth.json could not be changed" in info.value.message
    hint = info.value.hint
    assert "Changed and NOT put back: config.toml" in hint
    assert "not changed: auth.json" in hint
    assert f"tokenpool-setup restore {list_backups(paths)[0].id}" in hint
    assert paths.config_toml.read_text() == "# mine\n"  # the restore's own write stayed
