"""packaging/bootstrap.py and installer.spec: the parts that can be checked without a build.

The build itself (PyInstaller, then a smoke run of the app) is `bootstrap.py build`, which CI runs
after the tests.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
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


@pytest.mark.skipif(sys.platform != "linux", reason="system packages are installed on Linux only")
def test_on_a_github_runner_packages_are_installed_with_sudo(
    bootstrap: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GitHub's runners are not root but have sudo without a password: CI installs there too
    (the push workflow's ubuntu leg, the release workflow's Linux build)."""
    recorder = _Recorder()
    monkeypatch.setattr(bootstrap, "missing_system_packages", lambda names: ["tmux"])
    monkeypatch.setattr(bootstrap.subprocess, "run", recorder)
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 1001)
    monkeypatch.setattr(bootstrap.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setenv("CI", "true")
    bootstrap.ensure_system_packages()
    assert recorder.calls == [
        ["/usr/bin/sudo", "-n", "true"],
        ["/usr/bin/sudo", "-n", "true"],
        ["/usr/bin/sudo", "-n", "apt-get", "update", "-qq"],
        [
            "/usr/bin/sudo",
            "-n",
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "tmux",
        ],
    ]


@pytest.mark.skipif(sys.platform != "linux", reason="Wine is installed on Linux only")
def test_on_ci_wine_is_installed_with_its_i386_half(
    bootstrap: ModuleType, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    recorder = _Recorder()
    monkeypatch.setattr(bootstrap, "missing_system_packages", lambda names: ["wine32"])
    monkeypatch.setattr(bootstrap.subprocess, "run", recorder)
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 0)
    monkeypatch.setattr(bootstrap.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.delenv("CI", raising=False)
    bootstrap.ensure_wine()
    assert recorder.calls == []
    assert "wine32:i386" in capsys.readouterr().out
    monkeypatch.setenv("CI", "true")
    bootstrap.ensure_wine()
    assert recorder.calls == [
        ["dpkg", "--add-architecture", "i386"],
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wine32:i386"],
    ]
    source = (ROOT / "packaging" / "bootstrap.py").read_text(encoding="utf-8")
    assert "ensure_wine()" in source.split("def cmd_test", 1)[1].split("def ", 1)[0]


def test_in_ci_the_build_makes_the_test_environment_it_needs(
    bootstrap: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A clean checkout with CI=true (the release runner) has no .venv: the frozen tests must
    make it, not fail the build with "no .venv"."""
    made: list[list[str]] = []
    python = tmp_path / "venv" / "bin" / "python"
    monkeypatch.setattr(bootstrap, "VENV", tmp_path / "no-venv")
    monkeypatch.setattr(
        bootstrap, "ensure_venv", lambda groups, **kw: made.append(groups) or python
    )
    monkeypatch.setattr(
        bootstrap.subprocess, "call", lambda cmd, **kw: 0 if cmd[0] == str(python) else 9
    )
    monkeypatch.setenv("CI", "true")
    assert bootstrap.frozen_tests(tmp_path / "app") == 0
    assert made == [["dev"]]
    monkeypatch.delenv("CI")
    made.clear()
    assert bootstrap.frozen_tests(tmp_path / "app") == 0  # outside CI: skipped, said so
    assert made == []


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


# --------------------------------------------------------------------------- the installers


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def contents() -> ModuleType:
    return _load("bundle_contents")


@pytest.fixture(scope="module")
def package() -> ModuleType:
    return _load("package")


@pytest.fixture(scope="module")
def icu_trim() -> ModuleType:
    return _load("icu_trim")


def test_installer_spec_bundles_what_the_app_loads_lazily() -> None:
    text = (ROOT / "installer.spec").read_text()
    ast.parse(text)
    for needed in (
        'collect_submodules("app")',
        'collect_submodules("keyring.backends")',
        'copy_metadata("keyring")',  # keyring finds its backends by entry points
        "contents.USED_QT_MODULES",
        "contents.UNUSED_QT_MODULES",
        "upx=False",
        "strip=STRIP",
        "console=True",  # the Windows console twin
        "contents.windows_version_info(VERSION)",
        "contents.info_plist(VERSION)",
        "icu_trim.trim_library",
    ):
        assert needed in text, needed
    assert (ROOT / "packaging" / "entry.py").is_file()


def test_qt_modules_keep_network_and_drop_the_rest(contents: ModuleType) -> None:
    assert {"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtNetwork"} <= set(contents.USED_QT_MODULES)
    assert not set(contents.USED_QT_MODULES) & set(contents.UNUSED_QT_MODULES)
    assert {"QtQml", "QtQuick", "QtSql", "QtWebEngineCore"} <= set(contents.UNUSED_QT_MODULES)


def test_qt_plugin_rules_against_this_pyside6(contents: ModuleType) -> None:
    plugins = PYSIDE6 / "Qt" / "plugins"
    if not plugins.is_dir():
        pytest.skip("this PySide6 keeps its plugins elsewhere")
    kept = {
        f"{folder.name}/{plugin.name}"
        for folder in plugins.iterdir()
        if folder.is_dir()
        for plugin in folder.iterdir()
        if contents.keep_qt_plugin(folder.name, plugin.name)
    }
    if sys.platform == "linux":
        for needed in (
            "platforms/libqxcb.so",
            "platforms/libqwayland.so",
            "platforms/libqoffscreen.so",
            "imageformats/libqsvg.so",
            "iconengines/libqsvgicon.so",
            "platforminputcontexts/libibusplatforminputcontextplugin.so",
            "wayland-shell-integration/libxdg-shell.so",
            "networkinformation/libqnetworkmanager.so",
        ):
            assert needed in kept
    dropped_types = {name.split("/")[0] for name in kept}
    assert not dropped_types & {"sqldrivers", "qmltooling", "tls", "designer", "generic"}
    assert not any("qjpeg" in name or "qgtk3" in name or "qtiff" in name for name in kept)


@pytest.mark.parametrize(
    ("plugin_type", "filename", "kept"),
    [
        ("platforms", "qwindows.dll", True),
        ("platforms", "libqcocoa.dylib", True),
        ("platforms", "libqvnc.so", False),
        ("styles", "qmodernwindowsstyle.dll", True),
        ("imageformats", "qsvg.dll", True),
        ("imageformats", "qjpeg.dll", False),
        ("networkinformation", "qnetworklistmanager.dll", True),
        ("tls", "qschannelbackend.dll", False),
        ("sqldrivers", "qsqlite.dll", False),
    ],
)
def test_qt_plugin_rules_on_every_os(
    contents: ModuleType, plugin_type: str, filename: str, kept: bool
) -> None:
    assert contents.keep_qt_plugin(plugin_type, filename) is kept


def test_translations_and_windows_files(contents: ModuleType) -> None:
    assert contents.keep_data("PySide6/Qt/translations/qtbase_zh_CN.qm")
    for dropped in ("qtbase_de.qm", "qt_zh_CN.qm", "qtmultimedia_zh_CN.qm", "qt_help_zh_CN.qm"):
        assert not contents.keep_data(f"PySide6/Qt/translations/{dropped}")
    assert contents.keep_data("resources/i18n/tokenpool_setup_zh_CN.qm")
    assert not contents.keep_data("resources/i18n/tokenpool_setup_zh_CN.ts")
    assert not contents.keep_binary("PySide6/opengl32sw.dll")
    assert contents.keep_binary("PySide6/Qt6Core.dll")


def test_macos_plist_keys(contents: ModuleType) -> None:
    import plistlib

    version = contents.app_version()
    plist = contents.info_plist(version)
    plistlib.dumps(plist)  # every value is one a plist can hold
    assert plist["LSMinimumSystemVersion"] == contents.MACOS_MIN_VERSION
    assert plist["NSHighResolutionCapable"] is True
    assert plist["NSRequiresAquaSystemAppearance"] is False
    assert plist["CFBundleIdentifier"] == contents.BUNDLE_ID
    assert plist["CFBundleShortVersionString"] == version
    assert plist["CFBundleVersion"] == version


def test_macos_floor_is_not_below_the_locked_pyside6_wheels(contents: ModuleType) -> None:
    """LSMinimumSystemVersion must not promise a macOS the locked Qt wheels were not built for."""
    lock = (ROOT / "uv.lock").read_text()
    tags = re.findall(r"pyside6_essentials-[\d.]+-[^\"]*?macosx_(\d+)_(\d+)_", lock)
    assert tags, "uv.lock has no macOS PySide6-Essentials wheel"
    wheel_floor = max((int(major), int(minor)) for major, minor in tags)
    floor = tuple(int(part) for part in contents.MACOS_MIN_VERSION.split("."))
    assert floor >= wheel_floor
    assert f"macOS {contents.MACOS_MIN_VERSION.split('.')[0]}" in (ROOT / "README.md").read_text()


def test_windows_version_info_is_valid_pyinstaller_source(contents: ModuleType) -> None:
    text = contents.windows_version_info("1.2.3rc1")
    tree = ast.parse(text)
    assert isinstance(tree.body[0], ast.Expr)  # one VSVersionInfo(...) expression
    assert "filevers=(1, 2, 3, 0)" in text
    assert "StringStruct('ProductName', 'TokenPool Setup')" in text
    assert "StringStruct('ProductVersion', '1.2.3rc1')" in text
    assert contents.numeric_version("0.1.0") == (0, 1, 0, 0)


def test_nsis_file_lists_delete_exactly_what_they_install(
    package: ModuleType, tmp_path: Path
) -> None:
    payload = tmp_path / "payload"
    for rel in ("tokenpool-setup.exe", "_internal/a/b/c.dll", "_internal/a/d.pyd", "_internal/$x"):
        (payload / rel).parent.mkdir(parents=True, exist_ok=True)
        (payload / rel).write_bytes(b"x")
    install, uninstall = package.nsis_file_lists(payload)
    files = [line for line in install.splitlines() if line.startswith("File ")]
    assert len(files) == 4
    assert 'SetOutPath "$INSTDIR\\_internal\\a\\b"' in install
    # makensis reads a File source as it is (tests/platform/test_windows_installer_wine.py installs
    # one)
    assert f'File "{payload}/_internal/$x"' in install
    deletes = [line for line in uninstall.splitlines() if line.startswith("Delete ")]
    assert sorted(deletes) == sorted(
        [
            'Delete "$INSTDIR\\tokenpool-setup.exe"',
            'Delete "$INSTDIR\\_internal\\a\\b\\c.dll"',
            'Delete "$INSTDIR\\_internal\\a\\d.pyd"',
            'Delete "$INSTDIR\\_internal\\$$x"',
        ]
    )
    rmdirs = [line for line in uninstall.splitlines() if line.startswith("RMDir")]
    assert rmdirs == [
        'RMDir "$INSTDIR\\_internal\\a\\b"',
        'RMDir "$INSTDIR\\_internal\\a"',
        'RMDir "$INSTDIR\\_internal"',
    ]  # deepest first, and never /r


def test_nsis_script_is_per_user_and_keeps_the_users_files() -> None:
    script = (ROOT / "packaging" / "windows" / "installer.nsi").read_text(encoding="utf-8")
    assert "RequestExecutionLevel user" in script
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${APP_NAME}"' in script
    commands = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith(";"))
    assert "RMDir /r" not in commands and "/r " not in commands  # no recursive delete anywhere
    assert ".codex" not in commands and "$APPDATA" not in commands  # the user's files stay
    assert 'Section /o "$(SEC_DESKTOP)"' in script and 'Section /o "$(SEC_TRAY)"' in script
    assert '"$INSTDIR\\${APP_EXE}" tray --hidden' in script
    for field in ("VIProductVersion", "ProductVersion", "FileVersion", "CompanyName"):
        assert field in script
    autostart = ROOT / "app" / "core" / "platform" / "autostart.py"
    if autostart.exists():  # the app's own "Start at login" writes the same Run value
        text = autostart.read_text(encoding="utf-8")
        name = re.search(r'RUN_VALUE_NAME = "([^"]+)"', text)
        assert name is not None and f'!define RUN_VALUE "{name.group(1)}"' in script


@pytest.mark.skipif(
    shutil.which("makensis") is None or shutil.which("7z") is None,
    reason="needs makensis and 7z (Debian: nsis, p7zip-full; CI installs them)",
)
def test_nsis_installer_compiles_and_holds_the_payload(
    package: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(package, "BUILD", tmp_path / "build")
    payload = tmp_path / "payload"
    for rel in ("tokenpool-setup.exe", "tokenpool-setup-cli.exe", "_internal/Qt6Core.dll"):
        (payload / rel).parent.mkdir(parents=True, exist_ok=True)
        (payload / rel).write_bytes(rel.encode() * 100)
    installer = package.makensis(payload, tmp_path / "setup.exe", fast=True)
    listed = package.listed_by_7z(installer)
    assert {"tokenpool-setup.exe", "tokenpool-setup-cli.exe", "_internal/Qt6Core.dll"} <= listed
    assert "uninstall.exe" in listed


def test_nsis_script_says_what_it_is_and_checks_the_real_windows_floor() -> None:
    """What Wine cannot show (the pages): no "TokenPool Setup Setup" title, our own welcome text
    (NSIS's speaks of rebooting), sharp at high DPI; Windows 10 1809 (build 17763) is checked,
    not any Windows 10, and Arm needs Windows 11 (x64 emulation). The behaviour is run under
    Wine in tests/platform/test_windows_installer_wine.py."""
    script = (ROOT / "packaging" / "windows" / "installer.nsi").read_text(encoding="utf-8")
    commands = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith(";"))
    assert re.search(r'^Caption "\$\(CAPTION\)"$', commands, re.M)
    assert re.search(r'^UninstallCaption "\$\(UNCAPTION\)"$', commands, re.M)
    captions = re.findall(r"LangString (?:UN)?CAPTION \$\{LANG_ENGLISH\} \"([^\"]+)\"", script)
    assert len(captions) == 2 and not any("Setup Setup" in c for c in captions)
    assert "!define MUI_WELCOMEPAGE_TEXT" in commands
    assert "!define MUI_WELCOMEPAGE_TITLE" in commands
    assert "!define MUI_FINISHPAGE_TITLE" in commands
    welcome = re.search(r'LangString WELCOME_TEXT \$\{LANG_ENGLISH\} "([^"]+)"', script)
    assert welcome is not None and "reboot" not in welcome.group(1).lower()
    assert re.search(r"^ManifestDPIAware true$", commands, re.M)
    assert "AtLeastWin10" not in commands
    assert "${AtLeastBuild} 17763" in commands
    assert "${IsNativeARM64}" in commands and "${AtLeastBuild} 22000" in commands
    for option in ("/DESKTOP=", "/TRAY="):
        assert f'${{GetOptions}} $R0 "{option}"' in commands


@pytest.mark.skipif(
    shutil.which("makensis") is None or shutil.which("7z") is None,
    reason="needs makensis and 7z (Debian: nsis, p7zip-full; CI installs them)",
)
def test_the_uninstaller_is_signed_as_makensis_writes_it(
    package: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Smart App Control blocks an unsigned uninstaller too: with TOKENPOOL_SIGN_COMMAND (the
    release workflow's signtool by thumbprint) it is signed before it goes into the installer.
    Here a stand-in "signer" appends a mark; the uninstaller inside the installer carries it."""
    monkeypatch.setattr(package, "BUILD", tmp_path / "build")
    signer = tmp_path / "sign.py"
    signer.write_text("import sys\nopen(sys.argv[1], 'ab').write(b'SIGNED-BY-TEST')\n")
    monkeypatch.setenv("TOKENPOOL_SIGN_COMMAND", f'"{sys.executable}" "{signer}" "%1"')
    payload = tmp_path / "payload"
    for rel in ("tokenpool-setup.exe", "tokenpool-setup-cli.exe"):
        (payload / rel).parent.mkdir(parents=True, exist_ok=True)
        (payload / rel).write_bytes(b"x")
    installer = package.makensis(payload, tmp_path / "setup.exe", fast=True)
    seven = shutil.which("7z") or "7z"
    subprocess.run(
        [seven, "x", "-y", f"-o{tmp_path / 'out'}", str(installer), "uninstall.exe"],
        capture_output=True,
        check=True,
        timeout=120,
    )
    extracted = next((tmp_path / "out").rglob("uninstall.exe"))
    assert extracted.read_bytes().endswith(b"SIGNED-BY-TEST")
    monkeypatch.setenv("TOKENPOOL_SIGN_COMMAND", "signtool sign 'x'")
    with pytest.raises(SystemExit):
        package.makensis(payload, tmp_path / "setup2.exe", fast=True)


@pytest.mark.skipif(shutil.which("makensis") is None, reason="needs makensis (Debian: nsis)")
def test_package_windows_takes_a_relative_app_folder(
    package: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """makensis changes into the script's folder: a relative --app must still be found."""
    monkeypatch.setattr(package, "BUILD", tmp_path / "build")
    monkeypatch.chdir(tmp_path)
    for rel in ("tokenpool-setup.exe", "tokenpool-setup-cli.exe", "_internal/Qt6Core.dll"):
        (tmp_path / "app" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "app" / rel).write_bytes(b"x")
    assert package.main(["windows", "--app", "app", "--out", "out"]) == 0
    made = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert any(name.endswith("-windows-x64-setup.exe") for name in made), made
    assert any(name.endswith("-windows-x64-portable.zip") for name in made), made


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "actionlint").exists(), reason="no actionlint")
def test_release_workflow_passes_actionlint(tmp_path: Path) -> None:
    actionlint = str(ROOT / ".venv" / "bin" / "actionlint")
    workflow = ROOT / ".github" / "workflows" / "release.yml"
    result = subprocess.run([actionlint, str(workflow)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    text = workflow.read_text()
    for runner in ("ubuntu-22.04", "windows-latest", "macos-14"):
        assert runner in text
    broken = tmp_path / "broken.yml"  # the linter does fail on a mistake
    broken.write_text(text.replace("${{ matrix.os }}", "${{ matrix.runner }}"))
    assert subprocess.run([actionlint, str(broken)], capture_output=True).returncode != 0


@pytest.mark.skipif(not (ROOT / ".venv" / "bin" / "actionlint").exists(), reason="no actionlint")
def test_the_push_workflow_tests_every_system_and_passes_actionlint() -> None:
    """Every push and pull request runs the README's test command on Linux, Windows and both
    kinds of Mac."""
    from tests.support.workflow_yaml import load

    actionlint = str(ROOT / ".venv" / "bin" / "actionlint")
    workflow = ROOT / ".github" / "workflows" / "test.yml"
    result = subprocess.run([actionlint, str(workflow)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    parsed = load(workflow.read_text(encoding="utf-8"))
    assert set(parsed["on"]) == {"push", "pull_request"}
    job = parsed["jobs"]["test"]
    systems = job["strategy"]["matrix"]["os"]
    assert any(s.startswith("ubuntu") for s in systems) and "windows-latest" in systems
    assert "macos-14" in systems and "macos-15-intel" in systems
    assert job["strategy"]["fail-fast"] is False
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 packaging/bootstrap.py test" in readme
    runs = [str(step["run"]).strip() for step in job["steps"] if "run" in step]
    assert runs == ["python packaging/bootstrap.py test"]  # the README's command, nothing else


def test_icons_are_rendered_for_every_os() -> None:
    import struct

    icons = ROOT / "packaging" / "icons"
    ico = (icons / "app.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind) == (0, 1) and count >= 6
    sides = {struct.unpack_from("<B", ico, 6 + 16 * i)[0] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sides
    icns = (icons / "app.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack_from(">I", icns, 4)[0] == len(icns)
    assert b"ic10" in icns and b"icp4" in icns  # 1024 px (512@2x) and 16 px
    png = (icons / "app.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack_from(">II", png, 16) == (256, 256)


@pytest.mark.parametrize(
    ("item", "kept"),
    [
        ("icudt73l/coll/zh.res", True),
        ("icudt73l/coll/ucadata.icu", True),
        ("icudt73l/coll/de.res", False),
        ("icudt73l/zone/zh_Hans_CN.res", True),
        ("icudt73l/zone/pool.res", True),
        ("icudt73l/zone/fr.res", False),
        ("icudt73l/root.res", True),
        ("icudt73l/en_GB.res", True),
        ("icudt73l/ja.res", False),
        ("icudt73l/zoneinfo64.res", True),
        ("icudt73l/supplementalData.res", True),
        ("icudt73l/res_index.res", True),
        ("icudt73l/brkitr/cjdict.dict", False),
        ("icudt73l/translit/root.res", False),
        ("icudt73l/gb18030.cnv", True),
        ("icudt73l/ibm-943_P15A-2003.cnv", False),
        ("icudt73l/cnvalias.icu", True),
        ("icudt73l/nfkc.nrm", True),
    ],
)
def test_icu_trim_keeps_what_qt_asks_for(icu_trim: ModuleType, item: str, kept: bool) -> None:
    assert icu_trim.keep_item(item) is kept


_ICU_PROBE = """
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
maps = open("/proc/self/maps").read()
print(next(line.split()[-1] for line in maps.splitlines() if "libicudata" in line))
collator = QCollator(QLocale("zh_CN"))
print(collator.compare("阿", "张") < 0, collator.compare("李", "王") < 0)
zone = QTimeZone(b"Asia/Shanghai")
names = QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName
print(zone.displayName(*names, QLocale("zh_CN")))
print(QStringDecoder("GB18030").isValid(), QStringDecoder("Big5").isValid())
print(QStringDecoder("Shift_JIS").isValid())
"""


@pytest.mark.skipif(sys.platform != "linux", reason="only the Linux wheel carries ICU")
def test_trimmed_icu_still_serves_qt(icu_trim: ModuleType, tmp_path: Path) -> None:
    """Qt with the trimmed data: pinyin order, Chinese zone names and code pages as before;
    a dropped code page (Shift_JIS) is gone, which shows the trimmed copy is the one loaded."""
    original = next((PYSIDE6 / "Qt" / "lib").glob("libicudata.so.*"), None)
    if original is None:
        pytest.skip("this PySide6 has no bundled ICU")
    trimmed = tmp_path / original.name
    shutil.copy2(original, trimmed)
    result = icu_trim.trim_library(trimmed)
    assert result.items_after < result.items_before / 5
    assert trimmed.stat().st_size < original.stat().st_size / 4  # the file itself shrank
    env = {**os.environ, "LD_LIBRARY_PATH": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", _ICU_PROBE], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == str(trimmed)
    assert lines[1] == "True True"  # 阿 (a) before 张 (zhang), 李 (li) before 王 (wang)
    assert lines[2] == "中国标准时间"
    assert lines[3] == "True True"
    assert lines[4] == "False"


@pytest.mark.skipif(sys.platform != "linux", reason="the Linux .tar.gz's install.sh")
def test_linux_install_script_installs_and_uninstalls(package: ModuleType, tmp_path: Path) -> None:
    folder = tmp_path / "unpacked" / "tokenpool-setup"
    folder.mkdir(parents=True)
    program = folder / "tokenpool-setup"
    program.write_text("#!/bin/sh\necho ran\n")
    program.chmod(0o755)
    for name, source in package.linux_extras().items():
        shutil.copy2(source, folder / name)
    home = tmp_path / "home"
    (home / ".codex").mkdir(parents=True)
    (home / ".codex" / "config.toml").write_text("model = 'x'\n")
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}
    run = subprocess.run(
        ["sh", str(folder / "install.sh")], env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    installed = home / ".local" / "lib" / "tokenpool-setup"
    desktop = home / ".local" / "share" / "applications" / "tokenpool-setup.desktop"
    assert (home / ".local" / "bin" / "tokenpool-setup").resolve() == installed / "tokenpool-setup"
    assert f'Exec="{installed}/tokenpool-setup"' in desktop.read_text()
    icons = home / ".local" / "share" / "icons" / "hicolor"
    assert (icons / "256x256" / "apps" / "tokenpool-setup.png").is_file()
    assert (icons / "scalable" / "apps" / "tokenpool-setup.svg").is_file()

    autostart = home / ".config" / "autostart" / "tokenpool-setup-tray.desktop"
    autostart.parent.mkdir(parents=True)
    autostart.write_text("[Desktop Entry]\nX-TokenPool-Setup-Autostart=true\n")
    someone_elses = autostart.parent / "other.desktop"
    someone_elses.write_text("[Desktop Entry]\n")
    run = subprocess.run(
        ["sh", str(installed / "install.sh"), "--uninstall"], env=env, capture_output=True
    )
    assert run.returncode == 0
    assert not installed.exists() and not desktop.exists() and not autostart.exists()
    assert not (home / ".local" / "bin" / "tokenpool-setup").exists()
    assert someone_elses.exists()
    assert (home / ".codex" / "config.toml").read_text() == "model = 'x'\n"


def test_bundle_problems_names_what_is_missing_or_extra(
    contents: ModuleType, tmp_path: Path
) -> None:
    plugins = tmp_path / "_internal" / "PySide6" / "Qt" / "plugins"
    for rel in ("platforms/libqxcb.so", "imageformats/libqsvg.so", "sqldrivers/libqsqlite.so"):
        (plugins / rel).parent.mkdir(parents=True, exist_ok=True)
        (plugins / rel).write_bytes(b"")
    problems = contents.bundle_problems(tmp_path, "linux")
    text = "\n".join(problems)
    assert "platforms/libqwayland.so" in text
    assert "libQt6DBus.so.6" in text
    assert "unused Qt plugin bundled: sqldrivers/libqsqlite.so" in text
    assert "keyring" in text
    assert "licenses/THIRD-PARTY-NOTICES.txt is missing" in text
    assert "licenses/LICENSE.txt is missing" in text


def test_bundle_problems_reads_the_windows_layout(contents: ModuleType, tmp_path: Path) -> None:
    pyside = tmp_path / "_internal" / "PySide6"
    for rel in (
        "plugins/platforms/qwindows.dll",
        "plugins/imageformats/qsvg.dll",
        "translations/qtbase_zh_CN.qm",
        "translations/qtbase_de.qm",
        "opengl32sw.dll",
    ):
        (pyside / rel).parent.mkdir(parents=True, exist_ok=True)
        (pyside / rel).write_bytes(b"")
    (tmp_path / "_internal" / "keyring-25.7.0.dist-info").mkdir()
    (tmp_path / "_internal" / "resources" / "i18n").mkdir(parents=True)
    (tmp_path / "_internal" / "resources" / "i18n" / "tokenpool_setup_zh_CN.qm").write_bytes(b"")
    (tmp_path / "_internal" / "licenses").mkdir()
    for licence in contents.LICENSE_FILES:
        (tmp_path / "_internal" / "licenses" / licence).write_text("text")
    assert contents.bundle_problems(tmp_path, "win32") == [
        "unused Qt translations bundled: qtbase_de.qm",
        "unused file bundled: opengl32sw.dll",
    ]


def _icu_package(items: dict[str, bytes]) -> bytes:
    """A small ICU common-data package laid out like ICU's own (header, TOC, names, items)."""
    import struct

    header = struct.pack("<HBB", 32, 0xDA, 0x27) + bytes(28)
    names = sorted(items)
    table_size = 4 + 8 * len(names)
    name_blob = b"".join(n.encode() + b"\0" for n in names)
    offset = table_size + len(name_blob)
    entries, data, name_offset = [], b"", table_size
    for name in names:
        offset += (-offset) % 16
        data += bytes(offset - table_size - len(name_blob) - len(data)) + items[name]
        entries.append(struct.pack("<II", name_offset, offset))
        name_offset += len(name) + 1
        offset += len(items[name])
    return header + struct.pack("<I", len(names)) + b"".join(entries) + name_blob + data


def _icu_items(package: bytes) -> dict[str, bytes]:
    import struct

    toc = struct.unpack_from("<H", package, 0)[0]
    count = struct.unpack_from("<I", package, toc)[0]
    entries = [struct.unpack_from("<II", package, toc + 4 + 8 * i) for i in range(count)]
    starts = [*sorted(d for _, d in entries), len(package) - toc]
    out = {}
    for name_offset, data_offset in entries:
        start = toc + name_offset
        name = package[start : package.index(b"\0", start)].decode()
        end = starts[starts.index(data_offset) + 1]
        out[name] = package[toc + data_offset : toc + end]
    return out


def test_icu_package_compaction_and_zeroing(icu_trim: ModuleType) -> None:
    items = {
        "icudt73l/coll/zh.res": b"Z" * 40,
        "icudt73l/ja.res": b"J" * 30,
        "icudt73l/nfkc.nrm": b"N" * 17,
        "icudt73l/ibm-943_P15A-2003.cnv": b"C" * 50,
    }
    package = _icu_package(items)
    packed = _icu_items(icu_trim.compact_package(package))
    assert sorted(packed) == ["icudt73l/coll/zh.res", "icudt73l/nfkc.nrm"]
    assert packed["icudt73l/coll/zh.res"].startswith(b"Z" * 40)
    assert packed["icudt73l/nfkc.nrm"].startswith(b"N" * 17)

    zeroed = bytearray(package)
    result = icu_trim.trim_package(zeroed)
    assert (result.items_before, result.items_after) == (4, 2)
    assert b"J" not in zeroed and b"C" not in zeroed and len(zeroed) == len(package)
    assert sorted(_icu_items(bytes(zeroed))) == sorted(packed)


def test_dmg_settings_put_the_app_beside_an_applications_link() -> None:
    """dmgbuild executes the settings file with its -D values as `defines` (it runs on macOS
    only; here the settings are read the way it reads them)."""
    namespace: dict[str, Any] = {"defines": {"app": "dist/TokenPool Setup.app"}}
    source = (ROOT / "packaging" / "macos" / "dmg_settings.py").read_text()
    exec(compile(source, "dmg_settings.py", "exec"), namespace)
    assert namespace["files"] == ["dist/TokenPool Setup.app"]
    assert namespace["symlinks"] == {"Applications": "/Applications"}
    assert set(namespace["icon_locations"]) == {"TokenPool Setup.app", "Applications"}
    assert namespace["format"] == "UDZO"
    entitlements = (ROOT / "packaging" / "macos" / "entitlements.plist").read_bytes()
    import plistlib

    assert plistlib.loads(entitlements) == {
        "com.apple.security.cs.allow-unsigned-executable-memory": True,
        "com.apple.security.cs.disable-library-validation": True,
    }
    script = (ROOT / "packaging" / "macos" / "sign_and_notarize.sh").read_text()
    for step in ("--options runtime", "--timestamp", "notarytool submit", "--wait", "stapler"):
        assert step in script
