"""Our writers against a program that takes no lock: nothing it writes is ever lost.

Codex, an editor or a dotfile manager may change config.toml at any moment without our lock. A
real second process appends a line every 50 ms while configure, repair, restore and the tray's
endpoint switch write again and again: every line it appended must still be in config.toml at
the end (or the write was refused, saying the file changed). Each backup holds exactly the bytes
it replaced.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.auth_file import render_auth_json
from app.core.backups import list_backups
from app.core.codex_config import CodexSettings
from app.core.doctor import read_state
from app.core.errors import StalePlanError
from app.core.fileio import FileSnapshot, atomic_write, read_snapshot
from app.core.paths import AppPaths
from app.core.plan import apply_plan, plan_configure, plan_restore
from app.core.repair import plan_repair
from tests.conftest import write

APPENDER = r"""
import sys, time
from pathlib import Path
target, stop = Path(sys.argv[1]), Path(sys.argv[2])
n = 0
while not stop.exists():
    n += 1
    with open(target, "a", encoding="utf-8") as handle:  # as an editor's "append" or echo >>
        handle.write(f"# appended {n}\n")
    time.sleep(0.05)
print(n, flush=True)
"""


class Appender:
    def __init__(self, target: Path, tmp: Path) -> None:
        self.stop_file = tmp / "stop-appending"
        self.process = subprocess.Popen(
            [sys.executable, "-c", APPENDER, str(target), str(self.stop_file)],
            stdout=subprocess.PIPE,
            text=True,
        )

    def finish(self) -> int:
        self.stop_file.touch()
        out, _ = self.process.communicate(timeout=30)
        return int(out.strip())


def lost_lines(config: Path, appended: int, also_in: tuple[Path, ...] = ()) -> list[int]:
    text = "".join(p.read_text(encoding="utf-8") for p in (config, *also_in))
    return [n for n in range(1, appended + 1) if f"# appended {n}\n" not in text]


def run_against_appender(
    paths: AppPaths, tmp: Path, rounds: int, one_write: Callable[[int], None]
) -> tuple[int, int, int]:
    """``rounds`` writes (each retried like a person would after "changed, try again")."""
    appender = Appender(paths.config_toml, tmp)
    written = refused = 0
    try:
        time.sleep(0.2)
        for n in range(rounds):
            # Writes at every phase of the appender's 50 ms beat.
            time.sleep(0.02 + (n * 13 % 41) / 1000)
            for _attempt in range(50):
                try:
                    one_write(n)
                except StalePlanError as exc:
                    assert "changed by another program" in exc.message
                    assert "Nothing was written" in exc.hint or "put back" in exc.hint
                    refused += 1
                    continue
                written += 1
                break
    finally:
        appended = appender.finish()
    assert appended > 20, "the appender did not run"
    return written, refused, appended


def assert_backups_hold_what_was_replaced(paths: AppPaths) -> None:
    for backup in list_backups(paths):
        for entry in backup.files:
            if entry.existed:
                data = backup.file_path(entry.name).read_bytes()
                assert hashlib.sha256(data).hexdigest() == entry.sha256


@pytest.mark.slow
def test_configure_forty_times_against_an_appender_loses_no_line(
    paths: AppPaths, good_key: str, tmp_path: Path
) -> None:
    write(paths.config_toml, 'model = "o3"\n')

    def configure(n: int) -> None:
        model = "gpt-5.5" if n % 2 else "gpt-5.4"
        apply_plan(
            plan_configure(
                paths, good_key, CodexSettings(base_url="https://api.clawto.link/v1", model=model)
            ),
            keep_backups=100,
        )

    written, _refused, appended = run_against_appender(paths, tmp_path, 40, configure)
    # A refused write is right (the file changed); on a busy machine planning can outlast the
    # appender's beat, so not every round gets through. What matters: nothing is lost.
    assert written >= 20
    assert lost_lines(paths.config_toml, appended) == []
    assert_backups_hold_what_was_replaced(paths)


@pytest.mark.slow
def test_repair_and_restore_against_an_appender_lose_no_line(
    paths: AppPaths, good_key: str, tmp_path: Path
) -> None:
    # A plain-http TokenPool address: repair makes it https (and a restore brings it back).
    write(
        paths.config_toml,
        'model = "gpt-5.5"\nmodel_provider = "tokenpool"\n\n[model_providers.tokenpool]\n'
        'name = "TokenPool"\nbase_url = "http://api.clawto.link/v1"\nwire_api = "responses"\n'
        "requires_openai_auth = true\n",
    )
    write(paths.auth_json, render_auth_json(good_key))
    paths.auth_json.chmod(0o600)

    def repair_or_restore(n: int) -> None:
        if n % 2 == 0:
            plan = plan_repair(read_state(paths, {}), env={})
            assert plan.changed
        else:
            plan = plan_restore(paths, list_backups(paths)[-1].id)  # the http one
        apply_plan(plan, keep_backups=100)

    written, _refused, appended = run_against_appender(paths, tmp_path, 30, repair_or_restore)
    assert written >= 15  # (refusals are right, see above)
    # A restore puts an older file back on purpose: what was there just before is its backup.
    # Lost is what is nowhere: neither in config.toml nor in any backup.
    copies = (b.file_path("config.toml") for b in list_backups(paths))
    backed_up = tuple(copy for copy in copies if copy.exists())
    assert lost_lines(paths.config_toml, appended, backed_up) == []
    assert_backups_hold_what_was_replaced(paths)


def test_an_edit_between_the_last_compare_and_the_rename_is_put_back(paths: AppPaths) -> None:
    """The narrowest gap, made wide on purpose: another program appends to the file right after
    our last compare, before the rename. The old file (with their line) goes back in place."""
    write(paths.config_toml, "a = 1\n")
    before = read_snapshot(paths.config_toml)
    import app.core.fileio as fileio

    real_replace = fileio._replace
    calls = []

    def append_then_replace(src: Path, dst: Path) -> None:
        if not calls:
            with open(dst, "a", encoding="utf-8") as handle:
                handle.write("b = 2\n")
        calls.append(dst)
        real_replace(src, dst)

    fileio._replace = append_then_replace  # type: ignore[assignment]
    try:
        with pytest.raises(StalePlanError):
            atomic_write(paths.config_toml, b"a = 3\n", expect=before)
    finally:
        fileio._replace = real_replace  # type: ignore[assignment]
    assert paths.config_toml.read_text() == "a = 1\nb = 2\n"
    assert [p.name for p in paths.codex_home.iterdir() if p.name.endswith(".tmp")] == []


def test_a_file_that_appeared_is_not_replaced(paths: AppPaths) -> None:
    missing = read_snapshot(paths.config_toml)
    assert not missing.exists

    def someone_creates_it(_tmp: Path) -> None:
        write(paths.config_toml, "theirs = true\n")

    with pytest.raises(StalePlanError):
        atomic_write(
            paths.config_toml, b"ours = true\n", expect=missing, before_rename=someone_creates_it
        )
    assert paths.config_toml.read_text() == "theirs = true\n"


def test_a_removal_of_a_changed_file_is_refused(paths: AppPaths) -> None:
    from app.core.fileio import remove_if_unchanged

    write(paths.auth_json, "{}\n")
    stale = FileSnapshot(paths.auth_json, "ok", raw=b'{"old": 1}\n')
    with pytest.raises(StalePlanError):
        remove_if_unchanged(paths.auth_json, stale)
    assert paths.auth_json.read_text() == "{}\n"
    remove_if_unchanged(paths.auth_json, read_snapshot(paths.auth_json))
    assert not paths.auth_json.exists()


@pytest.mark.slow
def test_the_trays_endpoint_switch_against_an_appender_loses_no_line(
    paths: AppPaths, good_key: str, tmp_path: Path
) -> None:
    """The tray's own writer (switch endpoint) goes through the same plan: the same guarantee."""
    from app.core.tray.jobs import switch_endpoint

    apply_plan(
        plan_configure(
            paths, good_key, CodexSettings(base_url="https://api.clawto.link/v1", model="gpt-5.5")
        )
    )
    urls = ("https://api.clawto.link/v1", "https://api.tokenpool.dev/v1")

    def switch(n: int) -> None:
        switch_endpoint(paths, urls[n % 2], env={})  # the base_url the probe says to write

    written, _refused, appended = run_against_appender(paths, tmp_path, 30, switch)
    assert written >= 15  # (refusals are right, see above)
    assert lost_lines(paths.config_toml, appended) == []
    assert_backups_hold_what_was_replaced(paths)
