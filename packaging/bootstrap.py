#!/usr/bin/env python3
"""Set up everything on a fresh machine with only Python 3.11+, then run the app or the tests.

    python3 packaging/bootstrap.py run [ARGS...]    # the app (no ARGS: the setup window)
    python3 packaging/bootstrap.py test [PYTEST ARGS...]   # lint, types and the whole test suite
    python3 packaging/bootstrap.py build            # PyInstaller app in dist/, then smoke-run it

It creates ``.venv`` from the lock file (uv.lock) with a pinned uv, and for the tests installs the
pinned Codex CLI from the npm registry into ``.cache/`` (the compatibility tests run the real one)
and, on Debian/Ubuntu CI as root, the system packages the tests need (SYSTEM_PACKAGES). ``build``
uses its own environment (``.cache/build-venv``: the app's dependencies and PyInstaller only).
Standard library only: this file runs before any dependency exists.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UV_VERSION = "0.13.9"
LINTED = ("app", "tests", "bench", "packaging", "docs", "installer.spec")
CACHE = ROOT / ".cache"
VENV = ROOT / ".venv"
BUILD_VENV = CACHE / "build-venv"
DIST = ROOT / "dist" / "tokenpool-setup"
BUILD_TIMEOUT = 1500  # seconds for PyInstaller; a build here takes about 1-2 minutes
IS_WINDOWS = os.name == "nt"
BIN = "Scripts" if IS_WINDOWS else "bin"
EXE = ".exe" if IS_WINDOWS else ""


def say(text: str) -> None:
    print(f"[bootstrap] {text}", flush=True)


def run(cmd: list[str], **kwargs: object) -> None:
    result = subprocess.run(cmd, cwd=ROOT, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        say(f"failed ({result.returncode}): {' '.join(cmd)}")
        sys.exit(result.returncode)


def ensure_uv() -> Path:
    tool_venv = CACHE / "uv-bootstrap"
    uv = tool_venv / BIN / f"uv{EXE}"
    if uv.exists():
        return uv
    say(f"installing uv {UV_VERSION} into {tool_venv}")
    run([sys.executable, "-m", "venv", str(tool_venv)])
    run([str(tool_venv / BIN / f"python{EXE}"), "-m", "pip", "install", "-q", f"uv=={UV_VERSION}"])
    return uv


def ensure_venv(groups: list[str], venv: Path = VENV, default_groups: bool = True) -> Path:
    uv = ensure_uv()
    cmd = [str(uv), "sync", "--frozen", "--quiet", "--python", sys.executable]
    if not default_groups:
        cmd.append("--no-default-groups")
    for group in groups:
        cmd += ["--group", group]
    say(f"syncing {venv.relative_to(ROOT)} with uv.lock")
    run(cmd, env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv)})
    return venv / BIN / f"python{EXE}"


def codex_versions() -> tuple[str, ...]:
    """The Codex CLI versions the tests run against, pinned once in app/core/codex_versions.py
    (first: the pinned one; last: the newest tested). Loaded as a file: the app's dependencies
    may not be installed yet."""
    path = ROOT / "app" / "core" / "codex_versions.py"
    spec = importlib.util.spec_from_file_location("tokenpool_codex_versions", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return tuple(module.CODEX_VERSIONS)


CODEX_VERSIONS = codex_versions()


def ensure_codex() -> Path | None:
    """Every tested Codex CLI (CODEX_VERSIONS) for the compatibility tests; returns the pinned
    one (the first), which the tests use by default."""
    binaries = [ensure_codex_version(version) for version in CODEX_VERSIONS]
    return binaries[0]


def ensure_codex_version(version: str) -> Path | None:
    """One Codex CLI version in .cache/codex-<version> (its binary ships inside the package)."""
    prefix = CACHE / f"codex-{version}"
    binary = prefix / "node_modules" / ".bin" / ("codex.cmd" if IS_WINDOWS else "codex")
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        say("npm not found: the tests that run the real Codex CLI will be skipped")
        return None
    say(f"installing @openai/codex@{version} into {prefix}")
    prefix.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            npm,
            "install",
            "--prefix",
            str(prefix),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            f"@openai/codex@{version}",
        ],
        cwd=ROOT,
    )
    if result.returncode != 0 or not binary.exists():
        say("could not install the Codex CLI: its tests will be skipped (CI fails them)")
        return None
    return binary


# Debian/Ubuntu packages the tests need, and why. A fresh Debian machine may lack any of them.
SYSTEM_PACKAGES = {
    "tmux": "drives the interactive Codex CLI (tests/codex/test_codex_tui.py)",
    "nsis": "makensis: CI compiles the Windows installer script (packaging/package.py nsis-check)",
    "p7zip-full": "7z: CI lists what the compiled Windows installer holds",
    "dbus": "dbus-run-session: a private session bus for the keychain test",
    "gnome-keyring": "a real Secret Service for the keychain test (tests/core/test_secrets.py)",
    "tinyproxy": "a real HTTP proxy asking for a login (tests/network/test_proxy_words.py)",
    "microsocks": "a real SOCKS5 proxy asking for a login (tests/network/test_proxy_words.py)",
    # Qt (PySide6) offscreen: what libqoffscreen.so and libQt6Core/Gui/Widgets link (ldd).
    "libegl1": "Qt offscreen: libQt6Gui links EGL",
    "libgl1": "Qt offscreen: libQt6Gui links OpenGL (and through it X11 client libraries)",
    "libxkbcommon0": "Qt: libQt6Gui links xkbcommon",
    "libfontconfig1": "Qt: finding fonts",
    "libfreetype6": "Qt: drawing text",
    "libglib2.0-0": "Qt: libQt6Core's event loop",
    "libdbus-1-3": "Qt: libQt6DBus, which libQt6Gui links",
    "fonts-dejavu-core": "a font for Qt offscreen: with none, text has no size and Qt warns",
    # A real X11 window: what the xcb platform plugin (libqxcb.so, libQt6XcbQpa) links (ldd). The
    # built app's smoke run opens its window once under Xvfb with them (and checks with ldd); the
    # real tray test (tests/support/sni_watcher.py) needs them too: offscreen has no tray.
    "xvfb": "an X server without a screen: the built app's smoke run opens a real X11 window",
    "x11-utils": "xwininfo: the smoke run sees the app's window on the X server",
    "libxcb-cursor0": "Qt xcb: needed since Qt 6.5 (stock Ubuntu 22.04 on Xorg lacks it)",
    "libxcb-icccm4": "Qt xcb",
    "libxcb-image0": "Qt xcb",
    "libxcb-keysyms1": "Qt xcb",
    "libxcb-randr0": "Qt xcb",
    "libxcb-render-util0": "Qt xcb",
    "libxcb-shape0": "Qt xcb",
    "libxcb-xkb1": "Qt xcb",
    "libxkbcommon-x11-0": "Qt xcb: the keyboard",
    "libx11-xcb1": "Qt xcb",
    "libwayland-client0": "Qt wayland: a Wayland window (PyInstaller never bundles libwayland)",
    "libwayland-cursor0": "Qt wayland",
    "libwayland-egl1": "Qt wayland",
    "libglib2.0-bin": "gio: starts the autostart entry as a desktop would (tray autostart test)",
    # The screen-reader test (tests/a11y/test_accessibility_bus.py): the AT-SPI accessibility bus,
    # and pyatspi (for the system python3) to listen on it the way Orca does.
    "at-spi2-core": "at-spi-bus-launcher: the accessibility bus for the screen-reader test",
    "python3-pyatspi": "pyatspi: the screen-reader test reads the app over AT-SPI with it",
    "trayer": "a real XEmbed tray host, killed and restarted (tests/tray/test_tray_host_real.py)",
    "dunst": "a real notification server on the private bus (tests/tray/test_tray_host_real.py)",
}

# The Debian/Ubuntu package that provides a library Qt's platform plugins link.
LIBRARY_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}


def missing_libraries(library: Path, library_path: str | None = None) -> list[str]:
    """The shared libraries ``library`` needs that the dynamic loader cannot find (``ldd``).

    ``library_path`` imitates the loader's LD_LIBRARY_PATH (the built app's bootloader sets it to
    its ``_internal`` folder). Empty when ldd is missing or cannot read the file.
    """
    ldd = shutil.which("ldd")
    if ldd is None or not library.is_file():
        return []
    env = dict(os.environ)
    if library_path is not None:
        env["LD_LIBRARY_PATH"] = library_path
    try:
        result = subprocess.run(
            [ldd, str(library)], capture_output=True, text=True, env=env, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return []
    missing = []
    for line in result.stdout.splitlines():
        name, _, where = line.strip().partition("=>")
        if "not found" in where and name.strip() not in missing:
            missing.append(name.strip())
    return missing


def install_advice(missing: list[str]) -> str:
    """What to install, in words, with the one command on Debian/Ubuntu."""
    packages = sorted({LIBRARY_PACKAGES[n] for n in missing if n in LIBRARY_PACKAGES})
    unknown = [n for n in missing if n not in LIBRARY_PACKAGES]
    lines = [f"These libraries are not installed on this computer: {', '.join(missing)}."]
    if packages and shutil.which("apt-get"):
        command = f"sudo apt-get install {' '.join(packages)}"
        lines.append(f"Install them with this one command, then try again:\n    {command}")
    else:
        lines.append(
            "Install the packages that provide them with your distribution's package manager"
            + (f" (on Debian/Ubuntu: {' '.join(packages)})" if packages else "")
            + ", then try again."
        )
    if unknown and packages:
        lines.append(f"Also look for the packages providing: {', '.join(unknown)}.")
    return "\n".join(lines)


def venv_xcb_plugin(venv: Path = VENV) -> Path | None:
    """The venv's PySide6 xcb platform plugin (libqxcb.so), if installed."""
    found = sorted(venv.glob("lib/python3*/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so"))
    return found[0] if found else None


