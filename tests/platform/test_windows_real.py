"""The real Windows counterparts of what the Linux run imitates (a dict for the registry, a
symlink for the junction, a shell script for npm's shim, killpg for the tree kill): here the
real registry (a throwaway HKCU key, deleted afterwards; never the Run or Environment keys
themselves), a real npm-installed codex.cmd, CREATE_NO_WINDOW, taskkill's tree kill, a real
junction switch and a real WM_SETTINGCHANGE broadcast. Runs on the Windows runner of the push
workflow (.github/workflows/test.yml); skipped elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(
    sys.platform != "win32", reason="the real Windows registry, junctions and processes"
)

TEST_ROOT = "Software\\TokenPool Setup tests"


class PrefixedRegistry:
    """The app's real WinregRegistry, every key moved under a throwaway HKCU key."""

    def __init__(self, prefix: str) -> None:
        from app.core.platform.autostart import WinregRegistry

        self.real = WinregRegistry()
        self.prefix = prefix

    def get(self, key: str, name: str) -> object | None:
        return self.real.get(f"{self.prefix}\\{key}", name)

    def set_string(self, key: str, name: str, value: str) -> None:
        self.real.set_string(f"{self.prefix}\\{key}", name, value)

    def delete(self, key: str, name: str) -> None:
        self.real.delete(f"{self.prefix}\\{key}", name)

    def set_binary(self, key: str, name: str, value: bytes) -> None:
        import winreg

        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, f"{self.prefix}\\{key}") as handle:
            winreg.SetValueEx(handle, name, 0, winreg.REG_BINARY, value)


def _delete_tree(path: str) -> None:
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, path) as handle:
            children = []
            index = 0
            while True:
                try:
                    children.append(winreg.EnumKey(handle, index))
                except OSError:
                    break
                index += 1
    except FileNotFoundError:
        return
    for child in children:
        _delete_tree(f"{path}\\{child}")
    winreg.DeleteKey(winreg.HKEY_CURRENT_USER, path)


@pytest.fixture
def registry() -> Iterator[PrefixedRegistry]:
    prefix = f"{TEST_ROOT}\\{uuid.uuid4().hex}"
    try:
        yield PrefixedRegistry(prefix)
    finally:
        _delete_tree(prefix)
        import contextlib

        with contextlib.suppress(OSError):
            import winreg

            winreg.DeleteKey(winreg.HKEY_CURRENT_USER, TEST_ROOT)  # only when empty


def test_the_run_value_round_trips_through_the_real_registry(registry: PrefixedRegistry) -> None:
    from app.core.platform.autostart import (
        RUN_KEY,
        STARTUP_APPROVED_KEY,
        WindowsRunAutostart,
        windows_command_line,
    )

    command = (r"C:\Users\R&D\AppData\Local\Programs\TokenPool Setup\tokenpool-setup.exe",)
    command += ("tray", "--hidden")
    entry = WindowsRunAutostart(registry, command)
    assert not entry.is_enabled()
    entry.set_enabled(True)
    assert registry.get(RUN_KEY, entry.name) == windows_command_line(command)
    assert entry.is_enabled()
    # Task Manager's "Disable" (an odd first byte under StartupApproved) is seen as off.
    registry.set_binary(STARTUP_APPROVED_KEY, entry.name, bytes([3]) + bytes(11))
    assert not entry.is_enabled()
    entry.set_enabled(True)  # turning it on again undoes that
    assert entry.is_enabled() and registry.get(STARTUP_APPROVED_KEY, entry.name) is None
    entry.set_enabled(False)
    assert registry.get(RUN_KEY, entry.name) is None


class PrefixedEnvironment:
    """The app's HKCU\\Environment access pattern (REG_EXPAND_SZ kept), on a throwaway key; the
    broadcast is the real one."""

    def __init__(self, key: str) -> None:
        self.key = key

    def read_path(self) -> tuple[str | None, bool]:
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, self.key) as handle:
                value, kind = winreg.QueryValueEx(handle, "Path")
        except FileNotFoundError:
            return None, False
        return str(value), kind == winreg.REG_EXPAND_SZ

    def write_path(self, value: str, expandable: bool) -> None:
        import winreg

        kind = winreg.REG_EXPAND_SZ if expandable else winreg.REG_SZ
        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, self.key) as handle:
            winreg.SetValueEx(handle, "Path", 0, kind, value)

    def announce(self) -> None:
        from app.core.codex_install.pathsetup import WindowsUserEnvironment

        started = time.monotonic()
        WindowsUserEnvironment().announce()  # the real WM_SETTINGCHANGE broadcast
        self.announced = time.monotonic() - started


