"""One helper for every child process we start (Codex, npm, node, git, taskkill, a login shell).

Each child gets:

- no console window on Windows (``CREATE_NO_WINDOW``: the frozen app is a GUI program, so any
  console program it starts would otherwise open a black window over the wizard) and its own
  process group, so a cancel can end the whole tree; its own session on POSIX, for the same reason;
- the environment the user had, not the frozen app's: PyInstaller's bootloader points
  ``LD_LIBRARY_PATH`` (and on macOS ``DYLD_LIBRARY_PATH``) at the bundle and keeps the original in
  ``*_ORIG``; its Qt hook adds the bundle to ``PATH`` and ``QT_*``/``QML2_*`` variables; on Windows
  ``SetDllDirectoryW(bundle)`` is inherited by children. A distribution's ``node`` or ``git`` may
  then load our older libstdc++/OpenSSL and fail to start (PyInstaller's "Launching external
  programs from the frozen application" documents each remedy used here).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

# Windows process creation flags (from winbase.h; subprocess only defines them on Windows).
DETACHED_PROCESS = 0x00000008
CREATE_NEW_PROCESS_GROUP = 0x00000200
CREATE_NO_WINDOW = 0x08000000

# Variables the frozen app's Qt hooks set for itself; a child never wants ours.
_OUR_QT_PREFIXES = ("QT_", "QML2_", "QML_")
_LIBRARY_PATH_VARS = ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "DYLD_FRAMEWORK_PATH", "LIBPATH")
# Qt settings a person may have set themselves (kept unless they point into the bundle).
_USER_QT_VARS = frozenset(
    {"QT_SCALE_FACTOR", "QT_SCREEN_SCALE_FACTORS", "QT_AUTO_SCREEN_SCALE_FACTOR"}
)

_dll_directory_lock = threading.Lock()


def bundle_dir() -> str | None:
    """The frozen app's folder of bundled libraries (``sys._MEIPASS``); None from source."""
    if not getattr(sys, "frozen", False):
        return None
    value = getattr(sys, "_MEIPASS", None)
    return str(value) if value else None


def _inside(value: str, folder: str, platform: str) -> bool:
    if platform == "win32":
        value, folder = value.lower().replace("/", "\\"), folder.lower().replace("/", "\\")
        sep = "\\"
    else:
        sep = "/"
    folder = folder.rstrip(sep)
    return value == folder or value.startswith(folder + sep)


def _key(env: Mapping[str, str], name: str, platform: str) -> str | None:
    """The spelling of ``name`` in ``env`` (Windows variable names ignore case)."""
    if name in env:
        return name
    if platform == "win32":
        upper = name.upper()
        return next((k for k in env if k.upper() == upper), None)
    return None


def child_environment(
    env: Mapping[str, str] | None = None,
    *,
    bundle: str | None = None,
    platform: str = sys.platform,
) -> dict[str, str]:
    """``env`` as the user had it before our frozen app changed it (``bundle``: sys._MEIPASS)."""
    result = dict(os.environ if env is None else env)
    bundle = bundle_dir() if bundle is None else bundle
    for name in _LIBRARY_PATH_VARS:
        original = result.pop(f"{name}_ORIG", None)
        if original is not None:
            # WORKAROUND: PyInstaller's bootloader saved the user's value here before pointing the
            # variable at the bundle.
            # https://pyinstaller.readthedocs.io/en/stable/runtime-information.html#ld-library-path-libpath-considerations
            if original:
                result[name] = original
            else:
                result.pop(name, None)
        elif bundle and name in result:
            kept = [
                e for e in result[name].split(os.pathsep) if e and not _inside(e, bundle, platform)
            ]
            if kept:
                result[name] = os.pathsep.join(kept)
            else:
                result.pop(name)
    if bundle:
        path_key = _key(result, "PATH", platform)
        if path_key is not None:
            sep = ";" if platform == "win32" else ":"
            entries = [e for e in result[path_key].split(sep) if e]
            result[path_key] = sep.join(e for e in entries if not _inside(e, bundle, platform))
        for name in list(result):
            if name.upper().startswith(_OUR_QT_PREFIXES) and (
                name.upper() not in _USER_QT_VARS or _inside(result[name], bundle, platform)
            ):
                del result[name]
    return result


def popen_options(
    *,
    platform: str = sys.platform,
    own_group: bool = True,
    window: bool = False,
    detached: bool = False,
) -> dict[str, Any]:
    """Keyword arguments for ``subprocess.Popen``/``run``: no console window, own group/session.

    ``detached``: a program that outlives us (our own window started from the tray): no console
    at all on Windows, its own session on POSIX.
    """
    options: dict[str, Any] = {}
    if platform == "win32":
        flags = 0 if window else CREATE_NO_WINDOW
        if own_group or detached:
            flags |= CREATE_NEW_PROCESS_GROUP
        if detached:
            flags |= DETACHED_PROCESS
        options["creationflags"] = flags
    elif own_group or detached:
        options["start_new_session"] = True
    return options


