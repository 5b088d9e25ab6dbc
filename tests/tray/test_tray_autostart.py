"""Start at login: the Linux desktop entry written, launched and removed for real; the macOS plist
and the Windows Run value generated and checked here (a Mac's launchd and the Windows registry
cannot exist on this machine, so the registry is a dict behind the same small interface)."""

from __future__ import annotations

import os
import plistlib
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.platform import autostart
from app.core.platform.autostart import (
    RUN_KEY,
    STARTUP_APPROVED_KEY,
    AutostartError,
    AutostartToggle,
    LaunchAgentAutostart,
    WindowsRunAutostart,
    XdgAutostart,
    autostart_for,
    desktop_exec_line,
    launch_command,
)


class FakeRegistry:
    """Stands in for HKEY_CURRENT_USER (no Windows registry on Linux)."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], object] = {}

    def get(self, key: str, name: str) -> object | None:
        return self.values.get((key, name))

    def set_string(self, key: str, name: str, value: str) -> None:
        self.values[(key, name)] = value

    def delete(self, key: str, name: str) -> None:
        self.values.pop((key, name), None)


def _toggle(t: AutostartToggle) -> AutostartToggle:
    return t  # mypy checks each implementation against the Protocol


# --------------------------------------------------------------------------- the command


def test_frozen_app_starts_itself(tmp_path: Path) -> None:
    exe = "/Applications/TokenPool Setup.app/Contents/MacOS/tokenpool-setup"
    assert launch_command(frozen=True, executable=exe, platform="darwin", env={}) == (
        exe,
        "tray",
        "--hidden",
    )


def test_console_script_next_to_the_interpreter_wins(tmp_path: Path) -> None:
    bin_dir = tmp_path / "my venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").write_text("")
    (bin_dir / "tokenpool-setup").write_text("")
    command = launch_command(
        frozen=False, executable=str(bin_dir / "python"), platform="linux", env={"PATH": ""}
    )
    assert command == (str(bin_dir / "tokenpool-setup"), "tray", "--hidden")


@pytest.mark.skipif(sys.platform == "win32", reason="a script on PATH with no .exe: POSIX")
def test_console_script_on_path_then_python_dash_m(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = elsewhere / "tokenpool-setup"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    python = str(tmp_path / "python3")
    found = launch_command(
        frozen=False, executable=python, platform="linux", env={"PATH": str(elsewhere)}
    )
    assert found == (str(script), "tray", "--hidden")
    fallback = launch_command(frozen=False, executable=python, platform="linux", env={"PATH": ""})
    assert fallback == (python, "-m", "app", "tray", "--hidden")


def test_windows_prefers_pythonw_so_no_console_window_opens(tmp_path: Path) -> None:
    scripts = tmp_path / "Scripts"
    scripts.mkdir()
    for name in ("python.exe", "pythonw.exe", "tokenpool-setup.exe"):
        (scripts / name).write_text("")
    command = launch_command(
        frozen=False, executable=str(scripts / "python.exe"), platform="win32", env={}
    )
    assert command == (str(scripts / "pythonw.exe"), "-m", "app", "tray", "--hidden")


def test_desktop_exec_quoting() -> None:
    assert desktop_exec_line(["/usr/bin/tokenpool-setup", "tray", "--hidden"]) == (
        "/usr/bin/tokenpool-setup tray --hidden"
    )
    # Spaces: the argument is quoted. A literal backslash becomes four, % becomes %%, $ escaped.
    assert desktop_exec_line(["/opt/Token Pool/run", "a\\b", "100%", "$x"]) == (
        '"/opt/Token Pool/run" "a\\\\\\\\b" 100%% "\\\\$x"'
    )


# --------------------------------------------------------------------------- Linux, for real


@pytest.mark.skipif(
    # Homebrew's glib on macOS has gio, but its `gio launch` runs no .desktop files.
    sys.platform != "linux" or shutil.which("gio") is None,
    reason="needs Linux's gio (apt-get install libglib2.0-bin)",
)
def test_linux_entry_for_an_install_path_with_percent_starts_with_gio(tmp_path: Path) -> None:
    """GLib looks the program up before it undoes %%: a path with % (and a space) must still
    start, as GNOME's autostart starts it (`gio launch` is the same GLib code)."""
    folder = tmp_path / "50% off apps"
    folder.mkdir()
    app = folder / "tokenpool setup"
    app.write_text(f'#!/bin/sh\nprintf "%s\\n" "$0" "$@" > "{tmp_path}/started-with"\n')
    app.chmod(0o755)
    toggle = XdgAutostart(tmp_path / "autostart", (str(app), "tray", "--hidden"))
    toggle.set_enabled(True)
    done = subprocess.run(
        ["gio", "launch", str(toggle.path)], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    started = tmp_path / "started-with"
    deadline = time.monotonic() + 10
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.read_text().splitlines() == [str(app), "tray", "--hidden"]
    assert toggle.is_enabled() and not toggle.refresh()  # the same entry: nothing to rewrite


@pytest.fixture
def fake_app(tmp_path: Path) -> Path:
    """An "installed app" in a folder with a space: records the arguments it was started with."""
    folder = tmp_path / "Token Pool's apps"
    folder.mkdir()
    app = folder / "tokenpool setup"
    app.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/started-with"\n')
    app.chmod(0o755)
    return app


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes, a #!/bin/sh app")
def test_linux_entry_written_started_and_removed(tmp_path: Path, fake_app: Path) -> None:
    home = Path(os.environ["HOME"])
    config_home = tmp_path / "xdg config"
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(config_home), "PATH": ""}
    toggle = _toggle(
        autostart_for(platform="linux", env=env, executable=str(fake_app), frozen=True)
    )
    entry = config_home / "autostart" / "tokenpool-setup-tray.desktop"
    assert not toggle.is_enabled()  # off by default: nothing written yet
    assert not entry.exists()

    toggle.set_enabled(True)
    assert toggle.is_enabled()
    text = entry.read_text(encoding="utf-8")
    assert "X-GNOME-Autostart-Delay=10" in text
    assert "X-TokenPool-Setup-Autostart=true" in text
    assert "Hidden=" not in text and "NoDisplay=" not in text
    assert f'Exec="{fake_app}" tray --hidden' in text
    assert stat.S_IMODE(entry.stat().st_mode) == 0o644

    toggle.set_enabled(True)  # again: the same file, nothing else
    assert sorted(p.name for p in entry.parent.iterdir()) == [entry.name]

    # Started the way a desktop starts it (GLib parses Exec=): the quoted path with a space
    # and an apostrophe runs, with exactly our arguments.
    gio = shutil.which("gio") if sys.platform == "linux" else None
    if gio is not None:
        subprocess.run([gio, "launch", str(entry)], check=True, timeout=30, env={**os.environ})
        started = tmp_path / "started-with"
        deadline = time.monotonic() + 10
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started.read_text().splitlines() == ["tray", "--hidden"]

    toggle.set_enabled(False)
    assert not entry.exists()
    assert not toggle.is_enabled()
    toggle.set_enabled(False)  # turning off twice is fine