def test_path_is_appended_as_expandable_and_announced(tmp_path: Path) -> None:
    import winreg

    from app.core.codex_install.pathsetup import add_windows_path

    key = f"{TEST_ROOT}\\{uuid.uuid4().hex}"
    environment = PrefixedEnvironment(key)
    try:
        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, key) as handle:
            winreg.SetValueEx(handle, "Path", 0, winreg.REG_EXPAND_SZ, r"%USERPROFILE%\bin")
        add_windows_path(tmp_path / "codex" / "bin", environment)  # type: ignore[arg-type]
        value, expandable = environment.read_path()
        assert value == rf"%USERPROFILE%\bin;{tmp_path / 'codex' / 'bin'}"
        assert expandable  # %USERPROFILE% still expands
        # The broadcast returned (a hung window is abandoned after 5 s, not waited for).
        assert environment.announced < 60
    finally:
        _delete_tree(key)


# What a person would see: a console window that is there and visible. (The venv's python.exe
# may be a launcher that starts the real one, which then shares the launcher's console; and
# whether a windowless console answers GetConsoleWindow with NULL or with a hidden window is not
# something Microsoft documents, so either counts as "no window".)
CONSOLE_WINDOW_SHOWN = """
import ctypes
from ctypes import wintypes
kernel32, user32 = ctypes.WinDLL("kernel32"), ctypes.WinDLL("user32")
kernel32.GetConsoleWindow.restype = wintypes.HWND
user32.IsWindowVisible.argtypes = [wintypes.HWND]
window = kernel32.GetConsoleWindow()
print(1 if window and user32.IsWindowVisible(window) else 0)
"""


def test_a_child_gets_no_console_window() -> None:
    """CREATE_NO_WINDOW: the child shows no console window (a black window at every check)."""
    from app.core.platform import child

    done = child.run([sys.executable, "-c", CONSOLE_WINDOW_SHOWN], timeout=60, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"
    options = child.popen_options()
    assert options["creationflags"] & child.CREATE_NO_WINDOW


def _alive(pid: int) -> bool:
    listed = subprocess.run(
        ["tasklist", "/FI", f"PID eq {pid}", "/NH", "/FO", "CSV"],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    return f'"{pid}"' in listed


def test_cancel_ends_the_whole_tree(tmp_path: Path) -> None:
    """cmd.exe starts python, which would outlive a TerminateProcess of cmd.exe alone (as node
    started by an npm .cmd shim would): taskkill /T ends both."""
    from app.core.platform import child

    pid_file = tmp_path / "grandchild.pid"
    script = f"import os, time; open(r'{pid_file}', 'w').write(str(os.getpid())); time.sleep(300)"
    process = child.start(["cmd.exe", "/c", sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    while not (pid_file.exists() and pid_file.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.2)
    grandchild = int(pid_file.read_text())
    assert _alive(grandchild)
    child.kill_process_tree(process)
    process.wait(timeout=60)
    deadline = time.monotonic() + 30
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert not _alive(grandchild)


def test_codex_cmd_from_a_real_npm_install_runs_without_cmd_exe(tmp_path: Path) -> None:
    """The tested Codex CLI, installed by npm (packaging/bootstrap.py test): its codex.cmd shim
    is run as node + script, and answers --version, also from a folder with & in its name."""
    from app.core.platform import child
    from app.core.platform.tool_env import direct_command, script_behind_shim

    shim = Path(os.environ.get("TOKENPOOL_TEST_CODEX", ""))
    if shim.suffix.lower() != ".cmd" or not shim.is_file():
        pytest.skip("TOKENPOOL_TEST_CODEX is not an npm codex.cmd (bootstrap installs one)")
    assert script_behind_shim(shim) is not None
    command = direct_command(shim, os.environ, Path.home())
    assert Path(command[0]).name.lower() == "node.exe" and command[1].endswith(".js")
    odd = tmp_path / "R&D 50%!"
    odd.mkdir()
    done = child.run([*command, "--version"], timeout=120, text=True, cwd=odd)
    assert done.returncode == 0, done.stderr
    assert "codex" in done.stdout.lower()


def test_the_native_install_switches_versions_with_a_junction(tmp_path: Path) -> None:
    """No symlink rights needed: `current` is a junction, replaced by two renames."""
    from app.core.codex_install import installer

    site: Any = installer.InstallSite(root=tmp_path, home=tmp_path, platform="win32", machine="x64")
    versions = tmp_path / "versions"
    first, second = versions / "0.169.0-win32-x64", versions / "0.171.0-win32-x64"
    for folder in (first, second):
        folder.mkdir(parents=True)
        (folder / "codex.exe").write_text(folder.name)
    installer._switch_current(site, first)
    assert (site.current / "codex.exe").read_text() == first.name
    installer._switch_current(site, second)
    assert (site.current / "codex.exe").read_text() == second.name
    assert (first / "codex.exe").is_file()  # the old junction went, not what it pointed to
    assert not list(tmp_path.glob("current.*"))  # no leftover .new/.old junctions
    pointed = installer.current_version_dir(site)
    assert pointed is not None and os.path.normpath(pointed) == os.path.normpath(second)
