"""Start the tray at login: one small entry per platform, off until the person turns it on.

- Linux (and other XDG desktops): ``$XDG_CONFIG_HOME/autostart/tokenpool-setup-tray.desktop``
  with a short start delay (the panel and its tray appear a moment after login).
- macOS: a LaunchAgent ``~/Library/LaunchAgents/<bundle id>.plist`` with ``RunAtLoad``.
- Windows: a value under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``.

Each starts ``<app> tray --hidden`` (the tray without opening its panel). What we write is marked
as ours, so turning it off removes exactly that and never a file of the same name someone else
wrote. Platform, home, environment, executable and the registry are inputs: the tests run the macOS
and Windows variants here (the Windows registry itself cannot exist on Linux, so it is injected).
No Qt here.
"""

from __future__ import annotations

import importlib
import os
import plistlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Any, Protocol

from app.core.errors import FileProblem, SetupError
from app.core.fileio import atomic_write
from app.core.tray import AutostartToggle as AutostartToggle  # the panel's view of it

TRAY_ARGS = ("tray", "--hidden")
CONSOLE_SCRIPT = "tokenpool-setup"
BUNDLE_ID = "dev.tokenpool.setup"  # installer.spec's bundle_identifier
DESKTOP_FILE_NAME = "tokenpool-setup-tray.desktop"
# The mark that says "we wrote this": a key of our own in the desktop entry / the plist.
DESKTOP_MARK = "X-TokenPool-Setup-Autostart"
PLIST_MARK = "TokenPoolSetupAutostart"
START_DELAY_S = 10
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
# Where Task Manager's "Disable" on the Startup tab is kept (first byte 3 = disabled, 2 = enabled).
STARTUP_APPROVED_KEY = r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"
RUN_VALUE_NAME = "TokenPool Setup"
# packaging/bundle_contents.py's EXECUTABLE and CLI_EXECUTABLE, as Windows names them.
WINDOWS_APP_EXE = "tokenpool-setup.exe"
WINDOWS_CLI_EXE = "tokenpool-setup-cli.exe"


class AutostartError(SetupError):
    """Start at login could not be turned on or off."""

    code = "autostart_failed"


# --------------------------------------------------------------------------- the command


def launch_command(
    *,
    frozen: bool,
    executable: str,
    platform: str,
    env: Mapping[str, str],
    which: Callable[..., str | None] = shutil.which,
    args: Sequence[str] = TRAY_ARGS,
) -> tuple[str, ...]:
    """The program and arguments that start the installed app (by default its tray, hidden).

    Packaged: the app's own executable. From a Python install: the ``tokenpool-setup`` console
    script next to the interpreter (a venv's bin/ or Scripts/), else the one on PATH, else
    ``python -m app``.
    """
    if frozen:
        # An AppImage runs from a new mount point each time: its own file is what stays put.
        appimage = env.get("APPIMAGE", "") if platform == "linux" else ""
        if platform == "win32":
            executable = windowed_executable(executable)
        return (appimage or executable, *args)
    interpreter = Path(executable)
    if platform == "win32":
        # WORKAROUND: a console script is a console program on Windows: at login it would open a
        # black window beside the tray. pythonw.exe runs the same app without one.
        # https://docs.python.org/3/using/windows.html
        pythonw = interpreter.with_name("pythonw.exe")
        if pythonw.is_file():
            return (str(pythonw), "-m", "app", *args)
    script_name = CONSOLE_SCRIPT + (".exe" if platform == "win32" else "")
    beside = interpreter.parent / script_name
    if beside.is_file():
        return (str(beside), *args)
    on_path = which(CONSOLE_SCRIPT, path=env.get("PATH") or env.get("Path"))
    if on_path:
        return (str(on_path), *args)
    return (executable, "-m", "app", *args)


def windowed_executable(executable: str) -> str:
    """On Windows the bundle has two programs over the same files: ``tokenpool-setup.exe``
    (windowed) and its console twin ``tokenpool-setup-cli.exe`` for typed commands. Whatever
    started us, a login item or a detached tray is the windowed one: the twin opens a black
    console window at every login."""
    path = PureWindowsPath(executable)
    if path.name.lower() == WINDOWS_CLI_EXE:
        return str(path.with_name(WINDOWS_APP_EXE))
    return executable


