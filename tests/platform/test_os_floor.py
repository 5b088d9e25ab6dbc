"""One honest OS floor: the lock's Qt wheels, installer.spec and the README say the same thing."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLOOR = runpy.run_path(str(ROOT / "packaging" / "os_floor.py"))


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def locked_wheels(package: str) -> list[str]:
    lock = (ROOT / "uv.lock").read_text(encoding="utf-8")
    block = re.search(
        rf'\[\[package\]\]\nname = "{package}"\n(.*?)(?=\n\[\[package\]\]|\Z)', lock, re.S
    )
    assert block is not None, package
    return re.findall(r"/([^/\"]+\.whl)", block.group(1))


def test_the_macos_floor_is_what_the_locked_qt_needs() -> None:
    floor = _version(FLOOR["MACOS_MINIMUM"])
    needed: list[tuple[int, ...]] = []
    for package in ("pyside6-essentials", "shiboken6"):
        tags = [re.search(r"macosx_(\d+)_(\d+)", w) for w in locked_wheels(package)]
        versions = [(int(m.group(1)), int(m.group(2))) for m in tags if m]
        assert versions, f"{package} has no macOS wheel in uv.lock"
        needed.append(min(versions))
    # Not lower than the wheels need (a promise Qt does not keep), not higher than they need.
    assert max(needed) == floor


def test_windows_wheels_exist_for_the_promised_windows() -> None:
    wheels = locked_wheels("pyside6-essentials")
    assert any(w.endswith("win_amd64.whl") for w in wheels)
    assert FLOOR["WINDOWS_MINIMUM"] == "10"


def test_the_app_bundle_and_the_readme_say_the_same() -> None:
    # installer.spec takes the .app's Info.plist from packaging/bundle_contents.py.
    spec = (ROOT / "installer.spec").read_text(encoding="utf-8")
    assert "info_plist=contents.info_plist(" in spec
    contents = runpy.run_path(str(ROOT / "packaging" / "bundle_contents.py"))
    plist = contents["info_plist"]("0.0.0")
    assert plist["LSMinimumSystemVersion"] == FLOOR["MACOS_MINIMUM"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert FLOOR["MACOS_NAME"] in readme
    assert FLOOR["WINDOWS_NAME"] in readme
    assert f"glibc {FLOOR['GLIBC_MINIMUM']}" in readme
    assert "macOS 12" not in readme.replace("macOS 12 builds", "").replace("macOS 12 itself", "")


def test_the_readme_names_one_floor_per_system() -> None:
    """One glibc floor (the download's, not also the wheels'); Arm only where x64 emulation
    exists (Windows 11); the installer checks the same Windows build."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    floors = set(re.findall(r"glibc (\d+\.\d+)", readme))
    assert floors == {FLOOR["GLIBC_MINIMUM"]}, floors
    assert "x64 or Arm" not in readme
    assert re.search(r"Windows 11 on Arm", readme)
    script = (ROOT / "packaging" / "windows" / "installer.nsi").read_text(encoding="utf-8")
    assert f"${{AtLeastBuild}} {FLOOR['WINDOWS_BUILD']}" in script
    assert f"${{AtLeastBuild}} {FLOOR['WINDOWS_ARM_BUILD']}" in script
    release = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    assert "os: ubuntu-22.04" in release  # the glibc 2.35 floor is that runner's
