"""packaging/macos/sign_and_notarize.sh, run here with stand-ins for Apple's tools (codesign,
security, file, uuidgen; dmgbuild): they cannot exist on Linux, so each logs what it was asked
and keeps the state the script depends on (the temporary keychain file). The real tools run on
the macOS runners of the release workflow (.github/workflows/release.yml)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "macos" / "sign_and_notarize.sh"

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or shutil.which("bash") is None, reason="a bash script"
)

STUBS = {
    # security: create-keychain refuses an existing file, as the real one does; delete removes it.
    "security": r"""
echo "security $*" >>"$LOG"
case "$1" in
  create-keychain)
    for k; do :; done
    [ -e "$k" ] && { echo "already exists" >&2; exit 48; }
    touch "$k" ;;
  delete-keychain) rm -f "$2" ;;
  list-keychains) [ "$3" = "-s" ] || echo '    "/Users/me/Library/Keychains/login.keychain-db"' ;;
esac
exit 0
""",
    "codesign": r"""
for last; do :; done
echo "codesign $1 $last" >>"$LOG"
[ "$1" = "--verify" ] && [ -n "$FAIL_VERIFY" ] && exit 1
exit 0
""",
    "file": r"""head -c 5 "$2" | grep -q MACHO && echo "Mach-O 64-bit" || echo data""",
    "uuidgen": "echo 00000000-0000-0000-0000-000000000000",
    "fakepython": r"""
case "$*" in
  *dmgbuild*) for last; do :; done; : >"$last"; echo "dmgbuild $last" >>"$LOG" ;;
  *) exec python3 "$@" ;;
esac
""",
}


def _app(root: Path) -> Path:
    app = root / "dist" / "TokenPool Setup.app" / "Contents"
    files = {
        "MacOS/tokenpool-setup": b"MACHO main",
        "Frameworks/libpython3.11.dylib": b"MACHO py",
        "Frameworks/PySide6/QtCore.abi3.so": b"MACHO pyside",
        "Frameworks/PySide6/Qt/plugins/platforms/libqcocoa.dylib": b"MACHO cocoa",
        "Frameworks/PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore": b"MACHO qtcore",
        "Frameworks/PySide6/Qt/lib/QtCore.framework/Versions/A/Resources/Info.plist": b"<plist/>",
        "Frameworks/PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui": b"MACHO qtgui",
        "Frameworks/PySide6/Qt/lib/QtGui.framework/Versions/A/Helpers/helper": b"MACHO helper",
        "Resources/licenses/LICENSE.txt": b"MIT",
    }
    for rel, data in files.items():
        (app / rel).parent.mkdir(parents=True, exist_ok=True)
        (app / rel).write_bytes(data)
        if data.startswith(b"MACHO") and not rel.endswith((".so", ".dylib")):
            (app / rel).chmod(0o755)
    return app.parent


def _checkout(tmp_path: Path) -> Path:
    """The script runs from the repository root: a minimal copy of what it reads."""
    root = tmp_path / "repo"
    (root / "packaging" / "macos").mkdir(parents=True)
    shutil.copy2(SCRIPT, root / "packaging" / "macos" / SCRIPT.name)
    shutil.copy2(ROOT / "packaging/macos/entitlements.plist", root / "packaging/macos")
    (root / "app").mkdir()
    shutil.copy2(ROOT / "app" / "__init__.py", root / "app" / "__init__.py")
    _app(root)
    return root


def _run(root: Path, tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    stubs = tmp_path / "stubs"
    stubs.mkdir(exist_ok=True)
    for name, body in STUBS.items():
        (stubs / name).write_text("#!/bin/bash\n" + body.lstrip())
        (stubs / name).chmod(0o755)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    env = {
        "PATH": f"{stubs}:{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "LOG": str(tmp_path / "log"),
        "PYTHON": str(stubs / "fakepython"),
        "RUNNER_TEMP": str(runner_temp),
        "MACOS_CERTIFICATE_P12_BASE64": "Y2VydA==",
        "MACOS_SIGN_IDENTITY": "Developer ID Application: Example (TEAM123456)",
        **extra,
    }
    return subprocess.run(
        ["bash", str(root / "packaging" / "macos" / SCRIPT.name), "arm64"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _signed(tmp_path: Path) -> list[str]:
    lines = (tmp_path / "log").read_text().splitlines()
    return [line.split(" ", 2)[2] for line in lines if line.startswith("codesign --force")]


def test_nested_code_is_signed_inside_out_and_frameworks_as_bundles(tmp_path: Path) -> None:
    root = _checkout(tmp_path)
    result = _run(root, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    signed = _signed(tmp_path)
    lib = "dist/TokenPool Setup.app/Contents/Frameworks/PySide6/Qt/lib"
    # Frameworks as bundles; their own binaries are not signed one by one.
    assert f"{lib}/QtCore.framework" in signed and f"{lib}/QtGui.framework" in signed
    assert f"{lib}/QtCore.framework/Versions/A/QtCore" not in signed
    # Inside out: what a framework holds before it, everything before the app, the app last.
    helper = signed.index(f"{lib}/QtGui.framework/Versions/A/Helpers/helper")
    assert helper < signed.index(f"{lib}/QtGui.framework")
    in_app = [path for path in signed if path.startswith("dist/TokenPool Setup.app")]
    assert in_app[-1] == "dist/TokenPool Setup.app"
    assert signed[-1].endswith(".dmg")  # the disk image after the app it holds
    contents = "dist/TokenPool Setup.app/Contents"
    assert f"{contents}/Frameworks/PySide6/QtCore.abi3.so" in signed
    assert f"{contents}/Resources/licenses/LICENSE.txt" not in signed  # data is not code


def test_the_temporary_keychain_is_deleted_so_a_second_run_works(tmp_path: Path) -> None:
    root = _checkout(tmp_path)
    first = _run(root, tmp_path)
    assert first.returncode == 0, first.stderr
    log = (tmp_path / "log").read_text()
    assert "security delete-keychain" in log
    assert not list((tmp_path / "runner-temp").glob("*.keychain-db"))
    assert not (tmp_path / "runner-temp" / "certificate.p12").exists()
    # The user's search list is put back as it was.
    assert "list-keychains -d user -s /Users/me/Library/Keychains/login.keychain-db" in log
    second = _run(root, tmp_path)
    assert second.returncode == 0, second.stderr


def test_the_keychain_goes_even_when_signing_fails(tmp_path: Path) -> None:
    root = _checkout(tmp_path)
    result = _run(root, tmp_path, FAIL_VERIFY="1")
    assert result.returncode != 0
    assert "security delete-keychain" in (tmp_path / "log").read_text()
    assert not list((tmp_path / "runner-temp").glob("*.keychain-db"))