def window_libraries_missing(args: list[str], env: dict[str, str] | os._Environ[str]) -> bool:
    """Before ``run`` opens the window on Linux with X11: say in words what xcb lacks (Qt itself
    would only abort with "could not load the Qt platform plugin xcb")."""
    if sys.platform != "linux" or (
        args and args[0] not in ("gui", "tray") and not args[0].startswith("-")
    ):
        return False
    platform = env.get("QT_QPA_PLATFORM", "")
    wayland_session = bool(env.get("WAYLAND_DISPLAY")) and not platform
    if platform not in ("", "xcb") or wayland_session or not env.get("DISPLAY"):
        return False
    plugin = venv_xcb_plugin()
    missing = missing_libraries(plugin) if plugin is not None else []
    if not missing:
        return False
    say("the setup window cannot open on this X11 desktop: Qt's xcb platform needs libraries")
    print(install_advice(missing), file=sys.stderr, flush=True)
    return True


def missing_system_packages(packages: list[str]) -> list[str] | None:
    """The packages dpkg does not have installed; None where there is no dpkg (not Debian)."""
    dpkg_query = shutil.which("dpkg-query")
    if dpkg_query is None:
        return None
    result = subprocess.run(
        [dpkg_query, "-W", "-f=${Package} ${db:Status-Status}\n", *packages],
        capture_output=True,
        text=True,
    )
    installed = set()
    for line in result.stdout.splitlines():
        name, _, status = line.partition(" ")
        if status.strip() == "installed":
            installed.add(name.split(":")[0])  # libfoo:amd64 -> libfoo
    return [p for p in packages if p not in installed]


