"""The Windows installer (packaging/windows/installer.nsi) run for real under Wine: a Windows
runtime that executes the installer's own logic — files, registry, shortcuts, uninstall, upgrade.

A throwaway WINEPREFIX (and HOME: Wine links the Windows desktop to $HOME) under a temp folder,
headless (silent installs need no display), WINEDEBUG=-all, winemenubuilder off (it would add
menu entries to the real ~/.local). The payload stands in for the PyInstaller folder: a real PE
program (a copy of Wine's ping.exe, marked native so that Wine runs this file and keeps it
mapped while it runs) under the app's two names, a few files in _internal.

Skipped with its reason where Wine is not installed; in CI (CI=true) a missing Wine fails:
packaging/bootstrap.py installs it there (wine, wine64, wine32:i386).
"""

from __future__ import annotations

import getpass
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
WINE = shutil.which("wine")
IN_CI = os.environ.get("CI") == "true"
WINE_PE_DIR = Path("/usr/lib/x86_64-linux-gnu/wine/x86_64-windows")

RUN_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run"
APPROVED_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"
UNINSTALL_KEY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\TokenPoolSetup"
APP_KEY = r"HKCU\Software\TokenPool Setup"
VERSION_KEY = r"HKLM\Software\Microsoft\Windows NT\CurrentVersion"
RUN_VALUE = "TokenPool Setup"

pytestmark = [pytest.mark.slow]
if sys.platform != "linux":
    pytestmark.append(pytest.mark.skip(reason="Wine runs the Windows installer on Linux only"))
elif (WINE is None or shutil.which("makensis") is None) and not IN_CI:
    # In CI (CI=true) the fixture below fails instead: bootstrap installs Wine and NSIS there.
    pytestmark.append(
        pytest.mark.skip(
            reason="wine or makensis is not installed (Debian: dpkg --add-architecture i386; "
            "apt-get install wine wine64 wine32:i386 nsis)"
        )
    )


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Wine:
    prefix: Path
    home: Path
    env: dict[str, str]

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["wine", *args],
            env=self.env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    def host(self, windows_path: str) -> Path:
        """The Linux path of a C:\\ path in this prefix."""
        path = PureWindowsPath(windows_path)
        assert path.drive.upper() == "C:", windows_path
        return self.prefix / "drive_c" / Path(*path.parts[1:])

    @property
    def profile(self) -> Path:
        return self.prefix / "drive_c" / "users" / getpass.getuser()

    @property
    def start_menu_entry(self) -> Path:
        programs = self.profile / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
        return programs / "TokenPool Setup.lnk"

    @property
    def desktop_entry(self) -> Path:
        return (self.profile / "Desktop").resolve() / "TokenPool Setup.lnk"

    def reg(self, key: str) -> dict[str, str] | None:
        """The values of a registry key (name -> data), or None when the key does not exist."""
        result = self.run("reg", "query", key)
        if result.returncode != 0:
            return None
        values = {}
        for line in result.stdout.splitlines():
            match = re.match(r"^    (.*?)    (REG_\w+)    ?(.*)$", line)
            if match:
                values[match.group(1)] = match.group(3)
        return values

    def reg_set(self, key: str, name: str, data: str, kind: str = "REG_SZ") -> None:
        result = self.run("reg", "add", key, "/v", name, "/t", kind, "/d", data, "/f")
        assert result.returncode == 0, result.stdout + result.stderr

    def reg_delete_key(self, key: str) -> None:
        self.run("reg", "delete", key, "/f")

    def stop_all(self) -> None:
        """End every process of this prefix (only ours: the prefix is this test's)."""
        subprocess.run(["wineserver", "-k"], env=self.env, timeout=60, check=False)
        subprocess.run(["wineserver", "-w"], env=self.env, timeout=60, check=False)