def this_app_command(args: Sequence[str], env: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """``launch_command`` for the running installation."""
    return launch_command(
        frozen=bool(getattr(sys, "frozen", False)),
        executable=sys.executable,
        platform=sys.platform,
        env=os.environ if env is None else env,
        args=args,
    )


_DESKTOP_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


# Always there on a Linux desktop, whatever PATH the session has.
ENV_PROGRAM = "/usr/bin/env"


def desktop_exec_line(argv: Sequence[str]) -> str:
    """``Exec=`` value per the Desktop Entry spec: an argument with a reserved character is
    double-quoted with ``" ` $ \\`` backslash-escaped; then the file's own string escaping doubles
    every backslash (so one literal backslash becomes four), and ``%`` is written ``%%``."""
    if argv and "%" in argv[0]:
        # WORKAROUND: GLib (GNOME's autostart, `gio launch`) looks the program up before it
        # turns %% back into %, so "/opt/50%% off/app" is not found ("Unable to load
        # application information"). Started through env, the program is plain and the path
        # becomes an argument, where %% is undone. https://gitlab.gnome.org/GNOME/glib/-/blob/main/gio/gdesktopappinfo.c
        argv = (ENV_PROGRAM, *argv)
    parts = []
    for arg in argv:
        if arg and not (_DESKTOP_RESERVED & set(arg)):
            quoted = arg
        else:
            escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
            quoted = f'"{escaped}"'
        parts.append(quoted)
    line = " ".join(parts)
    line = line.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    return line.replace("%", "%%")


def windows_command_line(argv: Sequence[str]) -> str:
    """The Run value: quoted the way Windows splits a command line (CommandLineToArgvW). The
    program is always in double quotes (a Windows path cannot contain one), so the value is
    exactly what the uninstaller looks for: ``"<folder>\\tokenpool-setup.exe" tray --hidden``."""
    if not argv:
        return ""
    program, *rest = argv
    return " ".join([f'"{program}"', *([subprocess.list2cmdline(rest)] if rest else [])])


# --------------------------------------------------------------------------- Linux (XDG)


@dataclass(frozen=True)
class XdgAutostart:
    """``$XDG_CONFIG_HOME/autostart/tokenpool-setup-tray.desktop``."""

    autostart_dir: Path
    command: tuple[str, ...]

    @property
    def path(self) -> Path:
        return self.autostart_dir / DESKTOP_FILE_NAME

    def content(self) -> str:
        return "\n".join(
            [
                "[Desktop Entry]",
                "Type=Application",
                "Version=1.0",
                "Name=TokenPool Setup",
                "Name[zh_CN]=TokenPool 配置助手",
                "Comment=Shows the remaining TokenPool quota in the tray",
                "Comment[zh_CN]=在系统托盘中显示 TokenPool 剩余额度",
                f"Exec={desktop_exec_line(self.command)}",
                "Terminal=false",
                "Icon=tokenpool-setup",
                "Categories=Utility;",
                # Not NoDisplay: the desktop's own "Startup Applications" list must show it, so
                # it can be turned off there too (that writes Hidden=true, read below).
                "X-GNOME-Autostart-enabled=true",
                f"X-GNOME-Autostart-Delay={START_DELAY_S}",
                "X-KDE-autostart-after=panel",
                f"{DESKTOP_MARK}=true",
                "",
            ]
        )

    def _entry(self) -> dict[str, str] | None:
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise AutostartError(f"{self.path} cannot be read: {exc.strerror}.") from exc
        return _desktop_entry_keys(text)

    def is_ours(self) -> bool:
        entry = self._entry()
        return entry is not None and entry.get(DESKTOP_MARK, "").lower() == "true"

    def is_enabled(self) -> bool:
        entry = self._entry()
        if entry is None or entry.get(DESKTOP_MARK, "").lower() != "true":
            return False
        # Turned off in the desktop's settings: it keeps the file and marks it so.
        if entry.get("Hidden", "").lower() == "true":
            return False
        return entry.get("X-GNOME-Autostart-enabled", "true").lower() != "false"

    def refresh(self) -> bool:
        """Point an enabled entry at this installation again (the app moved or was updated);
        True when it was rewritten."""
        if not self.is_enabled() or self.path.read_text(encoding="utf-8") == self.content():
            return False
        _write(self.path, self.content().encode())
        return True

    def set_enabled(self, enabled: bool) -> None:
        entry = self._entry()
        ours = None if entry is None else entry.get(DESKTOP_MARK, "").lower() == "true"
        _set_own_file(self.path, ours, enabled, lambda: self.content().encode())


def _desktop_entry_keys(text: str) -> dict[str, str]:
    keys: dict[str, str] = {}
    group = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
            continue
        if group == "Desktop Entry" and "=" in line:
            key, value = line.split("=", 1)
            keys.setdefault(key.strip(), value.strip())
    return keys


# --------------------------------------------------------------------------- macOS


def unstable_mac_location(program: str) -> bool:
    """A path that is gone after this session: the mounted disk image (``/Volumes/…``) or the
    read-only random copy macOS runs a quarantined app from when it was opened in place from
    Downloads (App Translocation: ``…/AppTranslocation/<UUID>/…``). launchd would fail silently
    at the next login."""
    return program.startswith("/Volumes/") or "/AppTranslocation/" in program


def login_item_blocked(platform: str | None = None, env: Mapping[str, str] | None = None) -> bool:
    """Whether start at login cannot be turned on from where this app runs now (macOS: from its
    disk image or a translocated copy), so the wizard can say so before anyone ticks it."""
    platform = sys.platform if platform is None else platform
    if platform != "darwin":
        return False
    return unstable_mac_location(this_app_command(TRAY_ARGS, env)[0])


def _refuse_unstable(program: str) -> None:
    if unstable_mac_location(program):
        raise AutostartError(
            "TokenPool Setup is running from the disk image or a temporary copy made by macOS, "
            "so it cannot start at login from there.",
            code="autostart_app_not_in_applications",
            hint="Drag TokenPool Setup into the Applications folder, open it from there, then "
            "turn Start at login on.",
        )


@dataclass(frozen=True)
class LaunchAgentAutostart:
    """``~/Library/LaunchAgents/<bundle id>.plist``: launchd starts it at login (RunAtLoad)."""

    agents_dir: Path
    command: tuple[str, ...]
    label: str = BUNDLE_ID

    @property
    def path(self) -> Path:
        return self.agents_dir / f"{self.label}.plist"

    def content(self) -> bytes:
        return plistlib.dumps(
            {
                "Label": self.label,
                "ProgramArguments": list(self.command),
                "RunAtLoad": True,
                # Only in a person's graphical session, started like an app (not throttled).
                "LimitLoadToSessionType": "Aqua",
                "ProcessType": "Interactive",
                "KeepAlive": False,
                PLIST_MARK: True,
            }
        )

    def _plist(self) -> dict[str, Any] | None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise AutostartError(f"{self.path} cannot be read: {exc.strerror}.") from exc
        try:
            loaded = plistlib.loads(data)
        except Exception:  # plistlib raises several kinds for a damaged file: then it is not ours
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def is_ours(self) -> bool:
        plist = self._plist()
        return plist is not None and plist.get(PLIST_MARK) is True

    def is_enabled(self) -> bool:
        plist = self._plist()
        return (
            plist is not None
            and plist.get(PLIST_MARK) is True
            and plist.get("RunAtLoad") is True
            and plist.get("Disabled") is not True
        )

    def refresh(self) -> bool:
        """Point an enabled agent at this installation again; True when it was rewritten. Never
        at a copy that disappears (the disk image, App Translocation): a good entry stays."""
        if unstable_mac_location(self.command[0]):
            return False
        if not self.is_enabled() or self.path.read_bytes() == self.content():
            return False
        _write(self.path, self.content())
        return True

    def set_enabled(self, enabled: bool) -> None:
        if enabled:
            _refuse_unstable(self.command[0])
        plist = self._plist()
        ours = None if plist is None else plist.get(PLIST_MARK) is True
        _set_own_file(self.path, ours, enabled, self.content)


class ServiceManagement(Protocol):
    """SMAppService for one login item (macOS 13+); injected in tests."""

    def status(self) -> int: ...

    def register(self) -> None: ...

    def unregister(self) -> None: ...


# SMAppServiceStatus
SM_NOT_REGISTERED, SM_ENABLED, SM_REQUIRES_APPROVAL, SM_NOT_FOUND = 0, 1, 2, 3


@dataclass(frozen=True)
class AppServiceAutostart:
    """macOS 13+: the login item registered through SMAppService, so it appears (and can be
    switched off) in System Settings › General › Login Items, and its "Allow in the Background"
    switch is seen (``needs_approval``). The agent's plist ships inside the app bundle
    (``Contents/Library/LaunchAgents/<bundle id>.plist``, starting ``tray --hidden``; a main-app
    login item could not pass those arguments). Our older per-user LaunchAgent file is removed
    when this one is turned on, so the tray never starts twice."""

    service: ServiceManagement
    legacy: LaunchAgentAutostart
    program: str

    @property
    def needs_approval(self) -> bool:
        return self._status() == SM_REQUIRES_APPROVAL

    def _status(self) -> int:
        try:
            return self.service.status()
        except OSError as exc:
            raise AutostartError(f"macOS's login items cannot be read: {exc}.") from exc

    def is_ours(self) -> bool:
        return self._status() != SM_NOT_REGISTERED or self.legacy.is_ours()

    def is_enabled(self) -> bool:
        return self._status() == SM_ENABLED or self.legacy.is_enabled()

    def refresh(self) -> bool:
        """Move an older LaunchAgent file over to SMAppService (from a stable location only)."""
        if unstable_mac_location(self.program) or not self.legacy.is_enabled():
            return False
        self.set_enabled(True)
        return True

    def set_enabled(self, enabled: bool) -> None:
        if enabled:
            _refuse_unstable(self.program)
        try:
            if enabled:
                self.service.register()
            elif self._status() != SM_NOT_REGISTERED:
                self.service.unregister()
        except OSError as exc:
            raise AutostartError(f"macOS did not change the login item: {exc}.") from exc
        if self.legacy.is_ours():
            self.legacy.set_enabled(False)
        if enabled and self.needs_approval:
            raise AutostartError(
                "macOS does not allow TokenPool Setup to run in the background yet.",
                code="autostart_needs_approval",
                hint="Open System Settings › General › Login Items and turn TokenPool Setup on "
                "under Allow in the Background.",
            )


def mac_bundle_agent_plist(executable: str) -> Path | None:
    """The login item's plist inside the app bundle (``…/X.app/Contents/MacOS/exe`` →
    ``…/X.app/Contents/Library/LaunchAgents/<bundle id>.plist``), if the bundle has one."""
    contents = Path(executable).parent.parent
    plist = contents / "Library" / "LaunchAgents" / f"{BUNDLE_ID}.plist"
    return plist if contents.name == "Contents" and plist.is_file() else None


def mac_service_management(executable: str, frozen: bool) -> ServiceManagement | None:
    """SMAppService for the bundle's agent, when reachable: the packaged app on macOS 13 or
    later with the agent plist in its bundle; else None (the LaunchAgent file is used)."""
    if sys.platform != "darwin" or not frozen:
        return None
    import platform

    release = platform.mac_ver()[0]
    try:
        major = int(release.split(".")[0])
    except ValueError:
        return None
    if major < 13 or mac_bundle_agent_plist(executable) is None:
        return None
    try:
        return _ObjcAppService(f"{BUNDLE_ID}.plist")
    except OSError:
        return None


class _ObjcAppService:
    """``[SMAppService agentServiceWithPlistName:]`` through the Objective-C runtime (ctypes: no
    PyObjC in the bundle). Each call has its exact prototype, as arm64's objc_msgSend needs."""

    def __init__(self, plist_name: str) -> None:
        import ctypes
        import ctypes.util

        self._ctypes = ctypes
        objc_path = ctypes.util.find_library("objc")
        if objc_path is None:
            raise OSError("the Objective-C runtime is missing")
        self._objc = ctypes.CDLL(objc_path)
        ctypes.CDLL("/System/Library/Frameworks/ServiceManagement.framework/ServiceManagement")
        ctypes.CDLL("/System/Library/Frameworks/Foundation.framework/Foundation")
        self._objc.objc_getClass.restype = ctypes.c_void_p
        self._objc.objc_getClass.argtypes = [ctypes.c_char_p]
        self._objc.sel_registerName.restype = ctypes.c_void_p
        self._objc.sel_registerName.argtypes = [ctypes.c_char_p]
        service_class = self._objc.objc_getClass(b"SMAppService")
        if not service_class:
            raise OSError("SMAppService is not available (macOS 12 or older)")
        name = self._send(
            ctypes.c_void_p,
            self._objc.objc_getClass(b"NSString"),
            b"stringWithUTF8String:",
            (ctypes.c_char_p,),
            plist_name.encode(),
        )
        service = self._send(
            ctypes.c_void_p,
            service_class,
            b"agentServiceWithPlistName:",
            (ctypes.c_void_p,),
            name,
        )
        if not service:
            raise OSError("SMAppService returned no service")
        # WORKAROUND: the class method returns an autoreleased object, freed when the current
        # autorelease pool drains; Qt's Cocoa event loop drains one after each event, so a
        # service kept for later clicks would be a dangling pointer. Owned (retained) here,
        # for the life of the process.
        # https://developer.apple.com/library/archive/documentation/Cocoa/Conceptual/MemoryMgmt/Articles/mmRules.html
        self._service = self._send(ctypes.c_void_p, service, b"retain", ())

    def _send(
        self, restype: Any, receiver: Any, selector: bytes, argtypes: tuple[Any, ...], *args: Any
    ) -> Any:
        ctypes = self._ctypes
        prototype = ctypes.CFUNCTYPE(restype, ctypes.c_void_p, ctypes.c_void_p, *argtypes)
        function = prototype(ctypes.cast(self._objc.objc_msgSend, ctypes.c_void_p).value)
        return function(receiver, self._objc.sel_registerName(selector), *args)

    def status(self) -> int:
        return int(self._send(self._ctypes.c_long, self._service, b"status", ()))

    def _call_with_error(self, selector: bytes) -> None:
        ctypes = self._ctypes
        error = ctypes.c_void_p()
        ok = self._send(
            ctypes.c_bool, self._service, selector, (ctypes.c_void_p,), ctypes.byref(error)
        )
        if not ok:
            text = "unknown error"
            if error.value:
                description = self._send(ctypes.c_void_p, error.value, b"localizedDescription", ())
                raw = self._send(ctypes.c_char_p, description, b"UTF8String", ())
                text = raw.decode("utf-8", "replace") if raw else text
            raise OSError(text)

    def register(self) -> None:
        self._call_with_error(b"registerAndReturnError:")

    def unregister(self) -> None:
        self._call_with_error(b"unregisterAndReturnError:")


# --------------------------------------------------------------------------- Windows


class Registry(Protocol):
    """The few HKEY_CURRENT_USER operations the Run value needs (injected in tests)."""

    def get(self, key: str, name: str) -> object | None: ...

    def set_string(self, key: str, name: str, value: str) -> None: ...

    def delete(self, key: str, name: str) -> None: ...


class WinregRegistry:
    """The real HKEY_CURRENT_USER through ``winreg`` (imported when used: Windows only)."""

    def _winreg(self) -> Any:
        return importlib.import_module("winreg")

    def get(self, key: str, name: str) -> object | None:
        winreg = self._winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key) as handle:
                value, _kind = winreg.QueryValueEx(handle, name)
        except FileNotFoundError:
            return None
        return value

    def set_string(self, key: str, name: str, value: str) -> None:
        winreg = self._winreg()
        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, key) as handle:
            winreg.SetValueEx(handle, name, 0, winreg.REG_SZ, value)

    def delete(self, key: str, name: str) -> None:
        winreg = self._winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_SET_VALUE) as handle:
                winreg.DeleteValue(handle, name)
        except FileNotFoundError:
            return