def privileged_prefix() -> list[str] | None:
    """How to run apt-get as root: [] as root, ["sudo", "-n"] where sudo needs no password (a
    GitHub runner), None otherwise."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return []
    sudo = shutil.which("sudo")
    if sudo is None:
        return None
    try:
        allowed = subprocess.run([sudo, "-n", "true"], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return [sudo, "-n"] if allowed.returncode == 0 else None


def apt_install(packages: list[str], *, i386: bool = False) -> bool:
    """apt-get update + install (as root or with sudo -n); with ``i386`` the i386 architecture
    is added first (Wine's 32-bit half). False when it could not run or failed."""
    prefix = privileged_prefix()
    if prefix is None or not shutil.which("apt-get"):
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    started = time.monotonic()
    steps = []
    if i386:
        steps.append([*prefix, "dpkg", "--add-architecture", "i386"])
    steps.append([*prefix, "apt-get", "update", "-qq"])
    steps.append([*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages])
    for step in steps:
        if subprocess.run(step, env=env).returncode != 0:
            say(f"failed: {' '.join(step)}")
            return False
    say(f"installed in {time.monotonic() - started:.0f}s")
    return True


def ensure_system_packages() -> None:
    """Install the missing SYSTEM_PACKAGES on Debian/Ubuntu CI (as root, or with sudo where it
    needs no password, as on GitHub's runners); elsewhere say how."""
    if sys.platform != "linux":
        return
    missing = missing_system_packages(list(SYSTEM_PACKAGES))
    if missing is None:
        tools = ("tmux", "dbus-run-session", "gnome-keyring-daemon")
        absent = [tool for tool in tools if shutil.which(tool) is None]
        if absent:
            say(f"not found: {', '.join(absent)}; the tests that need them will be skipped")
        return
    if not missing:
        return
    if os.environ.get("CI") == "true" and privileged_prefix() is not None:
        say(f"installing {' '.join(missing)} with apt-get")
        if not apt_install(missing):
            say("apt-get failed: the tests that need these packages will fail")
        return
    say("missing system packages (the tests that need them are skipped or fail):")
    for name in missing:
        say(f"  {name}: {SYSTEM_PACKAGES[name]}")
    say(f"  install them with: sudo apt-get install --no-install-recommends {' '.join(missing)}")


# Wine runs the Windows installer for real (tests/platform/test_windows_installer_wine.py). Its
# 32-bit half needs the i386 architecture, so it is installed apart from SYSTEM_PACKAGES (a minute
# or two in CI; the tests skip outside CI when it is absent, and fail in CI).
WINE_PACKAGES = {"wine": "wine", "wine64": "wine64", "wine32": "wine32:i386"}


def ensure_wine() -> None:
    if sys.platform != "linux":
        return
    missing = missing_system_packages(list(WINE_PACKAGES))
    if not missing:  # installed, or not Debian (then the tests say what they miss)
        return
    wanted = [WINE_PACKAGES[name] for name in missing]
    if os.environ.get("CI") == "true" and privileged_prefix() is not None:
        say(f"installing {' '.join(wanted)} (the Windows installer runs under Wine)")
        if not apt_install(wanted, i386=True):
            say("Wine could not be installed: the Windows installer tests will fail")
        return
    say("Wine is missing: the Windows installer tests are skipped. Install it with:")
    say(
        "  sudo dpkg --add-architecture i386 && sudo apt-get update && "
        f"sudo apt-get install {' '.join(wanted)}"
    )


def cmd_run(args: list[str]) -> int:
    python = ensure_venv([])
    if window_libraries_missing(args, os.environ):
        return 1
    return subprocess.call([str(python), "-m", "app", *args], cwd=ROOT)


def cmd_test(args: list[str]) -> int:
    python = ensure_venv(["dev"])
    ensure_system_packages()
    ensure_wine()
    env = dict(os.environ)
    codex = ensure_codex()
    if codex is not None:
        env["TOKENPOOL_TEST_CODEX"] = str(codex)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name, cmd in check_steps(python):
        say(name)
        if subprocess.call(cmd, cwd=ROOT, env=env) != 0:
            say(f"{name} failed")
            return 1
    say("pytest")
    return subprocess.call([str(python), "-m", "pytest", *args], cwd=ROOT, env=env)


# mypy reads ``sys.platform`` checks: code that is right on Linux may not type-check as Windows
# or macOS read it (os.getuid, os.killpg, fcntl). The test command on every system checks all
# three, so a Linux run finds what would fail the Windows and macOS runners first.
TYPE_CHECK_PLATFORMS = ("linux", "win32", "darwin")


def check_steps(python: Path) -> list[tuple[str, list[str]]]:
    """Lint, format and type checks the test command runs before pytest, in order."""
    venv_bin = VENV / BIN
    ruff = str(venv_bin / f"ruff{EXE}")
    steps = [
        ("ruff lint", [ruff, "check", *LINTED]),
        ("ruff format", [ruff, "format", "--check", *LINTED]),
    ]
    for platform in TYPE_CHECK_PLATFORMS:
        steps.append((f"mypy ({platform})", [str(python), "-m", "mypy", "--platform", platform]))
    actionlint = venv_bin / f"actionlint{EXE}"
    if actionlint.exists():  # installed on Linux (pyproject's dev group), where CI runs
        steps.append(("actionlint", [str(actionlint), *workflow_files()]))
    else:
        say("actionlint skipped: the dev group installs it on Linux only")
    return steps


def workflow_files() -> list[str]:
    """The GitHub workflows (actionlint checks them; with none it lints nothing)."""
    folder = ROOT / ".github" / "workflows"
    return sorted(str(p) for p in folder.glob("*.y*ml")) if folder.is_dir() else []


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def cmd_build(args: list[str]) -> int:
    """PyInstaller build of installer.spec into dist/, then smoke-run the built app."""
    if args:
        print("build takes no arguments", file=sys.stderr)
        return 2
    python = ensure_venv(["build"], venv=BUILD_VENV, default_groups=False)
    # A clean checkout in CI (the release workflow's runner) has nothing yet: the libraries the
    # smoke run's real window needs, NSIS and 7z for the installer check.
    ensure_system_packages()
    say("pyinstaller installer.spec")
    started = time.monotonic()
    cmd = [str(python), "-m", "PyInstaller", "--noconfirm", "--log-level=WARN"]
    cmd += ["--distpath", "dist", "--workpath", "build", "installer.spec"]
    try:
        code = subprocess.call(cmd, cwd=ROOT, timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        say(f"pyinstaller took longer than {BUILD_TIMEOUT}s")
        return 1
    if code != 0:
        say(f"pyinstaller failed ({code})")
        return 1
    seconds, megabytes = time.monotonic() - started, dir_size(DIST) / 1e6
    say(f"built {DIST.relative_to(ROOT)} in {seconds:.0f}s: {megabytes:.0f} MB")
    binary = built_program()
    if smoke(binary) != 0 or frozen_checks(binary) != 0:
        return 1
    if sys.platform == "linux":
        if frozen_tests(binary) != 0:
            return 1
        return package_linux_and_check_nsis(python)
    return 0


def frozen_tests(binary: Path) -> int:
    """tests/platform/test_frozen_app.py against the built app (the tray registering with a stand-in
    tray host), with the test environment that `test` made."""
    python = VENV / BIN / f"python{EXE}"
    if not python.exists():
        if os.environ.get("CI") != "true":
            say("frozen tests skipped: no .venv (python3 packaging/bootstrap.py test makes it)")
            return 0
        # A clean checkout in CI (the release workflow): make the test environment now.
        python = ensure_venv(["dev"])
    say("frozen: pytest tests/platform/test_frozen_app.py")
    env = {**os.environ, "TOKENPOOL_FROZEN_APP": str(binary)}
    tests = "tests/platform/test_frozen_app.py"
    cmd = [str(python), "-m", "pytest", tests, "-q", "-p", "no:cacheprovider"]
    try:
        return subprocess.call(cmd, cwd=ROOT, env=env, timeout=600)
    except subprocess.TimeoutExpired:
        say("frozen tests took longer than 600s")
        return 1


def built_program() -> Path:
    """The program a person starts: on Windows its console twin (a windowed program's output
    is lost in CI), on macOS the one inside the .app."""
    if IS_WINDOWS:
        return DIST / "tokenpool-setup-cli.exe"
    app = ROOT / "dist" / "TokenPool Setup.app" / "Contents" / "MacOS" / "tokenpool-setup"
    if sys.platform == "darwin" and app.exists():
        return app
    return DIST / "tokenpool-setup"


def _bundle_contents():  # type: ignore[no-untyped-def]
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bundle_contents", ROOT / "packaging" / "bundle_contents.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _throwaway_home_env(home: str) -> dict[str, str]:
    """This environment with ``home`` as the person's home and settings folder, Qt offscreen:
    the built app run as a user would, touching nothing of the real user's."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": home,
        "USERPROFILE": home,
        "TOKENPOOL_SETUP_SETTINGS_DIR": str(Path(home) / "settings"),
    }


def frozen_checks(binary: Path) -> int:
    """What the installers rely on, checked on the built app: the bundle holds the Qt pieces the
    app and its tray load and none of those we drop; doctor answers on an empty Codex folder."""
    problems = _bundle_contents().bundle_problems(DIST, sys.platform)
    for problem in problems:
        say(f"bundle: {problem}")
    if problems:
        return 1
    with tempfile.TemporaryDirectory(prefix="tokenpool-frozen-") as home:
        env = {
            **_throwaway_home_env(home),
            "PYTHONUTF8": "1",  # Windows: the JSON travels as UTF-8, not the console code page
        }
        codex_home = Path(home) / "codex"
        say(f"frozen: {binary.name} doctor --codex-home <temp> --json")
        result = subprocess.run(
            [str(binary), "doctor", "--codex-home", str(codex_home), "--json"],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=120,
        )
    import json

    try:
        report = json.loads(result.stdout)
        codes = {finding["code"] for finding in report["findings"]}
    except (ValueError, KeyError, TypeError):
        print(result.stdout[-2000:], result.stderr[-2000:], flush=True)
        say(f"frozen doctor did not answer in JSON (exit {result.returncode})")
        return 1
    # An empty Codex folder: errors (exit 1) naming the missing key file, and nothing else broke.
    if result.returncode != 1 or "auth_json_missing" not in codes:
        say(f"frozen doctor: exit {result.returncode}, findings {sorted(codes)}")
        return 1
    say(f"frozen doctor: exit 1 with {len(codes)} findings, as expected for an empty folder")
    return 0


def package_linux_and_check_nsis(python: Path) -> int:
    """The Linux .tar.gz; and the Windows installer script compiled with makensis against this
    folder laid out like the Windows build (CI has NSIS; elsewhere it is skipped if absent)."""
    package = [str(python), str(ROOT / "packaging" / "package.py")]
    if subprocess.call([*package, "linux"], cwd=ROOT) != 0:
        return 1
    if shutil.which("makensis") is None or not (shutil.which("7z") or shutil.which("7zz")):
        if os.environ.get("CI") == "true":
            say("makensis or 7z missing: install nsis and p7zip-full (SYSTEM_PACKAGES)")
            return 1
        say("nsis-check skipped: makensis or 7z not installed (Debian: nsis p7zip-full)")
        return 0
    return subprocess.call([*package, "nsis-check"], cwd=ROOT)


def smoke(binary: Path) -> int:
    """Run the built app as a user would, in a throwaway home: each must exit 0."""
    with tempfile.TemporaryDirectory(prefix="tokenpool-smoke-") as home:
        env = {**_throwaway_home_env(home), "CODEX_HOME": str(Path(home) / ".codex")}
        for args in (["--version"], ["selftest"]):
            say(f"smoke: {binary.name} {' '.join(args)}")
            try:
                result = subprocess.run(
                    [str(binary), *args],
                    env=env,
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    text=True,
                    timeout=120,
                )
            except subprocess.TimeoutExpired:
                say("smoke: no answer within 120s")
                return 1
            output = (result.stdout + result.stderr).strip()
            for line in output.splitlines()[-20:]:
                print(f"    {line}", flush=True)
            if result.returncode != 0:
                say(f"smoke failed: exit {result.returncode}")
                return 1
        if smoke_tray_worker(windowed_program(binary), env, Path(home)) != 0:
            return 1
        # The window, offscreen: Qt and its plugins load from the bundle and it keeps running.
        say(f"smoke: {binary.name} (the window, for 5s)")
        window = subprocess.Popen(
            [str(binary)], env=env, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        try:
            _, err = window.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            window.terminate()
            _, err = window.communicate(timeout=10)
        else:
            if window.returncode != 0:
                print(err, flush=True)
                say(f"smoke failed: the window exited with {window.returncode}")
                return 1
        if smoke_platform(binary, env) != 0:
            return 1
    say("smoke: the built app runs")
    return 0


def windowed_program(binary: Path) -> Path:
    """The program the tray starts its worker with (sys.executable of the running tray): on
    Windows the windowed tokenpool-setup.exe beside the console twin, elsewhere the same one."""
    if IS_WINDOWS:
        return binary.with_name("tokenpool-setup.exe")
    return binary


def smoke_tray_worker(program: Path, env: dict[str, str], home: Path) -> int:
    """The tray's periodic checks run as ``<app> tray-worker``, one JSON request on stdin and one
    JSON answer on stdout (app/core/tray/worker.py). A windowed PyInstaller program on Windows
    has no sys.stdin/sys.stdout unless pipes are inherited: prove that the pipes the tray gives
    it work, by piping a request in and reading the answer, as the tray does."""
    import json

    request = {
        "job": "files",
        "codex_home": str(home / "worker-codex"),
        "settings_dir": str(home / "worker-settings"),
        "check_codex": False,  # no network: the files and the offline doctor only
    }
    say(f"smoke: {program.name} tray-worker (a request piped in, the answer read back)")
    try:
        result = subprocess.run(
            [str(program), "tray-worker"],
            input=json.dumps(request),
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError) as error:
        say(f"smoke failed: the tray worker did not run ({error})")
        return 1
    try:
        answer = json.loads(result.stdout)
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or answer.get("ok") is not True or "view" not in answer:
        print(result.stdout[-1000:], result.stderr[-2000:], flush=True)
        say(f"smoke failed: no answer from the tray worker (exit {result.returncode})")
        return 1
    say("smoke: the tray worker answered over its pipes")
    return 0


def smoke_platform(binary: Path, env: dict[str, str]) -> int:
    """What the built app meets outside the test box: its children's environment, and on Linux
    the platform plugins' libraries and a real X11 window."""
    if not IS_WINDOWS and smoke_child_environment(binary, env) != 0:
        return 1
    if sys.platform != "linux":
        return 0
    internal = binary.parent / "_internal"
    plugins = sorted(internal.glob("PySide6/Qt/plugins/platforms/*.so"))
    say(f"smoke: ldd on the {len(plugins)} bundled Qt platform plugins")
    if not plugins:
        say("smoke failed: no Qt platform plugins in the bundle")
        return 1
    for plugin in plugins:
        missing = missing_libraries(plugin, str(internal))
        if missing:
            say(f"smoke failed: {plugin.name} cannot load")
            print(install_advice(missing), flush=True)
            return 1
    return smoke_x11_window(binary, env)


CHILD_ENV_REPORT = "--diagnose-child-environment"  # hidden: app/__main__.py


def smoke_child_environment(binary: Path, env: dict[str, str]) -> int:
    """A child started by the frozen app gets the user's environment: the original
    LD_LIBRARY_PATH (PyInstaller's bootloader points it at the bundle), no bundle folder on PATH
    or library paths, none of our Qt variables."""
    import json

    original = "/tokenpool-smoke/original-lib"
    run_env = {**env, "LD_LIBRARY_PATH": original}
    say(f"smoke: {binary.name} {CHILD_ENV_REPORT}")
    try:
        result = subprocess.run(
            [str(binary), CHILD_ENV_REPORT],
            env=run_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.SubprocessError as error:
        say(f"smoke failed: {error}")
        return 1
    try:
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        report = json.loads(lines[-1])
    except (ValueError, IndexError):
        say(f"smoke failed: no environment report ({result.stderr.strip()[-500:]!r})")
        return 1
    bundle, seen = report.get("bundle"), report.get("child", {})
    problems = []
    if not bundle:
        problems.append("the app does not know its bundle folder")
    if sys.platform == "linux" and seen.get("LD_LIBRARY_PATH") != original:
        problems.append(f"LD_LIBRARY_PATH is {seen.get('LD_LIBRARY_PATH')!r}, not {original!r}")
    for name, value in seen.items():
        if bundle and bundle in value:
            problems.append(f"{name} holds the bundle: {value}")
    if problems:
        say("smoke failed: a child of the built app gets the bundle's environment:")
        for problem in problems:
            print(f"    {problem}", flush=True)
        return 1
    say("smoke: a child of the built app gets the user's environment")
    return 0


def smoke_x11_window(binary: Path, env: dict[str, str]) -> int:
    """Open the built app's window on a real X server (Xvfb) with Qt's xcb platform."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if os.environ.get("CI") == "true":
            say("smoke failed: Xvfb is missing (SYSTEM_PACKAGES installs xvfb)")
            return 1
        say("smoke: Xvfb not found, the real X11 window is not tried")
        return 0
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as answer:
            display = f":{answer.readline().strip()}"
        if display == ":":
            say("smoke failed: Xvfb did not start")
            return 1
        say(f"smoke: {binary.name} as a real X11 window (Xvfb {display}, QT_QPA_PLATFORM=xcb)")
        x_env = {**env, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}
        x_env.pop("WAYLAND_DISPLAY", None)
        window = subprocess.Popen(
            [str(binary)], env=x_env, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        try:
            _, err = window.communicate(timeout=8)
        except subprocess.TimeoutExpired:
            shown = _x11_window_titles(display)
            window.terminate()
            _, err = window.communicate(timeout=10)
        else:
            print(err[-2000:], flush=True)
            say(f"smoke failed: the X11 window exited with {window.returncode}")
            return 1
        if shown is not None and not any("TokenPool" in title for title in shown):
            print(err[-2000:], flush=True)
            say(f"smoke failed: no TokenPool window on the X server (saw {shown[:5]})")
            return 1
        say("smoke: the window opened on X11" + (f": {shown[0]!r}" if shown else ""))
        return 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def _x11_window_titles(display: str) -> list[str] | None:
    """Names of the windows on ``display`` (xwininfo), or None when xwininfo is missing."""
    xwininfo = shutil.which("xwininfo")
    if xwininfo is None:
        return None
    result = subprocess.run(
        [xwininfo, "-root", "-tree"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=30,
    )
    import re

    return re.findall(r'0x[0-9a-f]+ "([^"]+)"', result.stdout)


COMMANDS = {"run": cmd_run, "test": cmd_test, "build": cmd_build}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 2
    if sys.version_info < (3, 11):  # noqa: UP036 - this file must run on any python3
        print("TokenPool Setup needs Python 3.11 or newer.", file=sys.stderr)
        return 2
    return COMMANDS[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