def test_linux_default_location_is_xdg_config_home() -> None:
    toggle = autostart_for(platform="linux", executable="/x/tokenpool-setup", frozen=True)
    assert isinstance(toggle, XdgAutostart)
    assert toggle.path == Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / (
        "tokenpool-setup-tray.desktop"
    )
    env = {"HOME": "/home/ann"}
    no_xdg = autostart_for(platform="linux", env=env, executable="/x/app", frozen=True)
    assert isinstance(no_xdg, XdgAutostart)
    assert no_xdg.path == Path("/home/ann/.config/autostart/tokenpool-setup-tray.desktop")


def test_linux_turned_off_in_the_desktop_settings_counts_as_off(tmp_path: Path) -> None:
    toggle = XdgAutostart(tmp_path / "autostart", ("/x/app", "tray", "--hidden"))
    toggle.set_enabled(True)
    # GNOME's Startup Applications / a user edit marks the file instead of deleting it.
    toggle.path.write_text(toggle.path.read_text() + "Hidden=true\n")
    assert not toggle.is_enabled()
    toggle.set_enabled(True)  # on again: our own file, rewritten without Hidden
    assert toggle.is_enabled()
    assert "Hidden" not in toggle.path.read_text()
    toggle.path.write_text(
        toggle.path.read_text().replace(
            "X-GNOME-Autostart-enabled=true", "X-GNOME-Autostart-enabled=false"
        )
    )
    assert not toggle.is_enabled()


def test_linux_someone_elses_file_is_never_touched(tmp_path: Path) -> None:
    toggle = XdgAutostart(tmp_path / "autostart", ("/x/app", "tray", "--hidden"))
    toggle.path.parent.mkdir()
    theirs = "[Desktop Entry]\nType=Application\nName=Mine\nExec=my-own-thing\n"
    toggle.path.write_text(theirs)
    assert not toggle.is_enabled()
    toggle.set_enabled(False)
    assert toggle.path.read_text() == theirs
    with pytest.raises(AutostartError) as raised:
        toggle.set_enabled(True)
    assert raised.value.code == "autostart_not_ours"
    assert toggle.path.read_text() == theirs