@pytest.fixture(scope="module")
def wine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wine]:
    for tool in ("wine", "wineboot", "wineserver", "makensis"):
        if shutil.which(tool) is None:
            pytest.fail(f"CI=true but {tool} is missing: packaging/bootstrap.py installs it")
    base = tmp_path_factory.mktemp("wine")
    home = base / "home"
    home.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "WINEPREFIX", "WINEARCH")
    }
    env.update(
        HOME=str(home),
        WINEPREFIX=str(base / "prefix"),
        WINEDEBUG="-all",
        # No Mono/Gecko download prompts; no menu entries or file associations in the real ~.
        WINEDLLOVERRIDES="mscoree=;mshtml=;winemenubuilder.exe=d",
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
    )
    booted = subprocess.run(
        ["wineboot", "--init"], env=env, capture_output=True, text=True, timeout=600
    )
    assert booted.returncode == 0, booted.stderr[-2000:]
    made = Wine(base / "prefix", home, env)
    # Wine 8 says Windows 7 by default; the installer needs 10 (1809+).
    made.reg_set(r"HKCU\Software\Wine", "Version", "win10")
    try:
        yield made
    finally:
        made.stop_all()


def _payload(folder: Path, extra: dict[str, str], ping: Path) -> Path:
    """A folder laid out like the Windows build: the two programs and some of _internal."""
    folder.mkdir(parents=True)
    program = ping.read_bytes()
    # WORKAROUND: Wine runs its own builtin instead of a file marked "Wine builtin DLL"; without
    # the mark it runs (and maps) this very file, as Windows would.
    program = program.replace(b"Wine builtin DLL", bytes(16))
    for name in ("tokenpool-setup.exe", "tokenpool-setup-cli.exe"):
        (folder / name).write_bytes(program)
    files = {
        "_internal/base_library.zip": "zip",
        "_internal/PySide6/Qt6Core.dll": "qt",
        "_internal/licenses/LICENSE.txt": "MIT",
        "_internal/licenses/THIRD-PARTY-NOTICES.txt": "notices",
        "_internal/odd $name & more.txt": "odd",
        **extra,
    }
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return folder


@dataclass
class Installers:
    v1: Path
    v2: Path
    v1_files: set[str]
    v2_files: set[str]


@pytest.fixture(scope="module")
def installers(tmp_path_factory: pytest.TempPathFactory, wine: Wine) -> Installers:
    package = _load("package")
    # A real 64-bit PE program: Wine's own ping.exe (the prefix's copy; where Debian keeps it).
    ping = next(
        (
            p
            for p in (wine.prefix / "drive_c/windows/system32/ping.exe", WINE_PE_DIR / "ping.exe")
            if p.is_file()
        ),
        None,
    )
    assert ping is not None, "no ping.exe in the Wine prefix"
    base = tmp_path_factory.mktemp("nsis")
    made = {}
    files = {}
    for version, extra in (
        ("v1", {"_internal/only-in-v1.dll": "old"}),
        ("v2", {"_internal/only-in-v2.dll": "new"}),
    ):
        payload = _payload(base / f"payload-{version}", extra, ping)
        files[version] = {p.as_posix() for p in package.payload_files(payload)}
        made[version] = package.makensis(
            payload, base / f"{version}-setup.exe", fast=True, lists=base / f"lists-{version}"
        )
    return Installers(made["v1"], made["v2"], files["v1"], files["v2"])


def install(wine: Wine, installer: Path, folder: str, *options: str) -> int:
    """A silent install as a person types it: NSIS reads /D= unquoted, last, spaces and all
    (wine would quote an argument with a space, so cmd.exe runs the line as typed)."""
    program = "Z:" + str(installer).replace("/", "\\")
    assert " " not in program
    line = " ".join([program, "/S", *options, f"/D={folder}"])
    # No pipes: a process the installer leaves behind (wine's own) would hold them open.
    return subprocess.run(
        ["wine", "cmd", "/c", line],
        env=wine.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=180,
    ).returncode


