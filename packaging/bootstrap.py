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
    "tmux": "drives the interactive Codex CLI (tests/test_codex_tui.py)",
    "nsis": "makensis: CI compiles the Windows installer script (packaging/package.py nsis-check)",
    "p7zip-full": "7z: CI lists what the compiled Windows installer holds",
    "dbus": "dbus-run-session: a private session bus for the keychain test",
    "gnome-keyring": "a real Secret Service for the keychain test (tests/test_secrets.py)",
    # Qt (PySide6) offscreen: what libqoffscreen.so and libQt6Core/Gui/Widgets link (ldd).
    "libegl1": "Qt offscreen: libQt6Gui links EGL",
    "libgl1": "Qt offscreen: libQt6Gui links OpenGL (and through it X11 client libraries)",
    "libxkbcommon0": "Qt: libQt6Gui links xkbcommon",
    "libfontconfig1": "Qt: finding fonts",
    "libfreetype6": "Qt: drawing text",
    "libglib2.0-0": "Qt: libQt6Core's event loop",
    "libdbus-1-3": "Qt: libQt6DBus, which libQt6Gui links",
    "fonts-dejavu-core": "a font for Qt offscreen: with none, text has no size and Qt warns",
    # The real tray test (tests/sni_watcher.py): Qt's xcb platform on an X server, because the
    # offscreen platform has no tray. What libqxcb.so and libQt6XcbQpa link (objdump NEEDED).
    "xvfb": "an X server for the real tray test (QSystemTrayIcon over StatusNotifierItem)",
    "libx11-xcb1": "Qt xcb platform (tray test)",
    "libxcb-cursor0": "Qt xcb platform (tray test)",
    "libxcb-icccm4": "Qt xcb platform (tray test)",
    "libxcb-image0": "Qt xcb platform (tray test)",
    "libxcb-keysyms1": "Qt xcb platform (tray test)",
    "libxcb-randr0": "Qt xcb platform (tray test)",
    "libxcb-render-util0": "Qt xcb platform (tray test)",
    "libxcb-shape0": "Qt xcb platform (tray test)",
    "libxcb-xkb1": "Qt xcb platform (tray test)",
    "libxkbcommon-x11-0": "Qt xcb platform (tray test)",
    "libglib2.0-bin": "gio: starts the autostart entry as a desktop would (tray autostart test)",
}


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


def ensure_system_packages() -> None:
    """Install the missing SYSTEM_PACKAGES on Debian/Ubuntu CI as root; elsewhere say how."""
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
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if os.environ.get("CI") == "true" and is_root and shutil.which("apt-get"):
        say(f"installing {' '.join(missing)} with apt-get")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        started = time.monotonic()
        update = subprocess.run(["apt-get", "update", "-qq"], env=env)
        install = subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env
        )
        if update.returncode or install.returncode:
            say("apt-get failed: the tests that need these packages will fail")
        else:
            say(f"installed in {time.monotonic() - started:.0f}s")
        return
    say("missing system packages (the tests that need them are skipped or fail):")
    for name in missing:
        say(f"  {name}: {SYSTEM_PACKAGES[name]}")
    say(f"  install them with: sudo apt-get install --no-install-recommends {' '.join(missing)}")


def cmd_run(args: list[str]) -> int:
    python = ensure_venv([])
    return subprocess.call([str(python), "-m", "app", *args], cwd=ROOT)


def cmd_test(args: list[str]) -> int:
    python = ensure_venv(["dev"])
    ensure_system_packages()
    env = dict(os.environ)
    codex = ensure_codex()
    if codex is not None:
        env["TOKENPOOL_TEST_CODEX"] = str(codex)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    venv_bin = VENV / BIN
    steps = [
        (
            "ruff lint",
            [str(venv_bin / f"ruff{EXE}"), "check", *LINTED],
        ),
        (
            "ruff format",
            [
                str(venv_bin / f"ruff{EXE}"),
                "format",
                "--check",
                *LINTED,
            ],
        ),
        ("mypy", [str(python), "-m", "mypy"]),
    ]
    actionlint = venv_bin / f"actionlint{EXE}"
    if actionlint.exists():  # installed on Linux (pyproject's dev group), where CI runs
        steps.append(("actionlint", [str(actionlint), *workflow_files()]))
    else:
        say("actionlint skipped: the dev group installs it on Linux only")
    for name, cmd in steps:
        say(name)
        if subprocess.call(cmd, cwd=ROOT, env=env) != 0:
            say(f"{name} failed")
            return 1
    say("pytest")
    return subprocess.call([str(python), "-m", "pytest", *args], cwd=ROOT, env=env)


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
    """tests/test_frozen_app.py against the built app (the tray registering with a stand-in
    tray host), with the test environment that `test` made."""
    python = VENV / BIN / f"python{EXE}"
    if not python.exists():
        say("frozen tests skipped: no .venv (python3 packaging/bootstrap.py test makes it)")
        return 1 if os.environ.get("CI") == "true" else 0
    say("frozen: pytest tests/test_frozen_app.py")
    env = {**os.environ, "TOKENPOOL_FROZEN_APP": str(binary)}
    cmd = [str(python), "-m", "pytest", "tests/test_frozen_app.py", "-q", "-p", "no:cacheprovider"]
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
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": home,
            "USERPROFILE": home,
            "TOKENPOOL_SETUP_SETTINGS_DIR": str(Path(home) / "settings"),
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
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": home,
            "USERPROFILE": home,
            "CODEX_HOME": str(Path(home) / ".codex"),
            "TOKENPOOL_SETUP_SETTINGS_DIR": str(Path(home) / "settings"),
        }
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
    say("smoke: the built app runs")
    return 0


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