@dataclass(frozen=True)
class WindowsRunAutostart:
    """A ``TokenPool Setup`` value under HKCU\\...\\Run. A registry value cannot carry a mark, so
    ours is the one whose command line ends with ``tray --hidden``."""

    registry: Registry
    command: tuple[str, ...]
    name: str = RUN_VALUE_NAME

    @property
    def value(self) -> str:
        return windows_command_line(self.command)

    def _current(self) -> str | None:
        try:
            value = self.registry.get(RUN_KEY, self.name)
        except OSError as exc:
            raise AutostartError(f"The Windows registry cannot be read: {exc}.") from exc
        if value is None:
            return None
        return value if isinstance(value, str) else ""

    def is_ours(self) -> bool:
        current = self._current()
        return current is not None and _is_our_command_line(current)

    def is_enabled(self) -> bool:
        current = self._current()
        if current is None or not _is_our_command_line(current):
            return False
        approved = self.registry.get(STARTUP_APPROVED_KEY, self.name)
        # Task Manager's "Disable": an odd first byte (3) means turned off there.
        return not (isinstance(approved, bytes) and approved[:1] and approved[0] & 1)

    def refresh(self) -> bool:
        """Point an enabled value at this installation again; True when it was rewritten."""
        if not self.is_enabled() or self._current() == self.value:
            return False
        self.set_enabled(True)
        return True

    def set_enabled(self, enabled: bool) -> None:
        current = self._current()
        if current is not None and not _is_our_command_line(current):
            if enabled:
                raise AutostartError(
                    f'The registry\'s Run list already has a "{self.name}" entry that TokenPool '
                    "Setup did not write, so it was left as it is.",
                    code="autostart_not_ours",
                    hint="Remove it in Task Manager's Startup tab, then turn Start at login on.",
                )
            return
        try:
            if enabled:
                self.registry.set_string(RUN_KEY, self.name, self.value)
                # Turning it on here also undoes an earlier "Disable" in Task Manager.
                if self.registry.get(STARTUP_APPROVED_KEY, self.name) is not None:
                    self.registry.delete(STARTUP_APPROVED_KEY, self.name)
            elif current is not None:
                self.registry.delete(RUN_KEY, self.name)
                self.registry.delete(STARTUP_APPROVED_KEY, self.name)
        except OSError as exc:
            raise AutostartError(f"The Windows registry could not be changed: {exc}.") from exc