def uninstall(wine: Wine, folder: str) -> None:
    """The uninstaller as Settings › Apps runs it (it copies itself to %TEMP% and returns at
    once): wait until its folder is gone."""
    result = subprocess.run(  # no pipes: the copy it starts would hold them open
        ["wine", f"{folder}\\uninstall.exe", "/S"],
        env=wine.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    assert result.returncode == 0
    deadline = time.monotonic() + 60
    while wine.host(folder).exists() and time.monotonic() < deadline:
        time.sleep(0.3)
    assert not wine.host(folder).exists(), sorted(
        str(p.relative_to(wine.host(folder))) for p in wine.host(folder).rglob("*")
    )


def installed_files(wine: Wine, folder: str) -> set[str]:
    root = wine.host(folder)
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def assert_nothing_of_ours(wine: Wine, folder: str) -> None:
    assert not wine.host(folder).exists()
    assert not wine.start_menu_entry.exists()
    assert not wine.desktop_entry.exists()
    assert wine.reg(UNINSTALL_KEY) is None
    assert wine.reg(APP_KEY) is None
    assert RUN_VALUE not in (wine.reg(RUN_KEY) or {})
    assert RUN_VALUE not in (wine.reg(APPROVED_KEY) or {})


@pytest.fixture
def clean(wine: Wine) -> Iterator[None]:
    """Every test starts and ends with nothing of ours in the prefix."""
    yield
    for key in (UNINSTALL_KEY, APP_KEY):
        wine.reg_delete_key(key)
    for key in (RUN_KEY, APPROVED_KEY):
        wine.run("reg", "delete", key, "/v", RUN_VALUE, "/f")
    shutil.rmtree(wine.prefix / "drive_c" / "Apps", ignore_errors=True)
    for entry in (wine.start_menu_entry, wine.desktop_entry):
        entry.unlink(missing_ok=True)


def test_silent_install_without_options_then_uninstall(
    wine: Wine, installers: Installers, clean: None
) -> None:
    folder = r"C:\Apps\tp"
    assert install(wine, installers.v1, folder) == 0
    assert installed_files(wine, folder) == installers.v1_files | {"uninstall.exe"}
    assert wine.start_menu_entry.is_file()
    assert not wine.desktop_entry.exists()
    assert RUN_VALUE not in (wine.reg(RUN_KEY) or {})
    entry = wine.reg(UNINSTALL_KEY)
    assert entry is not None
    assert entry["InstallLocation"] == folder
    assert entry["UninstallString"] == f'"{folder}\\uninstall.exe"'
    assert entry["QuietUninstallString"] == f'"{folder}\\uninstall.exe" /S'
    assert entry["DisplayName"] == "TokenPool Setup"
    assert (wine.reg(APP_KEY) or {}).get("InstallDir") == folder
    uninstall(wine, folder)
    assert_nothing_of_ours(wine, folder)


def test_silent_install_takes_the_desktop_and_tray_options(
    wine: Wine, installers: Installers, clean: None
) -> None:
    folder = r"C:\Apps\tp"
    assert install(wine, installers.v1, folder, "/DESKTOP=1", "/TRAY=1") == 0
    assert wine.desktop_entry.is_file()
    assert (wine.reg(RUN_KEY) or {}).get(RUN_VALUE) == (
        f'"{folder}\\tokenpool-setup.exe" tray --hidden'
    )
    uninstall(wine, folder)
    assert_nothing_of_ours(wine, folder)


@pytest.mark.parametrize(
    "program", ["tokenpool-setup.exe", "tokenpool-setup-cli.exe"], ids=["app", "console-twin"]
)
@pytest.mark.parametrize("folder", [r"C:\Apps\tp", r"C:\Apps\Token Pool"], ids=["plain", "space"])
def test_uninstall_removes_the_login_entry_the_app_wrote(
    wine: Wine, installers: Installers, clean: None, folder: str, program: str
) -> None:
    """The app writes the Run value with subprocess.list2cmdline: no quotes when the path has no
    space. The uninstaller must recognise that form too (and leave a value not ours alone)."""
    assert install(wine, installers.v1, folder) == 0
    value = subprocess.list2cmdline([f"{folder}\\{program}", "tray", "--hidden"])
    wine.reg_set(RUN_KEY, RUN_VALUE, value)
    wine.reg_set(APPROVED_KEY, RUN_VALUE, "020000000000000000000000", "REG_BINARY")
    uninstall(wine, folder)
    assert_nothing_of_ours(wine, folder)


def test_uninstall_keeps_a_login_entry_of_another_installation(
    wine: Wine, installers: Installers, clean: None
) -> None:
    folder = r"C:\Apps\tp"
    assert install(wine, installers.v1, folder) == 0
    elsewhere = r"C:\Portable\tokenpool-setup.exe tray --hidden"
    wine.reg_set(RUN_KEY, RUN_VALUE, elsewhere)
    uninstall(wine, folder)
    assert (wine.reg(RUN_KEY) or {}).get(RUN_VALUE) == elsewhere


def test_upgrade_in_the_same_folder_replaces_the_files(
    wine: Wine, installers: Installers, clean: None
) -> None:
    folder = r"C:\Apps\tp"
    assert install(wine, installers.v1, folder, "/TRAY=1") == 0
    assert install(wine, installers.v2, folder) == 0
    # The old version's own file list went first: nothing of v1 is left over.
    assert installed_files(wine, folder) == installers.v2_files | {"uninstall.exe"}
    assert (wine.reg(UNINSTALL_KEY) or {}).get("InstallLocation") == folder
    assert wine.start_menu_entry.is_file()
    assert RUN_VALUE in (wine.reg(RUN_KEY) or {}), "the person's login choice was lost"
    uninstall(wine, folder)
    assert_nothing_of_ours(wine, folder)


def test_upgrade_into_another_folder_removes_the_old_installation(
    wine: Wine, installers: Installers, clean: None
) -> None:
    old, new = r"C:\Apps\old", r"C:\Apps\new place"
    assert install(wine, installers.v1, old, "/DESKTOP=1", "/TRAY=1") == 0
    assert install(wine, installers.v2, new) == 0
    # The old folder is gone with its uninstaller: running it later cannot remove this one.
    assert not wine.host(old).exists()
    assert installed_files(wine, new) == installers.v2_files | {"uninstall.exe"}
    assert (wine.reg(UNINSTALL_KEY) or {}).get("InstallLocation") == new
    # The choices follow the program to its new folder.
    assert (wine.reg(RUN_KEY) or {}).get(RUN_VALUE) == f'"{new}\\tokenpool-setup.exe" tray --hidden'
    link = wine.desktop_entry.read_bytes()
    assert "new place".encode("utf-16-le") in link or b"new place" in link
    uninstall(wine, new)
    assert_nothing_of_ours(wine, new)


def test_a_silent_install_that_cannot_close_the_app_fails_and_changes_nothing(
    wine: Wine, installers: Installers, clean: None
) -> None:
    """The installed program keeps running (here under a name taskkill does not match, as an app
    of another user or a hung one would): its file cannot be replaced. The silent install must
    say so with its exit code, the old version left as it was."""
    folder = r"C:\Apps\tp"
    assert install(wine, installers.v1, folder) == 0
    host = wine.host(folder)
    os.link(host / "tokenpool-setup.exe", host / "holder.exe")  # the same file, another name
    holder = subprocess.Popen(
        ["wine", f"{folder}\\holder.exe", "-n", "120", "127.0.0.1"],
        env=wine.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "holder.exe" not in _processes():
            time.sleep(0.3)
        before = installed_files(wine, folder)
        assert install(wine, installers.v2, folder) == 2
        assert installed_files(wine, folder) == before  # v1 still whole, nothing of v2
    finally:
        wine.stop_all()
        holder.wait(timeout=30)


def _processes() -> str:
    return subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout


def test_the_installer_refuses_windows_10_before_1809(
    wine: Wine, installers: Installers, clean: None
) -> None:
    """Qt 6 needs 1809 (build 17763): 1803 (17134) is refused, 1809 accepted. Wine reports the
    version its registry says once no version is forced for the prefix."""
    wine.run("reg", "delete", r"HKCU\Software\Wine", "/v", "Version", "/f")
    try:
        wine.reg_set(VERSION_KEY, "CurrentMajorVersionNumber", "10", "REG_DWORD")
        wine.reg_set(VERSION_KEY, "CurrentMinorVersionNumber", "0", "REG_DWORD")
        wine.reg_set(VERSION_KEY, "CurrentVersion", "10.0")
        wine.reg_set(VERSION_KEY, "CSDVersion", "")
        for build, expected in (("17134", 3), ("17763", 0)):
            wine.reg_set(VERSION_KEY, "CurrentBuildNumber", build)
            wine.stop_all()  # the version is read when a process starts a new wineserver
            assert "10.0." + build in wine.run("cmd", "/c", "ver").stdout
            assert install(wine, installers.v1, r"C:\Apps\floor") == expected, build
            if expected:
                assert not wine.host(r"C:\Apps\floor").exists()
                assert wine.reg(UNINSTALL_KEY) is None
    finally:
        wine.reg_set(r"HKCU\Software\Wine", "Version", "win10")
        wine.stop_all()
