"""Starting the tray: the double-click route (set up → the tray's panel; missing, broken or someone
else's files → the wizard), ``tokenpool-setup tray [--hidden]``, the hand-over to a running tray
(a real second process), and the detached start the wizard's Done page uses.

The tray itself (``app.ui.tray.launch.run_tray``) is replaced by a recording double here: these
tests are about getting there, not about the tray."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

import app.__main__ as entry
from app import cli
from app.core.paths import AppPaths, resolve_paths
from app.core.tray.start_view import choose_start_view
from app.ui.tray import launch, spawn
from app.ui.tray.single_instance import instance_name
from app.ui.tray.spawn import spawn_detached  # the real one (conftest stubs the attribute)
from tests.support.broken_homes import setup_home
from tests.tray.test_tray_single_instance import finish, first_line, start_child


class FakeTray:
    """Stands in for the tray helper's ``run_tray``: records how it was started."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def run_tray(self, **kwargs: Any) -> int:
        assert kwargs["instance"].is_primary  # the tray runs only as the one primary
        self.calls.append(kwargs)
        return 0


@pytest.fixture
def fake_tray(monkeypatch: pytest.MonkeyPatch) -> FakeTray:
    fake = FakeTray()
    monkeypatch.setattr(launch, "run_tray", fake.run_tray)
    return fake


@pytest.fixture
def default_paths() -> AppPaths:
    """The paths a double-click resolves (conftest points them into tmp_path)."""
    return resolve_paths()


# --------------------------------------------------------------------------- the decision


def test_missing_files_open_the_wizard(paths: AppPaths) -> None:
    assert choose_start_view(paths).reason == "files_missing"
    setup_home(paths, config="good.toml", auth=None)
    assert choose_start_view(paths).view == "wizard"


def test_set_up_for_tokenpool_opens_the_panel(paths: AppPaths) -> None:
    setup_home(paths)
    choice = choose_start_view(paths, env={})
    assert (choice.view, choice.reason) == ("panel", "set_up")


@pytest.mark.parametrize(
    ("config", "auth", "code"),
    [
        ("duplicate_table.toml", "auth_good.json", "duplicate_table"),
        ("unterminated_string.toml", "auth_good.json", None),
        ("good.toml", "auth_bad_json.json", "auth_json_invalid"),
        ("good.toml", "auth_chatgpt_tokens.json", "chatgpt_tokens_shadow_key"),
        ("provider_missing.toml", "auth_good.json", "provider_missing"),
    ],
)
def test_broken_files_open_the_wizard(
    paths: AppPaths, config: str, auth: str, code: str | None
) -> None:
    setup_home(paths, config=config, auth=auth)
    choice = choose_start_view(paths, env={})
    assert (choice.view, choice.reason) == ("wizard", "problems")
    if code is not None:
        assert code in choice.codes


def test_another_providers_files_open_the_wizard(paths: AppPaths) -> None:
    unrelated = Path(__file__).parents[1] / "fixtures" / "configs" / "unrelated_openai.toml"
    setup_home(paths, config=unrelated.read_text(encoding="utf-8"))
    choice = choose_start_view(paths, env={})
    # Decided by the quick text check: the doctor would have named a problem of that file
    # (no requires_openai_auth), but it is not ours to judge before the wizard opens.
    assert (choice.view, choice.reason) == ("wizard", "not_tokenpool")


def test_tokenpool_named_only_in_a_comment_is_still_checked(paths: AppPaths) -> None:
    """The quick text check only rules out; otherwise the doctor decides."""
    unrelated = Path(__file__).parents[1] / "fixtures" / "configs" / "unrelated_openai.toml"
    text = "# tried TokenPool once (api.clawto.link)\n" + unrelated.read_text(encoding="utf-8")
    setup_home(paths, config=text)
    # The doctor ran (the quick check gives no codes): another relay is active, not TokenPool.
    for config in (text, text + "requires_openai_auth = true\n"):
        setup_home(paths, config=config)
        choice = choose_start_view(paths, env={})
        assert (choice.view, choice.reason) == ("wizard", "not_tokenpool")
        assert "other_provider_active" in choice.codes


# --------------------------------------------------------------------------- the double-click


@pytest.fixture
def recorded_starts(monkeypatch: pytest.MonkeyPatch, fake_tray: FakeTray) -> dict[str, list[Any]]:
    """What each start opened: the tray (its arguments), the wizard, or another command."""
    import app.ui.main

    starts: dict[str, list[Any]] = {"tray": [], "wizard": [], "command": []}

    def fake_launch_tray(argv: Any = (), **kwargs: Any) -> int:
        starts["tray"].append(kwargs)
        return 0

    def fake_run_gui(args: Any, paths: AppPaths) -> int:
        starts["wizard"].append(paths)
        return 0

    def fake_doctor(args: Any, paths: AppPaths, console: Any) -> int:
        starts["command"].append("doctor")
        return 0

    monkeypatch.setattr(launch, "launch_tray", fake_launch_tray)
    monkeypatch.setattr(app.ui.main, "run_gui", fake_run_gui)
    monkeypatch.setitem(cli.COMMANDS, "doctor", fake_doctor)
    return starts


def test_double_click_when_set_up_opens_the_panel(
    default_paths: AppPaths, recorded_starts: dict[str, list[Any]]
) -> None:
    setup_home(default_paths)
    assert entry.main([]) == 0
    assert recorded_starts["wizard"] == []
    [started] = recorded_starts["tray"]
    assert started["show_panel"] is True and started["hidden"] is False
    assert started["paths"] == default_paths