def _is_our_command_line(value: str) -> bool:
    return value.rstrip().endswith(" " + " ".join(TRAY_ARGS))


# --------------------------------------------------------------------------- choosing one


def autostart_for(
    *,
    platform: str | None = None,
    home: Path | None = None,
    env: Mapping[str, str] | None = None,
    executable: str | None = None,
    frozen: bool | None = None,
    registry: Registry | None = None,
    service_management: ServiceManagement | None = None,
) -> XdgAutostart | LaunchAgentAutostart | AppServiceAutostart | WindowsRunAutostart:
    """The start-at-login entry for this computer (every input can be given, for tests)."""
    platform = sys.platform if platform is None else platform
    env = os.environ if env is None else env
    executable = sys.executable if executable is None else executable
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    command = launch_command(frozen=frozen, executable=executable, platform=platform, env=env)
    if platform == "win32":
        return WindowsRunAutostart(registry or WinregRegistry(), command)
    if home is None:
        home = Path(env.get("HOME") or Path.home())
    if platform == "darwin":
        legacy = LaunchAgentAutostart(home / "Library" / "LaunchAgents", command)
        if service_management is None and platform == sys.platform:
            service_management = mac_service_management(executable, frozen)
        if service_management is not None:
            return AppServiceAutostart(service_management, legacy, command[0])
        return legacy
    config_home = env.get("XDG_CONFIG_HOME", "").strip()
    base = Path(config_home) if config_home else home / ".config"
    return XdgAutostart(base / "autostart", command)


def _set_own_file(
    path: Path, ours: bool | None, enabled: bool, content: Callable[[], bytes]
) -> None:
    """Write (``enabled``) or remove our start-at-login file; ``ours`` is None when there is no
    file. Someone else's file at that place is never written over and never removed."""
    if ours is False:
        if enabled:
            raise AutostartError(
                f"{path} already exists and was not written by TokenPool Setup, so it "
                "was left as it is.",
                code="autostart_not_ours",
                hint="Remove or rename that file, then turn Start at login on again.",
            )
        return
    if enabled:
        _write(path, content())
    elif ours is not None:
        _remove(path)


def _write(path: Path, data: bytes) -> None:
    try:
        atomic_write(path, data, mode=0o644)
    except FileProblem as exc:
        raise AutostartError(exc.message, hint=exc.hint) from exc


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise AutostartError(
            f"{path} could not be removed: {exc.strerror}.",
            hint="Check that you may change that folder.",
        ) from exc
