"""packaging/bootstrap.py and installer.spec: the parts that can be checked without a build.

The build itself (PyInstaller, then a smoke run of the app) is `bootstrap.py build`, which CI runs
after the tests.
"""

from __future__ import annotations

import ast
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYSIDE6 = Path(importlib.util.find_spec("PySide6").origin).parent  # type: ignore[union-attr,arg-type]


@pytest.fixture(scope="module")
def bootstrap() -> ModuleType:
    # Loaded from its path: "packaging" is also the name of a PyPI package.
    spec = importlib.util.spec_from_file_location("tp_bootstrap", ROOT / "packaging/bootstrap.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_unknown_command_prints_usage(
    bootstrap: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bootstrap.main([]) == 2
    assert bootstrap.main(["nope"]) == 2
    out = capsys.readouterr().out
    for command in ("run", "test", "build"):
        assert f"bootstrap.py {command}" in out


@pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="no dpkg here (not Debian)")
def test_missing_system_packages_asks_dpkg(bootstrap: ModuleType) -> None:
    assert bootstrap.missing_system_packages(["libc6", "tokenpool-no-such-package"]) == [
        "tokenpool-no-such-package"
    ]


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        self.calls.append(list(cmd))
        return subprocess.CompletedProcess(cmd, 0, "", "")


@pytest.mark.skipif(sys.platform != "linux", reason="system packages are installed on Linux only")
def test_outside_ci_missing_packages_are_named_not_installed(
    bootstrap: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    recorder = _Recorder()
    monkeypatch.setattr(bootstrap, "missing_system_packages", lambda names: ["gnome-keyring"])
    monkeypatch.setattr(bootstrap.subprocess, "run", recorder)
    monkeypatch.delenv("CI", raising=False)
    bootstrap.ensure_system_packages()
    out = capsys.readouterr().out
    assert recorder.calls == []
    assert "gnome-keyring: a real Secret Service" in out
    assert "apt-get install --no-install-recommends gnome-keyring" in out


@pytest.mark.skipif(sys.platform != "linux", reason="system packages are installed on Linux only")
def test_on_ci_as_root_missing_packages_are_installed_once(
    bootstrap: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = _Recorder()
    monkeypatch.setattr(bootstrap, "missing_system_packages", lambda names: ["tmux", "dbus"])
    monkeypatch.setattr(bootstrap.subprocess, "run", recorder)
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 0)
    monkeypatch.setattr(bootstrap.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setenv("CI", "true")
    bootstrap.ensure_system_packages()
    assert recorder.calls == [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "tmux", "dbus"],
    ]

    recorder.calls.clear()
    monkeypatch.setattr(bootstrap, "missing_system_packages", lambda names: [])
    bootstrap.ensure_system_packages()
    assert recorder.calls == []  # all there: no apt-get at all


def test_installer_spec_bundles_what_the_app_loads_lazily() -> None:
    text = (ROOT / "installer.spec").read_text()
    ast.parse(text)
    for needed in ('collect_submodules("app")', '"PySide6.QtWidgets"', '"PySide6.QtSvg"'):
        assert needed in text
    assert 'copy_metadata("keyring")' in text  # keyring finds its backends by entry points
    assert (ROOT / "packaging" / "entry.py").is_file()


def test_installer_spec_keeps_the_qt_plugins_the_app_needs() -> None:
    tree = ast.parse((ROOT / "installer.spec").read_text())
    dropped: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id in ("UNUSED_QT_PLUGINS", "UNUSED_QT_PLUGIN_TYPES", "UNUSED_QT")
        ):
            dropped |= {str(v) for v in ast.literal_eval(node.value)}
    assert dropped
    for needed in (
        "libqoffscreen.so",
        "libqxcb.so",
        "libqwayland.so",
        "libqsvg.so",
        "libqsvgicon.so",
        "qwindows.dll",
        "libqcocoa.dylib",
        "platforms",
        "imageformats",
        "iconengines",
        "QtCore",
        "QtGui",
        "QtWidgets",
        "QtSvg",
    ):
        assert needed not in dropped


@pytest.mark.skipif(sys.platform != "linux" or not shutil.which("ldd"), reason="Linux ldd only")
@pytest.mark.parametrize(
    "library",
    [
        "Qt/plugins/platforms/libqoffscreen.so",
        "QtCore.abi3.so",
        "QtGui.abi3.so",
        "QtWidgets.abi3.so",
        "QtSvg.abi3.so",
        "Qt/plugins/imageformats/libqsvg.so",
    ],
)
def test_qt_offscreen_finds_its_system_libraries(library: str) -> None:
    """What bootstrap's SYSTEM_PACKAGES must provide: no library Qt links is missing."""
    path = PYSIDE6 / library
    if not path.exists():
        pytest.skip(f"{library} is not in this PySide6")
    out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=True).stdout
    missing = [line.split()[0] for line in out.splitlines() if "not found" in line]
    assert missing == [], f"install the Debian packages that provide {missing}"