def test_double_click_with_broken_files_opens_the_wizard(
    default_paths: AppPaths, recorded_starts: dict[str, list[Any]]
) -> None:
    setup_home(default_paths, config="duplicate_table.toml")
    assert entry.main([]) == 0
    assert recorded_starts == {"tray": [], "wizard": [default_paths], "command": []}


def test_no_tray_in_this_build_opens_the_wizard(
    default_paths: AppPaths, recorded_starts: dict[str, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    setup_home(default_paths)
    monkeypatch.setitem(sys.modules, "app.ui.tray.launch", None)  # import fails, as without it
    assert entry.main([]) == 0
    assert recorded_starts == {"tray": [], "wizard": [default_paths], "command": []}


def test_window_options_keep_the_route_and_commands_bypass_it(
    tmp_path: Path, recorded_starts: dict[str, list[Any]]
) -> None:
    home = tmp_path / "other codex"
    setup_home(resolve_paths(home))
    entry.main(["--codex-home", str(home), "--lang", "zh_CN"])
    [started] = recorded_starts["tray"]
    assert started["lang"] == "zh_CN" and started["paths"].codex_home == home
    # A command, an --endpoint (the wizard's own catalogue) or an explicit "gui": no routing.
    for argv in (
        ["doctor", "--codex-home", str(home)],
        ["--codex-home", str(home), "--endpoint", "https://api.clawto.link"],
        ["gui", "--codex-home", str(home)],
        ["--help"],
    ):
        entry.main(argv)
    assert len(recorded_starts["tray"]) == 1
    assert [p.codex_home for p in recorded_starts["wizard"]] == [home, home]
    assert recorded_starts["command"] == ["doctor"]


# --------------------------------------------------------------------------- launching


def test_tray_command_runs_the_tray(fake_tray: FakeTray, default_paths: AppPaths) -> None:
    assert cli.run_cli(["tray", "--hidden"]) == 0
    [call] = fake_tray.calls
    assert (call["hidden"], call["show_panel"]) == (True, False)
    assert call["paths"] == default_paths
    assert call["autostart"].is_enabled() is False  # the real toggle, off by default
    cli.run_cli(["tray", "--lang", "zh_CN"])
    assert (fake_tray.calls[1]["hidden"], fake_tray.calls[1]["lang"]) == (False, "zh_CN")


def test_tray_subcommand_in_help() -> None:
    assert "tray" in cli.build_parser().format_help()


def test_second_start_hands_over_to_the_running_tray(fake_tray: FakeTray, paths: AppPaths) -> None:
    running = start_child(instance_name(paths.settings_dir), mode="serve", wait_s=20)
    try:
        assert first_line(running) == "primary"
        assert launch.launch_tray(show_panel=False, hidden=True, paths=paths, lang=None) == 0
        assert launch.launch_tray(show_panel=True, hidden=False, paths=paths, lang=None) == 0
        assert fake_tray.calls == []  # it never ran a second tray
    finally:
        running.terminate()
    output = finish(running)
    assert output.splitlines() == ["got show-panel"]  # the hidden start sent nothing


def test_first_start_becomes_the_tray(fake_tray: FakeTray, paths: AppPaths) -> None:
    assert launch.launch_tray(show_panel=True, hidden=False, paths=paths, lang="en") == 0
    [call] = fake_tray.calls
    assert call["show_panel"] is True
    # The name is free again once the tray returned.
    assert not call["instance"].is_primary and not call["instance"].is_running()


def test_detached_start_unless_running(qapp, paths: AppPaths) -> None:  # type: ignore[no-untyped-def]
    commands: list[list[str]] = []
    started = spawn.start_tray_detached(paths, launcher=lambda c: commands.append(list(c)))
    assert started
    [command] = commands
    assert command[-3:] == ["tray", "--codex-home", str(paths.codex_home)]
    assert Path(command[0]).name in ("tokenpool-setup", "tokenpool-setup.exe", "pythonw.exe")

    running = start_child(instance_name(paths.settings_dir), mode="serve", wait_s=20)
    try:
        assert first_line(running) == "primary"
        assert not spawn.start_tray_detached(paths, launcher=lambda c: commands.append(list(c)))
        assert len(commands) == 1
    finally:
        running.terminate()
        finish(running)


def test_default_codex_home_is_not_repeated(default_paths: AppPaths) -> None:
    command = spawn.tray_command(default_paths)
    assert command[-1] == "tray"


def test_spawn_detached_really_detaches(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    child = spawn_detached(
        [sys.executable, "-c", f"import os; open({str(marker)!r}, 'w').write(str(os.getsid(0)))"]
    )
    child.wait(timeout=30)  # type: ignore[attr-defined]
    if sys.platform != "win32":
        assert int(marker.read_text()) != os.getsid(0)  # its own session: survives our exit


def test_tray_start_points_start_at_login_at_this_installation(
    fake_tray: FakeTray, paths: AppPaths
) -> None:
    from app.core.platform.autostart import XdgAutostart, autostart_for

    current = autostart_for()
    assert isinstance(current, XdgAutostart)
    moved_away = XdgAutostart(
        current.autostart_dir, ("/old/place/tokenpool-setup", "tray", "--hidden")
    )
    moved_away.set_enabled(True)
    launch.launch_tray(show_panel=False, hidden=True, paths=paths, lang=None)
    assert current.path.read_text(encoding="utf-8") == current.content()
    assert fake_tray.calls[0]["autostart"].is_enabled()