# --------------------------------------------------------------------------- macOS (files only)


def test_macos_launch_agent_plist(tmp_path: Path) -> None:
    home = tmp_path / "Users" / "ann"
    exe = "/Applications/TokenPool Setup.app/Contents/MacOS/tokenpool-setup"
    toggle = _toggle(autostart_for(platform="darwin", home=home, executable=exe, frozen=True))
    plist_path = home / "Library" / "LaunchAgents" / "dev.tokenpool.setup.plist"
    assert not toggle.is_enabled()
    toggle.set_enabled(True)
    assert toggle.is_enabled()
    plist = plistlib.loads(plist_path.read_bytes())
    assert plist["Label"] == "dev.tokenpool.setup"
    # An argument array: the path with spaces needs no quoting at all.
    assert plist["ProgramArguments"] == [exe, "tray", "--hidden"]
    assert plist["RunAtLoad"] is True
    assert plist["KeepAlive"] is False
    assert plist["LimitLoadToSessionType"] == "Aqua"
    assert plist[autostart.PLIST_MARK] is True
    if shutil.which("plutil"):  # on a Mac: launchd's own parser accepts it
        subprocess.run(["plutil", "-lint", str(plist_path)], check=True)
    toggle.set_enabled(False)
    assert not plist_path.exists()
    assert not toggle.is_enabled()


def test_macos_someone_elses_plist_is_kept(tmp_path: Path) -> None:
    toggle = LaunchAgentAutostart(tmp_path, ("/x/app", "tray", "--hidden"))
    theirs = plistlib.dumps({"Label": "dev.tokenpool.setup", "ProgramArguments": ["/bin/true"]})
    toggle.path.write_bytes(theirs)
    assert not toggle.is_enabled()
    toggle.set_enabled(False)
    assert toggle.path.read_bytes() == theirs
    with pytest.raises(AutostartError):
        toggle.set_enabled(True)
    toggle.path.write_bytes(b"not a plist")  # damaged: not ours either, kept
    toggle.set_enabled(False)
    assert toggle.path.read_bytes() == b"not a plist"


# --------------------------------------------------------------------------- Windows (registry)


def test_windows_run_value() -> None:
    registry = FakeRegistry()
    exe = r"C:\Users\Ann Lee\AppData\Local\Programs\TokenPool Setup\tokenpool-setup.exe"
    toggle = _toggle(
        autostart_for(platform="win32", executable=exe, frozen=True, registry=registry)
    )
    assert not toggle.is_enabled()
    toggle.set_enabled(True)
    assert toggle.is_enabled()
    assert registry.values == {
        (RUN_KEY, "TokenPool Setup"): f'"{exe}" tray --hidden',
    }
    toggle.set_enabled(False)
    assert registry.values == {}
    assert not toggle.is_enabled()


@pytest.mark.parametrize("started_as", ["tokenpool-setup.exe", "tokenpool-setup-cli.exe"])
@pytest.mark.parametrize("folder", [r"C:\Programs\TokenPoolSetup", r"D:\Token Pool\Setup"])
def test_windows_run_value_is_always_the_windowed_program_quoted(
    started_as: str, folder: str
) -> None:
    """Whichever of the twins started the tray (the console one from a typed command), the Run
    value starts the windowed one, and its program is always quoted: exactly the string the
    uninstaller matches, ``"$INSTDIR\\tokenpool-setup.exe" tray --hidden``, with or without a
    space in the folder. (A registry is a dict here: Windows' cannot exist on Linux.)"""
    registry = FakeRegistry()
    toggle = autostart_for(
        platform="win32", executable=f"{folder}\\{started_as}", frozen=True, registry=registry
    )
    toggle.set_enabled(True)
    assert registry.values[(RUN_KEY, "TokenPool Setup")] == (
        f'"{folder}\\tokenpool-setup.exe" tray --hidden'
    )
    # An older version's console-twin value is ours too, and refresh() replaces it.
    registry.values[(RUN_KEY, "TokenPool Setup")] = (
        f'"{folder}\\tokenpool-setup-cli.exe" tray --hidden'
    )
    assert toggle.is_enabled() and toggle.refresh()
    assert registry.values[(RUN_KEY, "TokenPool Setup")] == (
        f'"{folder}\\tokenpool-setup.exe" tray --hidden'
    )


