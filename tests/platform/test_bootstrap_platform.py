"""packaging/bootstrap.py: the checks for a real window on Linux and for the built app's children
(issue 11 points 3 and 9, issue 10 point 12). The build itself runs them on the real bundle."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYSIDE6 = Path(importlib.util.find_spec("PySide6").origin).parent  # type: ignore[union-attr,arg-type]
XCB_PLUGIN = PYSIDE6 / "Qt" / "plugins" / "platforms" / "libqxcb.so"
linux_only = pytest.mark.skipif(
    sys.platform != "linux" or shutil.which("ldd") is None, reason="ldd on Linux"
)


@pytest.fixture(scope="module")
def bootstrap() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "tp_bootstrap_platform", ROOT / "packaging/bootstrap.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def moved_plugin(tmp_path: Path) -> Path:
    """libqxcb.so away from the Qt libraries it finds through $ORIGIN: a real ELF file whose
    libraries (libQt6XcbQpa.so.6 …) the loader cannot find, as on a desktop that lacks them."""
    copy = tmp_path / "platforms" / "libqxcb.so"
    copy.parent.mkdir()
    shutil.copy2(XCB_PLUGIN, copy)
    return copy


@linux_only
def test_ldd_finds_what_a_platform_plugin_cannot_load(
    bootstrap: ModuleType, moved_plugin: Path
) -> None:
    assert "libQt6XcbQpa.so.6" in bootstrap.missing_libraries(moved_plugin)
    # With the loader pointed at Qt's libraries (as the bundle's bootloader does), they are found.
    assert "libQt6XcbQpa.so.6" not in bootstrap.missing_libraries(
        moved_plugin, str(PYSIDE6 / "Qt" / "lib")
    )


@linux_only
def test_run_says_in_words_what_the_x11_window_lacks(
    bootstrap: ModuleType,
    moved_plugin: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(bootstrap, "venv_xcb_plugin", lambda venv=None: moved_plugin)
    assert bootstrap.window_libraries_missing([], {"DISPLAY": ":96"})
    said = capsys.readouterr()
    assert "cannot open on this X11 desktop" in said.out
    assert "libQt6XcbQpa.so.6" in said.err and "not installed" in said.err
    assert "Traceback" not in said.out + said.err
    # Not a window (a command), not X11, or offscreen: nothing to check.
    assert not bootstrap.window_libraries_missing(["doctor"], {"DISPLAY": ":96"})
    assert not bootstrap.window_libraries_missing(
        [], {"DISPLAY": ":96", "QT_QPA_PLATFORM": "offscreen"}
    )
    assert not bootstrap.window_libraries_missing([], {})


def test_the_advice_is_one_install_command(
    bootstrap: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bootstrap.shutil, "which", lambda name: f"/usr/bin/{name}")
    advice = bootstrap.install_advice(["libxcb-cursor.so.0", "libxkbcommon-x11.so.0"])
    assert "sudo apt-get install libxcb-cursor0 libxkbcommon-x11-0" in advice
    monkeypatch.setattr(bootstrap.shutil, "which", lambda name: None)  # not Debian
    advice = bootstrap.install_advice(["libxcb-cursor.so.0"])
    assert "package manager" in advice and "libxcb-cursor0" in advice


@linux_only
def test_ci_installs_every_library_the_xcb_plugin_needs(bootstrap: ModuleType) -> None:
    import subprocess

    listed = subprocess.run(["ldd", str(XCB_PLUGIN)], capture_output=True, text=True, check=True)
    needed = {line.split()[0] for line in listed.stdout.splitlines() if "=>" in line}
    xcb = {n for n in needed if n.startswith(("libxcb", "libX11-xcb", "libxkbcommon"))}
    assert xcb, listed.stdout
    unknown = xcb - set(bootstrap.LIBRARY_PACKAGES)
    assert not unknown, f"no package known for {unknown}"
    packages = {bootstrap.LIBRARY_PACKAGES[n] for n in xcb}
    # libxcb1/libxcb-render0/… come with libxcb-cursor0 & co.; the leaves must be listed.
    for leaf in ("libxcb-cursor0", "libxcb-icccm4", "libxkbcommon-x11-0", "libxcb-xkb1"):
        assert leaf in packages and leaf in bootstrap.SYSTEM_PACKAGES
    assert "xvfb" in bootstrap.SYSTEM_PACKAGES


def fake_app(tmp_path: Path, child_env: dict[str, str], bundle: str) -> Path:
    """A stand-in for the built app that answers --diagnose-child-environment."""
    report = json.dumps({"bundle": bundle, "child": child_env})
    app = tmp_path / "tokenpool-setup"
    app.write_text(f"#!/bin/sh\ncat <<'EOF'\n{report}\nEOF\n")
    app.chmod(0o755)
    return app


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for the app")
def test_smoke_fails_when_a_child_gets_the_bundles_library_path(
    bootstrap: ModuleType, tmp_path: Path
) -> None:
    bundle = str(tmp_path / "_internal")
    leaked = {"LD_LIBRARY_PATH": f"{bundle}:/tokenpool-smoke/original-lib", "PATH": "/usr/bin"}
    assert bootstrap.smoke_child_environment(fake_app(tmp_path, leaked, bundle), {}) == 1
    good = {"LD_LIBRARY_PATH": "/tokenpool-smoke/original-lib", "PATH": "/usr/bin"}
    if sys.platform != "linux":
        good.pop("LD_LIBRARY_PATH")
    assert bootstrap.smoke_child_environment(fake_app(tmp_path, good, bundle), {}) == 0


def _script(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for the app")
def test_smoke_pipes_a_request_into_the_tray_worker(bootstrap: ModuleType, tmp_path: Path) -> None:
    """The built app's smoke run pipes one request into `<app> tray-worker` and parses the answer
    (a windowed Windows build without inherited pipes has no stdin/stdout). Here the app from
    source stands in for the built one; the build runs it on the real bundle, on every OS."""
    import os

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    real = _script(
        tmp_path / "tokenpool-setup",
        f'exec "{sys.executable}" -c "import sys; from app.__main__ import main; '
        f'sys.exit(main())" "$@"',
    )
    assert bootstrap.smoke_tray_worker(real, env, tmp_path) == 0
    mute = _script(tmp_path / "mute", "cat >/dev/null; exit 0")  # reads, never answers
    assert bootstrap.smoke_tray_worker(mute, env, tmp_path) == 1
    source = (ROOT / "packaging" / "bootstrap.py").read_text(encoding="utf-8")
    smoke = source.split("\ndef smoke(", 1)[1].split("\ndef ", 1)[0]
    assert "smoke_tray_worker(windowed_program(binary)" in smoke


def test_the_worker_smoke_uses_the_windowed_program_on_windows(
    bootstrap: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(bootstrap, "IS_WINDOWS", True)
    cli = tmp_path / "tokenpool-setup-cli.exe"
    assert bootstrap.windowed_program(cli) == tmp_path / "tokenpool-setup.exe"


def test_types_are_checked_as_each_system_reads_them(bootstrap: ModuleType) -> None:
    """mypy follows sys.platform checks: app/ type-checked clean on Linux failed as Windows reads
    it (os.getuid, os.killpg), which the Windows runner's test command would have stopped at."""
    steps = dict(bootstrap.check_steps(Path(sys.executable)))
    for platform in ("linux", "win32", "darwin"):
        assert steps[f"mypy ({platform})"][-2:] == ["--platform", platform]