@contextlib.contextmanager
def _user_dll_directory(platform: str = sys.platform) -> Iterator[None]:
    """WORKAROUND (Windows, frozen): the bootloader's ``SetDllDirectoryW(bundle)`` is inherited by
    children; reset it while a child starts and put it back for our own later (lazy) imports.
    https://github.com/pyinstaller/pyinstaller/issues/3795"""
    bundle = bundle_dir()
    if platform != "win32" or sys.platform != "win32" or bundle is None:
        yield
        return
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    with _dll_directory_lock:
        kernel32.SetDllDirectoryW(None)
        try:
            yield
        finally:
            kernel32.SetDllDirectoryW(bundle)


def start(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    own_group: bool = True,
    detached: bool = False,
    **popen_kwargs: Any,
) -> subprocess.Popen[Any]:
    """``subprocess.Popen`` with the child's options and the user's environment (stdin closed).

    Every child process of the app starts here (tests/platform/test_platform.py checks that
    nothing in app/ calls subprocess directly).
    """
    popen_kwargs.setdefault("stdin", subprocess.DEVNULL)
    with _user_dll_directory():
        return subprocess.Popen(
            list(command),
            env=child_environment(env),
            **popen_options(own_group=own_group, detached=detached),
            **popen_kwargs,
        )


def run(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    timeout: float,
    **popen_kwargs: Any,
) -> subprocess.CompletedProcess[Any]:
    """Like ``subprocess.run`` (output captured), bounded; on timeout the whole tree is ended
    and ``subprocess.TimeoutExpired`` raised."""
    popen_kwargs.setdefault("stdout", subprocess.PIPE)
    popen_kwargs.setdefault("stderr", subprocess.PIPE)
    process = start(command, env=env, **popen_kwargs)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_process_tree(process)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.communicate(timeout=5)
        raise
    return subprocess.CompletedProcess(list(command), process.returncode, stdout, stderr)


def kill_tree_command(pid: int, *, platform: str = sys.platform) -> list[str] | None:
    """The command that ends ``pid`` and everything it started (None: POSIX uses killpg)."""
    if platform == "win32":
        return ["taskkill", "/F", "/T", "/PID", str(pid)]
    return None


def kill_process_tree(process: subprocess.Popen[Any], *, platform: str = sys.platform) -> None:
    """Stop a process started by :func:`start` (own group/session) with everything it started."""
    command = kill_tree_command(process.pid, platform=platform)
    if command is not None:
        # WORKAROUND: the npm "*.cmd" shims run cmd.exe, which starts node, which may start
        # codex.exe; TerminateProcess (Popen.kill) ends only the first.
        # https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-terminateprocess
        with (
            contextlib.suppress(OSError, subprocess.SubprocessError),
            _user_dll_directory(platform),
        ):
            subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                check=False,
                timeout=30,
                **popen_options(platform=platform, own_group=False),
            )
    elif sys.platform != "win32":  # (a test's platform="linux" on Windows: no process groups)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        process.kill()


def describe_environment_for_diagnosis(env: Mapping[str, str]) -> dict[str, str]:
    """The variables a child's environment check looks at (no secrets: library and Qt paths)."""
    names = ("PATH", *_LIBRARY_PATH_VARS)
    return {
        k: v
        for k, v in env.items()
        if k.upper() in names or k.upper().startswith(_OUR_QT_PREFIXES) or k.endswith("_ORIG")
    }


def run_child_environment_report(out: Any, *, platform: str = sys.platform) -> int:
    """Start one child through :func:`run` that prints its environment; print what it got.

    The built app's smoke check (``packaging/bootstrap.py``) uses this to prove that a child of
    the frozen app gets the user's library paths, not the bundle's.
    """
    import json

    if platform == "win32":
        command = ["cmd.exe", "/d", "/c", "set"]
    else:
        command = ["/usr/bin/env"] if Path("/usr/bin/env").exists() else ["env"]
    try:
        done = run(command, timeout=30, text=True, encoding="utf-8", errors="replace")
    except (OSError, subprocess.SubprocessError) as error:
        print(json.dumps({"error": str(error)}), file=out)
        return 1
    seen: dict[str, str] = {}
    for line in done.stdout.splitlines():
        name, sep, value = line.partition("=")
        if sep:
            seen[name] = value
    report = {"bundle": bundle_dir(), "child": describe_environment_for_diagnosis(seen)}
    print(json.dumps(report), file=out)
    return 0 if done.returncode == 0 else 1