def test_windows_task_manager_disable_is_respected_and_undone() -> None:
    registry = FakeRegistry()
    toggle = WindowsRunAutostart(registry, (r"C:\app\tokenpool-setup.exe", "tray", "--hidden"))
    toggle.set_enabled(True)
    registry.values[(STARTUP_APPROVED_KEY, "TokenPool Setup")] = b"\x03" + b"\x00" * 11
    assert not toggle.is_enabled()
    toggle.set_enabled(True)
    assert (STARTUP_APPROVED_KEY, "TokenPool Setup") not in registry.values
    assert toggle.is_enabled()


def test_windows_someone_elses_value_is_kept() -> None:
    registry = FakeRegistry()
    registry.values[(RUN_KEY, "TokenPool Setup")] = r"C:\tools\other.exe --start"
    toggle = WindowsRunAutostart(registry, (r"C:\app\tokenpool-setup.exe", "tray", "--hidden"))
    assert not toggle.is_enabled()
    toggle.set_enabled(False)
    assert registry.values[(RUN_KEY, "TokenPool Setup")] == r"C:\tools\other.exe --start"
    with pytest.raises(AutostartError):
        toggle.set_enabled(True)


@pytest.mark.skipif(sys.platform != "win32", reason="the real registry exists only on Windows")
@pytest.mark.skipif(
    os.environ.get("CI") != "true", reason="writes this account's real Run key: CI runners only"
)
def test_windows_real_registry_round_trip() -> None:
    registry = autostart.WinregRegistry()
    name = "TokenPool Setup test"
    toggle = WindowsRunAutostart(registry, (sys.executable, "tray", "--hidden"), name=name)
    try:
        toggle.set_enabled(True)
        assert toggle.is_enabled()
    finally:
        toggle.set_enabled(False)
    assert registry.get(RUN_KEY, name) is None


def test_appimage_points_at_the_appimage_file() -> None:
    command = launch_command(
        frozen=True,
        executable="/tmp/.mount_TokenPXYZ/usr/bin/tokenpool-setup",
        platform="linux",
        env={"APPIMAGE": "/home/ann/Apps/TokenPool Setup.AppImage"},
    )
    assert command == ("/home/ann/Apps/TokenPool Setup.AppImage", "tray", "--hidden")


def test_refresh_follows_a_moved_app(tmp_path: Path) -> None:
    registry = FakeRegistry()
    old_new = [("/old/app", "/new/app"), (r"C:\old\app.exe", r"C:\new\app.exe")]
    toggles: list[tuple[object, object]] = [
        (
            XdgAutostart(tmp_path / "xdg", (old_new[0][0], "tray", "--hidden")),
            XdgAutostart(tmp_path / "xdg", (old_new[0][1], "tray", "--hidden")),
        ),
        (
            LaunchAgentAutostart(tmp_path / "la", (old_new[0][0], "tray", "--hidden")),
            LaunchAgentAutostart(tmp_path / "la", (old_new[0][1], "tray", "--hidden")),
        ),
        (
            WindowsRunAutostart(registry, (old_new[1][0], "tray", "--hidden")),
            WindowsRunAutostart(registry, (old_new[1][1], "tray", "--hidden")),
        ),
    ]
    for before, after in toggles:
        assert isinstance(before, XdgAutostart | LaunchAgentAutostart | WindowsRunAutostart)
        assert isinstance(after, XdgAutostart | LaunchAgentAutostart | WindowsRunAutostart)
        assert not after.refresh()  # off: nothing written
        before.set_enabled(True)
        assert after.refresh()
        assert not after.refresh()  # already right: not rewritten
        assert after.is_enabled()
        after.set_enabled(False)
        assert not after.refresh()
    assert registry.values == {}
    # Off in the desktop's settings stays off: refresh does not turn it back on.
    before, after = toggles[0]
    assert isinstance(before, XdgAutostart) and isinstance(after, XdgAutostart)
    before.set_enabled(True)
    before.path.write_text(before.path.read_text() + "Hidden=true\n")
    assert not after.refresh()
    assert "/old/app" in before.path.read_text()


# ----------------------------------------------------------------- macOS: where the app is

TRANSLOCATED = (
    "/private/var/folders/x7/abc123/T/AppTranslocation/5E2B1C3D-0000-4000-8000-0123456789AB/d/"
    "TokenPool Setup.app/Contents/MacOS/tokenpool-setup"
)
DISK_IMAGE = "/Volumes/TokenPool Setup/TokenPool Setup.app/Contents/MacOS/tokenpool-setup"
INSTALLED = "/Applications/TokenPool Setup.app/Contents/MacOS/tokenpool-setup"


@pytest.mark.parametrize("running_from", [DISK_IMAGE, TRANSLOCATED], ids=["dmg", "translocated"])
def test_macos_start_at_login_is_refused_from_a_path_that_disappears(
    tmp_path: Path, running_from: str
) -> None:
    """Imitated: the paths macOS gives an app run from its disk image or, quarantined, from
    Downloads. launchd would fail silently at the next login: refused, with what to do."""
    toggle = autostart_for(platform="darwin", home=tmp_path, executable=running_from, frozen=True)
    assert isinstance(toggle, LaunchAgentAutostart)
    with pytest.raises(AutostartError) as raised:
        toggle.set_enabled(True)
    assert raised.value.code == "autostart_app_not_in_applications"
    assert "Applications" in raised.value.hint
    assert not toggle.path.exists()
    toggle.set_enabled(False)  # turning off is always fine


@pytest.mark.parametrize("running_from", [DISK_IMAGE, TRANSLOCATED], ids=["dmg", "translocated"])
def test_macos_refresh_keeps_a_good_applications_entry(tmp_path: Path, running_from: str) -> None:
    installed = autostart_for(platform="darwin", home=tmp_path, executable=INSTALLED, frozen=True)
    installed.set_enabled(True)
    good = installed.path.read_bytes()  # type: ignore[union-attr]
    # The person opens the disk image's copy once more (to look at it): the tray starts there.
    again = autostart_for(platform="darwin", home=tmp_path, executable=running_from, frozen=True)
    assert not again.refresh()
    assert installed.path.read_bytes() == good  # type: ignore[union-attr]
    assert again.is_enabled()


class FakeAppService:
    """Stands in for SMAppService (macOS 13+): no Mac here. Status values as Apple's enum."""

    def __init__(self, after_register: int = 1) -> None:  # SMAppServiceStatusEnabled
        self.state = autostart.SM_NOT_REGISTERED
        self.after_register = after_register
        self.calls: list[str] = []

    def status(self) -> int:
        return self.state

    def register(self) -> None:
        self.calls.append("register")
        self.state = self.after_register

    def unregister(self) -> None:
        self.calls.append("unregister")
        self.state = autostart.SM_NOT_REGISTERED


def test_macos_13_uses_smappservice_and_retires_the_old_agent_file(tmp_path: Path) -> None:
    service = FakeAppService()
    old = autostart_for(platform="darwin", home=tmp_path, executable=INSTALLED, frozen=True)
    old.set_enabled(True)  # an older version's LaunchAgent file
    toggle = autostart_for(
        platform="darwin",
        home=tmp_path,
        executable=INSTALLED,
        frozen=True,
        service_management=service,
    )
    assert isinstance(toggle, autostart.AppServiceAutostart)
    assert toggle.is_enabled()  # the old file still counts until it is moved over
    assert toggle.refresh()  # moved over: registered, the old file gone (never two starts)
    assert service.calls == ["register"]
    assert not old.path.exists()  # type: ignore[union-attr]
    assert toggle.is_enabled()
    toggle.set_enabled(False)
    assert service.calls == ["register", "unregister"] and not toggle.is_enabled()


def test_macos_13_allow_in_the_background_switched_off_is_said(tmp_path: Path) -> None:
    service = FakeAppService(after_register=autostart.SM_REQUIRES_APPROVAL)
    toggle = autostart.AppServiceAutostart(
        service, LaunchAgentAutostart(tmp_path, (INSTALLED, "tray", "--hidden")), INSTALLED
    )
    with pytest.raises(AutostartError) as raised:
        toggle.set_enabled(True)
    assert raised.value.code == "autostart_needs_approval"
    assert "Allow in the Background" in raised.value.hint
    assert toggle.needs_approval and not toggle.is_enabled()


def test_macos_13_refuses_a_translocated_app_too(tmp_path: Path) -> None:
    service = FakeAppService()
    toggle = autostart.AppServiceAutostart(
        service, LaunchAgentAutostart(tmp_path, (TRANSLOCATED, "tray", "--hidden")), TRANSLOCATED
    )
    with pytest.raises(AutostartError):
        toggle.set_enabled(True)
    assert service.calls == []


@pytest.mark.skipif(sys.platform != "darwin", reason="SMAppService exists only on macOS 13+")
def test_macos_real_smappservice_answers_its_status() -> None:
    import platform

    if int(platform.mac_ver()[0].split(".")[0]) < 13:
        pytest.skip("SMAppService needs macOS 13 or later")
    service = autostart._ObjcAppService(f"{autostart.BUNDLE_ID}.plist")
    # Read only (registering would change this Mac's login items): a Python process has no
    # bundle with that plist, so "not registered" or "not found".
    assert service.status() in (autostart.SM_NOT_REGISTERED, autostart.SM_NOT_FOUND)
